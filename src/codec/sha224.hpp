// Internal: SHA-224 (FIPS 180-4 §6.3): the SHA-256 compression (SHA-NI or
// portable, as chosen for SHA-256) from SHA-224's initial value, truncated to
// 28 bytes. For hmacWithSHA224 (PBKDF2) and SHA-224 PKCS#12 MACs.
// Data-independent control flow; trivially copyable, no heap memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace twoleg::detail {

inline constexpr std::size_t sha224_digest_size = 28;
inline constexpr std::size_t sha224_block_size = 64;
using sha224_digest = std::array<std::uint8_t, sha224_digest_size>;

class sha224 {
  public:
    sha224() noexcept { reset(); }

    /// Returns the object to the initial state (H0 of FIPS 180-4 §5.3.2).
    void reset() noexcept;
    /// Absorbs more message bytes; an empty span (null data()) is fine.
    void update(std::span<const std::uint8_t> data) noexcept;
    /// Pads, produces the digest and resets the object for reuse.
    sha224_digest finish() noexcept;

  private:
    std::array<std::uint32_t, 8> state_{};
    std::array<std::uint8_t, sha224_block_size> buffer_{};
    std::uint64_t total_bytes_ = 0;
    std::size_t buffered_ = 0;
};

/// SHA-224 of data in one call.
sha224_digest sha224_hash(std::span<const std::uint8_t> data) noexcept;

} // namespace twoleg::detail
