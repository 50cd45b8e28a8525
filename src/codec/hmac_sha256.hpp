// Internal: HMAC-SHA-256 (RFC 2104, FIPS 198-1), streaming, no heap memory.
//
// A key longer than the 64-byte block is hashed first (RFC 2104 §3). The
// object keeps the padded key only inside two sha256 states and wipes its
// copy of the key block; destroy or reset it with the key still secret-safe:
// ~hmac_sha256 wipes the inner and outer states.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>

#include "twoleg/sha256.hpp"

namespace twoleg::detail {

class hmac_sha256 {
  public:
    explicit hmac_sha256(std::span<const std::uint8_t> key) noexcept;
    ~hmac_sha256();
    hmac_sha256(const hmac_sha256 &) = delete;
    hmac_sha256 &operator=(const hmac_sha256 &) = delete;

    void update(std::span<const std::uint8_t> data) noexcept { inner_.update(data); }
    /// The MAC of everything absorbed; the object then starts a new message with the same key.
    sha256_digest finish() noexcept;

  private:
    sha256 inner_start_, outer_start_, inner_;
};

/// One-shot HMAC-SHA-256 of the concatenation of `parts`.
sha256_digest hmac_sha256_of(std::span<const std::uint8_t> key,
                             std::initializer_list<std::span<const std::uint8_t>> parts) noexcept;

} // namespace twoleg::detail
