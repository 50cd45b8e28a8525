// twoleg/sha256.hpp — SHA-256 (FIPS 180-4), streaming and one-shot.
//
// Written from the specification. The compression function is chosen once at
// run time: the x86 SHA extensions (SHA-NI) when the CPU has them, the portable
// C++ code otherwise; setting the environment variable TWOLEG_NO_SHANI=1
// before the first hash forces the portable code. Both give identical results.
// A sha256 object is a plain value with no heap memory; use one per thread.
// Inputs are public data for twoleg's purposes (no secret-dependent timing
// concerns beyond the data-independent control flow SHA-256 already has).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace twoleg {

inline constexpr std::size_t sha256_digest_size = 32;
inline constexpr std::size_t sha256_block_size = 64;
using sha256_digest = std::array<std::uint8_t, sha256_digest_size>;

class sha256 {
  public:
    sha256() noexcept { reset(); }

    /// Returns the object to the initial state (H0 of FIPS 180-4 §5.3.3).
    void reset() noexcept;
    /// Absorbs more message bytes; may be called any number of times.
    void update(std::span<const std::uint8_t> data) noexcept;
    void update(std::string_view text) noexcept;
    /// Pads, produces the digest and resets the object for reuse.
    sha256_digest finish() noexcept;

  private:
    std::array<std::uint32_t, 8> state_{};
    std::array<std::uint8_t, sha256_block_size> buffer_{};
    std::uint64_t total_bytes_ = 0;
    std::size_t buffered_ = 0;
};

/// One-shot helpers.
sha256_digest sha256_hash(std::span<const std::uint8_t> data) noexcept;
sha256_digest sha256_hash(std::string_view text) noexcept;

/// "sha-ni" or "portable": the compression function in use.
const char *sha256_implementation() noexcept;

} // namespace twoleg
