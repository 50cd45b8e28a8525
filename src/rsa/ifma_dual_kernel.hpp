// Internal: the dual-prime kernel, written once over a lane type L
// (ifma_lanes_model.hpp or ifma_lanes_native.hpp). Included by exactly one
// translation unit per lane type, which defines TWOLEG_LANE_TARGET first (the
// AVX-512 target attribute, or nothing for the model).
//
// Layout: a dual value is two streams (p, then q) of V = ⌈N/8⌉ vectors of 8
// lanes, one 52-bit digit per 64-bit lane, least significant first; pad
// lanes are zero. The 12 spare bits of a lane absorb lazy carries.
//
// Almost-Montgomery product (AMM), per stream, digit b_i at a time:
//   R += lo(A·b_i); y = (digit 0 of R)·k0 mod 2^52; R += lo(M·y)
//   (now digit 0 ≡ 0 mod 2^52); its bits 52-63 are carried into digit 1;
//   R shifts down one lane (VALIGNQ chain, zero fill);
//   R += hi(A·b_i) + hi(M·y), the high halves one digit up.
// Digit 0 is tracked in a general-purpose register (see multiply).
// A lane receives at most 4N values below 2^52 plus small carries, < 2^60
// for N ≤ 40, so nothing overflows. One normalisation at the end moves each
// lane's bits 52-63 up one lane, then resolves the 0/1 carries that ripple
// through lanes equal to 2^52 − 1 with two compare masks and one scalar
// addition on the mask bits (a carry-lookahead, no loop over lanes). With
// a, b < 2m and 4m ≤ R' = 2^(52N): out = (a·b + Y·m)/R' < 2m.
// The two streams run in the same loop, so their independent chains overlap.
// Squares are products a·a (see dual_kernel::square for why).
#pragma once

#ifndef TWOLEG_LANE_TARGET
#error "define TWOLEG_LANE_TARGET before including ifma_dual_kernel.hpp"
#endif

#include <gmp.h>

#include <cstddef>
#include <cstdint>

#include "core/wipe.hpp"
#include "rsa/ifma_dual.hpp"
#include "rsa/mont_ladder.hpp"

namespace twoleg::detail {
namespace {

template <class L, std::size_t N, dual_schedule Schedule>
struct dual_kernel {
    static constexpr std::size_t streams = 2;
    static constexpr std::size_t V = (N + 7) / 8;  // vectors per stream
    static constexpr std::size_t lanes = 8 * V;    // words per stream
    static constexpr std::uint64_t low52 = (std::uint64_t{1} << 52) - 1;
    using vec = typename L::vec;
    using mask = typename L::mask;

    const dual_prime_context &ctx;

    unsigned window_bits() const noexcept { return 5; }
    std::size_t words() const noexcept { return 2 * lanes; }

    // R one lane down, zero fill: lane 0 leaves.
    static TWOLEG_LANE_TARGET __attribute__((always_inline)) inline void shift_down(vec (&r)[V]) noexcept
    {
        for (std::size_t v = 0; v + 1 < V; ++v) r[v] = L::template align<1>(r[v + 1], r[v]);
        r[V - 1] = L::template align<1>(L::zero(), r[V - 1]);
    }

    // R one lane down, + hi, for both streams.
    static TWOLEG_LANE_TARGET __attribute__((always_inline)) inline void shift_and_add(vec (&r)[2][V],
                                                                                      const vec (&hi)[2][V]) noexcept
    {
        for (std::size_t s = 0; s < 2; ++s) shift_down(r[s]);
        for (std::size_t s = 0; s < 2; ++s)
            for (std::size_t v = 0; v < V; ++v) r[s][v] = L::add(r[s][v], hi[s][v]);
    }

