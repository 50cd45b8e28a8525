// Internal: constant-time arithmetic modulo a 256-bit odd modulus, in
// Montgomery form on four 64-bit limbs (little-endian limb order).
//
// Why fixed 4×64-bit limbs rather than GMP's mpn_sec_* functions: every
// P-256 value is exactly 256 bits, so a fixed-size representation lets the
// compiler keep a whole element in registers, needs no scratch space (no
// mpn_sec_*_itch, no heap, nothing to size at run time) and turns the
// Montgomery product into 32 straight-line 64×64→128 multiplications with no
// loop over a length. mpn_sec_mul + mpn_sec_div_r on 4 limbs spend most of
// their time on generic bookkeeping, and GMP's documentation promises only
// that those functions are side-channel silent, not how fast they are on
// tiny operands. The same code serves the field (mod p) and the scalars
// (mod n): only the modulus descriptor differs.
//
// Constant time: no function here branches on, or indexes memory with, the
// value of an operand. Conditional steps (the final subtraction of a
// Montgomery product, the correction of an addition or subtraction) compute
// both candidates and pick one with an all-ones/all-zeros mask derived from a
// carry. Exponentiation (inversion by Fermat's little theorem) uses a fixed,
// public exponent, so its sequence of operations is the same for every base.
//
// Invariant: every element passed in or returned is fully reduced (< m).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <x86intrin.h>
#endif

namespace twoleg::detail::mont256 {

using u64 = std::uint64_t;
__extension__ typedef unsigned __int128 u128;

/// Four little-endian limbs: v[0] is the least significant.
struct limbs {
    u64 v[4];
};

/// A modulus and its Montgomery constants (R = 2^256).
struct modulus {
    limbs m;
    u64 m0inv;   // -m^-1 mod 2^64
    limbs r2;    // R^2 mod m
    limbs one;   // R mod m (1 in Montgomery form)
};

// ---- compile-time construction of the constants ----

/// -m0^-1 mod 2^64 by Newton's iteration (each step doubles the correct bits).
constexpr u64 negated_inverse_mod_2_64(u64 m0)
{
    u64 x = 1;
    for (int i = 0; i < 7; ++i) x *= 2 - m0 * x;
    return ~x + 1;
}

/// a + a mod m for a < m (compile time only; branches allowed).
constexpr limbs double_mod_compile_time(const limbs &a, const limbs &m)
{
    limbs r{};
    u64 carry = 0;
    for (int i = 0; i < 4; ++i) {
        const u64 hi = a.v[i] >> 63;
        r.v[i] = (a.v[i] << 1) | carry;
        carry = hi;
    }
    bool ge = carry != 0;
    if (!ge) {
        ge = true;
        for (int i = 3; i >= 0; --i) {
            if (r.v[i] != m.v[i]) {
                ge = r.v[i] > m.v[i];
                break;
            }
        }
    }
    if (ge) {
        u64 borrow = 0;
        for (int i = 0; i < 4; ++i) {
            const u64 d = r.v[i] - m.v[i] - borrow;
            borrow = (r.v[i] < m.v[i] || (r.v[i] == m.v[i] && borrow)) ? 1 : 0;
            r.v[i] = d;
        }
    }
    return r;
}

/// 2^k mod m by doubling 1 (m > 2^255, so 2^0 = 1 needs no reduction).
constexpr limbs power_of_two_mod(unsigned k, const limbs &m)
{
    limbs r{{1, 0, 0, 0}};
    for (unsigned i = 0; i < k; ++i) r = double_mod_compile_time(r, m);
    return r;
}

constexpr modulus make_modulus(const limbs &m)
{
    return modulus{m, negated_inverse_mod_2_64(m.v[0]), power_of_two_mod(512, m), power_of_two_mod(256, m)};
}

// ---- masks and selection ----

/// All ones if bit is 1, all zeros if it is 0 (bit must be 0 or 1).
inline u64 mask_of_bit(u64 bit) noexcept { return ~bit + 1; }

/// All ones if x == 0, else zero; no branch.
inline u64 mask_is_zero(u64 x) noexcept { return mask_of_bit(1 ^ ((x | (~x + 1)) >> 63)); }

/// r = mask ? a : b, limb by limb.
inline void select(limbs &r, u64 mask, const limbs &a, const limbs &b) noexcept
{
    for (int i = 0; i < 4; ++i) r.v[i] = (a.v[i] & mask) | (b.v[i] & ~mask);
}

/// All ones if a == b.
inline u64 mask_equal(const limbs &a, const limbs &b) noexcept
{
    u64 d = 0;
    for (int i = 0; i < 4; ++i) d |= a.v[i] ^ b.v[i];
    return mask_is_zero(d);
}

inline u64 mask_is_zero(const limbs &a) noexcept { return mask_is_zero(a.v[0] | a.v[1] | a.v[2] | a.v[3]); }

// ---- carry chains ----

inline u64 add_carry(u64 a, u64 b, u64 carry_in, u64 &carry_out) noexcept
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    unsigned long long r;
    carry_out = __builtin_ia32_addcarryx_u64(static_cast<unsigned char>(carry_in), a, b, &r);
    return r;
#else
    const u128 s = static_cast<u128>(a) + b + carry_in;
    carry_out = static_cast<u64>(s >> 64);
    return static_cast<u64>(s);
#endif
}

