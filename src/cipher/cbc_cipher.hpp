// Internal: CBC with PKCS#7 padding in one call, the cipher chosen at run
// time, for the encrypted key formats (PKCS#12 bags, PBES2, encrypted PEM).
//
// cbc_decrypt_unpad reports a bad padding as one status, decryption_failed,
// with no hint of where or why, after constant-time checks: the caller must
// give it the same message as a wrong password (there is no other way to tell
// them apart, and distinguishing would be a padding oracle). The plaintext is
// a secret: on failure it is wiped and emptied; on success it is the
// caller's to wipe. The cipher's key schedule is wiped before returning.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace twoleg::detail {

enum class cbc_cipher : std::uint8_t {
    aes,      // key 16, 24 or 32 bytes; iv 16
    des,      // key 8 (single DES); iv 8
    des_ede3, // key 24 (three-key) or 16 (two-key, K3 = K1); iv 8
    rc2,      // key 1..128 bytes with rc2_effective_bits 1..1024; iv 8
};

struct cbc_parameters {
    cbc_cipher cipher = cbc_cipher::aes;
    std::span<const std::uint8_t> key;
    std::span<const std::uint8_t> iv;
    unsigned rc2_effective_bits = 0; // RC2 only
};

enum class cbc_status : std::uint8_t {
    ok,
    invalid_parameters, // key, iv or effective-bits size wrong for the cipher (a caller or file error)
    invalid_length,     // ciphertext empty or not whole blocks (visible without the key)
    decryption_failed,  // the padding is wrong: wrong key, or damaged ciphertext
};

/// Human-readable name of a status for logs and tests ("ok", ...).
const char *cbc_status_name(cbc_status s) noexcept;
/// The cipher's block size: 16 for AES, 8 otherwise.
std::size_t cbc_block_size(cbc_cipher c) noexcept;

/// Decrypts ciphertext and removes its PKCS#7 padding into `plaintext`
/// (replaced; its old content wiped).
[[nodiscard]] cbc_status cbc_decrypt_unpad(const cbc_parameters &p, std::span<const std::uint8_t> ciphertext,
                                           std::vector<std::uint8_t> &plaintext);

/// Pads plaintext (PKCS#7) and encrypts it into `ciphertext` (replaced), for
/// tests and for writing encrypted files. Fails only with invalid_parameters.
[[nodiscard]] cbc_status cbc_pad_encrypt(const cbc_parameters &p, std::span<const std::uint8_t> plaintext,
                                         std::vector<std::uint8_t> &ciphertext);

} // namespace twoleg::detail
