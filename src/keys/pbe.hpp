// Internal: password-based encryption as the key containers name it.
//
// One place turns an AlgorithmIdentifier into "which key derivation, which
// cipher, which salt, how many iterations", and runs them. Used by
// EncryptedPrivateKeyInfo (encrypted_pkcs8.cpp), the PKCS#12 bags and
// integrity check (pkcs12.cpp) and OpenSSL's encrypted PEM (encrypted_pem.cpp).
//
// Accepted schemes:
//   PBES2 (RFC 8018 §6.2) with PBKDF2 (§5.2; salt as an OCTET STRING, keyLength
//   if present equal to the cipher's key length, PRF hmacWithSHA1/224/256/384/512
//   with NULL or absent parameters) and AES-128/192/256-CBC, DES-EDE3-CBC or
//   DES-CBC (IV as an OCTET STRING of the block size);
//   PKCS#12 PBE (RFC 7292 appendix C): pbeWithSHAAnd3-KeyTripleDES-CBC,
//   pbeWithSHAAnd2-KeyTripleDES-CBC, pbeWithSHAAnd128BitRC2-CBC,
//   pbeWithSHAAnd40BitRC2-CBC, key and IV from the appendix B KDF (SHA-1) over
//   the password as a BMPString.
// Refused by name (errc::key_unsupported_algorithm, a detail naming the OID):
// the RC4 identifiers, PBES1 (PKCS#5 v1.5: DES/RC2 with MD2/MD5/SHA-1), scrypt,
// PBMAC1 where an encryption scheme is expected, RC2 inside PBES2; any other
// OID is refused as unknown, with the offset of the OID.
// Every iteration count is 1 .. max_pbe_iterations, checked while parsing,
// before any key derivation.
//
// Side channels: key derivation, AES and DES run in constant time (they are
// the primitives' properties); the padding check after decryption is constant
// time and every failure after the cipher ran (bad padding, and what the
// caller finds wrong with the plaintext) is the one errc::key_wrong_password,
// so neither a padding nor a format oracle exists. RC2 is table-driven and is
// only used for certificate bags (public data under a public password).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codec/hash.hpp"
#include "twoleg/der.hpp"
#include "twoleg/error.hpp"

namespace twoleg::detail {

/// Above this, an iteration count is refused before any work (ten million:
/// far above what any tool writes, a few seconds of work at most). Fuzzing
/// builds (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, set by fuzz/meson.build)
/// lower it to 2048, so that a fuzzed count cannot stall the fuzzer; their
/// seeds are written with at most 2048 iterations.
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
inline constexpr std::uint64_t max_pbe_iterations = 2048;
#else
inline constexpr std::uint64_t max_pbe_iterations = 10'000'000;
#endif

enum class pbe_cipher { aes128_cbc, aes192_cbc, aes256_cbc, des_ede3_cbc, des_cbc, des_ede2_cbc, rc2_40_cbc,
                        rc2_128_cbc };
enum class pbe_kdf { pbkdf2, pkcs12 };

/// A parsed AlgorithmIdentifier of a password-based encryption scheme. The
/// spans point into the parsed input.
struct pbe_algorithm {
    pbe_kdf kdf = pbe_kdf::pbkdf2;
    hash_algorithm hash = hash_algorithm::sha1;  // the PBKDF2 PRF's hash, or SHA-1 for PKCS#12 PBE
    pbe_cipher cipher = pbe_cipher::aes256_cbc;
    std::span<const std::uint8_t> salt;
    std::uint64_t iterations = 0;
    std::span<const std::uint8_t> iv;  // PBES2 only; PKCS#12 PBE derives its IV
};

/// Reads AlgorithmIdentifier { OID, parameters } of one of the schemes above.
result<pbe_algorithm> read_pbe_algorithm(der::cursor &c);

/// A password as the user gave it (UTF-8). `null_form`: for PKCS#12, the
/// zero-length BMPString some tools use for "no password" instead of the
/// two-byte encoding of "" (see pkcs12_kdf.hpp); ignored by PBES2.
struct pbe_password {
    std::string_view utf8;
    bool null_form = false;
};

/// Decrypts `ciphertext` and removes the PKCS#7 padding. PBES2 uses the
/// password's bytes, PKCS#12 PBE their BMPString. Any failure once decryption
/// started is errc::key_wrong_password. The caller owns the result and must
/// wipe it.
result<std::vector<std::uint8_t>> pbe_decrypt(const pbe_algorithm &algorithm, const pbe_password &password,
                                              std::span<const std::uint8_t> ciphertext);

/// CBC decryption with a given key and IV, then the constant-time padding
/// check; shared with the PEM encryption of OpenSSL.
result<std::vector<std::uint8_t>> decrypt_with_key(pbe_cipher cipher, std::span<const std::uint8_t> key,
                                                   std::span<const std::uint8_t> iv,
                                                   std::span<const std::uint8_t> ciphertext);
std::size_t cipher_key_bytes(pbe_cipher cipher) noexcept;
std::size_t cipher_block_bytes(pbe_cipher cipher) noexcept;

/// PKCS#12 password integrity (RFC 7292 §5, appendix B): HMAC over `data` with
/// a key from the PKCS#12 KDF (ID 3) of the BMPString password. Compares in
/// constant time.
bool pkcs12_mac_matches(hash_algorithm hash, const pbe_password &password,
                        std::span<const std::uint8_t> salt, std::uint64_t iterations,
                        std::span<const std::uint8_t> data, std::span<const std::uint8_t> expected);

/// Names for `inspect`: "PBES2", "PBKDF2-HMAC-SHA256", "AES-256-CBC", ...
const char *scheme_name(const pbe_algorithm &algorithm) noexcept;
const char *kdf_name(const pbe_algorithm &algorithm) noexcept;
const char *cipher_name(pbe_cipher cipher) noexcept;
const char *hmac_name(hash_algorithm hash) noexcept;

/// Reads a digest AlgorithmIdentifier { OID, NULL or absent } (SHA-1, SHA-224,
/// SHA-256, SHA-384, SHA-512); MD5, MD2 and PBMAC1 are refused by name.
result<hash_algorithm> read_digest_algorithm(der::cursor &c);

} // namespace twoleg::detail
