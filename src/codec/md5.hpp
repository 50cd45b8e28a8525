// Internal: MD5 (RFC 1321), streaming and one-shot.
//
// MD5 is broken as a hash. twoleg has it for one reason only: OpenSSL's
// traditional encrypted PEM ("Proc-Type: 4,ENCRYPTED") derives its key with
// EVP_BytesToKey over MD5 (see pem_kdf.hpp). Do not use it for anything else.
// Control flow and memory accesses depend only on the message length; a
// trivially copyable value with no heap memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace twoleg::detail {

inline constexpr std::size_t md5_digest_size = 16;
inline constexpr std::size_t md5_block_size = 64;
using md5_digest = std::array<std::uint8_t, md5_digest_size>;

class md5 {
  public:
    md5() noexcept { reset(); }
    /// Returns the object to the initial state (RFC 1321 §3.3).
    void reset() noexcept;
    /// Absorbs more message bytes; an empty span (null data()) is fine.
    void update(std::span<const std::uint8_t> data) noexcept;
    /// Pads (§3.1, §3.2), produces the digest and resets the object for reuse.
    md5_digest finish() noexcept;

  private:
    std::array<std::uint32_t, 4> state_{};
    std::array<std::uint8_t, md5_block_size> buffer_{};
    std::uint64_t total_bytes_ = 0;
    std::size_t buffered_ = 0;
};

/// MD5 of data in one call.
md5_digest md5_hash(std::span<const std::uint8_t> data) noexcept;

} // namespace twoleg::detail
