// Internal: SHA-512 and SHA-384 (FIPS 180-4 §6.4, §6.5), streaming and one-shot.
//
// For PBKDF2 hmacWithSHA384/512 and SHA-384/512 PKCS#12 MACs. Portable C++
// only (x86 has no SHA-512 instructions before SHA512 extensions, which we
// do not use). Control flow and memory accesses depend only on the message
// length. Both classes are trivially copyable values with no heap memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace twoleg::detail {

inline constexpr std::size_t sha512_digest_size = 64;
inline constexpr std::size_t sha384_digest_size = 48;
inline constexpr std::size_t sha512_block_size = 128;
using sha512_digest = std::array<std::uint8_t, sha512_digest_size>;
using sha384_digest = std::array<std::uint8_t, sha384_digest_size>;

/// FIPS 180-4 §6.4.2: `count` 128-byte blocks into `state`.
void sha512_compress(std::uint64_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept;

class sha512 {
  public:
    sha512() noexcept { reset(); }
    /// Returns the object to the initial state (H0 of FIPS 180-4 §5.3.5).
    void reset() noexcept;
    /// Absorbs more message bytes; an empty span (null data()) is fine.
    void update(std::span<const std::uint8_t> data) noexcept;
    /// Pads (§5.1.2), produces the digest and resets the object for reuse.
    sha512_digest finish() noexcept;

  private:
    friend class sha384;
    void finish_into(std::uint8_t *out, std::size_t size) noexcept;
    std::array<std::uint64_t, 8> state_{};
    std::array<std::uint8_t, sha512_block_size> buffer_{};
    std::uint64_t total_bytes_ = 0; // messages are far below 2^64 bytes
    std::size_t buffered_ = 0;
};

class sha384 {
  public:
    sha384() noexcept { reset(); }
    /// Returns the object to the initial state (H0 of FIPS 180-4 §5.3.4).
    void reset() noexcept;
    /// Absorbs more message bytes; an empty span (null data()) is fine.
    void update(std::span<const std::uint8_t> data) noexcept { inner_.update(data); }
    /// Pads, produces the 48-byte digest and resets the object for reuse.
    sha384_digest finish() noexcept;

  private:
    sha512 inner_; // SHA-384 is SHA-512 from another initial value, truncated
};

/// One-shot helpers.
sha512_digest sha512_hash(std::span<const std::uint8_t> data) noexcept;
sha384_digest sha384_hash(std::span<const std::uint8_t> data) noexcept;

} // namespace twoleg::detail
