// Internal: the key derivation of OpenSSL's traditional encrypted PEM
// ("Proc-Type: 4,ENCRYPTED" / "DEK-Info: <cipher>,<iv hex>"): EVP_BytesToKey
// with MD5, one iteration, salt = the first 8 bytes of the IV:
//   D_1 = MD5(password || salt), D_i = MD5(D_{i-1} || password || salt),
//   key = the first key.size() bytes of D_1 || D_2 || ...
// There is no specification beyond OpenSSL's source and manual
// (EVP_BytesToKey(3)); the tests check it against `openssl rsa -aes256` files
// and `openssl enc -md md5 -P`.
// The password and every D_i are secrets: the scratch is wiped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace twoleg::detail {

/// Longest key this derives (DES-EDE3 needs 24, AES-256 32).
inline constexpr std::size_t pem_kdf_max_key_size = 64;

/// Fills `key` (1..pem_kdf_max_key_size bytes) from password and the 8-byte
/// salt. Returns false, writing nothing, when salt is not 8 bytes or key's
/// size is out of range. The password may be empty.
[[nodiscard]] bool pem_kdf_md5(std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
                               std::span<std::uint8_t> key) noexcept;

} // namespace twoleg::detail
