// twoleg/oauth_session.hpp — what the steps of one sign-in share.
//
// A session is written when the authorization URL is built and read by the
// later steps (receiving the redirect, exchanging the code): the client_id,
// the redirect URI, the requested scopes, the state, the PKCE code_verifier
// (empty without PKCE), the nonce (if one was sent) and, once received, the
// authorization code. session_to_json gives a JSON object (version 1);
// parse_session reads one back strictly (strict_json: no duplicate names,
// depth at most 4, at most session_max_bytes), refusing unknown versions,
// missing or mistyped members and a code_verifier that RFC 7636 would refuse
// (errc::json_bad_field / json_missing_field / json_malformed). The verifier
// and the code are secrets: wiped when the session dies, never in messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"

namespace twoleg {

inline constexpr std::size_t session_max_bytes = 64 * 1024;

struct oauth_session {
    std::string client_id;
    std::string redirect_uri;
    std::vector<std::string> scopes;
    std::string state;
    std::string code_verifier;  // empty: PKCE not used
    std::string nonce;          // empty: none sent
    std::string code;           // empty until a redirect was accepted

    oauth_session() = default;
    oauth_session(const oauth_session &) = default;
    oauth_session(oauth_session &&) noexcept = default;
    oauth_session &operator=(const oauth_session &) = default;
    oauth_session &operator=(oauth_session &&) noexcept = default;
    ~oauth_session();
};

/// The session as one line of JSON followed by a newline.
std::string session_to_json(const oauth_session &session);

result<oauth_session> parse_session(std::string_view json_text);

/// The requested scopes that the granted ones (a token response's
/// space-separated "scope") do not include, in request order. Google writes
/// "email" and "profile" as their full userinfo URLs in what it grants; both
/// spellings count as the same scope.
std::vector<std::string> scopes_not_granted(const std::vector<std::string> &requested, std::string_view granted);

} // namespace twoleg