    // Every lane < 2^60 → the same value with every lane < 2^52 (the value
    // must be below 2^(52·8V)).
    static TWOLEG_LANE_TARGET void normalise(vec (&r)[V]) noexcept
    {
        const vec m52 = L::broadcast(low52);
        vec high[V];
        for (std::size_t v = 0; v < V; ++v) {
            high[v] = L::template shift_right<52>(r[v]);
            r[v] = L::bit_and(r[v], m52);
        }
        for (std::size_t v = 0; v < V; ++v)
            r[v] = L::add(r[v], L::template align<7>(high[v], v == 0 ? L::zero() : high[v - 1]));
        // Each lane is now below 2^52 + 2^8: it generates a carry when above
        // 2^52 − 1 and passes one on when equal to it.
        std::uint64_t generate = 0, propagate = 0;
        for (std::size_t v = 0; v < V; ++v) {
            generate |= L::mask_bits(L::greater(r[v], m52)) << (8 * v);
            propagate |= L::mask_bits(L::equal(r[v], m52)) << (8 * v);
        }
        const std::uint64_t carry_in = ((generate << 1) + propagate) ^ propagate;
        const vec one = L::broadcast(1);
        for (std::size_t v = 0; v < V; ++v) {
            const mask k = static_cast<mask>(carry_in >> (8 * v));
            r[v] = L::bit_and(L::blend(k, r[v], L::add(r[v], one)), m52);
        }
    }

    // acc += hi(A·b) + hi(M·y) for both streams.
    static TWOLEG_LANE_TARGET __attribute__((always_inline)) inline void add_high_halves(
        vec (&acc)[2][V], const std::uint64_t *a, const std::uint64_t *m, const vec (&bi)[2], const vec (&yi)[2]) noexcept
    {
        for (std::size_t s = 0; s < 2; ++s)
            for (std::size_t v = 0; v < V; ++v) {
                acc[s][v] = L::madd52hi(acc[s][v], L::load(a + s * lanes + 8 * v), bi[s]);
                acc[s][v] = L::madd52hi(acc[s][v], L::load(m + s * lanes + 8 * v), yi[s]);
            }
    }

    __extension__ typedef unsigned __int128 wide;

    // Digit 0 of R is kept exactly in a general-purpose register (`low`),
    // so y never waits for a vector lane to reach a register: from lane 1 of
    // R (read at the start of the step, off the critical path), the digits
    // m0, m1 and the a0, a1 terms prepared below, the scalar code forms the
    // next digit 0 itself, carry of the departing digit included. The
    // vector's lane 0 is left without that carry and is never read; the
    // register replaces it at the end. The scalar code keeps its factors in
    // memory and reads lane 1 through memory (L::multiply_low,
    // L::lane1_through), so that it takes no vector ALU operation from the
    // products.
    TWOLEG_LANE_TARGET void multiply(std::uint64_t *out, const std::uint64_t *a, const std::uint64_t *b) const noexcept
    {
        const std::uint64_t *m = ctx.moduli();
        struct {
            std::uint64_t k0, m0, m1;
        } f[2];
        std::uint64_t low[2] = {0, 0};
        for (std::size_t s = 0; s < 2; ++s) f[s] = {ctx.k0(s), m[s * lanes], m[s * lanes + 1]};
        // What a0 and a1 give digits 0 and 1 in step i, for every i at once:
        // lo(a0·b_i), and hi(a0·b_i) + lo(a1·b_i). Three IFMAs per vector of
        // b take two scalar multiplies out of every step.
        alignas(64) std::uint64_t a0_low[2][lanes], a01_next[2][lanes];
        for (std::size_t s = 0; s < 2; ++s) {
            const vec a0 = L::broadcast_from(a + s * lanes), a1 = L::broadcast_from(a + s * lanes + 1);
            for (std::size_t v = 0; v < V; ++v) {
                const vec bv = L::load(b + s * lanes + 8 * v);
                L::store(a0_low[s] + 8 * v, L::madd52lo(L::zero(), bv, a0));
                L::store(a01_next[s] + 8 * v, L::madd52lo(L::madd52hi(L::zero(), bv, a0), bv, a1));
            }
        }
        double lane1[2];
        vec r[2][V];
        for (auto &stream : r)
            for (auto &x : stream) x = L::zero();
        // The multipliers b_i and y reach the vectors as broadcasts from
        // memory, which cost a load rather than a vector ALU operation (the
        // ports the products need); y is stored for that.
        std::uint64_t y_out[2];
        for (std::size_t i = 0; i < N; ++i) {
            vec bi[2], yi[2];
            for (std::size_t s = 0; s < 2; ++s) {
                bi[s] = L::broadcast_from(b + s * lanes + i);
                // x = digit 0 + lo(a0·b_i); y makes x + m0·y ≡ 0 (mod 2^52),
                // so the low halves carry one exactly when x mod 2^52 ≠ 0,
                // and digit 0 hands x / 2^52 + that + hi(m0·y) to digit 1.
                const std::uint64_t x = low[s] + a0_low[s][i];
                const std::uint64_t y = L::multiply_low(x, &f[s].k0) & low52;
                const std::uint64_t x_low = x & low52;
                const std::uint64_t carry = (x >> 52) + ((x_low | (0 - x_low)) >> 63) +
                                            static_cast<std::uint64_t>((static_cast<wide>(f[s].m0) * y) >> 52);
                low[s] = L::lane1_through(r[s][0], lane1 + s) + a01_next[s][i] +
                         (L::multiply_low(y, &f[s].m1) & low52) + carry;
                y_out[s] = y;
                yi[s] = L::broadcast_from(y_out + s);
            }
            for (std::size_t s = 0; s < 2; ++s)
                for (std::size_t v = 0; v < V; ++v)
                    r[s][v] = L::madd52lo(r[s][v], L::load(a + s * lanes + 8 * v), bi[s]);
            for (std::size_t s = 0; s < 2; ++s)
                for (std::size_t v = 0; v < V; ++v)
                    r[s][v] = L::madd52lo(r[s][v], L::load(m + s * lanes + 8 * v), yi[s]);
            if constexpr (Schedule == dual_schedule::high_halves_apart) {
                // The high halves in their own accumulator, added after the shift.
                vec hi[2][V];
                for (auto &stream : hi)
                    for (auto &x : stream) x = L::zero();
                add_high_halves(hi, a, m, bi, yi);
                shift_and_add(r, hi);
            } else {
                // The high halves multiplied into R once it has shifted.
                for (std::size_t s = 0; s < 2; ++s) shift_down(r[s]);
                add_high_halves(r, a, m, bi, yi);
            }
        }
        for (std::size_t s = 0; s < 2; ++s) {
            r[s][0] = L::blend(1, r[s][0], L::broadcast(low[s]));
            normalise(r[s]);
            for (std::size_t v = 0; v < V; ++v) L::store(out + s * lanes + 8 * v, r[s][v]);
        }
    }

