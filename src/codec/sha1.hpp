// Internal: SHA-1 (FIPS 180-4 §6.1), streaming and one-shot.
//
// Only for the formats that still name it: PKCS#12 MACs and key derivation
// (RFC 7292), PBKDF2 with hmacWithSHA1 (RFC 8018). Never for a new signature.
// The compression function is chosen once at run time, exactly as for
// SHA-256: the x86 SHA extensions when cpu_features().sha_ni, unless
// TWOLEG_NO_SHANI is set; the portable code otherwise. Both give the same
// result. Control flow and memory accesses depend only on the message length.
// A sha1 object is a trivially copyable value with no heap memory (any_hash
// and hmac wipe the copies that hold secrets).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace twoleg::detail {

inline constexpr std::size_t sha1_digest_size = 20;
inline constexpr std::size_t sha1_block_size = 64;
using sha1_digest = std::array<std::uint8_t, sha1_digest_size>;

class sha1 {
  public:
    sha1() noexcept { reset(); }

    /// Returns the object to the initial state (H0 of FIPS 180-4 §5.3.1).
    void reset() noexcept;
    /// Absorbs more message bytes; an empty span (null data()) is fine.
    void update(std::span<const std::uint8_t> data) noexcept;
    /// Pads (§5.1.1), produces the digest and resets the object for reuse.
    sha1_digest finish() noexcept;

  private:
    std::array<std::uint32_t, 5> state_{};
    std::array<std::uint8_t, sha1_block_size> buffer_{};
    std::uint64_t total_bytes_ = 0;
    std::size_t buffered_ = 0;
};

/// SHA-1 of data in one call.
sha1_digest sha1_hash(std::span<const std::uint8_t> data) noexcept;

/// "sha-ni" or "portable": the compression function in use.
const char *sha1_implementation() noexcept;

} // namespace twoleg::detail
