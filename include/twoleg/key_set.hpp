// twoleg/key_set.hpp — the public keys a service account publishes.
//
// Google publishes every service account's public keys without
// authentication, in two forms, and parse_key_set reads either (detected):
//   x509_map  .../service_accounts/v1/metadata/x509/EMAIL: a JSON object
//             mapping each key id to a PEM certificate ("-----BEGIN
//             CERTIFICATE-----..."); each certificate's RSA public key and
//             validity period are read (key_formats.hpp, parse_certificate);
//   jwk_set   .../service_accounts/v1/metadata/jwk/EMAIL: {"keys": [JWK...]}
//             (RFC 7517 §5); RSA keys ("kty": "RSA", RFC 7518 §6.3.1) with
//             base64url "n" and "e" in their minimal form. Keys of other
//             types, or marked "use": "enc", are skipped: they cannot be a
//             service account's signing key.
// Key ids must be unique (errc::json_bad_field otherwise); an empty document
// ({} or {"keys": []}) is a valid set with no keys. The document is strict
// JSON (strict_json: no duplicate member names), at most key_set_max_bytes
// and key_set_max_keys entries. Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/key_formats.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg {

inline constexpr std::size_t key_set_max_bytes = std::size_t{1} << 20;
inline constexpr std::size_t key_set_max_keys = 256;

enum class key_set_form { x509_map, jwk_set };

struct published_key {
    std::string kid;                                // empty for a JWK without "kid"
    rsa_public_key public_key;
    std::optional<certificate_validity> validity;   // x509_map entries only
};

struct key_set {
    key_set_form form = key_set_form::x509_map;
    std::vector<published_key> keys;
    /// The entry with key id `kid`, or nullptr.
    const published_key *find_kid(std::string_view kid) const noexcept;
};

result<key_set> parse_key_set(std::string_view json_text);

} // namespace twoleg
