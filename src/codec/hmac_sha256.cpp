// Implements codec/hmac_sha256.hpp.
#include "codec/hmac_sha256.hpp"

#include <array>
#include <initializer_list>

#include "core/wipe.hpp"

namespace twoleg::detail {

hmac_sha256::hmac_sha256(std::span<const std::uint8_t> key) noexcept
{
    std::array<std::uint8_t, sha256_block_size> block{};
    if (key.size() > block.size()) {
        sha256_digest hashed = sha256_hash(key);
        std::copy(hashed.begin(), hashed.end(), block.begin());
        secure_wipe(hashed.data(), hashed.size());
    } else {
        std::copy(key.begin(), key.end(), block.begin());
    }
    for (auto &b : block) b ^= 0x36;
    inner_start_.update(block);
    for (auto &b : block) b ^= 0x36 ^ 0x5c;
    outer_start_.update(block);
    secure_wipe(block.data(), block.size());
    inner_ = inner_start_;
}

hmac_sha256::~hmac_sha256()
{
    secure_wipe(&inner_start_, sizeof inner_start_);
    secure_wipe(&outer_start_, sizeof outer_start_);
    secure_wipe(&inner_, sizeof inner_);
}

sha256_digest hmac_sha256::finish() noexcept
{
    sha256_digest inner_digest = inner_.finish();
    sha256 outer = outer_start_;
    outer.update(inner_digest);
    secure_wipe(inner_digest.data(), inner_digest.size());
    inner_ = inner_start_;
    sha256_digest mac = outer.finish();
    secure_wipe(&outer, sizeof outer);
    return mac;
}

sha256_digest hmac_sha256_of(std::span<const std::uint8_t> key,
                             std::initializer_list<std::span<const std::uint8_t>> parts) noexcept
{
    hmac_sha256 mac(key);
    for (auto part : parts) mac.update(part);
    return mac.finish();
}

} // namespace twoleg::detail
