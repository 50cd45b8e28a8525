// Internal: a private key of either algorithm, as an encrypted container
// yields it once decrypted.
//
// Every encrypted form decrypts to an inner structure, which is then routed
// by algorithm, as the unencrypted forms are:
//   PrivateKeyInfo (EncryptedPrivateKeyInfo, PKCS#12 key bags): an
//     id-ecPublicKey key is read by parse_pkcs8_ec_private_key (P-256 only;
//     other curves and explicit parameters refused naming them), anything
//     else by the RSA reader parse_pkcs8_private_key;
//   traditional PEM (Proc-Type/DEK-Info): the label decides, "RSA PRIVATE
//     KEY" an RSAPrivateKey (PKCS#1), "EC PRIVATE KEY" an ECPrivateKey
//     (SEC 1, RFC 5915).
// The parsers are those of key_formats.hpp and ec_key_formats.hpp, so the
// limits and validation (d·G = stored public key, ...) are the same.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "twoleg/ec_key.hpp"
#include "twoleg/error.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg::detail {

/// Exactly one of the two is set.
struct any_private_key {
    std::optional<rsa_private_key> rsa;
    std::optional<ec_private_key> ec;

    key_type type() const noexcept { return ec ? key_type::ec_p256 : key_type::rsa; }
    /// The DER SubjectPublicKeyInfo of the public half.
    std::vector<std::uint8_t> public_spki_der() const;
};

/// The structure inside an encrypted traditional PEM block, from its label.
enum class traditional_key { rsa_pkcs1, ec_sec1 };

/// A whole PrivateKeyInfo, routed by its algorithm.
result<any_private_key> parse_any_private_key_info(std::span<const std::uint8_t> der);

/// A whole RSAPrivateKey or ECPrivateKey.
result<any_private_key> parse_traditional_private_key(traditional_key kind, std::span<const std::uint8_t> der);

/// The public SubjectPublicKeyInfo of a certificate of either algorithm.
result<std::vector<std::uint8_t>> certificate_spki_der(std::span<const std::uint8_t> der);

} // namespace twoleg::detail
