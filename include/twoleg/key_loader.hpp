// twoleg/key_loader.hpp — load an RSA key from whatever the user has.
//
// Detects the form without being told: service-account JSON, PEM (by label:
// "RSA PRIVATE KEY", "PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY",
// "CERTIFICATE"), or bare DER (tried as each structure in turn, reporting the
// error of the most plausible one). A key of the wrong kind gets a helpful
// errc::key_wrong_kind ("this is a certificate, not a private key").
// Inputs larger than key_max_input_bytes are refused before any parsing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

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
};

/// Stable short names used in `twoleg inspect` output, e.g. "pkcs8-pem".
const char *key_format_name(key_format f) noexcept;

struct loaded_key {
    key_format format{};
    rsa_public_key public_key;
    std::optional<rsa_private_key> private_key;
    std::optional<service_account> account;  // for service_account_json
    std::vector<std::string> notes;
    bool is_private() const noexcept { return private_key.has_value(); }
};

result<loaded_key> load_key(std::span<const std::uint8_t> data);
/// Any private form (PKCS#1, PKCS#8, DER, service-account JSON).
result<rsa_private_key> load_private_key(std::span<const std::uint8_t> data);
/// Any form: public keys, certificates and the public half of private keys.
result<rsa_public_key> load_public_key(std::span<const std::uint8_t> data);

} // namespace twoleg
