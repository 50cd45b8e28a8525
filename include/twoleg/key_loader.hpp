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
//
// Encrypted keys (key_load_options::password, UTF-8):
//   PKCS#12 / PFX files (.p12, RFC 7292), DER: password integrity (HMAC-SHA1/
//   224/256/384/512) checked before anything is decrypted; with no password
//   given, Google's "notasecret" and then the empty password are tried, and a
//   note says which one opened the file. Without a MAC (openssl -nomac) the key
//   still loads, with a note that nothing vouches for the file.
//   EncryptedPrivateKeyInfo (PEM "ENCRYPTED PRIVATE KEY" or DER, RFC 5958 §3);
//   OpenSSL's encrypted traditional PEM ("Proc-Type: 4,ENCRYPTED" + "DEK-Info"
//   on an "RSA PRIVATE KEY" or "EC PRIVATE KEY" block).
// Each decrypts to its inner structure, which is then read like the
// unencrypted form: RSA or P-256 by the PrivateKeyInfo's algorithm (PKCS#8,
// PKCS#12 bags) or by the PEM label; other curves are refused naming them.
// The schemes are those of src/keys/pbe.hpp; others are refused by name. A
// wrong password and a damaged file give the same errc::key_wrong_password.
// An encrypted key with no password gives errc::key_password_required.
// Passwords are never copied into errors or notes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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
    pkcs12,               // PFX (.p12), DER
    pkcs8_encrypted_pem,  // "ENCRYPTED PRIVATE KEY"
    pkcs8_encrypted_der,  // EncryptedPrivateKeyInfo
    pem_encrypted,        // "RSA/EC PRIVATE KEY" with Proc-Type/DEK-Info (OpenSSL)
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

/// How one encrypted part was protected (all of it public, read from the file).
struct encryption_description {
    std::string scheme;      // "PBES2", "pbeWithSHAAnd3-KeyTripleDES-CBC", "OpenSSL PEM"
    std::string kdf;         // "PBKDF2-HMAC-SHA256", "PKCS#12-KDF-SHA1", "MD5 (EVP_BytesToKey)"
    std::string cipher;      // "AES-256-CBC", "DES-EDE3-CBC", "RC2-40-CBC", ...
    std::uint64_t iterations = 0;
};

/// The subject common name and validity of a certificate found with a key
/// (PKCS#12). Read for information only: the certificate is never trusted.
struct certificate_summary {
    std::string subject_common_name;  // Google: the numeric client ID
    std::string not_before;           // RFC 3339, e.g. "2024-01-31T12:00:00Z"
    std::string not_after;
};

/// What the container of an encrypted key said about itself.
struct container_info {
    std::optional<encryption_description> key_encryption;          // none for a PKCS#12 keyBag
    std::optional<encryption_description> certificate_encryption;  // PKCS#12 encryptedData
    std::string mac_algorithm;        // "HMAC-SHA256"; empty: no integrity check
    std::uint64_t mac_iterations = 0;
    std::string friendly_name;        // PKCS#12 friendlyName of the key, UTF-8
    std::optional<certificate_summary> certificate;
};

struct loaded_key {
    key_format format{};
    key_type type = key_type::rsa;
    rsa_public_key public_key;                 // type rsa
    std::optional<rsa_private_key> private_key;
    ec_public_key ec_public;                   // type ec_p256
    std::optional<ec_private_key> ec_private;
    std::optional<service_account> account;  // for service_account_json
    std::optional<container_info> container;  // for encrypted forms
    std::vector<std::string> notes;
    bool is_private() const noexcept { return private_key.has_value() || ec_private.has_value(); }
};

struct key_load_options {
    /// The password of an encrypted key (UTF-8, may be empty). Not copied.
    std::optional<std::string_view> password;
};

result<loaded_key> load_key(std::span<const std::uint8_t> data);
result<loaded_key> load_key(std::span<const std::uint8_t> data, const key_load_options &options);
/// Any private form (PKCS#1, PKCS#8, DER, service-account JSON).
result<rsa_private_key> load_private_key(std::span<const std::uint8_t> data);
result<rsa_private_key> load_private_key(std::span<const std::uint8_t> data, const key_load_options &options);
/// Any form: public keys, certificates and the public half of private keys.
result<rsa_public_key> load_public_key(std::span<const std::uint8_t> data);
result<rsa_public_key> load_public_key(std::span<const std::uint8_t> data, const key_load_options &options);

} // namespace twoleg
