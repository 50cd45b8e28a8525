// Internal: HMAC (RFC 2104, FIPS 198-1) over any hash_algorithm.
//
// The key (hashed first when longer than the block size), the ipad/opad
// blocks and the keyed states are secrets: the scratch is wiped at once and
// the keyed states when the hmac object dies. Verify tags with equal_ct
// (codec/constant_time.hpp), never with memcmp or ==.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codec/hash.hpp"

namespace twoleg::detail {

class hmac {
  public:
    /// Keys the MAC; any key length, including empty (null data()).
    hmac(hash_algorithm a, std::span<const std::uint8_t> key) noexcept;

    hash_algorithm algorithm() const noexcept { return inner_.algorithm(); }
    /// Tag size in bytes: digest_size(algorithm()).
    std::size_t size() const noexcept { return inner_.size(); }

    /// Absorbs more message bytes; an empty span is fine.
    void update(std::span<const std::uint8_t> data) noexcept;
    /// Writes the tag (size() bytes) to the start of out and makes the object
    /// ready for a new message under the same key. Returns size(), or 0
    /// (writing nothing, state kept) when out is shorter.
    std::size_t finish(std::span<std::uint8_t> out) noexcept;

  private:
    any_hash inner_keyed_; // H state after K ⊕ ipad
    any_hash outer_keyed_; // H state after K ⊕ opad
    any_hash inner_;       // inner_keyed_ plus the message so far
};

/// HMAC of data under key into out (see hmac::finish).
std::size_t hmac_oneshot(hash_algorithm a, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data,
                         std::span<std::uint8_t> out) noexcept;

} // namespace twoleg::detail