    // Squares are products a·a: a dedicated square that forms each cross
    // product once (384 instead of 480 IFMAs per dual square at N = 20) was
    // measured 7-10 % slower on the target (Zen 5), where this kernel is
    // bound by instructions issued rather than by IFMA throughput, and the
    // square's per-row masks and carry corrections cost more than the
    // products they save. See BENCHMARKS.md.
    TWOLEG_LANE_TARGET void square(std::uint64_t *out, const std::uint64_t *a) const noexcept { multiply(out, a, a); }

    // out = entry index[s] of each stream, reading every entry of both
    // streams in full and selecting with compare masks.
    TWOLEG_LANE_TARGET void select(std::uint64_t *out, const std::uint64_t *table, std::size_t entries,
                                   const mp_limb_t (&index)[2]) const noexcept
    {
        vec acc[2][V];
        const vec wanted[2] = {L::broadcast(index[0]), L::broadcast(index[1])};
        for (auto &stream : acc)
            for (auto &x : stream) x = L::zero();
        for (std::size_t e = 0; e < entries; ++e) {
            const vec counter = L::broadcast(e);
            const std::uint64_t *entry = table + e * 2 * lanes;
            for (std::size_t s = 0; s < 2; ++s) {
                const mask k = L::equal(counter, wanted[s]);
                for (std::size_t v = 0; v < V; ++v)
                    acc[s][v] = L::blend(k, acc[s][v], L::load(entry + s * lanes + 8 * v));
            }
        }
        for (std::size_t s = 0; s < 2; ++s)
            for (std::size_t v = 0; v < V; ++v) L::store(out + s * lanes + 8 * v, acc[s][v]);
    }
};

template <class L, std::size_t N, dual_schedule S>
TWOLEG_LANE_TARGET void dual_multiply(const dual_prime_context &ctx, std::uint64_t *out, const std::uint64_t *a,
                                      const std::uint64_t *b) noexcept
{
    dual_kernel<L, N, S>{ctx}.multiply(out, a, b);
}

template <class L, std::size_t N, dual_schedule S>
TWOLEG_LANE_TARGET void dual_square(const dual_prime_context &ctx, std::uint64_t *out, const std::uint64_t *a) noexcept
{
    dual_kernel<L, N, S>{ctx}.square(out, a);
}

template <class L, std::size_t N, dual_schedule S>
TWOLEG_LANE_TARGET void dual_modexp(const dual_prime_context &ctx, mp_limb_t *out_p, mp_limb_t *out_q,
                                    const mp_limb_t *base_p, const mp_limb_t *base_q, const mp_limb_t *exp_p,
                                    const mp_limb_t *exp_q, std::size_t exponent_bits) noexcept
{
    using K = dual_kernel<L, N, S>;
    constexpr std::size_t lanes = K::lanes, words = 2 * lanes, entries = 32;
    const K k{ctx};
    const std::size_t limbs = ctx.limbs();
    alignas(64) std::uint64_t table[entries * words];
    alignas(64) std::uint64_t acc[words];
    alignas(64) std::uint64_t factor[words];
    alignas(64) std::uint64_t one[words] = {};
    one[0] = 1;
    one[lanes] = 1;

    // T0 = AMM(1, R'^2) = R' mod p (and q), T1 = AMM(base, R'^2) = base·R'.
    digits_from_limbs(factor, lanes, N, base_p, limbs);
    digits_from_limbs(factor + lanes, lanes, N, base_q, limbs);
    k.multiply(table, one, ctx.r_squared());
    k.multiply(table + words, factor, ctx.r_squared());
    const mp_limb_t *const exponents[2] = {exp_p, exp_q};
    fixed_window_ladder(k, table, acc, factor, exponents, limbs, exponent_bits);

    // Leave Montgomery form: AMM(x, 1) ≤ prime, equal only for x ≡ 0; one
    // masked subtraction makes each result < its prime.
    k.multiply(acc, acc, one);
    mp_limb_t *const outs[2] = {out_p, out_q};
    mp_limb_t difference[dual_prime_context::max_limbs];
    for (std::size_t s = 0; s < 2; ++s) {
        limbs_from_digits(outs[s], limbs, acc + s * lanes, N);
        const mp_limb_t borrow = mpn_sub_n(difference, outs[s], ctx.prime(s), static_cast<mp_size_t>(limbs));
        const mp_limb_t keep = 0 - borrow;  // borrow: below the prime, keep; else it was the prime: 0
        for (std::size_t i = 0; i < limbs; ++i) outs[s][i] = (outs[s][i] & keep) | (difference[i] & ~keep);
    }
    secure_wipe(table, sizeof table);
    secure_wipe(acc, sizeof acc);
    secure_wipe(factor, sizeof factor);
    secure_wipe(difference, sizeof difference);
}

template <class L, std::size_t Limbs, std::size_t N, dual_schedule S>
constexpr dual_kernel_entry dual_entry{L::kernel_name, Limbs, N, S, dual_modexp<L, N, S>, dual_multiply<L, N, S>,
                                       dual_square<L, N, S>};

template <class L, dual_schedule S>
const dual_kernel_entry *dual_entry_sized(std::size_t limbs) noexcept
{
    switch (limbs) {
    case 16: return &dual_entry<L, 16, 20, S>;
    case 24: return &dual_entry<L, 24, 30, S>;
    case 32: return &dual_entry<L, 32, 40, S>;
    default: return nullptr;
    }
}

/// The kernel on lane type L for primes of `limbs` limbs (16, 24, 32) with
/// schedule `schedule`, else nullptr.
template <class L>
const dual_kernel_entry *dual_entry_for(std::size_t limbs, dual_schedule schedule) noexcept
{
    return schedule == dual_schedule::high_halves_apart ? dual_entry_sized<L, dual_schedule::high_halves_apart>(limbs)
                                                        : dual_entry_sized<L, dual_schedule::high_halves_into_r>(limbs);
}

} // namespace
} // namespace twoleg::detail
