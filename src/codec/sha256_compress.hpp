// Internal: SHA-256 compression functions and the run-time choice between them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace twoleg::detail {

namespace sha256_constants {

__extension__ typedef unsigned __int128 u128;

/// floor(x^(1/3)), exactly, for x < 2^108: the root, below 2^36, is built
/// bit by bit from the top, keeping each bit whose cube still fits.
constexpr std::uint64_t integer_cube_root(u128 x) noexcept
{
    std::uint64_t root = 0;
    for (int bit = 35; bit >= 0; --bit) {
        const u128 candidate = root | std::uint64_t{1} << bit;
        if (candidate * candidate * candidate <= x) root = static_cast<std::uint64_t>(candidate);
    }
    return root;
}

/// K[i] from its definition: floor(2^32 · cbrt(p_i)) is the integer cube root
/// of p_i · 2^96, whose low 32 bits are those of the fractional part.
constexpr std::array<std::uint32_t, 64> derive() noexcept
{
    std::array<std::uint32_t, 64> k{};
    std::uint32_t prime = 1;
    for (std::uint32_t &entry : k) {
        bool composite = true;
        while (composite) {
            ++prime;
            composite = false;
            for (std::uint32_t d = 2; d * d <= prime; ++d) composite = composite || prime % d == 0;
        }
        entry = static_cast<std::uint32_t>(integer_cube_root(u128{prime} << 96));
    }
    return k;
}

} // namespace sha256_constants

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube
// roots of the first 64 primes, computed at compile time. Aligned so that the
// SHA-NI code can load them four at a time: K[4g..4g+3], lowest lane first,
// go with the message words of rounds 4g..4g+3.
alignas(16) inline constexpr std::array<std::uint32_t, 64> sha256_round_constants = sha256_constants::derive();
static_assert(sha256_round_constants[0] == 0x428a2f98 && sha256_round_constants[63] == 0xc67178f2,
              "K[0] and K[63] as printed in FIPS 180-4");

using sha256_compress_fn = void (*)(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept;

/// FIPS 180-4 §6.2.2 in portable C++.
void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept;
/// The same with the x86 SHA extensions; call only if
/// sha_extensions_available() (codec/sha_extensions.hpp).
void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept;

/// The function in use: SHA-NI when available, unless TWOLEG_NO_SHANI is set (non-empty, not "0").
sha256_compress_fn sha256_compress() noexcept;

} // namespace twoleg::detail
