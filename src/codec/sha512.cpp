// Implements codec/sha512.hpp from FIPS 180-4 §4.1.3, §4.2.3, §5.1.2,
// §5.3.4, §5.3.5 and §6.4.
#include "codec/sha512.hpp"

#include <algorithm>
#include <bit>

#include "codec/block_buffer.hpp"

namespace twoleg::detail {

namespace {

// §4.2.3: the first 64 bits of the fractional parts of the cube roots of the
// first eighty primes.
constexpr std::uint64_t round_constants[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
    0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
    0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
    0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
    0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
    0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
    0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
    0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
    0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
    0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
};

inline std::uint64_t load_be64(const std::uint8_t *p) noexcept
{
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
    return v;
}

constexpr std::uint64_t big_sigma0(std::uint64_t x) { return std::rotr(x, 28) ^ std::rotr(x, 34) ^ std::rotr(x, 39); }
constexpr std::uint64_t big_sigma1(std::uint64_t x) { return std::rotr(x, 14) ^ std::rotr(x, 18) ^ std::rotr(x, 41); }
constexpr std::uint64_t small_sigma0(std::uint64_t x) { return std::rotr(x, 1) ^ std::rotr(x, 8) ^ (x >> 7); }
constexpr std::uint64_t small_sigma1(std::uint64_t x) { return std::rotr(x, 19) ^ std::rotr(x, 61) ^ (x >> 6); }


} // namespace

void sha512_compress(std::uint64_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept
{
    for (; count > 0; --count, blocks += 128) {
        std::uint64_t w[16];
        for (int t = 0; t < 16; ++t) w[t] = load_be64(blocks + 8 * t);
        std::uint64_t v[8]; // the working variables a, b, c, d, e, f, g, h, named below
        std::copy_n(state, 8, v);
        auto &[a, b, c, d, e, f, g, h] = v;
        for (int t = 0; t < 80; ++t) {
            std::uint64_t wt;
            if (t < 16) {
                wt = w[t];
            } else {
                // §6.4.2 step 1 on a circular buffer: w[t%16] holds W_{t-16}.
                wt = w[t % 16] += small_sigma1(w[(t + 14) % 16]) + w[(t + 9) % 16] + small_sigma0(w[(t + 1) % 16]);
            }
            const std::uint64_t t1 = h + big_sigma1(e) + ((e & f) ^ (~e & g)) + round_constants[t] + wt;
            const std::uint64_t t2 = big_sigma0(a) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        for (int i = 0; i < 8; ++i) state[i] += v[i];
    }
}

void sha512::reset() noexcept
{
    state_ = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
              0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
    total_bytes_ = 0;
    buffered_ = 0;
}

void sha512::update(std::span<const std::uint8_t> data) noexcept
{
    absorb(buffer_, buffered_, total_bytes_, data,
           [&](const std::uint8_t *blocks, std::size_t count) { sha512_compress(state_.data(), blocks, count); });
}

void sha512::finish_into(std::uint8_t *out, std::size_t size) noexcept
{
    pad_and_finish<sha512_block_size, 16, true>(
        buffer_, buffered_, total_bytes_,
        [&](const std::uint8_t *blocks, std::size_t count) { sha512_compress(state_.data(), blocks, count); });
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(state_[i / 8] >> (56 - 8 * (i % 8)));
}

sha512_digest sha512::finish() noexcept
{
    sha512_digest out;
    finish_into(out.data(), out.size());
    reset();
    return out;
}

void sha384::reset() noexcept
{
    // §5.3.4: SHA-384's own initial value.
    inner_.state_ = {0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
                     0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4};
    inner_.total_bytes_ = 0;
    inner_.buffered_ = 0;
}

sha384_digest sha384::finish() noexcept
{
    sha384_digest out; // §6.5: the leftmost 384 bits
    inner_.finish_into(out.data(), out.size());
    reset();
    return out;
}

sha512_digest sha512_hash(std::span<const std::uint8_t> data) noexcept
{
    return hash_in_one_call<sha512>(data);
}

sha384_digest sha384_hash(std::span<const std::uint8_t> data) noexcept
{
    return hash_in_one_call<sha384>(data);
}

} // namespace twoleg::detail
