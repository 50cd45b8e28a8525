// Internal: arithmetic modulo P-256's prime p = 2^256 − 2^224 + 2^192 + 2^96 − 1
// in Montgomery form (R = 2^256), specialised to the shape of p. The generic
// mont256::mul serves any odd modulus (the scalars mod n use it); for p the
// same results come cheaper:
//   - −p^-1 mod 2^64 = 1 (p ≡ −1 mod 2^64), so the Montgomery quotient digit
//     of each reduction step is the low limb itself, with no multiplication;
//   - p's limbs are 2^64−1, 2^32−1, 0 and 2^64−2^32+1, so adding q·p is one
//     shift pair (q·2^32, the first two limbs together with the carry out of
//     the zeroed limb) and one 64×64 product (q·p3) per step, instead of four
//     products;
//   - the product is formed first (16 products, or 10 for a square) and then
//     reduced, so a square costs six fewer multiplications than a product.
// Results equal mont256::mul(…, field) exactly (tests/ec/test_p256_arith.cpp
// compares them on edge and random values).
//
// Constant time as mont256: no branch or memory index depends on an operand;
// the final subtraction is chosen with a mask. Inputs and outputs < p.
#pragma once

#include "ec/mont256.hpp"

namespace twoleg::detail::p256_field {

using mont256::limbs;
using mont256::u128;
using mont256::u64;

inline constexpr limbs prime{{0xffffffffffffffffULL, 0x00000000ffffffffULL, 0x0000000000000000ULL,
                              0xffffffff00000001ULL}};

/// r = t·2^-256 mod p for a 512-bit t < p·2^256 (t is consumed).
inline void reduce(limbs &r, u64 (&t)[8]) noexcept
{
    u64 deferred = 0;  // the carry out of the previous step's top limb, one limb higher
    for (int i = 0; i < 4; ++i) {
        const u64 q = t[i];  // q = t[i]·(−p^-1) mod 2^64 = t[i]
        const u128 q3 = static_cast<u128>(q) * prime.v[3];
        // t + q·p·2^(64i): limb i becomes 0 with carry q, which with q·p1 makes
        // q·2^32 at limb i+1; p2 = 0; q·p3 at limb i+3. hi(q·p3) ≤ p3 − 1, so
        // adding the deferred carry bit to it cannot overflow.
        u64 c;
        t[i + 1] = mont256::add_carry(t[i + 1], q << 32, 0, c);
        t[i + 2] = mont256::add_carry(t[i + 2], q >> 32, c, c);
        t[i + 3] = mont256::add_carry(t[i + 3], static_cast<u64>(q3), c, c);
        t[i + 4] = mont256::add_carry(t[i + 4], static_cast<u64>(q3 >> 64) + deferred, c, c);
        deferred = c;
    }
    // The value is below 2p: (p² + p·2^256) / 2^256.
    mont256::reduce_once(r, deferred, limbs{{t[4], t[5], t[6], t[7]}}, prime);
}

/// Portable C++ (128-bit products); runs everywhere.
struct portable {
    static constexpr const char *name = "portable";
    /// Montgomery product r = a·b·2^-256 mod p.
    static void mul(limbs &r, const limbs &a, const limbs &b) noexcept
    {
        u64 t[8];
        u128 x;
        u64 c;
        x = static_cast<u128>(a.v[0]) * b.v[0]; t[0] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(a.v[0]) * b.v[1] + c; t[1] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(a.v[0]) * b.v[2] + c; t[2] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(a.v[0]) * b.v[3] + c; t[3] = static_cast<u64>(x); t[4] = static_cast<u64>(x >> 64);
        for (int i = 1; i < 4; ++i) {
            const u64 ai = a.v[i];
            x = static_cast<u128>(ai) * b.v[0] + t[i]; t[i] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
            x = static_cast<u128>(ai) * b.v[1] + t[i + 1] + c; t[i + 1] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
            x = static_cast<u128>(ai) * b.v[2] + t[i + 2] + c; t[i + 2] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
            x = static_cast<u128>(ai) * b.v[3] + t[i + 3] + c; t[i + 3] = static_cast<u64>(x);
            t[i + 4] = static_cast<u64>(x >> 64);
        }
        reduce(r, t);
    }
    
