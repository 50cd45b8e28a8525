// Internal: EncryptedPrivateKeyInfo (RFC 5958 §3, formerly PKCS#8 §6).
//
//   EncryptedPrivateKeyInfo ::= SEQUENCE {
//     encryptionAlgorithm  AlgorithmIdentifier,   -- keys/pbe.hpp
//     encryptedData        OCTET STRING }
// The plaintext is a PrivateKeyInfo, routed by its algorithm
// (keys/any_private_key.hpp): RSA or P-256. Once decryption has run, every
// failure is errc::key_wrong_password (wrong password, damaged file: the same
// text), except that a key which decrypts to a well-formed PrivateKeyInfo of
// an algorithm or curve twoleg does not sign with (Ed25519, P-384, explicit
// parameters, ...) is named as such.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "keys/any_private_key.hpp"
#include "keys/pbe.hpp"
#include "twoleg/error.hpp"
#include "twoleg/key_loader.hpp"

namespace twoleg::detail {

struct encrypted_private_key_info {
    pbe_algorithm algorithm;
    std::span<const std::uint8_t> ciphertext;  // points into the parsed input
};

/// True if `der` starts like SEQUENCE { SEQUENCE { OID of PKCS#5 or PKCS#12 PBE ... } ... }.
bool looks_like_encrypted_private_key_info(std::span<const std::uint8_t> der) noexcept;

/// Reads the whole of `der` as an EncryptedPrivateKeyInfo (nothing may follow).
result<encrypted_private_key_info> parse_encrypted_private_key_info(std::span<const std::uint8_t> der);
/// Reads one EncryptedPrivateKeyInfo from `c` (inside a PKCS#12 bag).
result<encrypted_private_key_info> read_encrypted_private_key_info(der::cursor &c);

/// Decrypts and parses the PrivateKeyInfo (RSA or P-256).
result<any_private_key> decrypt_private_key_info(const encrypted_private_key_info &info, const pbe_password &password);

/// The scheme, KDF, cipher and iteration count, for inspect.
encryption_description describe_encryption(const pbe_algorithm &algorithm);

} // namespace twoleg::detail
