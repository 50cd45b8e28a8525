// Implements twoleg/sha256.hpp from FIPS 180-4 §4.1.2, §4.2.2, §5.1.1, §6.2.
#include "twoleg/sha256.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>

#include "codec/sha256_compress.hpp"
#include "codec/sha_extensions.hpp"

namespace twoleg {

namespace detail {

namespace {

// The portable compression is written for speed without giving up
// portability: plain C++20, no intrinsics, correct on any byte order.
//  - The rounds are written out sixteen at a time (the first sixteen, then a
//    loop over the other three groups). The eight working variables are never
//    shuffled: FIPS 180-4 §6.2.2 step 3 renames a..h after each round, and
//    here that renaming is the argument order of the next call, fixed at
//    compile time.
//  - The message schedule W_t lives in a 16-word circular buffer and is
//    computed just before the round that uses it (§6.2.2 step 1 with
//    W_{t-16} overwritten in place), so schedule and rounds interleave and
//    every buffer index is a constant.
//  - Big-endian loads are one memcpy plus a byte swap.
//  - Σ and σ use nested rotations, Maj reuses the previous round's a ⊕ b:
//    fewer instructions per round on machines without a three-operand rotate.
#if defined(__GNUC__) || defined(__clang__)
#define TWOLEG_SHA256_INLINE inline __attribute__((always_inline))
#else
#define TWOLEG_SHA256_INLINE inline
#endif

// The rotations are nested (rotr(rotr(x, m) ^ x, n) = rotr(x, m + n) ^ rotr(x, n)):
// the same values as §4.1.2 (4.4)-(4.7), with one copy of x instead of three.
constexpr std::uint32_t big_sigma0(std::uint32_t x) { return std::rotr(std::rotr(std::rotr(x, 9) ^ x, 11) ^ x, 2); }
constexpr std::uint32_t big_sigma1(std::uint32_t x) { return std::rotr(std::rotr(std::rotr(x, 14) ^ x, 5) ^ x, 6); }
constexpr std::uint32_t small_sigma0(std::uint32_t x) { return std::rotr(std::rotr(x, 11) ^ x, 7) ^ (x >> 3); }
constexpr std::uint32_t small_sigma1(std::uint32_t x) { return std::rotr(std::rotr(x, 2) ^ x, 17) ^ (x >> 10); }
constexpr bool nested_sigmas_match_the_definitions()
{
    // Each bit of the result depends on three bits of x: single bits at every
    // position, plus a few dense words, cover the identity.
    std::uint32_t samples[32 + 4] = {0, 0xffffffff, 0x12345678, 0x9abcdef0};
    for (int i = 0; i < 32; ++i) samples[4 + i] = std::uint32_t{1} << i;
    for (std::uint32_t x : samples)
        if (big_sigma0(x) != (std::rotr(x, 2) ^ std::rotr(x, 13) ^ std::rotr(x, 22)) ||
            big_sigma1(x) != (std::rotr(x, 6) ^ std::rotr(x, 11) ^ std::rotr(x, 25)) ||
            small_sigma0(x) != (std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3)) ||
            small_sigma1(x) != (std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10)))
            return false;
    return true;
}
static_assert(nested_sigmas_match_the_definitions());
// Ch(x, y, z) = (x ∧ y) ⊕ (¬x ∧ z): where x has a 1 take y, else z.
constexpr std::uint32_t ch(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return ((y ^ z) & x) ^ z; }

constexpr std::uint32_t byte_swap32(std::uint32_t v)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_bswap32(v);
#else
    return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
#endif
}

TWOLEG_SHA256_INLINE std::uint32_t load_be32(const std::uint8_t *p)
{
    if constexpr (std::endian::native == std::endian::little) {
        std::uint32_t v;
        std::memcpy(&v, p, 4);
        return byte_swap32(v);
    } else if constexpr (std::endian::native == std::endian::big) {
        std::uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    } else {
        return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
    }
}

