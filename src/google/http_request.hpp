// Internal: the request head a loopback OAuth receiver accepts (RFC 9112).
//
// find_head_end returns the length of a complete head (through the blank
// line "\r\n\r\n", or "\n\n" so that bare-LF heads are refused at once) in
// the bytes read so far, or 0 if it is not complete yet.
// parse_request_head parses such a head strictly:
//   - at most http_max_head_bytes (8 KiB) and http_max_header_lines lines;
//   - request line "METHOD SP origin-form SP HTTP/1.x" with single spaces,
//     a token method, and an origin-form target ("/path[?query]") of RFC
//     3986 characters only (no fragment, no absolute form, no '*');
//   - every line ends with CRLF (a bare CR or LF is refused), header lines
//     are "token ':' OWS value OWS" with no control characters except HTAB
//     and no obsolete line folding;
//   - the path is percent-decoded strictly (percent_encoding.hpp); the query
//     is kept as it was sent, for parse_redirect_query.
// Errors are errc::http_bad_request with a detail and the byte offset.
// Nothing here touches a socket: the receiver (src/cli) reads and writes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "twoleg/error.hpp"

namespace twoleg::detail {

inline constexpr std::size_t http_max_head_bytes = 8 * 1024;
inline constexpr std::size_t http_max_header_lines = 100;

struct http_request_head {
    std::string method;
    std::string path;   // percent-decoded
    std::string query;  // raw, without '?'; empty if none
    bool has_query = false;
    int minor_version = 1;
};

std::size_t find_head_end(std::string_view received) noexcept;

result<http_request_head> parse_request_head(std::string_view head);

} // namespace twoleg::detail
