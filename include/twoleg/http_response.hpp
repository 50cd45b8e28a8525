// twoleg/http_response.hpp — the parts of an HTTP response as `curl -i` prints it.
//
// split_http_response separates the status line, the header fields and the
// body of HTTP/1.x or HTTP/2 response text. Interim responses (1xx) and a
// proxy's CONNECT reply come first in such output: only the last header block,
// the one that belongs to the body, is returned. The text must start with
// "HTTP/" (errc::token_response_malformed otherwise, or when the headers are
// not ended by a blank line). Linear in the input; views into it, no copies
// of the body.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "twoleg/error.hpp"

namespace twoleg {

struct http_response_parts {
    int status = 0;
    std::optional<std::string> date;  // the Date header's value, if any
    /// Every header field of the last block, in order: name as sent, value
    /// without surrounding white space.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string_view body;

    /// The value of the first header named `name` (case-insensitive), if any.
    std::optional<std::string> header(std::string_view name) const;
};

result<http_response_parts> split_http_response(std::string_view text);

} // namespace twoleg