// One round (§6.2.2 step 3) with the variables in the roles a..h:
// T1 = h + Σ1(e) + Ch(e,f,g) + K_t + W_t, T2 = Σ0(a) + Maj(a,b,c);
// the new e is d + T1 (written to d) and the new a is T1 + T2 (written to h).
// The caller passes the next round the same variables rotated by one.
// Maj(a,b,c) is computed as b ⊕ ((a ⊕ b) ∧ (b ⊕ c)) (where a and b agree
// that is their value, elsewhere c's); b ⊕ c arrives in bc, and a ⊕ b is
// left there, as it is the next round's b ⊕ c.
TWOLEG_SHA256_INLINE void step(std::uint32_t a, std::uint32_t b, std::uint32_t &d, std::uint32_t e, std::uint32_t f,
                                std::uint32_t g, std::uint32_t &h, std::uint32_t &bc, std::uint32_t k_plus_w)
{
    const std::uint32_t t = h + k_plus_w + ch(e, f, g);
    const std::uint32_t s1 = big_sigma1(e);
    d = (d + t) + s1;
    const std::uint32_t ab = a ^ b;
    h = (t + s1) + (big_sigma0(a) + (b ^ (ab & bc)));
    bc = ab;
}

// W_j for the round at offset j (0..15) of a group of 16: in the first group
// the message word itself, afterwards §6.2.2 step 1 on the circular buffer
// (w[j] holds W_{t-16}; W_{t-2}, W_{t-7}, W_{t-15} are at j-2, j-7, j-15 mod 16).
template <int j, bool expand>
TWOLEG_SHA256_INLINE std::uint32_t next_w(std::uint32_t (&w)[16], const std::uint8_t *block)
{
    if constexpr (!expand)
        return w[j] = load_be32(block + 4 * j);
    else
        return w[j] += small_sigma1(w[(j + 14) % 16]) + w[(j + 9) % 16] + small_sigma0(w[(j + 1) % 16]);
}

// Rounds t .. t+15, where k points at K_t; v holds a..h, then b ⊕ c.
// Sixteen is a multiple of eight, so after the group the variables are back
// in their own roles.
template <bool expand>
TWOLEG_SHA256_INLINE void sixteen_rounds(std::uint32_t (&v)[9], std::uint32_t (&w)[16], const std::uint32_t *k,
                                         const std::uint8_t *block)
{
    std::uint32_t &a = v[0], &b = v[1], &c = v[2], &d = v[3], &e = v[4], &f = v[5], &g = v[6], &h = v[7], &x = v[8];
    step(a, b, d, e, f, g, h, x, k[0] + next_w<0, expand>(w, block));
    step(h, a, c, d, e, f, g, x, k[1] + next_w<1, expand>(w, block));
    step(g, h, b, c, d, e, f, x, k[2] + next_w<2, expand>(w, block));
    step(f, g, a, b, c, d, e, x, k[3] + next_w<3, expand>(w, block));
    step(e, f, h, a, b, c, d, x, k[4] + next_w<4, expand>(w, block));
    step(d, e, g, h, a, b, c, x, k[5] + next_w<5, expand>(w, block));
    step(c, d, f, g, h, a, b, x, k[6] + next_w<6, expand>(w, block));
    step(b, c, e, f, g, h, a, x, k[7] + next_w<7, expand>(w, block));
    step(a, b, d, e, f, g, h, x, k[8] + next_w<8, expand>(w, block));
    step(h, a, c, d, e, f, g, x, k[9] + next_w<9, expand>(w, block));
    step(g, h, b, c, d, e, f, x, k[10] + next_w<10, expand>(w, block));
    step(f, g, a, b, c, d, e, x, k[11] + next_w<11, expand>(w, block));
    step(e, f, h, a, b, c, d, x, k[12] + next_w<12, expand>(w, block));
    step(d, e, g, h, a, b, c, x, k[13] + next_w<13, expand>(w, block));
    step(c, d, f, g, h, a, b, x, k[14] + next_w<14, expand>(w, block));
    step(b, c, e, f, g, h, a, x, k[15] + next_w<15, expand>(w, block));
}

} // namespace

void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept
{
    for (; count > 0; --count, blocks += 64) {
        std::uint32_t v[9] = {state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7],
                              state[1] ^ state[2]};
        std::uint32_t w[16];
        sixteen_rounds<false>(v, w, sha256_round_constants.data(), blocks);
        for (int t = 16; t < 64; t += 16) sixteen_rounds<true>(v, w, sha256_round_constants.data() + t, blocks);
        for (int i = 0; i < 8; ++i) state[i] += v[i];
    }
}

namespace {
sha256_compress_fn choose_compress() noexcept
{
    if (sha_extensions_in_use())
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
