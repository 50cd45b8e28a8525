// twoleg/jwks.hpp — RSA verification keys published as a set, chosen by the
// token's "kid": Google's ID-token keys in both of its forms.
//
// parse_jwks reads a JWK Set (RFC 7517 §5), e.g.
// https://www.googleapis.com/oauth2/v3/certs: {"keys": [{"kty": "RSA",
// "kid": ..., "n": ..., "e": ..., "alg": "RS256", "use": "sig"}, ...]}.
// Keys whose "kty" is not "RSA", whose "use" is not "sig" or whose "alg" is
// not "RS256" (when present) cannot check an RS256 token and are skipped; an
// RSA key needs a non-empty string "kid" and strict base64url "n" and "e"
// without leading zero octets (RFC 7518 §6.3.1). parse_x509_cert_map reads
// the kid -> PEM certificate object of https://www.googleapis.com/oauth2/v1/certs,
// every value one CERTIFICATE block whose subjectPublicKeyInfo is RSA.
// Both: strict JSON (no duplicate names, depth at most 8), at most
// kid_key_set_max_bytes and kid_key_set_max_keys keys, no kid twice, at least one
// usable key; failures are errc::jwks_malformed (or the key's own error,
// e.g. key_size_unsupported) with a detail.
//
// jwt_verify_with_kid_key_set reads the "kid" of the token's header, takes that
// key (errc::jwt_unknown_kid if the set has none: fetch the set again,
// Google rotates its keys; errc::jwt_malformed if the header has no kid) and
// then runs jwt_verify_rs256 (jwt.hpp) with it: every check there applies.
// Thread-safe: a kid_key_set is immutable once built.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/jwt.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg {

inline constexpr std::size_t kid_key_set_max_bytes = 1u << 20;
inline constexpr std::size_t kid_key_set_max_keys = 64;

struct kid_key_set {
    std::vector<std::pair<std::string, rsa_public_key>> keys;  // kid, key

    /// The key with this kid, or nullptr.
    const rsa_public_key *find(std::string_view kid) const noexcept;
};

result<kid_key_set> parse_jwks(std::string_view json_text);
result<kid_key_set> parse_x509_cert_map(std::string_view json_text);

/// The "kid" of a compact JWS header (decoded strictly, not verified).
result<std::string> jwt_header_kid(std::string_view token);

result<verified_jwt> jwt_verify_with_kid_key_set(std::string_view token, const kid_key_set &keys,
                                             const jwt_verify_options &options = {});

} // namespace twoleg
