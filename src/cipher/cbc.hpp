// Internal: the CBC mode (NIST SP 800-38A §6.2) over any of twoleg's block
// ciphers (aes, des, rc2: anything with block_size, encrypt_block and
// decrypt_block), and PKCS#7 padding (RFC 5652 §6.3, RFC 8018 §6.1.1 step 4).
//
// pkcs7_unpad_ct checks the padding in constant time and says only whether it
// is valid, so that a caller that turns "invalid" into the same message as a
// wrong password offers no padding oracle. See cbc_cipher.hpp for the one-call
// decrypt-and-unpad that the key formats use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace twoleg::detail {

/// CBC encryption: out = E(in_i ⊕ c_{i-1}), c_0 = iv. Returns false, doing
/// nothing, unless iv is one block, in is whole blocks and out has in's size.
/// out may be in itself (same data()); partial overlap is not allowed.
template <class BlockCipher>
[[nodiscard]] bool cbc_encrypt(const BlockCipher &cipher, std::span<const std::uint8_t> iv,
                               std::span<const std::uint8_t> in, std::span<std::uint8_t> out) noexcept
{
    constexpr std::size_t b = BlockCipher::block_size;
    if (iv.size() != b || in.size() % b != 0 || out.size() != in.size()) return false;
    std::uint8_t chain[b];
    std::memcpy(chain, iv.data(), b);
    for (std::size_t off = 0; off < in.size(); off += b) {
        for (std::size_t i = 0; i < b; ++i) chain[i] = static_cast<std::uint8_t>(chain[i] ^ in[off + i]);
        cipher.encrypt_block(chain, chain);
        std::memcpy(out.data() + off, chain, b);
    }
    return true;
}

/// CBC decryption: out_i = D(c_i) ⊕ c_{i-1}, c_0 = iv. Same conditions and
/// aliasing rule as cbc_encrypt. Does not look at padding.
template <class BlockCipher>
[[nodiscard]] bool cbc_decrypt(const BlockCipher &cipher, std::span<const std::uint8_t> iv,
                               std::span<const std::uint8_t> in, std::span<std::uint8_t> out) noexcept
{
    constexpr std::size_t b = BlockCipher::block_size;
    if (iv.size() != b || in.size() % b != 0 || out.size() != in.size()) return false;
    std::uint8_t previous[b], current[b], plain[b];
    std::memcpy(previous, iv.data(), b);
    for (std::size_t off = 0; off < in.size(); off += b) {
        std::memcpy(current, in.data() + off, b); // before out (maybe in) is overwritten
        cipher.decrypt_block(current, plain);
        for (std::size_t i = 0; i < b; ++i) out[off + i] = static_cast<std::uint8_t>(plain[i] ^ previous[i]);
        std::memcpy(previous, current, b);
    }
    return true;
}

/// The padded size of `length` bytes: the next multiple of block_size that is
/// strictly larger (1..block_size bytes of padding, each equal to its count).
constexpr std::size_t pkcs7_padded_size(std::size_t length, std::size_t block_size) noexcept
{
    return (length / block_size + 1) * block_size;
}

/// Writes `data` followed by its padding to `out`, which must be
/// pkcs7_padded_size(data.size(), block_size) bytes (else false, nothing
/// written). block_size must be 1..255. out may not overlap data except when
/// out.data() == data.data().
[[nodiscard]] bool pkcs7_pad(std::span<const std::uint8_t> data, std::size_t block_size,
                             std::span<std::uint8_t> out) noexcept;

/// Checks the PKCS#7 padding of `padded` (the whole decrypted message) in
/// time that depends only on padded.size(): the last byte n must be
/// 1..block_size and the last n bytes must all equal n. On success sets
/// `length` to padded.size() - n and returns true; otherwise returns false
/// and sets length to 0. Fails (not secret) when padded is empty or not
/// whole blocks, or block_size is not 1..255.
[[nodiscard]] bool pkcs7_unpad_ct(std::span<const std::uint8_t> padded, std::size_t block_size,
                                  std::size_t &length) noexcept;

} // namespace twoleg::detail
