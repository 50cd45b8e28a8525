// Internal: a hash chosen at run time, for HMAC, PBKDF2 and the PKCS#12 key
// derivation, whose algorithm comes from a file (an OID the caller maps to
// hash_algorithm).
//
// any_hash holds one of SHA-1, SHA-224, SHA-256, SHA-384, SHA-512 by value
// (no heap memory) and wipes its state when destroyed, because HMAC and the
// KDFs keep key-dependent states in it. Copying is cheap and intended: HMAC
// copies its keyed states for every message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codec/sha1.hpp"
#include "codec/sha224.hpp"
#include "codec/sha512.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg::detail {

enum class hash_algorithm : std::uint8_t { sha1, sha224, sha256, sha384, sha512 };

inline constexpr std::size_t max_digest_size = 64;
inline constexpr std::size_t max_hash_block_size = 128;

/// Output size in bytes: 20, 28, 32, 48, 64.
constexpr std::size_t digest_size(hash_algorithm a) noexcept
{
    switch (a) {
    case hash_algorithm::sha1: return 20;
    case hash_algorithm::sha224: return 28;
    case hash_algorithm::sha256: return 32;
    case hash_algorithm::sha384: return 48;
    case hash_algorithm::sha512: return 64;
    }
    return 0;
}

/// Block size in bytes (HMAC's B, PKCS#12's v): 64, or 128 for SHA-384/512.
constexpr std::size_t hash_block_size(hash_algorithm a) noexcept
{
    return a == hash_algorithm::sha384 || a == hash_algorithm::sha512 ? 128 : 64;
}

/// "SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512" (static strings).
const char *hash_name(hash_algorithm a) noexcept;

class any_hash {
  public:
    explicit any_hash(hash_algorithm a) noexcept;
    any_hash(const any_hash &other) noexcept;
    any_hash &operator=(const any_hash &other) noexcept;
    /// Overwrites the state (it may be derived from a key).
    ~any_hash();

    hash_algorithm algorithm() const noexcept { return algorithm_; }
    std::size_t size() const noexcept { return digest_size(algorithm_); }

    /// Absorbs more message bytes; an empty span (null data()) is fine.
    void update(std::span<const std::uint8_t> data) noexcept;
    /// Writes the digest (size() bytes) to the start of out and resets the
    /// hash for a new message. Returns size(), or 0 (writing nothing, state
    /// kept) when out is shorter than size().
    std::size_t finish(std::span<std::uint8_t> out) noexcept;

  private:
    union state {
        state() noexcept {}
        sha1 s1;
        sha224 s224;
        sha256 s256;
        sha384 s384;
        sha512 s512;
    };
    hash_algorithm algorithm_;
    state state_;
};

/// The digest of data with algorithm a into out (see any_hash::finish).
std::size_t hash_oneshot(hash_algorithm a, std::span<const std::uint8_t> data, std::span<std::uint8_t> out) noexcept;

} // namespace twoleg::detail