inline u64 sub_borrow(u64 a, u64 b, u64 borrow_in, u64 &borrow_out) noexcept
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    unsigned long long r;
    borrow_out = _subborrow_u64(static_cast<unsigned char>(borrow_in), a, b, &r);  // g++ and clang both have it
    return r;
#else
    const u128 d = static_cast<u128>(a) - b - borrow_in;
    borrow_out = static_cast<u64>(d >> 64) & 1;
    return static_cast<u64>(d);
#endif
}

/// r = (hi·2^256 + t) − m if that is non-negative, else t; hi is 0 or 1 and
/// the value is < 2m.
inline void reduce_once(limbs &r, u64 hi, const limbs &t, const limbs &m) noexcept
{
    limbs d;
    u64 borrow = 0;
    for (int i = 0; i < 4; ++i) d.v[i] = sub_borrow(t.v[i], m.v[i], borrow, borrow);
    u64 final_borrow;
    sub_borrow(hi, 0, borrow, final_borrow);
    // final_borrow = 1: the value was below m, keep t.
    select(r, mask_of_bit(final_borrow), t, d);
}

/// True (all ones) if a < m, as a mask; for checking decoded input.
inline u64 mask_less_than(const limbs &a, const limbs &m) noexcept
{
    u64 borrow = 0;
    for (int i = 0; i < 4; ++i) sub_borrow(a.v[i], m.v[i], borrow, borrow);
    return mask_of_bit(borrow);
}

// ---- modular operations ----

inline void add(limbs &r, const limbs &a, const limbs &b, const modulus &M) noexcept
{
    limbs s;
    u64 carry = 0;
    for (int i = 0; i < 4; ++i) s.v[i] = add_carry(a.v[i], b.v[i], carry, carry);
    reduce_once(r, carry, s, M.m);
}

inline void sub(limbs &r, const limbs &a, const limbs &b, const modulus &M) noexcept
{
    limbs d;
    u64 borrow = 0;
    for (int i = 0; i < 4; ++i) d.v[i] = sub_borrow(a.v[i], b.v[i], borrow, borrow);
    // On borrow add m back: m & mask.
    const u64 mask = mask_of_bit(borrow);
    u64 carry = 0;
    for (int i = 0; i < 4; ++i) r.v[i] = add_carry(d.v[i], M.m.v[i] & mask, carry, carry);
}

inline void negate(limbs &r, const limbs &a, const modulus &M) noexcept
{
    const limbs zero{{0, 0, 0, 0}};
    sub(r, zero, a, M);
}

/// Montgomery product r = a·b·R^-1 mod m (CIOS: multiply and reduce one limb at a time).
inline void mul(limbs &r, const limbs &a, const limbs &b, const modulus &M) noexcept
{
    u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
    for (int i = 0; i < 4; ++i) {
        const u64 ai = a.v[i];
        u128 x;
        u64 c;
        x = static_cast<u128>(ai) * b.v[0] + t0; t0 = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(ai) * b.v[1] + t1 + c; t1 = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(ai) * b.v[2] + t2 + c; t2 = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(ai) * b.v[3] + t3 + c; t3 = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(t4) + c; t4 = static_cast<u64>(x);
        const u64 t5 = static_cast<u64>(x >> 64);

        const u64 q = t0 * M.m0inv;
        x = static_cast<u128>(q) * M.m.v[0] + t0; c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(q) * M.m.v[1] + t1 + c; t0 = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(q) * M.m.v[2] + t2 + c; t1 = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(q) * M.m.v[3] + t3 + c; t2 = static_cast<u64>(x); c = static_cast<u64>(x >> 64);
        x = static_cast<u128>(t4) + c; t3 = static_cast<u64>(x);
        t4 = t5 + static_cast<u64>(x >> 64);
    }
    reduce_once(r, t4, limbs{{t0, t1, t2, t3}}, M.m);
}

inline void square(limbs &r, const limbs &a, const modulus &M) noexcept { mul(r, a, a, M); }

inline void to_montgomery(limbs &r, const limbs &a, const modulus &M) noexcept { mul(r, a, M.r2, M); }

inline void from_montgomery(limbs &r, const limbs &a, const modulus &M) noexcept
{
    mul(r, a, limbs{{1, 0, 0, 0}}, M);
}

