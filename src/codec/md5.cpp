// Implements codec/md5.hpp from RFC 1321 §3 (the algorithm description, not
// its reference code).
#include "codec/md5.hpp"

#include <algorithm>
#include <bit>

#include "codec/block_buffer.hpp"

namespace twoleg::detail {

namespace {

// §3.4: T[i] = floor(2^32 · |sin(i + 1)|).
constexpr std::uint32_t sines[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
// §3.4: the rotation amounts, four per round.
constexpr int shifts[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

inline std::uint32_t load_le32(const std::uint8_t *p) noexcept
{
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}

void compress(std::uint32_t state[4], const std::uint8_t *blocks, std::size_t count) noexcept
{
    for (; count > 0; --count, blocks += 64) {
        std::uint32_t x[16];
        for (int i = 0; i < 16; ++i) x[i] = load_le32(blocks + 4 * i);
        std::uint32_t v[4]; // the working variables a, b, c, d, named below
        std::copy_n(state, 4, v);
        auto &[a, b, c, d] = v;
        for (int i = 0; i < 64; ++i) {
            // The round (i / 16) picks the function and the word order; both
            // depend on i only.
            std::uint32_t f;
            int k;
            switch (i / 16) {
            case 0:
                f = (b & c) | (~b & d); // F
                k = i;
                break;
            case 1:
                f = (b & d) | (c & ~d); // G
                k = (5 * i + 1) % 16;
                break;
            case 2:
                f = b ^ c ^ d; // H
                k = (3 * i + 5) % 16;
                break;
            default:
                f = c ^ (b | ~d); // I
                k = (7 * i) % 16;
                break;
            }
            const std::uint32_t rotated = std::rotl(a + f + x[k] + sines[i], shifts[i / 16][i % 4]);
            a = d;
            d = c;
            c = b;
            b = b + rotated;
        }
        for (int i = 0; i < 4; ++i) state[i] += v[i];
    }
}

} // namespace

void md5::reset() noexcept
{
    state_ = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    total_bytes_ = 0;
    buffered_ = 0;
}

void md5::update(std::span<const std::uint8_t> data) noexcept
{
    absorb(buffer_, buffered_, total_bytes_, data,
           [&](const std::uint8_t *blocks, std::size_t count) { compress(state_.data(), blocks, count); });
}

md5_digest md5::finish() noexcept
{
    pad_and_finish<md5_block_size, 8, false>(
        buffer_, buffered_, total_bytes_,
        [&](const std::uint8_t *blocks, std::size_t count) { compress(state_.data(), blocks, count); });
    md5_digest out; // §3.5: A, B, C, D, low-order byte first
    for (std::size_t i = 0; i < md5_digest_size; ++i) out[i] = static_cast<std::uint8_t>(state_[i / 4] >> (8 * (i % 4)));
    reset();
    return out;
}

md5_digest md5_hash(std::span<const std::uint8_t> data) noexcept
{
    return hash_in_one_call<md5>(data);
}

} // namespace twoleg::detail
