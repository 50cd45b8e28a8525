// Internal: the deterministic ECDSA nonce of RFC 6979 §3.2 for P-256 with
// HMAC-SHA-256, with the optional additional data k' of §3.6.
//
// The generator is seeded with int2octets(x) and bits2octets(h1) (for
// SHA-256 and the 256-bit order n, bits2int is the identity and
// bits2octets(h1) = h1 mod n) followed by `extra` when it is non-empty, and
// then yields candidates k in [1, n−1] (step h of §3.2); `next` continues
// with the K/V update of step h.3 when the caller needs another nonce (r or s
// was zero). K, V and every candidate are wiped; no heap memory.
// Constant time in x and h1 except for the (public, probability < 2^-32)
// rejection of a candidate outside [1, n−1].
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace twoleg::detail {

class rfc6979_p256 {
  public:
    rfc6979_p256(std::span<const std::uint8_t, 32> private_scalar, std::span<const std::uint8_t, 32> digest_mod_n,
                 std::span<const std::uint8_t> extra) noexcept;
    ~rfc6979_p256();
    rfc6979_p256(const rfc6979_p256 &) = delete;
    rfc6979_p256 &operator=(const rfc6979_p256 &) = delete;

    /// The next nonce candidate in [1, n−1], big-endian.
    void next(std::span<std::uint8_t, 32> k) noexcept;

  private:
    std::array<std::uint8_t, 32> key_{};
    std::array<std::uint8_t, 32> value_{};
    bool started_ = false;
};

} // namespace twoleg::detail
