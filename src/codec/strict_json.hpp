// Strict JSON parsing shared by jwt.cpp and token_response.cpp (internal).
//
// nlohmann/json accepts duplicate member names (keeping the last) and a
// leading byte-order mark; twoleg refuses both where it parses data that came
// over the wire, and limits nesting. Never throws: the parser runs with
// exceptions disabled and reports through the returned status.
//
// Work is linear in the input: a first SAX pass checks syntax, depth and
// member names without building anything (member names of each open object
// go in a hash set), and only text that passes is parsed into a tree, at most
// max_depth deep. (nlohmann's parser callbacks are not used: discarding or
// removing values through them costs quadratic time, and they would build a
// tree for input that is about to be refused.)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

namespace twoleg::detail {

enum class json_status { ok, malformed, duplicate_member, too_deep, not_object };

/// SAX handler of the checking pass. It never stops early, so the status
/// precedence is that of the whole text: malformed, then too deep, then
/// duplicate member.
class strict_json_checker {
  public:
    using json = nlohmann::json;
    explicit strict_json_checker(unsigned max_depth) : max_depth_(max_depth) {}

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const json::string_t &) { return true; }
    bool string(json::string_t &) { return true; }
    bool binary(json::binary_t &) { return true; }
    bool start_object(std::size_t) { return open(true); }
    bool start_array(std::size_t) { return open(false); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(json::string_t &name)
    {
        if (!names_.empty() && !names_.back().insert(name).second) duplicate = true;
        return true;
    }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) { return false; }

    bool duplicate = false;
    bool too_deep = false;

  private:
    bool open(bool is_object)
    {
        ++depth_;
        if (depth_ > max_depth_) too_deep = true;
        // Past the limit the text will be refused: stop collecting names.
        if (is_object && !too_deep) names_.emplace_back();
        objects_.push_back(is_object && !too_deep);
        return true;
    }
    bool close()
    {
        if (depth_ > 0) --depth_;
        if (!objects_.empty()) {
            if (objects_.back()) names_.pop_back();
            objects_.pop_back();
        }
        return true;
    }

    unsigned max_depth_;
    std::size_t depth_ = 0;
    std::vector<bool> objects_;  // per open container: does it have a name set in names_?
    std::vector<std::unordered_set<std::string>> names_;
};

/// Parses `text` into `out`, which must then be a JSON object.
inline json_status parse_json_object_strictly(std::string_view text, unsigned max_depth, nlohmann::json &out)
{
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xef &&
        static_cast<unsigned char>(text[1]) == 0xbb && static_cast<unsigned char>(text[2]) == 0xbf)
        return json_status::malformed;
    strict_json_checker checker(max_depth);
    if (!nlohmann::json::sax_parse(text.begin(), text.end(), &checker)) return json_status::malformed;
    if (checker.too_deep) return json_status::too_deep;
    if (checker.duplicate) return json_status::duplicate_member;
    out = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (out.is_discarded()) return json_status::malformed;
    if (!out.is_object()) return json_status::not_object;
    return json_status::ok;
}

} // namespace twoleg::detail
