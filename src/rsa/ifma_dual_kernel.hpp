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
//   R += lo(A·b_i); y = (lane 0 of R)·k0 mod 2^52; R += lo(M·y)
//   (now lane 0 ≡ 0 mod 2^52); its bits 52-63 are carried into lane 1;
//   R shifts down one lane (VALIGNQ chain, zero fill);
//   R += hi(A·b_i) + hi(M·y), the high halves one digit up.
// A lane receives at most 4N values below 2^52 plus small carries, < 2^60
// for N ≤ 40, so nothing overflows. One normalisation at the end moves each
// lane's bits 52-63 up one lane, then resolves the 0/1 carries that ripple
// through lanes equal to 2^52 − 1 with two compare masks and one scalar
// addition on the mask bits (a carry-lookahead, no loop over lanes). With
// a, b < 2m and 4m ≤ R' = 2^(52N): out = (a·b + Y·m)/R' < 2m.
// The two streams run in the same loop, so their independent chains overlap.
// The square computes the cross products a_i·a_j (i < j) once, doubles them
// and adds the squares, then reduces (dual_kernel::square).
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

template <class L, std::size_t N>
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

    // Lane 0's bits 52-63 into lane 1 (before lane 0 leaves), then one lane down.
    static TWOLEG_LANE_TARGET void carry_and_shift(vec (&r)[V], const vec &lane0_only) noexcept
    {
        const vec carry = L::bit_and(L::template shift_right<52>(r[0]), lane0_only);
        for (std::size_t v = 0; v + 1 < V; ++v) r[v] = L::template align<1>(r[v + 1], r[v]);
        r[V - 1] = L::template align<1>(L::zero(), r[V - 1]);
        r[0] = L::add(r[0], carry);
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
            generate |= std::uint64_t{L::greater(r[v], m52)} << (8 * v);
            propagate |= std::uint64_t{L::equal(r[v], m52)} << (8 * v);
        }
        const std::uint64_t carry_in = ((generate << 1) + propagate) ^ propagate;
        const vec one = L::broadcast(1);
        for (std::size_t v = 0; v < V; ++v) {
            const mask k = static_cast<mask>(carry_in >> (8 * v));
            r[v] = L::bit_and(L::blend(k, r[v], L::add(r[v], one)), m52);
        }
    }

    static TWOLEG_LANE_TARGET vec lane0_mask() noexcept
    {
        alignas(64) static constexpr std::uint64_t words[8] = {~std::uint64_t{0}};
        return L::load(words);
    }

    TWOLEG_LANE_TARGET void multiply(std::uint64_t *out, const std::uint64_t *a, const std::uint64_t *b) const noexcept
    {
        const std::uint64_t *m = ctx.moduli();
        const std::uint64_t k0[2] = {ctx.k0(0), ctx.k0(1)};
        const vec lane0_only = lane0_mask();
        vec r[2][V];
        for (auto &stream : r)
            for (auto &x : stream) x = L::zero();
        for (std::size_t i = 0; i < N; ++i) {
            vec bi[2], yi[2];
            for (std::size_t s = 0; s < 2; ++s) bi[s] = L::broadcast(b[s * lanes + i]);
            for (std::size_t s = 0; s < 2; ++s)
                for (std::size_t v = 0; v < V; ++v)
                    r[s][v] = L::madd52lo(r[s][v], L::load(a + s * lanes + 8 * v), bi[s]);
            for (std::size_t s = 0; s < 2; ++s) yi[s] = L::broadcast((L::lane0(r[s][0]) * k0[s]) & low52);
            for (std::size_t s = 0; s < 2; ++s)
                for (std::size_t v = 0; v < V; ++v)
                    r[s][v] = L::madd52lo(r[s][v], L::load(m + s * lanes + 8 * v), yi[s]);
            for (std::size_t s = 0; s < 2; ++s) carry_and_shift(r[s], lane0_only);
            for (std::size_t s = 0; s < 2; ++s)
                for (std::size_t v = 0; v < V; ++v) {
                    r[s][v] = L::madd52hi(r[s][v], L::load(a + s * lanes + 8 * v), bi[s]);
                    r[s][v] = L::madd52hi(r[s][v], L::load(m + s * lanes + 8 * v), yi[s]);
                }
        }
        for (std::size_t s = 0; s < 2; ++s) {
            normalise(r[s]);
            for (std::size_t v = 0; v < V; ++v) L::store(out + s * lanes + 8 * v, r[s][v]);
        }
    }

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

template <class L, std::size_t N>
TWOLEG_LANE_TARGET void dual_multiply(const dual_prime_context &ctx, std::uint64_t *out, const std::uint64_t *a,
                                      const std::uint64_t *b) noexcept
{
    dual_kernel<L, N>{ctx}.multiply(out, a, b);
}

template <class L, std::size_t N>
TWOLEG_LANE_TARGET void dual_square(const dual_prime_context &ctx, std::uint64_t *out, const std::uint64_t *a) noexcept
{
    dual_kernel<L, N>{ctx}.square(out, a);
}

template <class L, std::size_t N>
TWOLEG_LANE_TARGET void dual_modexp(const dual_prime_context &ctx, mp_limb_t *out_p, mp_limb_t *out_q,
                                    const mp_limb_t *base_p, const mp_limb_t *base_q, const mp_limb_t *exp_p,
                                    const mp_limb_t *exp_q, std::size_t exponent_bits) noexcept
{
    using K = dual_kernel<L, N>;
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

template <class L, std::size_t Limbs, std::size_t N>
constexpr dual_kernel_entry dual_entry(const char *name) noexcept
{
    return {name, Limbs, N, dual_modexp<L, N>, dual_multiply<L, N>, dual_square<L, N>};
}

} // namespace
} // namespace twoleg::detail
