// twoleg/jwt.hpp — compact JWS/JWT with RS256 and ES256 (RFC 7515, 7518, 7519).
//
// The algorithm is pinned by the key: jwt_verify_rs256 (an RSA key) accepts
// only "RS256", jwt_verify_es256 (a P-256 key) only "ES256", whose signature is
// the 64-octet r‖s of RFC 7518 §3.4; everything below holds for both, with
// "ES256" and r‖s in place of "RS256" and k octets, and no key-size rule.
//
// Signing (jwt_sign_rs256) encodes the given header and claims JSON as they
// are and signs "base64url(header).base64url(claims)" with RSASSA-PKCS1-v1_5
// SHA-256 (pkcs1v15.hpp).
//
// Verification (jwt_verify_rs256) accepts a token only if every step passes,
// in this order:
//   1. at most jwt_max_token_bytes (64 KiB) long, else errc::input_too_large;
//   2. exactly three parts separated by '.', each strict base64url without
//      padding (base64.hpp), header and signature non-empty;
//   3. the header is a JSON object (UTF-8, no duplicate member names, depth
//      at most jwt_max_json_depth) whose "alg" is the string "RS256": "none",
//      "HS256" and everything else are refused with
//      errc::jwt_unsupported_algorithm whatever the key; a "crit" member is
//      refused too (twoleg understands no extensions);
//   4. the key has at least 2048 bits (errc::jwt_key_too_small, RFC 7518 §3.3);
//   5. the signature is exactly k octets and verifies over the ASCII bytes
//      "header.payload" (errc::jwt_bad_signature, deliberately vague);
//   6. the payload is a JSON object with the same rules as the header;
//   7. time claims, which must be numbers (NumericDate) when present, with
//      `leeway` seconds of tolerance: "exp" is required unless
//      options.require_exp is false, and the token is expired
//      (errc::jwt_expired) once now >= exp + leeway; "nbf" > now + leeway and
//      "iat" > now + leeway (issued in the future) give errc::jwt_not_yet_valid;
//   8. if options.audience is set, "aud" must equal it or be an array that
//      contains it (errc::jwt_wrong_audience); if options.issuer is set,
//      "iss" must equal it (errc::jwt_wrong_issuer), and if options.issuers
//      is not empty, "iss" must be one of them; options.nonce and
//      options.hosted_domain require the "nonce" and "hd" claims to equal
//      them (errc::jwt_wrong_nonce, errc::jwt_wrong_hosted_domain; an ID
//      token without hd is not from a Google Workspace domain). A claim of
//      the wrong JSON type is errc::jwt_malformed.
// Duplicate member names are refused (RFC 7515 §5.2 allows either refusing
// them or keeping the last; refusing removes any doubt about which one a
// verifier and a consumer each saw).
// "now" comes from options.now if set, else from options.clock.
// The decoded header and claims are returned exactly as they were signed.
// Thread-safe: no shared state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/clock.hpp"
#include "twoleg/ec_key.hpp"
#include "twoleg/ecdsa.hpp"
#include "twoleg/error.hpp"
#include "twoleg/random.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg {

inline constexpr std::size_t jwt_max_token_bytes = 64 * 1024;
inline constexpr unsigned jwt_max_json_depth = 32;
inline constexpr std::size_t jwt_min_rsa_bits = 2048;
inline constexpr std::int64_t jwt_default_leeway = 60;
inline constexpr std::int64_t jwt_max_leeway = 86400;

/// Signs a compact JWS over the given JSON texts (used as they are).
result<std::string> jwt_sign_rs256(const rsa_private_key &key, std::string_view header_json,
                                   std::string_view claims_json, const random_source *rng = nullptr);

/// ES256: signs with ECDSA P-256 / SHA-256 (hedged RFC 6979 nonce unless options.deterministic).
result<std::string> jwt_sign_es256(const ec_private_key &key, std::string_view header_json,
                                   std::string_view claims_json, const ecdsa_sign_options &options = {});

struct jwt_verify_options {
    std::optional<std::string> audience;
    std::optional<std::string> issuer;
    std::vector<std::string> issuers;          // if not empty, iss must be one of these (and equal issuer if set)
    std::optional<std::string> nonce;          // if set, the "nonce" claim must equal it (errc::jwt_wrong_nonce)
    std::optional<std::string> hosted_domain;  // if set, the "hd" claim must equal it (errc::jwt_wrong_hosted_domain)
    std::optional<std::int64_t> now;
    clock_source clock;
    std::int64_t leeway = jwt_default_leeway;  // 0 .. jwt_max_leeway
    bool require_exp = true;
};

struct verified_jwt {
    std::string header_json;  // the decoded header, byte for byte
    std::string claims_json;  // the decoded payload, byte for byte
};

result<verified_jwt> jwt_verify_rs256(std::string_view token, const rsa_public_key &key,
                                      const jwt_verify_options &options = {});
result<verified_jwt> jwt_verify_es256(std::string_view token, const ec_public_key &key,
                                      const jwt_verify_options &options = {});

/// A token's time claims as they are (NumericDate seconds; absent or not a
/// number: empty).
struct jwt_time_claims {
    std::optional<std::int64_t> exp;
    std::optional<std::int64_t> nbf;
    std::optional<std::int64_t> iat;
};

/// Reads the time claims of a compact JWT WITHOUT verifying anything (neither
/// the signature nor the header): only for explaining a refusal, e.g. showing
/// an expired token's exp next to the time it was checked against. Fails with
/// errc::jwt_malformed when the payload is not base64url of a JSON object.
result<jwt_time_claims> jwt_read_time_claims(std::string_view token);

} // namespace twoleg
