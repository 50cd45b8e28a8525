// twoleg/token_response.hpp — what Google answered: the response bodies.
//
// parse_token_response reads a token endpoint response body (RFC 6749 §5.1
// and §5.2): on success "access_token" and/or "id_token" (strings),
// "token_type" (string), "expires_in" (non-negative integer), "scope", and
// for the user flows "refresh_token" (string, a secret: wiped when the value
// dies) and "refresh_token_expires_in" (non-negative integer); on
// failure "error" (string), "error_description", "error_uri". Other members
// are ignored. parse_api_error reads the error body of a Google API
// ({"error":{"code":403,"message":...,"status":"PERMISSION_DENIED",
// "errors":[{"reason":...}],"details":[{"reason":...}]}}). parse_google_response
// reads either, parsing the JSON once. All refuse bodies larger than
// response_max_bytes, JSON that is not an object, duplicate member names, and
// members of the wrong type (errc::token_response_malformed with a detail).
//
// What an answer means is twoleg/response_advice.hpp; the HTTP parts around
// a body are twoleg/http_response.hpp and twoleg/http_date.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"

namespace twoleg {

inline constexpr std::size_t response_max_bytes = 1u << 20;

struct token_response {
    std::string access_token;
    std::string id_token;
    std::string token_type;
    std::optional<std::int64_t> expires_in;
    std::string scope;              // granted scopes, space-separated
    std::string refresh_token;      // user flows with access_type=offline
    std::optional<std::int64_t> refresh_token_expires_in;  // time-limited refresh tokens
    std::string error;              // empty on success
    std::string error_description;
    std::string error_uri;
    bool is_error() const noexcept { return !error.empty(); }

    token_response() = default;
    token_response(const token_response &) = default;
    token_response(token_response &&) noexcept = default;
    token_response &operator=(const token_response &) = default;
    token_response &operator=(token_response &&) noexcept = default;
    ~token_response();
};

result<token_response> parse_token_response(std::string_view body);

struct api_error {
    std::int64_t code = 0;             // the HTTP status repeated in the body
    std::string status;                // e.g. "PERMISSION_DENIED"
    std::string message;
    std::vector<std::string> reasons;  // errors[].reason and details[].reason, in order
};

result<api_error> parse_api_error(std::string_view body);

/// A body of either kind.
struct google_response {
    bool is_api_error = false;
    token_response token;  // when !is_api_error
    api_error api;         // when is_api_error
};

result<google_response> parse_google_response(std::string_view body);

} // namespace twoleg
