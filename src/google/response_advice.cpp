// Implements twoleg/response_advice.hpp.
#include "twoleg/response_advice.hpp"

#include "twoleg/service_account.hpp"
#include <optional>

namespace twoleg {

std::string duration_text(std::int64_t seconds)
{
    std::string s = std::to_string(seconds) + " s";
    if (seconds >= 120) {
        std::int64_t h = seconds / 3600, m = seconds % 3600 / 60, r = seconds % 60;
        s += " (";
        if (h) s += std::to_string(h) + " h ";
        s += std::to_string(m) + " min " + std::to_string(r) + " s)";
    }
    return s;
}

namespace {

bool contains(std::string_view haystack, std::string_view needle) noexcept
{
    return haystack.find(needle) != std::string_view::npos;
}

// What Google said, made safe for a one-line message.
std::string quote_for_line(std::string_view text)
{
    constexpr std::size_t limit = 300;
    std::string q = "\"";
    for (char c : text.substr(0, limit)) q += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    if (text.size() > limit) q += "...";
    return q + "\"";
}

char first_non_blank(std::string_view t) noexcept
{
    for (char ch : t)
        if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') return ch;
    return 0;
}

std::string who(const advice_context &c)
{
    return c.client_email.empty() ? std::string("the service account's client_email") : c.client_email;
}

std::string delegated_client(const advice_context &c)
{
    return c.client_id.empty() ? std::string("of ") + who(c) : c.client_id;
}

/// Advice for one case: what Google said, then the advice itself.
advice make_advice(const std::string &said, response_problem problem, advice_case which, std::string text)
{
    advice a;
    a.problem = problem;
    a.which = which;
    a.google_said = said;
    a.text = said + text;
    return a;
}

advice clock_advice(const advice_context &c)
{
    advice out;
    out.problem = response_problem::clock_skew;
    if (!c.server_time || !c.local_time) {
        out.which = advice_case::clock_unmeasured;
        out.text = "Google accepts an assertion only if iat is within a few minutes of its own clock and exp is at "
                   "most 60 minutes after iat, so this host's clock is probably off: synchronise it (NTP), or give "
                   "the response's Date header to measure the difference";
        return out;
    }
    const std::int64_t skew = *c.local_time - *c.server_time;
    const std::int64_t magnitude = skew < 0 ? -skew : skew;
    out.facts.clock_skew = skew;
    if (magnitude <= 5) {
        out.which = advice_case::clock_agrees;
        out.text = "this host's clock agrees with Google's (Date header) to within 5 s, so the assertion's own "
                   "times are wrong: check its iat and exp claims";
        return out;
    }
    out.which = advice_case::clock_off;
    out.text = "this host's clock is " + duration_text(magnitude) + (skew > 0 ? " ahead of" : " behind") +
               " Google's (Date header): synchronise it (NTP), or meanwhile shift the assertion's iat and exp by " +
               std::to_string(-skew) + " s";
    return out;
}

/// The errors of the authorization code and refresh token grants, and of the
/// consent step; nullopt for the others.
std::optional<advice> user_flow_advice(const token_response &r, const advice_context &c, const std::string &said)
{
    const std::string &e = r.error;
    const std::string &d = r.error_description;
    auto make = [&](response_problem p, advice_case which, std::string text) {
        return std::optional<advice>(make_advice(said, p, which, std::move(text)));
    };
    if (e == "invalid_grant" && contains(d, "expired or revoked"))
        return make(response_problem::grant_rejected, advice_case::refresh_token_revoked,
                    "the refresh token no longer works: the user revoked access, it went unused for six months, the "
                    "client holds too many refresh tokens, or the app's consent screen is in \"Testing\" status "
                    "(its refresh tokens expire after 7 days; publish it to avoid that); sign in again for a new one");
    if (e == "invalid_grant" && (d == "Bad Request" || contains(d, "auth code") || contains(d, "code verifier") ||
                                 contains(d, "code_verifier") || (c.user_flow && !contains(d, "JWT"))))
        return make(response_problem::grant_rejected, advice_case::code_rejected,
                    "the authorization code was refused: a code works once and for a few minutes, and the exchange "
                    "must repeat the redirect_uri and the PKCE code_verifier of the authorization request exactly; "
                    "sign in again for a fresh code");
    if (e == "redirect_uri_mismatch")
        return make(response_problem::redirect_mismatch, advice_case::redirect_uri_mismatch,
                    "the redirect_uri must be exactly the one of the authorization request, and for a Web "
                    "application client one of its Authorized redirect URIs (Cloud console, APIs & Services > "
                    "Credentials); Desktop-app clients accept any http://127.0.0.1 port");
    // (A service account whose key was deleted gets the same invalid_client answers.)
    if (e == "invalid_client" && c.user_flow)
        return make(response_problem::client_rejected, advice_case::oauth_client_rejected,
                    contains(d, "not found")
                        ? "no OAuth client has this client_id (deleted, or a typo): download the client secrets "
                          "file again from the Cloud console (APIs & Services > Credentials)"
                        : "the client_secret is wrong or was rotated: download the client secrets file again from the "
                          "Cloud console (APIs & Services > Credentials)");
    if (e == "unauthorized_client" && c.user_flow)
        return make(response_problem::client_rejected, advice_case::client_not_allowed,
                    "this OAuth client may not use this grant: exchange the code (or refresh the token) with the "
                    "client that started the sign-in, and use a Desktop app or Web application client for user "
                    "sign-in");
    if (e == "access_denied")
        return make(response_problem::consent_denied, advice_case::access_denied,
                    "the user declined the consent screen (or did not grant every scope asked for): sign in again "
                    "and allow access");
    if (e == "admin_policy_enforced")
        return make(response_problem::consent_denied, advice_case::admin_policy_enforced,
                    "the Google Workspace administrator's policy blocks this app or these scopes: ask them to trust "
                    "the app's client ID (Admin console > Security > Access and data control > API controls)");
    if (e == "org_internal")
        return make(response_problem::consent_denied, advice_case::org_internal,
                    "the app's consent screen is \"Internal\": only accounts of the project's Google Workspace "
                    "organisation may sign in; use such an account, or make the app External");
    if (e == "disallowed_useragent")
        return make(response_problem::consent_denied, advice_case::disallowed_useragent,
                    "Google refuses sign-in inside embedded browsers (web views): open the URL in the system's "
                    "browser");
    if (e == "invalid_request" && (contains(d, "verifier") || contains(d, "Verifier")))
        return make(response_problem::grant_rejected, advice_case::verifier_missing,
                    "the authorization request used PKCE, so the exchange must send its code_verifier");
    return std::nullopt;
}

advice token_error_advice(const token_response &r, const advice_context &c)
{
    const std::string &e = r.error;
    const std::string &d = r.error_description;
    const std::string said =
        "Google refused the token request (" + e + (d.empty() ? std::string() : ": " + quote_for_line(d)) + "): ";
    auto make = [&](response_problem p, advice_case which, std::string text) {
        return make_advice(said, p, which, std::move(text));
    };

    if (auto user = user_flow_advice(r, c, said)) return *user;
    if (e == "invalid_grant") {
        if (contains(d, "Invalid JWT Signature"))
            return make(response_problem::key_rejected, advice_case::key_not_registered,
                        "no active key of " + who(c) +
                            " matches the signature: the key was deleted or rotated, or iss (client_email) names "
                            "another account than the one this key belongs to. Create a new key for the service "
                            "account (Cloud console, IAM & Admin > Service Accounts > Keys) and use its key file as "
                            "downloaded");
        if (contains(d, "not set"))
            return make(response_problem::other, advice_case::claim_missing,
                        "the assertion lacks a required claim: it must carry iss, aud, iat and exp");
        if (contains(d, "Invalid JWT") &&
            (contains(d, "iat") || contains(d, "exp") || contains(d, "short-lived") || contains(d, "timeframe"))) {
            advice clock = clock_advice(c);
            clock.google_said = said;
            clock.text = said + clock.text;
            return clock;
        }
        if (contains(d, "account not found") || contains(d, "Robot is disabled") || contains(d, "deleted"))
            return make(response_problem::account_missing, advice_case::account_gone,
                        "the service account " + who(c) + " was deleted or disabled; restore or re-enable it, or "
                        "use a key of an existing account");
        if (contains(d, "email") || contains(d, "user ID") || contains(d, "User ID"))
            return make(response_problem::subject_invalid, advice_case::subject_not_user,
                        "sub must be the address of an existing user in the Google Workspace domain that granted "
                        "domain-wide delegation; check its spelling, or leave sub out");
    }
    if (e == "invalid_client" || e == "disabled_client" || e == "deleted_client")
        return make(response_problem::account_missing, advice_case::client_gone,
                    "the service account " + who(c) + " or this key of it was deleted or disabled; create a new "
                    "key (or re-enable the account) in the Cloud console");
    if (e == "unauthorized_client")
        return make(response_problem::delegation_denied, advice_case::delegation_missing,
                    "with sub, a Google Workspace administrator must grant domain-wide delegation to the client ID " +
                        delegated_client(c) +
                        " for exactly these scopes (Admin console > Security > Access and data control > API "
                        "controls > Domain-wide delegation; changes can take hours); without domain-wide "
                        "delegation, leave sub out");
    if (e == "invalid_scope")
        return make(response_problem::invalid_scope, advice_case::scope_invalid,
                    "give each scope as a full Google OAuth scope URL, e.g. "
                    "https://www.googleapis.com/auth/spreadsheets.readonly (an ID-token request needs a "
                    "target_audience instead)");
    if (e == "invalid_request" && contains(d, "sub"))
        return make(response_problem::subject_invalid, advice_case::subject_malformed,
                    "sub must be a user's email address in the delegating Google Workspace domain");
    return make(response_problem::other, advice_case::token_error_other,
                "see https://developers.google.com/identity/protocols/oauth2/service-account");
}

bool has_reason(const api_error &e, std::string_view reason)
{
    for (const auto &r : e.reasons)
        if (r == reason) return true;
    return false;
}

advice api_error_advice(const api_error &e, const advice_context &c)
{
    std::string said = "the API answered " + (e.code ? std::to_string(e.code) : std::string("an error"));
    if (!e.status.empty()) said += " " + e.status;
    if (!e.message.empty()) said += " (" + quote_for_line(e.message) + ")";
    said += ": ";
    auto make = [&](response_problem p, advice_case which, std::string text) {
        return make_advice(said, p, which, std::move(text));
    };

    if (has_reason(e, "SERVICE_DISABLED") || has_reason(e, "accessNotConfigured") ||
        contains(e.message, "has not been used in project"))
        return make(response_problem::api_disabled, advice_case::api_disabled,
                    "the API is not enabled in the service account's project" +
                        (c.project_id.empty() ? std::string() : " " + c.project_id) +
                        ": enable it in the Cloud console (APIs & Services > Library) and retry after a few minutes");
    if (has_reason(e, "ACCESS_TOKEN_SCOPE_INSUFFICIENT") || has_reason(e, "insufficientPermissions") ||
        contains(e.message, "insufficient authentication scopes"))
        return make(response_problem::scope_insufficient, advice_case::scope_too_narrow,
                    "the access token's scopes do not cover this call: request a broader scope (e.g. "
                    "https://www.googleapis.com/auth/spreadsheets rather than .../spreadsheets.readonly to write) "
                    "and get a new token");
    if (e.code == 401 || e.status == "UNAUTHENTICATED")
        return make(response_problem::token_rejected, advice_case::access_token_rejected,
                    "the access token is missing, malformed or expired (it lasts expires_in seconds, about an "
                    "hour): get a new one and send it as 'Authorization: Bearer <access_token>'");
    if (e.code == 403 || e.status == "PERMISSION_DENIED")
        return make(response_problem::not_shared, advice_case::not_shared,
                    "the document or folder is not shared with " + who(c) +
                        ": share it with that address like with a person (Viewer to read, Editor to write); a "
                        "service account sees nothing it was not given");
    if (e.code == 429 || e.status == "RESOURCE_EXHAUSTED") {
        advice a = make(response_problem::other, advice_case::rate_limited,
                        "too many requests: slow down, and retry with exponential backoff (1 s, 2 s, 4 s, ...)");
        a.facts.http_status = 429;
        return a;
    }
    if (e.code >= 500 && e.code <= 599) {
        advice a = make(response_problem::other, advice_case::server_error,
                        "a problem on Google's side, usually transient: retry with exponential backoff (1 s, 2 s, "
                        "4 s, ...)");
        a.facts.http_status = e.code;
        return a;
    }
    if (e.code == 404 && (contains(e.message, "File not found") || has_reason(e, "notFound")))
        return make(response_problem::not_shared, advice_case::file_not_found,
                    "check the ID, and that the file is shared with " + who(c) +
                        ": files not shared with a service account are invisible to it");
    return make(response_problem::other, advice_case::api_error_other, "see the API's documentation for this error");
}

} // namespace

advice explain_parsed_response(const google_response &response, const advice_context &context)
{
    if (response.is_api_error) return api_error_advice(response.api, context);
    const token_response &r = response.token;
    if (r.is_error()) return token_error_advice(r, context);
    advice a;
    a.problem = response_problem::none;
    a.which = advice_case::token_issued;
    a.text = r.access_token.empty() ? "an ID token was issued" : "an access token was issued";
    if (!r.token_type.empty()) a.text += " (" + r.token_type + ")";
    if (r.expires_in) a.text += ", valid for " + duration_text(*r.expires_in);
    return a;
}

std::optional<advice> explain_unparsed_response(std::string_view input, const http_response_parts *response,
                                                const advice_context &context)
{
    auto blank = [](std::string_view t) {
        for (char ch : t)
            if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') return false;
        return true;
    };
    if (blank(input))
        return make_advice("", response_problem::other, advice_case::nothing_arrived,
                           "the input is empty: nothing arrived, so the HTTP request itself failed (check the HTTP "
                           "client's exit status and error message)");
    if (!response) return std::nullopt;

    const int status = response->status;
    std::string kind = "no body";
    if (!blank(response->body)) {
        const auto type = response->header("content-type");
        kind = type ? "a " + quote_for_line(*type) + " body" : std::string("a body that is not JSON");
    }
    const std::string said = "the server answered HTTP " + std::to_string(status) + " with " + kind + ": ";
    auto with_status = [&](advice_case which, std::string text) {
        advice a = make_advice(said, response_problem::other, which, std::move(text));
        a.facts.http_status = status;
        return a;
    };
    std::optional<std::int64_t> retry_after;
    if (auto v = response->header("retry-after"); v && !v->empty() && v->size() <= 9 &&
                                                  v->find_first_not_of("0123456789") == std::string::npos)
        retry_after = std::stoll(*v);
    const std::string wait =
        retry_after ? "wait " + std::to_string(*retry_after) + " s (Retry-After), then retry" : std::string("retry");

    // Transient answers: wait (as Retry-After says, if it does) and retry with backoff.
    auto retry_later = [&](advice_case which, const std::string &why) {
        advice a = with_status(which, why + wait + " with exponential backoff (1 s, 2 s, 4 s, ...)");
        a.facts.retry_after = retry_after;
        return a;
    };
    if (status >= 500 && status <= 599)
        return retry_later(advice_case::server_error,
                           "a problem on Google's side or on the way there, usually transient: ");
    if (status == 429) return retry_later(advice_case::rate_limited, "too many requests (rate limited): slow down; ");
    const std::string token_uri = context.token_uri.empty() ? std::string(default_token_uri) : context.token_uri;
    // Answers that point at where the request went: name the token endpoint.
    auto about_token_uri = [&](advice_case which, std::string text) {
        advice a = with_status(which, std::move(text));
        a.facts.token_uri = token_uri;
        return a;
    };
    if (status == 404)
        return about_token_uri(advice_case::wrong_url,
                               "there is nothing at the URL the request went to: token requests go to " + token_uri +
                                   " (the key file's token_uri); for an API call, check the URL's path");
    const auto type = response->header("content-type");
    const bool html = (type && contains(*type, "html")) || first_non_blank(response->body) == '<';
    if (status == 400 && html)
        return about_token_uri(advice_case::request_malformed,
                               "the request body was not a token request: POST "
                               "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=<JWT> "
                               "as application/x-www-form-urlencoded to " + token_uri + ", exactly as built");
    return std::nullopt;
}

result<advice> explain_response(std::string_view body, const advice_context &context)
{
    auto parsed = parse_google_response(body);
    if (!parsed) return parsed.err();
    return explain_parsed_response(*parsed, context);
}

} // namespace twoleg
