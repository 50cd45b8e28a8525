// Implements ec/rfc6979.hpp.
#include "ec/rfc6979.hpp"

#include <algorithm>
#include <initializer_list>

#include "codec/hmac.hpp"
#include "twoleg/sha256.hpp"
#include "core/wipe.hpp"
#include "ec/p256_point.hpp"

namespace twoleg::detail {

namespace {
using bytes = std::span<const std::uint8_t>;
constexpr std::uint8_t zero_byte[1] = {0x00};
constexpr std::uint8_t one_byte[1] = {0x01};

/// HMAC-SHA-256 under `key` of the concatenation of `parts`.
sha256_digest hmac_sha256_of(std::span<const std::uint8_t> key, std::initializer_list<bytes> parts) noexcept
{
    hmac mac(hash_algorithm::sha256, key);
    for (bytes part : parts) mac.update(part);
    sha256_digest out{};
    mac.finish(out);
    return out;
}
} // namespace

rfc6979_p256::rfc6979_p256(std::span<const std::uint8_t, 32> x, std::span<const std::uint8_t, 32> h,
                           std::span<const std::uint8_t> extra) noexcept
{
    // Steps b to g of RFC 6979 §3.2.
    value_.fill(0x01);
    key_.fill(0x00);
    sha256_digest t = hmac_sha256_of(key_, {bytes(value_), bytes(zero_byte), bytes(x), bytes(h), extra});
    std::copy(t.begin(), t.end(), key_.begin());
    t = hmac_sha256_of(key_, {bytes(value_)});
    std::copy(t.begin(), t.end(), value_.begin());
    t = hmac_sha256_of(key_, {bytes(value_), bytes(one_byte), bytes(x), bytes(h), extra});
    std::copy(t.begin(), t.end(), key_.begin());
    t = hmac_sha256_of(key_, {bytes(value_)});
    std::copy(t.begin(), t.end(), value_.begin());
    secure_wipe(t.data(), t.size());
}

rfc6979_p256::~rfc6979_p256()
{
    secure_wipe(key_.data(), key_.size());
    secure_wipe(value_.data(), value_.size());
}

void rfc6979_p256::next(std::span<std::uint8_t, 32> k) noexcept
{
    sha256_digest t;
    for (;;) {
        if (started_) {
            // Step h.3: K = HMAC_K(V || 0x00), V = HMAC_K(V).
            t = hmac_sha256_of(key_, {bytes(value_), bytes(zero_byte)});
            std::copy(t.begin(), t.end(), key_.begin());
            t = hmac_sha256_of(key_, {bytes(value_)});
            std::copy(t.begin(), t.end(), value_.begin());
        }
        started_ = true;
        // Steps h.1-h.2: qlen = hlen = 256, so one block of HMAC output is T.
        t = hmac_sha256_of(key_, {bytes(value_)});
        std::copy(t.begin(), t.end(), value_.begin());
        const mont256::limbs candidate = mont256::from_bytes(std::span<const std::uint8_t, 32>(value_));
        const bool in_range =
            (mont256::mask_less_than(candidate, p256::order.m) & ~mont256::mask_is_zero(candidate)) != 0;
        if (in_range) break;
    }
    std::copy(value_.begin(), value_.end(), k.begin());
    secure_wipe(t.data(), t.size());
}

} // namespace twoleg::detail
