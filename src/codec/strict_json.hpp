// Internal: the one strict JSON reader behind every JSON input twoleg takes
// (service-account and client-secret files, JWT headers and claims, token
// responses, JWKs and JWK Sets).
//
// nlohmann/json accepts duplicate member names (keeping the last) and a
// leading byte-order mark; twoleg refuses duplicates everywhere, refuses a
// BOM unless the caller allows it (key files saved by editors carry one),
// limits the size and the nesting, and never lets an exception escape.
//
// Work is linear in the input: a first SAX pass checks syntax, depth and
// member names without building anything (member names of each open object
// go in a hash set), and only text that passes is parsed into a tree, at most
// max_depth deep. (nlohmann's parser callbacks are not used: discarding or
// removing values through them costs quadratic time, and they would build a
// tree for input that is about to be refused.)
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace twoleg::detail {

enum class json_status { ok, malformed, duplicate_member, too_deep, not_object, too_large, out_of_memory };

struct json_limits {
    unsigned max_depth = 32;
    std::size_t max_bytes = std::size_t{1} << 20;
    bool allow_bom = false;  // skip one leading UTF-8 byte-order mark
};

struct json_outcome {
    json_status status = json_status::ok;
    /// Where the problem is, when known: the byte at which the syntax broke
    /// (equal to the input's size when the text ends early), or the bracket
    /// that nests too deeply.
    std::size_t offset = 0;
    bool ok() const noexcept { return status == json_status::ok; }
};

/// Parses `text`, which must be one JSON object, into `out`. The precedence
/// of the refusals: too large; too deep (before the point where the syntax
/// broke, if it did); malformed; duplicate member; not an object.
json_outcome parse_json_object(std::string_view text, const json_limits &limits, nlohmann::json &out) noexcept;

/// The same with the default limits but `max_depth`; the status only.
inline json_status parse_json_object_strictly(std::string_view text, unsigned max_depth, nlohmann::json &out) noexcept
{
    json_limits limits;
    limits.max_depth = max_depth;
    limits.max_bytes = text.size();
    return parse_json_object(text, limits, out).status;
}

/// The first byte of `text` that is not JSON white space, after an optional
/// UTF-8 byte-order mark; 0 when there is none. What sniffs "is this JSON?".
char first_json_byte(std::string_view text) noexcept;

} // namespace twoleg::detail
