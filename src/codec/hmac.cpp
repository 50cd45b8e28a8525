// Implements codec/hmac.hpp from RFC 2104 §2 / FIPS 198-1 §4.
#include "codec/hmac.hpp"

#include <cstring>

#include "core/wipe.hpp"

namespace twoleg::detail {

hmac::hmac(hash_algorithm a, std::span<const std::uint8_t> key) noexcept
    : inner_keyed_(a), outer_keyed_(a), inner_(a)
{
    const std::size_t block = hash_block_size(a);
    // K0: the key, or its digest when longer than a block, then zeros.
    std::uint8_t k0[max_hash_block_size] = {};
    if (key.size() > block)
        hash_oneshot(a, key, std::span<std::uint8_t>(k0, block));
    else if (!key.empty())
        std::memcpy(k0, key.data(), key.size());

    std::uint8_t pad[max_hash_block_size];
    for (std::size_t i = 0; i < block; ++i) pad[i] = static_cast<std::uint8_t>(k0[i] ^ 0x36);
    inner_keyed_.update(std::span<const std::uint8_t>(pad, block));
    for (std::size_t i = 0; i < block; ++i) pad[i] = static_cast<std::uint8_t>(k0[i] ^ 0x5c);
    outer_keyed_.update(std::span<const std::uint8_t>(pad, block));
    secure_wipe(pad, sizeof pad);
    secure_wipe(k0, sizeof k0);
    inner_ = inner_keyed_;
}

void hmac::update(std::span<const std::uint8_t> data) noexcept { inner_.update(data); }

std::size_t hmac::finish(std::span<std::uint8_t> out) noexcept
{
    const std::size_t n = size();
    if (out.size() < n) return 0;
    std::uint8_t inner_digest[max_digest_size];
    inner_.finish(std::span<std::uint8_t>(inner_digest, n));
    any_hash outer = outer_keyed_;
    outer.update(std::span<const std::uint8_t>(inner_digest, n));
    outer.finish(out);
    secure_wipe(inner_digest, sizeof inner_digest);
    inner_ = inner_keyed_;
    return n;
}

std::size_t hmac_oneshot(hash_algorithm a, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data,
                         std::span<std::uint8_t> out) noexcept
{
    hmac mac(a, key);
    if (out.size() < mac.size()) return 0;
    mac.update(data);
    return mac.finish(out);
}

} // namespace twoleg::detail
