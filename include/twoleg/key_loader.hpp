// twoleg/key_loader.hpp — load an RSA or P-256 key from whatever the user has.
//
// Detects the form without being told: service-account JSON, a JWK (JSON with
// "kty", jwk.hpp), PEM (by label: "RSA PRIVATE KEY", "EC PRIVATE KEY" — also
// after an "EC PARAMETERS" block, as `openssl ecparam -genkey` writes —
// "PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"), or bare DER
// (tried as each structure in turn, reporting the error of the most plausible
// one). PKCS#8, SubjectPublicKeyInfo and certificates are EC keys when their
// algorithm is id-ecPublicKey (ec_key_formats.hpp), RSA keys otherwise; the
// loaded key's `type` says which. load_private_key and load_public_key are the
// RSA-only entry points of the RSA API and refuse EC keys as before ("this is
// an EC key, not an RSA key"). A key of the wrong kind gets a helpful
// errc::key_wrong_kind ("this is a certificate, not a private key").
// Inputs larger than key_max_input_bytes are refused before any parsing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "twoleg/ec_key.hpp"
#include "twoleg/error.hpp"
#include "twoleg/rsa_key.hpp"
#include "twoleg/service_account.hpp"

namespace twoleg {

inline constexpr std::size_t key_max_input_bytes = 1u << 20;

enum class key_format {
    pkcs1_private_pem,
    pkcs8_private_pem,
    spki_pem,
    pkcs1_public_pem,
    certificate_pem,
    pkcs1_private_der,
    pkcs8_private_der,
    spki_der,
    pkcs1_public_der,
    certificate_der,
    service_account_json,
    sec1_private_pem,    // EC PRIVATE KEY (RFC 5915)
    sec1_private_der,
    jwk_json,            // a JSON Web Key (RFC 7517)
};

/// The algorithm of a loaded key.
enum class key_type { rsa, ec_p256 };
/// "rsa" or "ec-p256".
const char *key_type_name(key_type t) noexcept;

/// Stable short names used in `twoleg inspect` output, e.g. "pkcs8-pem".
const char *key_format_name(key_format f) noexcept;

struct loaded_key {
    key_format format{};
    key_type type = key_type::rsa;
    rsa_public_key public_key;                 // type rsa
    std::optional<rsa_private_key> private_key;
    ec_public_key ec_public;                   // type ec_p256
    std::optional<ec_private_key> ec_private;
    std::optional<service_account> account;  // for service_account_json
    std::vector<std::string> notes;
    bool is_private() const noexcept { return private_key.has_value() || ec_private.has_value(); }
};

result<loaded_key> load_key(std::span<const std::uint8_t> data);
/// Any private form (PKCS#1, PKCS#8, DER, service-account JSON).
result<rsa_private_key> load_private_key(std::span<const std::uint8_t> data);
/// Any form: public keys, certificates and the public half of private keys.
result<rsa_public_key> load_public_key(std::span<const std::uint8_t> data);

} // namespace twoleg
