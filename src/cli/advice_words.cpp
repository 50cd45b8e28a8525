// Implements advice_words.hpp.
#include "advice_words.hpp"

namespace twoleg::cli {

namespace {

std::string who(const advice_context &c)
{
    return c.client_email.empty() ? std::string("the service account's client_email") : c.client_email;
}

} // namespace

std::string advice_line(const advice &a, const advice_context &c)
{
    const std::string &said = a.google_said;
    switch (a.which) {
    case advice_case::claim_missing:
        return said + "the assertion lacks a required claim; build it with `twoleg assertion`, which always sets "
                      "iss, aud, iat and exp";
    case advice_case::clock_unmeasured:
        return said + "Google accepts an assertion only if iat is within a few minutes of its own clock and exp is at "
                      "most 60 minutes after iat, so this host's clock is probably off: synchronise it (NTP), or pass "
                      "the response's Date header (--date, or curl -i output) to measure the difference";
    case advice_case::clock_agrees:
        return said + "this host's clock agrees with Google's (Date header) to within 5 s, so the assertion's own "
                      "times are wrong: check --iat, --lifetime and --clock-offset";
    case advice_case::clock_off: {
        const std::int64_t skew = a.facts.clock_skew.value_or(0);
        const std::int64_t magnitude = skew < 0 ? -skew : skew;
        return said + "this host's clock is " + duration_text(magnitude) + (skew > 0 ? " ahead of" : " behind") +
               " Google's (Date header): synchronise it (NTP), or meanwhile pass --clock-offset " +
               std::to_string(-skew);
    }
    case advice_case::subject_not_user:
        return said + "sub (--sub) must be the address of an existing user in the Google Workspace domain that "
                      "granted domain-wide delegation; check its spelling, or drop --sub";
    case advice_case::subject_malformed:
        return said + "sub (--sub) must be a user's email address in the delegating Google Workspace domain";
    case advice_case::delegation_missing:
        return said + "with --sub, a Google Workspace administrator must grant domain-wide delegation to the client ID " +
               (c.client_id.empty() ? std::string("of ") + who(c) : c.client_id) +
               " for exactly these scopes (Admin console > Security > Access and data control > API controls > "
               "Domain-wide delegation; changes can take hours); without domain-wide delegation, leave out --sub";
    case advice_case::scope_invalid:
        return said + "give each scope as a full Google OAuth scope URL, e.g. --scope "
                      "https://www.googleapis.com/auth/spreadsheets.readonly (an ID-token request needs "
                      "--target-audience instead)";
    case advice_case::scope_too_narrow:
        return said + "the access token's scopes do not cover this call: request a broader --scope (e.g. "
                      "https://www.googleapis.com/auth/spreadsheets rather than .../spreadsheets.readonly to write) "
                      "and get a new token";
    case advice_case::request_malformed:
        return said + "the request body was not a token request: send token-request's output to curl unchanged, "
                      "e.g. twoleg token-request --key SA.json --scope S | curl -si --data-binary @- " +
               a.facts.token_uri + " (not --data-urlencode, which encodes it a second time, and not as JSON)";
    case advice_case::wrong_url:
        return said + "the request went to the wrong URL: token requests go to " + a.facts.token_uri +
               " (the key file's token_uri), e.g. curl -si --data-binary @- " + a.facts.token_uri +
               "; for an API call, check the URL's path";
    case advice_case::nothing_arrived:
        return "nothing arrived: did curl fail? check its exit status and message (use curl -sS so that it prints "
               "its error, and curl -si to keep the status line for token-response)";
    case advice_case::code_rejected:
        return said + "the authorization code was refused: a code works once and for a few minutes, and the exchange "
                      "must repeat the redirect_uri and code_verifier of the authorization URL ('twoleg oauth "
                      "exchange --session FILE' takes both from the session that built it); sign in again "
                      "('twoleg oauth login', or 'oauth url' + 'oauth listen'/'oauth code') for a fresh code";
    case advice_case::refresh_token_revoked:
        return a.text + " ('twoleg oauth login ... --access-type offline --prompt consent')";
    case advice_case::verifier_missing:
        return said + "the authorization URL used PKCE, so the exchange must send its code_verifier: build the body "
                      "with 'twoleg oauth exchange --session FILE' from the session of that URL";
    case advice_case::redirect_uri_mismatch:
        return a.text + "; 'twoleg oauth exchange --session FILE' sends the session's redirect URI";
    default: return a.text;
    }
}

} // namespace twoleg::cli
