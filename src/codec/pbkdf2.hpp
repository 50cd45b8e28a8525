// Internal: PBKDF2 (RFC 8018 §5.2) with HMAC over any hash_algorithm
// (PBES2's hmacWithSHA1/224/256/384/512).
//
// The password, every U_i and T_i are secrets; the output is the caller's
// (wipe it after use). The iteration count is refused above
// pbkdf2_max_iterations before any work, so a hostile file cannot make the
// caller spin; callers check it themselves first to give a precise message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codec/hash.hpp"

namespace twoleg::detail {

inline constexpr std::uint32_t pbkdf2_max_iterations = 10'000'000;
/// Longest derived key (AES-256 needs 32; the limit only bounds the work).
inline constexpr std::size_t pbkdf2_max_output_size = 1024;

/// Fills `out` with DK = PBKDF2(HMAC-a, password, salt, iterations, out.size()).
/// Returns false, writing nothing, when iterations is 0 or above
/// pbkdf2_max_iterations, or out is empty or longer than
/// pbkdf2_max_output_size. Password and salt may be empty.
[[nodiscard]] bool pbkdf2(hash_algorithm a, std::span<const std::uint8_t> password,
                          std::span<const std::uint8_t> salt, std::uint32_t iterations,
                          std::span<std::uint8_t> out) noexcept;

} // namespace twoleg::detail