/// r = a^e (Montgomery form) for a public exponent e: fixed 4-bit windows,
/// the table indexed by exponent bits only, so the sequence of operations is
/// the same for every base a.
inline void pow_public_exponent(limbs &r, const limbs &a, const limbs &e, const modulus &M) noexcept
{
    limbs table[16];
    table[0] = M.one;
    table[1] = a;
    for (int i = 2; i < 16; ++i) mul(table[i], table[i - 1], a, M);
    limbs acc = M.one;
    for (int w = 63; w >= 0; --w) {
        for (int k = 0; k < 4; ++k) square(acc, acc, M);
        const unsigned digit = static_cast<unsigned>(e.v[w / 16] >> ((w % 16) * 4)) & 15u;
        mul(acc, acc, table[digit], M);
    }
    r = acc;
}

/// r = a^(m−2) = a^-1 (Montgomery form; 0 maps to 0), by Fermat's little
/// theorem (m is prime). Constant time.
inline void invert(limbs &r, const limbs &a, const modulus &M) noexcept
{
    limbs e = M.m;
    u64 borrow = 0;
    e.v[0] = sub_borrow(e.v[0], 2, 0, borrow);
    for (int i = 1; i < 4; ++i) e.v[i] = sub_borrow(e.v[i], 0, borrow, borrow);
    pow_public_exponent(r, a, e, M);
}

/// r = a^-1 mod m for plain (not Montgomery) a in [1, m−1], by the binary
/// extended Euclidean algorithm. VARIABLE TIME: its branches follow the bits
/// of a, so it is for public values only (verification's s). Returns false
/// (r = 0) when a is 0.
inline bool invert_vartime(limbs &r, const limbs &a, const modulus &M) noexcept
{
    auto is_zero = [](const limbs &x) { return (x.v[0] | x.v[1] | x.v[2] | x.v[3]) == 0; };
    auto is_one = [](const limbs &x) { return x.v[0] == 1 && (x.v[1] | x.v[2] | x.v[3]) == 0; };
    auto less = [](const limbs &x, const limbs &y) {
        for (int i = 3; i >= 0; --i)
            if (x.v[i] != y.v[i]) return x.v[i] < y.v[i];
        return false;
    };
    auto sub_in_place = [](limbs &x, const limbs &y) {
        u64 borrow = 0;
        for (int i = 0; i < 4; ++i) x.v[i] = sub_borrow(x.v[i], y.v[i], borrow, borrow);
    };
    // x = x/2 mod m (m odd): add m first when x is odd; the sum has 257 bits.
    auto halve = [&M](limbs &x) {
        u64 top = 0;
        if (x.v[0] & 1) {
            u64 carry = 0;
            for (int i = 0; i < 4; ++i) x.v[i] = add_carry(x.v[i], M.m.v[i], carry, carry);
            top = carry;
        }
        for (int i = 0; i < 3; ++i) x.v[i] = (x.v[i] >> 1) | (x.v[i + 1] << 63);
        x.v[3] = (x.v[3] >> 1) | (top << 63);
    };
    auto shift_right = [](limbs &x) {
        for (int i = 0; i < 3; ++i) x.v[i] = (x.v[i] >> 1) | (x.v[i + 1] << 63);
        x.v[3] >>= 1;
    };
    r = limbs{{0, 0, 0, 0}};
    if (is_zero(a)) return false;
    // Invariants: x1·a ≡ u, x2·a ≡ v (mod m); gcd(u, v) = gcd(a, m) = 1.
    limbs u = a, v = M.m, x1{{1, 0, 0, 0}}, x2{{0, 0, 0, 0}};
    while (!is_one(u) && !is_one(v)) {
        while ((u.v[0] & 1) == 0) {
            shift_right(u);
            halve(x1);
        }
        while ((v.v[0] & 1) == 0) {
            shift_right(v);
            halve(x2);
        }
        if (!less(u, v)) {
            sub_in_place(u, v);
            sub(x1, x1, x2, M);
        } else {
            sub_in_place(v, u);
            sub(x2, x2, x1, M);
        }
    }
    r = is_one(u) ? x1 : x2;
    return true;
}

// ---- bytes ----

/// 32 big-endian bytes to limbs (no reduction).
inline limbs from_bytes(std::span<const std::uint8_t, 32> in) noexcept
{
    limbs r{};
    for (int i = 0; i < 4; ++i) {
        u64 w = 0;
        for (int j = 0; j < 8; ++j) w = (w << 8) | in[static_cast<std::size_t>(8 * (3 - i) + j)];
        r.v[i] = w;
    }
    return r;
}

inline void to_bytes(std::span<std::uint8_t, 32> out, const limbs &a) noexcept
{
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 8; ++j)
            out[static_cast<std::size_t>(8 * (3 - i) + j)] = static_cast<std::uint8_t>(a.v[i] >> (56 - 8 * j));
}

} // namespace twoleg::detail::mont256
