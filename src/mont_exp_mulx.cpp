// The mulx Montgomery kernel behind modexp_ct (src/internal/mont_exp.hpp):
// product-scanning (column-wise) Montgomery multiplication and squaring, fully
// unrolled for a fixed limb count, and a fixed-window exponentiation on top.
//
// Representation: "almost Montgomery" values x < R = 2^(64N), not necessarily
// < m. For a, b < R the column sums give t = (a·b + q·m) / R < R + m; when t
// overflows R (a carry out of the top limb) m is subtracted with a mask, so the
// result is again < R. No comparison with m happens inside the exponentiation;
// the exit multiplication by 1 yields a value ≤ m (= m only for x ≡ 0), and one
// masked subtraction makes it < m.
//
// Each column is summed in fresh three-limb accumulators (one for the a·b
// products, one for the q·m products that do not involve the newest q) that are
// only then folded into the running sum: their multiplications and additions do
// not wait for the previous column, so the processor overlaps them with the
// short serial chain q_k = c0·(-m^-1) → q_k·m_0 → next column.
//
// Only the limb count and the exponent's bit length steer branches and
// addresses; every window costs W squarings, one full table scan and one
// multiplication, whatever its value.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <utility>

#include "internal/mont_exp.hpp"

namespace twoleg::detail {

namespace {

using limb = mp_limb_t;
static_assert(sizeof(limb) == 8, "the mulx kernel works on 64-bit limbs");

#define TWOLEG_MULX_TARGET __attribute__((target("bmi2,adx")))
#define TWOLEG_INLINE inline __attribute__((always_inline))

template <std::size_t Begin, std::size_t End, typename F>
TWOLEG_INLINE void static_for(F &&f)
{
    if constexpr (Begin < End) {
        f(std::integral_constant<std::size_t, Begin>{});
        static_for<Begin + 1, End>(f);
    }
}

// A three-limb column accumulator (c0 + c1·2^64 + c2·2^128).
struct acc3 {
    limb c0, c1, c2;
};

// x = a·b (fresh accumulator).
TWOLEG_INLINE acc3 product(limb a, const limb &b)
{
    acc3 x;
    asm("mulxq %[b], %[lo], %[hi]" : [lo] "=r"(x.c0), [hi] "=r"(x.c1) : "d"(a), [b] "m"(b));
    x.c2 = 0;
    return x;
}

// x += a·b.
TWOLEG_INLINE void multiply_add(acc3 &x, limb a, const limb &b)
{
    limb lo, hi;
    asm("mulxq %[b], %[lo], %[hi]\n\t"
        "addq %[lo], %[c0]\n\t"
        "adcq %[hi], %[c1]\n\t"
        "adcq $0, %[c2]"
        : [c0] "+&r"(x.c0), [c1] "+&r"(x.c1), [c2] "+&r"(x.c2), [lo] "=&r"(lo), [hi] "=&r"(hi)
        : "d"(a), [b] "m"(b)
        : "cc");
}

// x += y.
TWOLEG_INLINE void add(acc3 &x, const acc3 &y)
{
    asm("addq %[y0], %[c0]\n\t"
        "adcq %[y1], %[c1]\n\t"
        "adcq %[y2], %[c2]"
        : [c0] "+&r"(x.c0), [c1] "+&r"(x.c1), [c2] "+&r"(x.c2)
        : [y0] "r"(y.c0), [y1] "r"(y.c1), [y2] "r"(y.c2)
        : "cc");
}

// x = 2x.
TWOLEG_INLINE void twice(acc3 &x)
{
    asm("addq %[c0], %[c0]\n\t"
        "adcq %[c1], %[c1]\n\t"
        "adcq %[c2], %[c2]"
        : [c0] "+&r"(x.c0), [c1] "+&r"(x.c1), [c2] "+&r"(x.c2)
        :
        : "cc");
}

// x = floor(x / 2^64).
TWOLEG_INLINE void shift_down(acc3 &x)
{
    x.c0 = x.c1;
    x.c1 = x.c2;
    x.c2 = 0;
}

// r -= m if carry (carry is 0 or 1), without a branch.
template <std::size_t N>
TWOLEG_INLINE void subtract_if(limb *r, const limb *m, limb carry)
{
    const limb mask = 0 - carry;
    unsigned char borrow = 0;
    static_for<0, N>([&](auto I) __attribute__((always_inline)) {
        unsigned long long d;
        borrow = _subborrow_u64(borrow, r[I], m[I] & mask, &d);
        r[I] = d;
    });
}

// Column k of the reduction shared by multiplication and squaring: adds the
// q·m products of column k to `c`, computes q_k for k < N, emits limb k − N of
// the result for k ≥ N, and shifts `c`.
template <std::size_t N, std::size_t k>
TWOLEG_INLINE void reduce_column(acc3 &c, limb *q, limb *r, const limb *m, limb m_inv)
{
    constexpr std::size_t first = k >= N ? k - N + 1 : 0;
    // q_j for j ≤ newest exists; the newest one is added last, on its own.
    constexpr std::size_t newest = k < N ? k - 1 : N - 1;
    if constexpr (k >= 1 && first <= newest) {
        if constexpr (first < newest) {
            acc3 y = product(q[first], m[k - first]);
            static_for<first + 1, newest>(
                [&](auto J) __attribute__((always_inline)) { multiply_add(y, q[J], m[k - J]); });
            add(c, y);
        }
        multiply_add(c, q[newest], m[k - newest]);
    }
    if constexpr (k < N) {
        q[k] = c.c0 * m_inv;
        multiply_add(c, q[k], m[0]);  // makes c0 zero
    } else {
        r[k - N] = c.c0;
    }
    shift_down(c);
}

// r = a·b / R mod m, almost reduced (< R). r may alias a or b: limb i of r is
// written only after the last column that reads limb i of a or b.
template <std::size_t N>
TWOLEG_MULX_TARGET void montgomery_multiply(limb *r, const limb *a, const limb *b, const limb *m,
                                            limb m_inv) noexcept
{
    limb q[N];
    acc3 c{0, 0, 0};
    static_for<0, 2 * N>([&](auto K) __attribute__((always_inline)) {
        constexpr std::size_t k = K;
        if constexpr (k <= 2 * N - 2) {
            constexpr std::size_t first = k >= N ? k - N + 1 : 0;
            constexpr std::size_t last = k < N ? k : N - 1;
            acc3 x = product(a[first], b[k - first]);
            static_for<first + 1, last + 1>(
                [&](auto I) __attribute__((always_inline)) { multiply_add(x, a[I], b[k - I]); });
            add(c, x);
        }
        reduce_column<N, k>(c, q, r, m, m_inv);
    });
    subtract_if<N>(r, m, c.c0);
}

// r = a·a / R mod m, almost reduced (< R); each cross product computed once.
template <std::size_t N>
TWOLEG_MULX_TARGET void montgomery_square(limb *r, const limb *a, const limb *m, limb m_inv) noexcept
{
    limb q[N];
    acc3 c{0, 0, 0};
    static_for<0, 2 * N>([&](auto K) __attribute__((always_inline)) {
        constexpr std::size_t k = K;
        if constexpr (k <= 2 * N - 2) {
            constexpr std::size_t first = k >= N ? k - N + 1 : 0;
            constexpr std::size_t half = k / 2;  // pairs (i, k−i) with first ≤ i < k−i
            constexpr bool has_cross = k >= 1 && first < (k + 1) / 2;
            if constexpr (has_cross) {
                acc3 x = product(a[first], a[k - first]);
                static_for<first + 1, (k + 1) / 2>(
                    [&](auto I) __attribute__((always_inline)) { multiply_add(x, a[I], a[k - I]); });
                twice(x);
                if constexpr (k % 2 == 0) multiply_add(x, a[half], a[half]);
                add(c, x);
            } else if constexpr (k % 2 == 0) {
                multiply_add(c, a[half], a[half]);
            }
        }
        reduce_column<N, k>(c, q, r, m, m_inv);
    });
    subtract_if<N>(r, m, c.c0);
}

// r = x / R mod m, fully reduced (< m), for x < R: the multiplication by 1 gives
// a value ≤ m, equal to m only when x ≡ 0.
template <std::size_t N>
TWOLEG_MULX_TARGET void leave_montgomery(limb *r, const limb *x, const limb *m, limb m_inv) noexcept
{
    limb one[N] = {1};
    montgomery_multiply<N>(r, x, one, m, m_inv);
    limb difference[N];
    unsigned char borrow = 0;
    for (std::size_t i = 0; i < N; ++i) {
        unsigned long long d;
        borrow = _subborrow_u64(borrow, r[i], m[i], &d);
        difference[i] = d;
    }
    // borrow = 1: r < m, keep r; borrow = 0: r = m, take r − m = 0.
    const limb keep = 0 - static_cast<limb>(borrow);
    for (std::size_t i = 0; i < N; ++i) r[i] = (r[i] & keep) | (difference[i] & ~keep);
}

// Bits [pos, pos + width) of the exponent; pos and width are public.
inline limb exponent_window(const limb *exponent, std::size_t exponent_limbs, std::size_t pos,
                            unsigned width) noexcept
{
    const std::size_t word = pos / 64;
    const unsigned shift = pos % 64;
    limb bits = exponent[word] >> shift;
    if (shift + width > 64 && word + 1 < exponent_limbs) bits |= exponent[word + 1] << (64 - shift);
    return bits & ((limb{1} << width) - 1);
}

constexpr unsigned window_bits = 5;

// out = table entry `index` (of `entries` entries of N limbs), reading every
// entry in full: the same as select_table_entry, with the accumulators kept in
// SSE2 registers, 8 limbs per pass.
template <std::size_t N>
TWOLEG_INLINE void select_entry(limb *out, const limb *table, std::size_t entries, limb index)
{
    static_assert(N % 8 == 0);
    for (std::size_t part = 0; part < N; part += 8) {
        __m128i acc[4];
        for (auto &a : acc) a = _mm_setzero_si128();
        const __m128i wanted = _mm_set1_epi32(static_cast<int>(index));
        __m128i counter = _mm_setzero_si128();
        const __m128i step = _mm_set1_epi32(1);
        for (std::size_t e = 0; e < entries; ++e) {
            const __m128i mask = _mm_cmpeq_epi32(counter, wanted);
            counter = _mm_add_epi32(counter, step);
            const __m128i *entry = reinterpret_cast<const __m128i *>(table + e * N + part);
            for (int i = 0; i < 4; ++i) acc[i] = _mm_or_si128(acc[i], _mm_and_si128(mask, _mm_load_si128(entry + i)));
        }
        for (int i = 0; i < 4; ++i) _mm_store_si128(reinterpret_cast<__m128i *>(out + part) + i, acc[i]);
    }
}

template <std::size_t N>
TWOLEG_MULX_TARGET void modexp_fixed(const montgomery_modulus &mod, limb *out, const limb *base,
                                     const limb *exponent, std::size_t exponent_bits) noexcept
{
    constexpr std::size_t entries = std::size_t{1} << window_bits;
    alignas(64) limb table[entries * N];
    alignas(64) limb acc[N];
    alignas(64) limb factor[N];
    const limb *m = mod.modulus();
    const limb m_inv = mod.neg_inverse();
    const std::size_t exponent_limbs = (exponent_bits + 63) / 64;

    // table[i] = base^i · R mod m (almost reduced).
    limb one[N] = {1};
    montgomery_multiply<N>(table, mod.r_squared(), one, m, m_inv);
    montgomery_multiply<N>(table + N, base, mod.r_squared(), m, m_inv);
    for (std::size_t i = 2; i < entries; ++i) {
        if (i % 2 == 0)
            montgomery_square<N>(table + i * N, table + (i / 2) * N, m, m_inv);
        else
            montgomery_multiply<N>(table + i * N, table + (i - 1) * N, table + N, m, m_inv);
    }

    // The top window holds the leftover bits (1..window_bits); then full windows.
    std::size_t pos = exponent_bits;
    const unsigned top = exponent_bits % window_bits ? exponent_bits % window_bits : window_bits;
    if (exponent_bits == 0) {
        for (std::size_t i = 0; i < N; ++i) acc[i] = table[i];
    } else {
        pos -= top;
        select_entry<N>(acc, table, entries, exponent_window(exponent, exponent_limbs, pos, top));
    }
    while (pos > 0) {
        pos -= window_bits;
        for (unsigned s = 0; s < window_bits; ++s) montgomery_square<N>(acc, acc, m, m_inv);
        select_entry<N>(factor, table, entries, exponent_window(exponent, exponent_limbs, pos, window_bits));
        montgomery_multiply<N>(acc, acc, factor, m, m_inv);
    }
    leave_montgomery<N>(out, acc, m, m_inv);

    wipe_limbs(table, entries * N);
    wipe_limbs(acc, N);
    wipe_limbs(factor, N);
}

} // namespace

montgomery_modulus::kernel_fn mulx_modexp_kernel(std::size_t limbs) noexcept
{
    switch (limbs) {
    case 16: return modexp_fixed<16>;
    case 24: return modexp_fixed<24>;
    case 32: return modexp_fixed<32>;
    default: return nullptr;
    }
}

void montgomery_multiply_fast(const montgomery_modulus &mod, mp_limb_t *out, const mp_limb_t *a,
                              const mp_limb_t *b) noexcept
{
    const limb *m = mod.modulus();
    switch (mod.limbs()) {
    case 16: return montgomery_multiply<16>(out, a, b, m, mod.neg_inverse());
    case 24: return montgomery_multiply<24>(out, a, b, m, mod.neg_inverse());
    case 32: return montgomery_multiply<32>(out, a, b, m, mod.neg_inverse());
    default: return;
    }
}

void montgomery_square_fast(const montgomery_modulus &mod, mp_limb_t *out, const mp_limb_t *a) noexcept
{
    const limb *m = mod.modulus();
    switch (mod.limbs()) {
    case 16: return montgomery_square<16>(out, a, m, mod.neg_inverse());
    case 24: return montgomery_square<24>(out, a, m, mod.neg_inverse());
    case 32: return montgomery_square<32>(out, a, m, mod.neg_inverse());
    default: return;
    }
}

} // namespace twoleg::detail
