// Internal to aes.cpp and its test: the AES-NI block functions, on the round
// keys aes.cpp expands (FIPS 197 byte order). Call only if aes_ni_available().
#pragma once

#include <cstdint>

namespace twoleg::detail {

/// Encrypts one block with keys[0..16(rounds+1)).
void aes_ni_encrypt_block(const std::uint8_t *keys, unsigned rounds, const std::uint8_t *in,
                          std::uint8_t *out) noexcept;
/// Decrypts one block with the equivalent inverse cipher's keys (FIPS 197
/// §5.3.5), as aes_ni_inverse_keys makes them.
void aes_ni_decrypt_block(const std::uint8_t *inverse_keys, unsigned rounds, const std::uint8_t *in,
                          std::uint8_t *out) noexcept;
/// inverse_keys = keys reversed, InvMixColumns applied to all but the first and last.
void aes_ni_inverse_keys(const std::uint8_t *keys, unsigned rounds, std::uint8_t *inverse_keys) noexcept;

} // namespace twoleg::detail