    /// Montgomery square r = a²·2^-256 mod p: the six cross products once,
    /// doubled, plus the four squares.
    static void sqr(limbs &r, const limbs &a) noexcept
    {
        u64 t[8];
        u128 x;
        u64 c;
        // Cross products a_i·a_j, i < j, into t[1..6].
        x = static_cast<u128>(a.v[0]) * a.v[1]; t[1] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(a.v[0]) * a.v[2] + c; t[2] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(a.v[0]) * a.v[3] + c; t[3] = static_cast<u64>(x); t[4] = static_cast<u64>(x >> 64);
        x = static_cast<u128>(a.v[1]) * a.v[2] + t[3]; t[3] = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(a.v[1]) * a.v[3] + t[4] + c; t[4] = static_cast<u64>(x); t[5] = static_cast<u64>(x >> 64);
        x = static_cast<u128>(a.v[2]) * a.v[3] + t[5]; t[5] = static_cast<u64>(x); t[6] = static_cast<u64>(x >> 64);
        // Double: t[1..6] → t[1..7].
        t[7] = t[6] >> 63;
        t[6] = (t[6] << 1) | (t[5] >> 63);
        t[5] = (t[5] << 1) | (t[4] >> 63);
        t[4] = (t[4] << 1) | (t[3] >> 63);
        t[3] = (t[3] << 1) | (t[2] >> 63);
        t[2] = (t[2] << 1) | (t[1] >> 63);
        t[1] = t[1] << 1;
        // Add the squares a_i² at limb 2i.
        x = static_cast<u128>(a.v[0]) * a.v[0]; t[0] = static_cast<u64>(x);
        t[1] = mont256::add_carry(t[1], static_cast<u64>(x >> 64), 0, c);
        x = static_cast<u128>(a.v[1]) * a.v[1];
        t[2] = mont256::add_carry(t[2], static_cast<u64>(x), c, c);
        t[3] = mont256::add_carry(t[3], static_cast<u64>(x >> 64), c, c);
        x = static_cast<u128>(a.v[2]) * a.v[2];
        t[4] = mont256::add_carry(t[4], static_cast<u64>(x), c, c);
        t[5] = mont256::add_carry(t[5], static_cast<u64>(x >> 64), c, c);
        x = static_cast<u128>(a.v[3]) * a.v[3];
        t[6] = mont256::add_carry(t[6], static_cast<u64>(x), c, c);
        t[7] = mont256::add_carry(t[7], static_cast<u64>(x >> 64), c, c);  // no carry out: a² < 2^512
        reduce(r, t);
    }
};

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TWOLEG_P256_MULX 1
// The four reduction steps of reduce() on t0..t7 (q = t0, t1, t2, t3), the
// carries run up to the top limb, which collects in t0; shared by mul and sqr.
#define TWOLEG_P256_REDUCE(Q, A, B, C, D)                                                                  \
            "movq %[" #Q "], %%rdx\n\t"                                                                 \
            "movq %[" #Q "], %[lo]\n\t"                                                                 \
            "shlq $32, %[lo]\n\t"                                                                       \
            "movq %[" #Q "], %[hi]\n\t"                                                                 \
            "shrq $32, %[hi]\n\t"                                                                       \
            "addq %[lo], %[" #A "]\n\t"                                                                 \
            "adcq %[hi], %[" #B "]\n\t"                                                                 \
            "mulxq %[p3], %[lo], %[hi]\n\t"                                                             \
            "adcq %[lo], %[" #C "]\n\t"                                                                 \
            "adcq %[hi], %[" #D "]\n\t"
#define TWOLEG_P256_REDUCE_ASM \
            /* Reduction step 0 (q = t0); t0 then collects the carry above t7. */ \
            "movq %[t0], %%rdx\n\t" \
            "movq %[t0], %[lo]\n\t" \
            "shlq $32, %[lo]\n\t" \
            "movq %[t0], %[hi]\n\t" \
            "shrq $32, %[hi]\n\t" \
            "xorl %k[t0], %k[t0]\n\t" \
            "addq %[lo], %[t1]\n\t" \
            "adcq %[hi], %[t2]\n\t" \
            "mulxq %[p3], %[lo], %[hi]\n\t" \
            "adcq %[lo], %[t3]\n\t" \
            "adcq %[hi], %[t4]\n\t" \
            "adcq $0, %[t5]\n\t" \
            "adcq $0, %[t6]\n\t" \
            "adcq $0, %[t7]\n\t" \
            "adcq $0, %[t0]\n\t" \
            /* Steps 1..3 (q = t1, t2, t3). */ \
            TWOLEG_P256_REDUCE(t1, t2, t3, t4, t5) \
            "adcq $0, %[t6]\n\t" \
            "adcq $0, %[t7]\n\t" \
            "adcq $0, %[t0]\n\t" \
            TWOLEG_P256_REDUCE(t2, t3, t4, t5, t6) \
            "adcq $0, %[t7]\n\t" \
            "adcq $0, %[t0]\n\t" \
            TWOLEG_P256_REDUCE(t3, t4, t5, t6, t7) \
            "adcq $0, %[t0]\n\t"

// Steps of a product row, rdx holding the row's word of a. TWOLEG_P256_MUL_ADD:
// HI = the high half of rdx·SRC[OFF], the low half added into LO by ADD
// (addq starts a carry chain, adcq or adcxq continues one). TWOLEG_P256_MAC:
// rdx·SRC[OFF] added into LO:HI, the low half on CF (adcx), the high on OF
// (adox). TWOLEG_P256_CLOSE: both chains' carries into T (lo becomes 0).
#define TWOLEG_P256_MUL_ADD(ADD, SRC, OFF, LO, HI)                                                         \
            "mulxq " #OFF "(%[" #SRC "]), %[lo], %[" #HI "]\n\t"                                            \
            #ADD " %[lo], %[" #LO "]\n\t"
#define TWOLEG_P256_MAC(SRC, OFF, LO, HI)                                                                  \
            "mulxq " #OFF "(%[" #SRC "]), %[lo], %[hi]\n\t"                                                \
            "adcxq %[lo], %[" #LO "]\n\t"                                                               \
            "adoxq %[hi], %[" #HI "]\n\t"
#define TWOLEG_P256_CLOSE(T)                                                                               \
            "movl $0, %k[lo]\n\t"                                                                       \
            "adoxq %[lo], %[" #T "]\n\t"                                                                \
            "adcxq %[lo], %[" #T "]\n\t"

// The outputs of both kernels' asm: the eight limbs of the double-length
// value and two scratch registers.
#define TWOLEG_P256_OUTPUTS                                                                                \
    [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),           \
        [t6] "=&r"(t6), [t7] "=&r"(t7), [lo] "=&r"(lo), [hi] "=&r"(hi)

/// BMI2/ADX (mulx, adcx, adox) in inline assembly: the product with two
/// independent carry chains per row, then the four reduction steps of
/// reduce() with the carries run to the top limb. Only for CPUs with BMI2 and
/// ADX (p256_point.cpp chooses it through cpu_features and TWOLEG_NO_MULX).
/// The assembler accepts these instructions without target flags, so the
/// code compiles with g++ and clang alike.
struct mulx {
    static constexpr const char *name = "mulx";
    /// The top limb of p, a memory operand of the reduction's one product.
    static constexpr u64 p3 = prime.v[3];
    static void mul(limbs &r, const limbs &a, const limbs &b) noexcept
    {
        u64 t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
        __asm__(
            // Rows 0..3: t_i..t_(i+4) += a_i·b, from t0..t3 = 0; carries of
            // low halves on CF (adcx), of high halves on OF (adox); no carry
            // out of t_(i+4).
            "xorl %k[t0], %k[t0]\n\t"
            "xorl %k[t1], %k[t1]\n\t"
            "xorl %k[t2], %k[t2]\n\t"
            "xorl %k[t3], %k[t3]\n\t"
#define TWOLEG_P256_ROW(I, T0, T1, T2, T3, T4)                                                             \
            "movq 8*" #I "(%[a]), %%rdx\n\t"                                                             \
            "xorl %k[lo], %k[lo]\n\t"                                                                   \
            TWOLEG_P256_MAC(b, 0, T0, T1)                                                                  \
            TWOLEG_P256_MAC(b, 8, T1, T2)                                                                  \
            TWOLEG_P256_MAC(b, 16, T2, T3)                                                                 \
            TWOLEG_P256_MUL_ADD(adcxq, b, 24, T3, T4)                                                      \
            TWOLEG_P256_CLOSE(T4)
            TWOLEG_P256_ROW(0, t0, t1, t2, t3, t4)
            TWOLEG_P256_ROW(1, t1, t2, t3, t4, t5)
            TWOLEG_P256_ROW(2, t2, t3, t4, t5, t6)
            TWOLEG_P256_ROW(3, t3, t4, t5, t6, t7)
#undef TWOLEG_P256_ROW
            TWOLEG_P256_REDUCE_ASM
            : TWOLEG_P256_OUTPUTS
            : [a] "r"(a.v), [b] "r"(b.v), [p3] "m"(p3)
            : "rdx", "cc", "memory");
        mont256::reduce_once(r, t0, limbs{{t4, t5, t6, t7}}, prime);
    }
    static void sqr(limbs &r, const limbs &a) noexcept
    {
        u64 t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
        __asm__(
            // Cross products a_i·a_j (i < j) into t1..t6.
            "movq 0(%[a]), %%rdx\n\t"
            "mulxq 8(%[a]), %[t1], %[t2]\n\t"
            TWOLEG_P256_MUL_ADD(addq, a, 16, t2, t3)
            TWOLEG_P256_MUL_ADD(adcq, a, 24, t3, t4)
            "adcq $0, %[t4]\n\t"
            "movq 8(%[a]), %%rdx\n\t"
            "xorl %k[t5], %k[t5]\n\t"
            TWOLEG_P256_MAC(a, 16, t3, t4)
            TWOLEG_P256_MUL_ADD(adcxq, a, 24, t4, t5)
            TWOLEG_P256_CLOSE(t5)
            "movq 16(%[a]), %%rdx\n\t"
            TWOLEG_P256_MUL_ADD(addq, a, 24, t5, t6)
            "adcq $0, %[t6]\n\t"
            // Double them (CF chain) into t1..t7; OF is clear for the squares.
            "xorl %k[t7], %k[t7]\n\t"
            "adcxq %[t1], %[t1]\n\t"
            "adcxq %[t2], %[t2]\n\t"
            "adcxq %[t3], %[t3]\n\t"
            "adcxq %[t4], %[t4]\n\t"
            "adcxq %[t5], %[t5]\n\t"
            "adcxq %[t6], %[t6]\n\t"
            "adcxq %[t7], %[t7]\n\t"
            // Add the squares a_i² at limb 2i (OF chain; no carry out).
            "movq 0(%[a]), %%rdx\n\t"
            "mulxq %%rdx, %[t0], %[hi]\n\t"
            "adoxq %[hi], %[t1]\n\t"
            "movq 8(%[a]), %%rdx\n\t"
            "mulxq %%rdx, %[lo], %[hi]\n\t"
            "adoxq %[lo], %[t2]\n\t"
            "adoxq %[hi], %[t3]\n\t"
            "movq 16(%[a]), %%rdx\n\t"
            "mulxq %%rdx, %[lo], %[hi]\n\t"
            "adoxq %[lo], %[t4]\n\t"
            "adoxq %[hi], %[t5]\n\t"
            "movq 24(%[a]), %%rdx\n\t"
            "mulxq %%rdx, %[lo], %[hi]\n\t"
            "adoxq %[lo], %[t6]\n\t"
            "adoxq %[hi], %[t7]\n\t"
            TWOLEG_P256_REDUCE_ASM
            : TWOLEG_P256_OUTPUTS
            : [a] "r"(a.v), [p3] "m"(p3)
            : "rdx", "cc", "memory");
        mont256::reduce_once(r, t0, limbs{{t4, t5, t6, t7}}, prime);
    }
};
#undef TWOLEG_P256_REDUCE_ASM
#undef TWOLEG_P256_REDUCE
#undef TWOLEG_P256_CLOSE
#undef TWOLEG_P256_OUTPUTS
#undef TWOLEG_P256_MAC
#undef TWOLEG_P256_MUL_ADD
#else
#define TWOLEG_P256_MULX 0
#endif

/// r = a^(2^times) (Montgomery form): `times` squarings.
template <class F>
inline void sqr_n(limbs &r, const limbs &a, int times) noexcept
{
    r = a;
    for (int i = 0; i < times; ++i) F::sqr(r, r);
}

/// One step of an addition chain on a few numbered values:
/// value[to] = value[from]^(2^squarings) · value[times].
struct chain_step {
    int to, from, squarings, times;
};

/// The chain for p − 2 below. Values: a, e_k = a^(2^k − 1) for the k named,
/// and the accumulator.
namespace invert_chain {
enum : int { a, e2, e4, e6, e8, e14, e16, e30, e32, acc, values };
inline constexpr chain_step steps[] = {
    // The runs of ones, a = e1 first: e_(i+j) = e_i^(2^j) · e_j.
    {e2, a, 1, a}, {e4, e2, 2, e2}, {e6, e4, 2, e2}, {e8, e4, 4, e4},
    {e14, e8, 6, e6}, {e16, e8, 8, e8}, {e30, e16, 14, e14}, {e32, e16, 16, e16},
    // The exponent from the top: 32 ones, then 31 zeros and a one;
    {acc, e32, 32, a},
    // 96 zeros, then 32 + 32 + 30 = 94 ones;
    {acc, acc, 96 + 32, e32}, {acc, acc, 32, e32}, {acc, acc, 30, e30},
    // a zero and a one.
    {acc, acc, 2, a},
};
} // namespace invert_chain

/// The exponent the table raises a to, worked out from the table alone on
/// 256-bit integers: each step is exponent[to] = exponent[from]·2^squarings +
/// exponent[times]. Compile time only.
constexpr bool invert_chain_gives(const limbs &exponent) noexcept
{
    limbs e[invert_chain::values]{};
    e[invert_chain::a] = limbs{{1, 0, 0, 0}};
    for (const chain_step &step : invert_chain::steps) {
        limbs x = e[step.from];
        for (int i = 0; i < step.squarings; ++i) {
            for (int k = 3; k > 0; --k) x.v[k] = x.v[k] << 1 | x.v[k - 1] >> 63;
            x.v[0] <<= 1;
        }
        u64 carry = 0;
        for (int k = 0; k < 4; ++k) {
            const u128 sum = u128{x.v[k]} + e[step.times].v[k] + carry;
            x.v[k] = static_cast<u64>(sum);
            carry = static_cast<u64>(sum >> 64);
        }
        e[step.to] = x;
    }
    int squarings = 0;
    for (const chain_step &step : invert_chain::steps) squarings += step.squarings;
    const limbs &got = e[invert_chain::acc];
    return squarings == 277 && got.v[0] == exponent.v[0] && got.v[1] == exponent.v[1]
           && got.v[2] == exponent.v[2] && got.v[3] == exponent.v[3];
}
static_assert(invert_chain_gives(limbs{{prime.v[0] - 2, prime.v[1], prime.v[2], prime.v[3]}}),
              "the inversion chain raises to p − 2 with 277 squarings");

/// r = a^(p−2) = a^-1 (0 maps to 0), by an addition chain for the public
/// exponent p − 2, whose bits from the top are 32 ones, 31 zeros, a one, 96
/// zeros, 94 ones, a zero and a one: 277 squarings and 13 products (the
/// generic 4-bit-window ladder needs about 256 and 78), the same sequence for
/// every a. r may alias a.
template <class F>
inline void invert(limbs &r, const limbs &a) noexcept
{
    limbs value[invert_chain::values], t;
    value[invert_chain::a] = a;
    for (const chain_step &step : invert_chain::steps) {
        sqr_n<F>(t, value[step.from], step.squarings);
        F::mul(value[step.to], t, value[step.times]);
    }
    r = value[invert_chain::acc];
}

} // namespace twoleg::detail::p256_field
