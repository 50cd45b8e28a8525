// twoleg/percent_encoding.hpp — RFC 3986 percent-encoding and query strings.
//
// percent_encode keeps exactly the unreserved characters of RFC 3986 §2.3
// (A-Z a-z 0-9 - . _ ~) and writes every other byte as %XX with upper-case
// hex digits (§2.1), so its output is safe in any URI component and in an
// application/x-www-form-urlencoded body.
//
// percent_decode is strict: every '%' must be followed by two hex digits,
// and only characters allowed in a URI query (RFC 3986 §3.4: unreserved,
// sub-delims, ':', '@', '/', '?', and pct-encoded) may appear literally. With
// plus_is_space, '+' decodes to a space (HTML form encoding, as browsers
// and Google use in redirects). A decoded control character (00-1F, 7F) is
// refused: no value twoleg reads from a URL may hold one.
//
// parse_query splits "a=1&b=2" into decoded (name, value) pairs. It refuses
// empty pairs, a pair without '=', an empty name, a name given twice, and
// more than query_max_parameters pairs. Errors are errc::oauth_bad_redirect
// with the byte offset in the given text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "twoleg/error.hpp"

namespace twoleg {

inline constexpr std::size_t query_max_parameters = 64;

std::string percent_encode(std::string_view text);

result<std::string> percent_decode(std::string_view text, bool plus_is_space);

using query_parameters = std::vector<std::pair<std::string, std::string>>;

result<query_parameters> parse_query(std::string_view query);

/// The value of `name` in `params`, or nullptr.
const std::string *find_parameter(const query_parameters &params, std::string_view name) noexcept;

} // namespace twoleg
