// twoleg/response_advice.hpp — what Google's answer means, as a code and facts.
//
// explain_response reads a body of either kind (twoleg/token_response.hpp)
// once and maps Google's answer to a problem code, the case that matched
// (`advice_case`), the facts it rests on (the clock skew, when the server's
// Date and the local time of the answer are known) and one line of advice in
// plain words, using the exact texts Google returns:
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
// The user flows (authorization code, refresh tokens; advice_context.user_flow
// set, or a description only they produce):
//   invalid_grant "Bad Request" / "Malformed auth code." / "Invalid code verifier."
//                                                        code used twice, expired, or its redirect_uri or
//                                                        code_verifier differ from the authorization request's
//   invalid_grant "Token has been expired or revoked."   refresh token revoked or expired (Testing apps: 7 days)
//   redirect_uri_mismatch                               redirect_uri differs from the authorization request's
//   invalid_client "The OAuth client was not found." / "Unauthorized" (user flow)
//                                                        wrong client ID, or wrong or rotated client secret
//   unauthorized_client (user flow)                     this client may not use this grant
//   access_denied, admin_policy_enforced, org_internal, disallowed_useragent
//   invalid_request about the code_verifier             PKCE verifier missing from the exchange
// Anything else gets a generic line that repeats what Google said.
//
// An answer without a JSON body (an HTML error page, an empty body) or no
// answer at all is read by explain_unparsed_response from its HTTP status:
//   5xx                                                 Google-side or transient: retry with backoff
//   429                                                 rate limited: slow down, retry with backoff
//   404                                                 wrong URL: the token endpoint is context.token_uri
//   400 with an HTML body                               the request body was not a token request
//   empty input                                         nothing arrived: the HTTP client failed
// (An API's JSON error with code 429 or 5xx gets the same two cases.)
//
// The advice speaks of claims and of the host, never of a tool's options: a
// program that wants to name its own flags switches on `advice_case` and uses
// `google_said` and the facts (twoleg's CLI does so).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "twoleg/error.hpp"
#include "twoleg/http_response.hpp"
#include "twoleg/token_response.hpp"

namespace twoleg {

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
    // user flows
    grant_rejected,        // the code or refresh token was refused
    client_rejected,       // client ID or secret refused, or the client may not use this grant
    consent_denied,        // the user, the domain's policy or the consent screen's audience said no
    redirect_mismatch,     // redirect_uri differs
};

/// Which case of the table above matched: finer than response_problem.
enum class advice_case {
    token_issued,
    key_not_registered,    // Invalid JWT Signature
    claim_missing,         // a required claim is not set
    clock_unmeasured,      // iat/exp refused; the server's time is unknown
    clock_agrees,          // iat/exp refused although the clocks agree: the claims' times are wrong
    clock_off,             // iat/exp refused; facts.clock_skew says by how much
    account_gone,          // invalid_grant account not found / disabled / deleted
    client_gone,           // invalid_client, disabled_client, deleted_client
    subject_not_user,      // invalid_grant about the email or user ID in sub
    subject_malformed,     // invalid_request about sub
    delegation_missing,    // unauthorized_client
    scope_invalid,         // invalid_scope
    token_error_other,
    api_disabled,
    scope_too_narrow,
    access_token_rejected,
    not_shared,
    file_not_found,
    api_error_other,
    server_error,          // HTTP 5xx: a problem on Google's side, often transient
    rate_limited,          // HTTP 429: too many requests
    wrong_url,             // HTTP 404 without a JSON body: the request went to the wrong URL
    request_malformed,     // HTTP 400 with an HTML body: the request body was not a token request
    nothing_arrived,       // the input is empty: no response at all
    // user flows
    code_rejected,          // invalid_grant "Bad Request" and the like
    refresh_token_revoked,  // invalid_grant "Token has been expired or revoked."
    redirect_uri_mismatch,
    oauth_client_rejected,  // invalid_client "The OAuth client was not found." / "Unauthorized"
    client_not_allowed,     // unauthorized_client in a user flow
    access_denied,
    admin_policy_enforced,
    org_internal,
    disallowed_useragent,
    verifier_missing,       // invalid_request: code_verifier
};

struct advice_context {
    std::string client_email;   // named in the advice when known
    std::string client_id;
    std::string project_id;
    std::optional<std::int64_t> server_time;  // from the response's Date header
    std::optional<std::int64_t> local_time;   // when the response arrived, by the local clock
    /// Where token requests go (a key file's token_uri); empty: default_token_uri.
    std::string token_uri;
    bool user_flow = false;                   // a user-consent flow (code exchange or refresh), not a service account
};

struct advice_facts {
    /// Local clock minus the server's, in seconds (positive: the host is ahead),
    /// when both times are known.
    std::optional<std::int64_t> clock_skew;
    /// The HTTP status the status cases rest on.
    std::optional<int> http_status;
    /// Seconds to wait, from a Retry-After header given in seconds.
    std::optional<std::int64_t> retry_after;
    /// The token endpoint named by advice_case::wrong_url.
    std::string token_uri;
};

struct advice {
    response_problem problem = response_problem::other;
    advice_case which = advice_case::token_error_other;
    advice_facts facts;
    /// What Google said, as the start of a line ("Google refused the token
    /// request (invalid_grant: \"...\"): "); empty for a success.
    std::string google_said;
    std::string text;  // one line, no trailing newline: google_said + the advice
};

/// Reads either kind of body (parsing it once): a token response (success or
/// error) or an API error. For a success the advice is response_problem::none
/// with a summary.
result<advice> explain_response(std::string_view body, const advice_context &context);

/// The same for a body already parsed.
advice explain_parsed_response(const google_response &response, const advice_context &context);

/// For input whose body did not parse as JSON: `input` is everything that was
/// read, `response` its HTTP parts when it began with a status line (null for
/// a bare body). Returns the advice of the status table above, or nothing when
/// the status says nothing more than "the body is not JSON" (e.g. a 200 with
/// a truncated body): the caller then reports the parse error.
std::optional<advice> explain_unparsed_response(std::string_view input, const http_response_parts *response,
                                                const advice_context &context);

/// "7205 s (2 h 0 min 5 s)": a duration as the advice words it.
std::string duration_text(std::int64_t seconds);

} // namespace twoleg
