// Implements twoleg/sha256.hpp from FIPS 180-4 §4.1.2, §4.2.2, §5.1.1, §6.2.
#include "twoleg/sha256.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "internal/sha256_compress.hpp"

namespace twoleg {

namespace detail {

namespace {

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube
// roots of the first 64 primes.
constexpr std::uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
constexpr std::uint32_t ch(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return (x & y) ^ (~x & z); }
constexpr std::uint32_t maj(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return (x & y) ^ (x & z) ^ (y & z); }
constexpr std::uint32_t big_sigma0(std::uint32_t x) { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
constexpr std::uint32_t big_sigma1(std::uint32_t x) { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
constexpr std::uint32_t small_sigma0(std::uint32_t x) { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
constexpr std::uint32_t small_sigma1(std::uint32_t x) { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }

inline std::uint32_t load_be32(const std::uint8_t *p)
{
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

} // namespace

void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept
{
    for (; count > 0; --count, blocks += 64) {
        std::uint32_t w[64];
        for (int t = 0; t < 16; ++t) w[t] = load_be32(blocks + 4 * t);
        for (int t = 16; t < 64; ++t)
            w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
        std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; ++t) {
            std::uint32_t t1 = h + big_sigma1(e) + ch(e, f, g) + round_constants[t] + w[t];
            std::uint32_t t2 = big_sigma0(a) + maj(a, b, c);
            h = g; g = f; f = e; e = d + t1;
            d = c; c = b; b = a; a = t1 + t2;
        }
        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
    }
}

namespace {
sha256_compress_fn choose_compress() noexcept
{
    const char *force = std::getenv("TWOLEG_NO_SHANI");
    if ((!force || !*force || std::strcmp(force, "0") == 0) && sha256_shani_available())
        return sha256_compress_shani;
    return sha256_compress_portable;
}
} // namespace

sha256_compress_fn sha256_compress() noexcept
{
    static const sha256_compress_fn chosen = choose_compress();
    return chosen;
}

} // namespace detail

void sha256::reset() noexcept
{
    // FIPS 180-4 §5.3.3.
    state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    total_bytes_ = 0;
    buffered_ = 0;
}

void sha256::update(std::span<const std::uint8_t> data) noexcept
{
    // Nothing to add; an empty span's data() may be null, which memcpy must
    // not be given even for zero bytes.
    if (data.empty()) return;
    const auto compress = detail::sha256_compress();
    const std::uint8_t *p = data.data();
    std::size_t n = data.size();
    total_bytes_ += n;
    if (buffered_ > 0) {
        std::size_t take = std::min(n, sha256_block_size - buffered_);
        std::memcpy(buffer_.data() + buffered_, p, take);
        buffered_ += take;
        p += take;
        n -= take;
        if (buffered_ < sha256_block_size) return;
        compress(state_.data(), buffer_.data(), 1);
        buffered_ = 0;
    }
    if (n >= sha256_block_size) {
        std::size_t blocks = n / sha256_block_size;
        compress(state_.data(), p, blocks);
        p += blocks * sha256_block_size;
        n -= blocks * sha256_block_size;
    }
    if (n > 0) {
        std::memcpy(buffer_.data(), p, n);
        buffered_ = n;
    }
}

void sha256::update(std::string_view text) noexcept
{
    update(std::span(reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

sha256_digest sha256::finish() noexcept
{
    // FIPS 180-4 §5.1.1: 0x80, zeros to 56 mod 64, then the bit length big-endian.
    const std::uint64_t bit_length = total_bytes_ * 8;
    std::uint8_t pad[sha256_block_size + 8] = {0x80};
    std::size_t pad_len = (buffered_ < 56 ? 56 : 120) - buffered_;
    for (int i = 0; i < 8; ++i) pad[pad_len + i] = static_cast<std::uint8_t>(bit_length >> (56 - 8 * i));
    update(std::span<const std::uint8_t>(pad, pad_len + 8));
    sha256_digest out;
    for (int i = 0; i < 8; ++i) {
        out[4 * i] = static_cast<std::uint8_t>(state_[i] >> 24);
        out[4 * i + 1] = static_cast<std::uint8_t>(state_[i] >> 16);
        out[4 * i + 2] = static_cast<std::uint8_t>(state_[i] >> 8);
        out[4 * i + 3] = static_cast<std::uint8_t>(state_[i]);
    }
    reset();
    return out;
}

sha256_digest sha256_hash(std::span<const std::uint8_t> data) noexcept
{
    sha256 h;
    h.update(data);
    return h.finish();
}

sha256_digest sha256_hash(std::string_view text) noexcept
{
    sha256 h;
    h.update(text);
    return h.finish();
}

const char *sha256_implementation() noexcept
{
    return detail::sha256_compress() == detail::sha256_compress_shani ? "sha-ni" : "portable";
}

} // namespace twoleg
