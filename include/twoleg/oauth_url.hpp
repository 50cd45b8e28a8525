// twoleg/oauth_url.hpp — the authorization request of the OAuth 2.0
// authorization code flow (RFC 6749 §4.1.1) with PKCE (RFC 7636), as Google
// accepts it.
//
// make_code_verifier: base64url of 32 random bytes (256 bits): 43 characters,
// all unreserved (RFC 7636 §4.1). check_code_verifier accepts 43 to 128
// unreserved characters. pkce_challenge_s256 = base64url(SHA-256(verifier))
// without padding (§4.2). make_state: base64url of 24 random bytes (192
// bits). Randomness comes from twoleg/random.hpp (the OS by default).
//
// authorization_url builds auth_uri?response_type=code&client_id=...&
// redirect_uri=...&scope=...&state=... followed by code_challenge and
// code_challenge_method=S256 (when a challenge is given) and the optional
// Google parameters, every value percent-encoded (percent_encoding.hpp),
// scopes joined by single spaces. It refuses (errc::invalid_argument with a
// detail): no scope, a scope that is not an RFC 6749 §3.3 scope-token, an
// empty client_id, redirect_uri or state, access_type other than online or
// offline, a prompt value other than none, consent, select_account (or none
// together with another), and an auth_uri that is not https:// or has a '#'.
// Thread-safe: no shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/random.hpp"

namespace twoleg {

inline constexpr std::size_t pkce_verifier_min_length = 43;
inline constexpr std::size_t pkce_verifier_max_length = 128;

result<std::string> make_code_verifier(const random_source *rng = nullptr);
result<std::string> make_state(const random_source *rng = nullptr);
result<void> check_code_verifier(std::string_view verifier);
std::string pkce_challenge_s256(std::string_view verifier);

/// RFC 6749 §3.3 scope-token: one or more of %x21 / %x23-5B / %x5D-7E.
bool is_scope_token(std::string_view scope) noexcept;

struct authorization_request {
    std::string client_id;
    std::string redirect_uri;
    std::vector<std::string> scopes;
    std::string state;
    std::string code_challenge;               // empty: no PKCE
    std::optional<std::string> access_type;   // online | offline
    std::vector<std::string> prompt;          // none | consent | select_account, space-joined
    std::optional<std::string> login_hint;
    bool include_granted_scopes = false;
    std::optional<bool> granular_consent;     // enable_granular_consent=true|false
    std::optional<std::string> hosted_domain; // hd
    std::optional<std::string> nonce;
};

result<std::string> authorization_url(std::string_view auth_uri, const authorization_request &request);

} // namespace twoleg
