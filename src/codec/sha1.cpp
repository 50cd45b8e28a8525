// Implements codec/sha1.hpp and the portable kernel of codec/sha1_compress.hpp
// from FIPS 180-4 §4.1.1, §5.1.1, §5.3.1 and §6.1.
#include "codec/sha1.hpp"

#include <algorithm>
#include <bit>

#include "codec/block_buffer.hpp"
#include "codec/sha1_compress.hpp"
#include "codec/sha_extensions.hpp"

namespace twoleg::detail {

namespace {

inline std::uint32_t load_be32(const std::uint8_t *p) noexcept
{
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

sha1_compress_fn choose_compress() noexcept
{
    if (sha_extensions_in_use()) return sha1_compress_shani;
    return sha1_compress_portable;
}

} // namespace

void sha1_compress_portable(std::uint32_t state[5], const std::uint8_t *blocks, std::size_t count) noexcept
{
    for (; count > 0; --count, blocks += 64) {
        // §6.1.2 step 1, with W in a 16-word circular buffer:
        // W_t = ROTL1(W_{t-3} ⊕ W_{t-8} ⊕ W_{t-14} ⊕ W_{t-16}).
        std::uint32_t w[16];
        for (int t = 0; t < 16; ++t) w[t] = load_be32(blocks + 4 * t);
        std::uint32_t v[5]; // the working variables a, b, c, d, e, named below
        std::copy_n(state, 5, v);
        auto &[a, b, c, d, e] = v;
        for (int t = 0; t < 80; ++t) {
            std::uint32_t wt;
            if (t < 16) {
                wt = w[t];
            } else {
                wt = std::rotl(w[(t + 13) % 16] ^ w[(t + 8) % 16] ^ w[(t + 2) % 16] ^ w[t % 16], 1);
                w[t % 16] = wt;
            }
            // §4.1.1 f_t and §4.2.1 K_t; t is the round number, not data.
            std::uint32_t f, k;
            if (t < 20) {
                f = (b & c) ^ (~b & d); // Ch
                k = 0x5a827999;
            } else if (t < 40) {
                f = b ^ c ^ d; // Parity
                k = 0x6ed9eba1;
            } else if (t < 60) {
                f = (b & c) ^ (b & d) ^ (c & d); // Maj
                k = 0x8f1bbcdc;
            } else {
                f = b ^ c ^ d;
                k = 0xca62c1d6;
            }
            const std::uint32_t temp = std::rotl(a, 5) + f + e + k + wt;
            e = d;
            d = c;
            c = std::rotl(b, 30);
            b = a;
            a = temp;
        }
        for (int i = 0; i < 5; ++i) state[i] += v[i];
    }
}

sha1_compress_fn sha1_compress() noexcept
{
    static const sha1_compress_fn chosen = choose_compress();
    return chosen;
}

void sha1::reset() noexcept
{
    state_ = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    total_bytes_ = 0;
    buffered_ = 0;
}

void sha1::update(std::span<const std::uint8_t> data) noexcept
{
    const auto compress = sha1_compress();
    absorb(buffer_, buffered_, total_bytes_, data,
           [&](const std::uint8_t *blocks, std::size_t count) { compress(state_.data(), blocks, count); });
}

sha1_digest sha1::finish() noexcept
{
    const auto compress = sha1_compress();
    pad_and_finish<sha1_block_size, 8, true>(
        buffer_, buffered_, total_bytes_,
        [&](const std::uint8_t *blocks, std::size_t count) { compress(state_.data(), blocks, count); });
    sha1_digest out;
    for (std::size_t i = 0; i < sha1_digest_size; ++i)
        out[i] = static_cast<std::uint8_t>(state_[i / 4] >> (24 - 8 * (i % 4)));
    reset();
    return out;
}

sha1_digest sha1_hash(std::span<const std::uint8_t> data) noexcept
{
    return hash_in_one_call<sha1>(data);
}

const char *sha1_implementation() noexcept
{
    return sha1_compress() == sha1_compress_shani ? "sha-ni" : "portable";
}

} // namespace twoleg::detail
