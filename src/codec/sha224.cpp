// Implements codec/sha224.hpp (FIPS 180-4 §5.3.2, §6.3): the SHA-256
// compression chosen for SHA-256, from SHA-224's initial hash value.
#include "codec/sha224.hpp"

#include "codec/block_buffer.hpp"
#include "codec/sha256_compress.hpp"

namespace twoleg::detail {

void sha224::reset() noexcept
{
    state_ = {0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};
    total_bytes_ = 0;
    buffered_ = 0;
}

void sha224::update(std::span<const std::uint8_t> data) noexcept
{
    const auto compress = sha256_compress();
    absorb(buffer_, buffered_, total_bytes_, data,
           [&](const std::uint8_t *blocks, std::size_t count) { compress(state_.data(), blocks, count); });
}

sha224_digest sha224::finish() noexcept
{
    const auto compress = sha256_compress();
    pad_and_finish<sha224_block_size, 8, true>(
        buffer_, buffered_, total_bytes_,
        [&](const std::uint8_t *blocks, std::size_t count) { compress(state_.data(), blocks, count); });
    sha224_digest out; // H0..H6: the leftmost 224 bits
    for (std::size_t i = 0; i < sha224_digest_size; ++i)
        out[i] = static_cast<std::uint8_t>(state_[i / 4] >> (24 - 8 * (i % 4)));
    reset();
    return out;
}

sha224_digest sha224_hash(std::span<const std::uint8_t> data) noexcept
{
    return hash_in_one_call<sha224>(data);
}

} // namespace twoleg::detail
