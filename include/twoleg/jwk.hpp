// twoleg/jwk.hpp — JSON Web Keys (RFC 7517, RFC 7518 §6) and their RFC 7638
// thumbprints, for RSA and P-256 keys.
//
// Writing: jwk_public_json gives the public JWK with only the required members
// in lexicographic order and no whitespace, exactly the input of the RFC 7638
// §3.2 hash: RSA {"e","kty","n"}, EC {"crv","kty","x","y"}; with a kid the
// member "kid" is added in its lexicographic place. jwk_thumbprint is the
// base64url (no padding) SHA-256 of that text without kid (RFC 7638 §3.1).
//
// Reading (parse_jwk): one JSON object (strict: UTF-8, no duplicate member
// names, depth <= 8, at most jwk_max_bytes), "kty" "EC" with "crv" "P-256",
// "x" and "y" of exactly 32 octets (strict base64url), and "d" of 32 octets
// for a private key; or "kty" "RSA" with "n" and "e" (public only: an RSA JWK
// with private members is refused). The key is validated as any other
// (ec_key.hpp, rsa_key.hpp): point on the curve, d in [1, n−1], d·G equal to
// (x, y). Other curves are refused naming them (errc::key_unsupported_curve),
// a JWK Set ({"keys": [...]}) is refused saying so. Other members (kid, use,
// alg, key_ops) are ignored.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "twoleg/ec_key.hpp"
#include "twoleg/error.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg {

inline constexpr std::size_t jwk_max_bytes = 64 * 1024;

std::string jwk_public_json(const rsa_public_key &key, std::string_view kid = {});
std::string jwk_public_json(const ec_public_key &key, std::string_view kid = {});
std::string jwk_thumbprint(const rsa_public_key &key);
std::string jwk_thumbprint(const ec_public_key &key);

struct parsed_jwk {
    bool is_ec = false;
    ec_public_key ec_public;
    std::optional<ec_private_key> ec_private;
    rsa_public_key rsa_public;
};

result<parsed_jwk> parse_jwk(std::string_view text);

/// True if `text` is a JSON object with a top-level "kty" member (a JWK
/// rather than, say, a service-account key file); cheap and never fails.
bool looks_like_jwk(std::string_view text) noexcept;

} // namespace twoleg
