// twoleg/assertion.hpp — Google service-account assertions (RS256 JWTs) and
// the OAuth token request that carries them.
//
// Follows Google's "Using OAuth 2.0 for Server to Server Applications" and the
// self-signed JWT and ID-token variants. Three kinds of assertion:
//   access_token  for the token endpoint: iss = client_email, scope = the
//                 scopes joined by single spaces, aud = the token endpoint
//                 (the key file's token_uri, default
//                 https://oauth2.googleapis.com/token, or `audience`), and
//                 `sub` only when `subject` is set (domain-wide delegation);
//   self_signed   sent directly to an API as a bearer token: iss = sub =
//                 client_email and either aud = the API's URL (`audience`)
//                 or scope = the scopes — exactly one of the two;
//   id_token      for the token endpoint, asking for an ID token:
//                 target_audience = the audience the ID token is for, no
//                 scope, aud = the token endpoint as for access_token.
// The header is always {"alg":"RS256","typ":"JWT","kid":<private_key_id>}
// ("kid" omitted when the key file has none). The JSON is compact (no spaces)
// and its members come in this fixed order, so equal inputs give equal bytes:
//   header  alg, typ, kid
//   claims  iss, sub, scope, target_audience, aud, iat, exp
// (members that do not apply are left out).
//
// Universes: a key file whose universe_domain is not googleapis.com belongs
// to a cloud whose token endpoint does not take JWT-bearer assertions; only
// self-signed JWTs work there, so access_token and id_token assertions for
// such a file are refused (errc::assertion_bad_options, naming the universe).
// A self-signed JWT may name the API by `service` instead of `audience`:
// aud = "https://" SERVICE "." UNIVERSE_DOMAIN "/" (e.g. service "pubsub" in
// googleapis.com gives https://pubsub.googleapis.com/).
//
// Time: iat = options.issued_at if set, else the clock (options.clock, by
// default the system clock) plus options.clock_offset seconds, for hosts
// whose clock is known to be off. exp = iat + lifetime; the lifetime is 1 to
// 3600 seconds (Google refuses longer assertions: errc::lifetime_too_long);
// iat + lifetime must stay within 0 .. max_assertion_time (year 9999).
// RS256 needs an RSA key of at least 2048 bits (errc::jwt_key_too_small).
// Inconsistent options (no scope, scope and audience for a self-signed JWT,
// a scope with white space, text that is not UTF-8, ...) are refused with
// errc::assertion_bad_options and a detail that names the problem.
//
// Thread-safety: all functions are pure apart from reading the clock and the
// random source used for RSA blinding; they can run on many threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/clock.hpp"
#include "twoleg/error.hpp"
#include "twoleg/random.hpp"
#include "twoleg/service_account.hpp"

namespace twoleg {

inline constexpr std::int64_t max_assertion_lifetime = 3600;
/// 9999-12-31T23:59:59Z: no iat or exp beyond this is produced.
inline constexpr std::int64_t max_assertion_time = 253402300799;

enum class assertion_kind { access_token, self_signed, id_token };

struct assertion_options {
    assertion_kind kind = assertion_kind::access_token;
    std::vector<std::string> scopes;
    /// "sub": the user to impersonate (domain-wide delegation); access_token only.
    std::string subject;
    /// "aud": overrides the token endpoint (access_token, id_token) or names
    /// the API (self_signed, e.g. "https://sheets.googleapis.com/").
    std::string audience;
    /// "target_audience" (id_token only): the audience of the requested ID token.
    std::string target_audience;
    /// self_signed only, instead of `audience`: the API's short name ("pubsub"),
    /// which gives aud = https://SERVICE.UNIVERSE_DOMAIN/.
    std::string service;
    std::optional<std::int64_t> issued_at;
    std::int64_t clock_offset = 0;
    std::int64_t lifetime = max_assertion_lifetime;
    clock_source clock;
};

/// The JOSE header JSON for `account` (compact, fixed member order).
std::string assertion_header_json(const service_account &account);
/// The claims JSON the options produce (compact, fixed member order), after
/// checking the options; reads the clock unless options.issued_at is set.
result<std::string> assertion_claims_json(const service_account &account, const assertion_options &options);

/// The signed compact JWT: base64url(header) "." base64url(claims) "." base64url(signature).
result<std::string> make_assertion(const service_account &account, const assertion_options &options,
                                   const random_source *rng = nullptr);

/// The application/x-www-form-urlencoded body of the JWT-bearer token request
/// (RFC 7523 §2.1): "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=<jwt>",
/// with the assertion percent-encoded where form encoding requires it.
std::string token_request_body(std::string_view assertion);

/// make_assertion followed by token_request_body.
result<std::string> make_token_request(const service_account &account, const assertion_options &options,
                                       const random_source *rng = nullptr);

} // namespace twoleg
