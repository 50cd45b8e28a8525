// twoleg/token_response.hpp — what Google answered, and what to do about it.
//
// parse_token_response reads a token endpoint response body (RFC 6749 §5.1
// and §5.2): on success "access_token" and/or "id_token" (strings),
// "token_type" (string), "expires_in" (non-negative integer), "scope"; on
// failure "error" (string), "error_description", "error_uri". Other members
// are ignored. parse_api_error reads the error body of a Google API
// ({"error":{"code":403,"message":...,"status":"PERMISSION_DENIED",
// "errors":[{"reason":...}],"details":[{"reason":...}]}}). Both refuse bodies
// larger than response_max_bytes, JSON that is not an object, and members of
// the wrong type (errc::token_response_malformed with a detail).
//
// advise_* map Google's answers to one line of advice, using the exact texts
// Google returns:
//   invalid_grant "Invalid JWT Signature."              key deleted/rotated, or iss not this key's account
//   invalid_grant "Invalid JWT: Token must be a short-lived token ..." and other iat/exp complaints
//                                                        host clock off (the skew is shown when known)
//   invalid_grant "Invalid grant: account not found"   service account deleted or disabled
//   invalid_grant "Not a valid email or user ID." (and similar)  sub is not a user of the domain
//   invalid_client / disabled_client                    key or account deleted or disabled
//   unauthorized_client                                 domain-wide delegation missing for these scopes,
//                                                       or sub used without it
//   invalid_scope                                       scope (or ID-token audience) invalid or missing
//   API 403 PERMISSION_DENIED                           the document/folder is not shared with client_email
//     ... with SERVICE_DISABLED / accessNotConfigured   the API is not enabled in the project
//     ... with ACCESS_TOKEN_SCOPE_INSUFFICIENT          the token's scopes do not cover the call
//   API 401 UNAUTHENTICATED                             access token missing, malformed or expired
//   API 404 "File not found"                            wrong ID, or not shared with client_email
// Anything else gets a generic line that repeats what Google said.
//
// Skew: when the caller passes the server's HTTP Date (parse_http_date: the
// IMF-fixdate of RFC 7231 §7.1.1.1 only, e.g. "Sun, 06 Nov 1994 08:49:37 GMT")
// and the local time, clock advice says how far and which way the local
// clock is off. split_http_response separates `curl -i` output (status line,
// headers, blank line, body; interim 1xx and proxy blocks skipped) so that
// the Date comes for free.
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
    std::string scope;
    std::string error;              // empty on success
    std::string error_description;
    std::string error_uri;
    bool is_error() const noexcept { return !error.empty(); }
};

result<token_response> parse_token_response(std::string_view body);

struct api_error {
    std::int64_t code = 0;             // the HTTP status repeated in the body
    std::string status;                // e.g. "PERMISSION_DENIED"
    std::string message;
    std::vector<std::string> reasons;  // errors[].reason and details[].reason, in order
};

result<api_error> parse_api_error(std::string_view body);

enum class response_problem {
    none,                  // a token was issued
    key_rejected,          // Invalid JWT Signature
    clock_skew,            // iat/exp refused
    account_missing,       // service account deleted or disabled
    subject_invalid,       // sub is not a user Google knows
    delegation_denied,     // unauthorized_client
    invalid_scope,
    not_shared,            // API 403 PERMISSION_DENIED (or Drive 404)
    api_disabled,
    scope_insufficient,
    token_rejected,        // API 401
    other,
};

struct advice_context {
    std::string client_email;   // named in the advice when known
    std::string client_id;
    std::string project_id;
    std::optional<std::int64_t> server_time;  // from the response's Date header
    std::optional<std::int64_t> local_time;   // when the response arrived, by the local clock
};

struct advice {
    response_problem problem = response_problem::other;
    std::string text;  // one line, no trailing newline
};

advice advise_token_error(const token_response &response, const advice_context &context);
advice advise_api_error(const api_error &error, const advice_context &context);

/// Reads either kind of body: a token response (success or error) or an API
/// error. For a success the advice is response_problem::none with a summary.
result<advice> explain_response(std::string_view body, const advice_context &context);

/// Unix time of an IMF-fixdate; the weekday must match the date.
result<std::int64_t> parse_http_date(std::string_view text);

struct http_response_parts {
    int status = 0;
    std::optional<std::string> date;  // the Date header's value, if any
    std::string_view body;
};

/// Splits raw HTTP/1.x or HTTP/2 response text as `curl -i` prints it.
/// errc::token_response_malformed if it does not start with "HTTP/".
result<http_response_parts> split_http_response(std::string_view text);

} // namespace twoleg
