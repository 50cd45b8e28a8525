// Internal: the PKCS#12 key derivation (RFC 7292 appendix B.2) and the
// password encoding it takes (appendix B.1: a BMPString, big-endian UTF-16
// code units of BMP characters, followed by two zero bytes).
//
// Used for the MAC key of PFX MacData (purpose mac, with the MAC's hash) and
// for the pbeWithSHAAnd* bag ciphers (purposes key and iv, SHA-1). The
// password, the expanded buffers and the output are secrets: scratch is
// wiped. Iteration counts above pkcs12_kdf_max_iterations are refused before
// any work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "codec/hash.hpp"

namespace twoleg::detail {

/// The diversifier ID of appendix B.3.
enum class pkcs12_purpose : std::uint8_t { key = 1, iv = 2, mac = 3 };

inline constexpr std::uint32_t pkcs12_kdf_max_iterations = 10'000'000;
/// Bounds on the inputs (they are repeated to a multiple of the block size).
inline constexpr std::size_t pkcs12_kdf_max_password_size = 4096; // encoded bytes, terminator included
inline constexpr std::size_t pkcs12_kdf_max_salt_size = 4096;
inline constexpr std::size_t pkcs12_kdf_max_output_size = 1024;

/// Encodes a UTF-8 password as appendix B.1 says: each character as a
/// big-endian 16-bit code unit, then 0x00 0x00 ("" becomes just 00 00).
/// Replaces `bmp` (wiping its old content). Returns false, leaving `bmp`
/// empty, for invalid UTF-8 (bad or truncated sequences, overlong forms,
/// surrogates), characters above U+FFFF (BMPString cannot hold them), U+0000,
/// or a result longer than pkcs12_kdf_max_password_size. Branches on the
/// UTF-8 structure of the password (the lengths of its sequences), as any
/// decoder does, not on the character values otherwise.
[[nodiscard]] bool pkcs12_password_from_utf8(std::string_view utf8, std::vector<std::uint8_t> &bmp);

/// Fills `out` with appendix B.2's derivation for the given purpose, with
/// hash a (u = digest_size(a), v = hash_block_size(a)). `bmp_password` is
/// the already encoded password (from pkcs12_password_from_utf8); an empty
/// span means "no password" (OpenSSL's NULL password: P is then empty, which
/// differs from "" encoded as 00 00). Returns false, writing nothing, when
/// iterations is 0 or above the maximum, or a size is out of its bounds
/// (out empty included).
[[nodiscard]] bool pkcs12_kdf(hash_algorithm a, std::span<const std::uint8_t> bmp_password,
                              std::span<const std::uint8_t> salt, std::uint32_t iterations, pkcs12_purpose purpose,
                              std::span<std::uint8_t> out) noexcept;

} // namespace twoleg::detail
