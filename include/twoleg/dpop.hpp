// twoleg/dpop.hpp — DPoP proofs (RFC 9449): a JWT that proves possession of
// a key, sent in the DPoP header of each request to the token endpoint (and
// to resource servers).
//
// dpop_proof builds one compact JWS:
//   header  {"typ":"dpop+jwt","alg":"ES256"|"RS256","jwk":{public JWK}}  (§4.2)
//   claims  {"jti":..., "htm":..., "htu":..., "iat":..., "nonce":..., "ath":...}
// with jti 16 fresh random octets in base64url (≥ 128 bits, §11.1) unless
// given, htu the request URL without query and fragment (§4.2), iat the clock
// (or options.iat), nonce only when given (the server's DPoP-Nonce, §8), and
// ath = base64url(SHA-256(access token)) only when an access token is given
// (§4.2, for requests to resource servers). The alg is chosen by the key:
// ES256 for P-256 (hedged RFC 6979 nonce unless options.deterministic), RS256
// for RSA (>= 2048 bits). The JWK is jwk_public_json (jwk.hpp), members in
// RFC 7638 order. Inputs are checked: htm an HTTP method token (RFC 9110
// §5.6.2), htu an absolute http or https URL without spaces or controls,
// nonce the NQCHAR syntax of §8.1, jti 1 to 256 printable ASCII characters;
// a violation is errc::invalid_argument naming the field. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "twoleg/clock.hpp"
#include "twoleg/ec_key.hpp"
#include "twoleg/error.hpp"
#include "twoleg/random.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg {

struct dpop_options {
    std::string htm;                          // e.g. "POST"
    std::string htu;                          // e.g. "https://oauth2.googleapis.com/token"
    std::optional<std::string> nonce;         // the server's DPoP-Nonce
    std::optional<std::string> access_token;  // adds ath
    std::optional<std::int64_t> iat;          // default: the clock
    std::optional<std::string> jti;           // default: 16 random octets, base64url
    clock_source clock;
    const random_source *rng = nullptr;       // jti and the ECDSA hedge (default: the OS)
    bool deterministic = false;               // ES256: pure RFC 6979 nonce
};

result<std::string> dpop_proof(const ec_private_key &key, const dpop_options &options);
result<std::string> dpop_proof(const rsa_private_key &key, const dpop_options &options);

/// The htu of a URL (RFC 9449 §4.2): the URL without its query and fragment,
/// after checking that it is an absolute http(s) URL.
result<std::string> dpop_htu(std::string_view url);

} // namespace twoleg
