// Implements ec/p256_point.hpp: P-256 point arithmetic.
#include "ec/p256_point.hpp"

namespace twoleg::detail::p256 {

namespace {

namespace m = mont256;
using u64 = std::uint64_t;

constexpr limbs plain_b{{0x3bce3c3e27d2604bULL, 0x651d06b0cc53b0f6ULL, 0xb3ebbd55769886bcULL,
                         0x5ac635d8aa3a93e7ULL}};
constexpr limbs plain_gx{{0xf4a13945d898c296ULL, 0x77037d812deb33a0ULL, 0xf8bce6e563a440f2ULL,
                          0x6b17d1f2e12c4247ULL}};
constexpr limbs plain_gy{{0xcbb6406837bf51f5ULL, 0x2bce33576b315eceULL, 0x8ee7eb4a7c0f9e16ULL,
                          0x4fe342e2fe1a7f9bULL}};

// Field shorthands.
inline void fadd(limbs &r, const limbs &a, const limbs &b) noexcept { m::add(r, a, b, field); }
inline void fsub(limbs &r, const limbs &a, const limbs &b) noexcept { m::sub(r, a, b, field); }
inline void fmul(limbs &r, const limbs &a, const limbs &b) noexcept { m::mul(r, a, b, field); }

struct curve_constants {
    limbs b;
    point g;
    curve_constants() noexcept
    {
        m::to_montgomery(b, plain_b, field);
        m::to_montgomery(g.x, plain_gx, field);
        m::to_montgomery(g.y, plain_gy, field);
        g.z = field.one;
    }
};

const curve_constants &constants() noexcept
{
    static const curve_constants c;
    return c;
}

void select_point(point &r, u64 mask, const point &a, const point &b) noexcept
{
    m::select(r.x, mask, a.x, b.x);
    m::select(r.y, mask, a.y, b.y);
    m::select(r.z, mask, a.z, b.z);
}

/// r = table[index] reading every entry (index is secret).
template <std::size_t N>
void lookup(point &r, const point (&table)[N], unsigned index) noexcept
{
    r = table[0];
    for (unsigned i = 1; i < N; ++i) select_point(r, m::mask_is_zero(static_cast<u64>(i ^ index)), table[i], r);
}

unsigned window(const limbs &k, unsigned w) noexcept
{
    return static_cast<unsigned>(k.v[w / 16] >> ((w % 16) * 4)) & 15u;
}

/// base_table[i][j] = j·16^i·G (projective; j = 0 is the identity).
struct base_table {
    point entry[64][16];
    base_table() noexcept
    {
        point step = constants().g;  // 16^i·G
        for (auto &row : entry) {
            row[0] = identity();
            row[1] = step;
            for (int j = 2; j < 16; ++j) add(row[j], row[j - 1], step);
            for (int d = 0; d < 4; ++d) dbl(step, step);
        }
    }
};

const base_table &base() noexcept
{
    static const base_table t;
    return t;
}

} // namespace

const limbs &curve_b() noexcept { return constants().b; }
const point &generator() noexcept { return constants().g; }
point identity() noexcept { return point{limbs{{0, 0, 0, 0}}, field.one, limbs{{0, 0, 0, 0}}}; }

void add(point &r, const point &p, const point &q) noexcept
{
    const limbs &b = curve_b();
    limbs t0, t1, t2, t3, t4, x3, y3, z3;
    fmul(t0, p.x, q.x);
    fmul(t1, p.y, q.y);
    fmul(t2, p.z, q.z);
    fadd(t3, p.x, p.y);
    fadd(t4, q.x, q.y);
    fmul(t3, t3, t4);
    fadd(t4, t0, t1);
    fsub(t3, t3, t4);
    fadd(t4, p.y, p.z);
    fadd(x3, q.y, q.z);
    fmul(t4, t4, x3);
    fadd(x3, t1, t2);
    fsub(t4, t4, x3);
    fadd(x3, p.x, p.z);
    fadd(y3, q.x, q.z);
    fmul(x3, x3, y3);
    fadd(y3, t0, t2);
    fsub(y3, x3, y3);
    fmul(z3, b, t2);
    fsub(x3, y3, z3);
    fadd(z3, x3, x3);
    fadd(x3, x3, z3);
    fsub(z3, t1, x3);
    fadd(x3, t1, x3);
    fmul(y3, b, y3);
    fadd(t1, t2, t2);
    fadd(t2, t1, t2);
    fsub(y3, y3, t2);
    fsub(y3, y3, t0);
    fadd(t1, y3, y3);
    fadd(y3, t1, y3);
    fadd(t1, t0, t0);
    fadd(t0, t1, t0);
    fsub(t0, t0, t2);
    fmul(t1, t4, y3);
    fmul(t2, t0, y3);
    fmul(y3, x3, z3);
    fadd(y3, y3, t2);
    fmul(x3, t3, x3);
    fsub(x3, x3, t1);
    fmul(z3, t4, z3);
    fmul(t1, t3, t0);
    fadd(z3, z3, t1);
    r.x = x3;
    r.y = y3;
    r.z = z3;
}

void dbl(point &r, const point &p) noexcept
{
    const limbs &b = curve_b();
    limbs t0, t1, t2, t3, x3, y3, z3;
    fmul(t0, p.x, p.x);
    fmul(t1, p.y, p.y);
    fmul(t2, p.z, p.z);
    fmul(t3, p.x, p.y);
    fadd(t3, t3, t3);
    fmul(z3, p.x, p.z);
    fadd(z3, z3, z3);
    fmul(y3, b, t2);
    fsub(y3, y3, z3);
    fadd(x3, y3, y3);
    fadd(y3, x3, y3);
    fsub(x3, t1, y3);
    fadd(y3, t1, y3);
    fmul(y3, x3, y3);
    fmul(x3, x3, t3);
    fadd(t3, t2, t2);
    fadd(t2, t2, t3);
    fmul(z3, b, z3);
    fsub(z3, z3, t2);
    fsub(z3, z3, t0);
    fadd(t3, z3, z3);
    fadd(z3, z3, t3);
    fadd(t3, t0, t0);
    fadd(t0, t3, t0);
    fsub(t0, t0, t2);
    fmul(t0, t0, z3);
    fadd(y3, y3, t0);
    fmul(t0, p.y, p.z);
    fadd(t0, t0, t0);
    fmul(z3, t0, z3);
    fsub(x3, x3, z3);
    fmul(z3, t0, t1);
    fadd(z3, z3, z3);
    fadd(z3, z3, z3);
    r.x = x3;
    r.y = y3;
    r.z = z3;
}

void negate(point &r, const point &p) noexcept
{
    r.x = p.x;
    m::negate(r.y, p.y, field);
    r.z = p.z;
}

std::uint64_t mask_is_identity(const point &p) noexcept { return m::mask_is_zero(p.z); }

void scalar_mult(point &r, const point &p, const limbs &k) noexcept
{
    point table[16];
    table[0] = identity();
    table[1] = p;
    for (int i = 2; i < 16; ++i) add(table[i], table[i - 1], p);
    point acc = identity();
    point chosen;
    for (int w = 63; w >= 0; --w) {
        for (int d = 0; d < 4; ++d) dbl(acc, acc);
        lookup(chosen, table, window(k, static_cast<unsigned>(w)));
        add(acc, acc, chosen);
    }
    r = acc;
}

void base_mult(point &r, const limbs &k) noexcept
{
    const base_table &t = base();
    point acc = identity();
    point chosen;
    for (unsigned w = 0; w < 64; ++w) {
        lookup(chosen, t.entry[w], window(k, w));
        add(acc, acc, chosen);
    }
    r = acc;
}

void double_base_mult_vartime(point &r, const limbs &a, const point &q, const limbs &b) noexcept
{
    const base_table &t = base();
    point acc = identity();
    for (unsigned w = 0; w < 64; ++w)
        if (const unsigned d = window(a, w); d != 0) add(acc, acc, t.entry[w][d]);

    point table[16];
    table[0] = identity();
    table[1] = q;
    for (int i = 2; i < 16; ++i) add(table[i], table[i - 1], q);
    point acc_q = identity();
    for (int w = 63; w >= 0; --w) {
        for (int d = 0; d < 4; ++d) dbl(acc_q, acc_q);
        if (const unsigned d = window(b, static_cast<unsigned>(w)); d != 0) add(acc_q, acc_q, table[d]);
    }
    add(r, acc, acc_q);
}

affine_point to_affine(const point &p) noexcept
{
    limbs zinv;
    m::invert(zinv, p.z, field);
    affine_point a;
    fmul(a.x, p.x, zinv);
    fmul(a.y, p.y, zinv);
    return a;
}

point from_affine(const affine_point &a) noexcept { return point{a.x, a.y, field.one}; }

bool on_curve(const affine_point &a) noexcept
{
    limbs lhs, rhs, t;
    fmul(lhs, a.y, a.y);
    fmul(rhs, a.x, a.x);
    fmul(rhs, rhs, a.x);
    fadd(t, a.x, a.x);
    fadd(t, t, a.x);
    fsub(rhs, rhs, t);
    fadd(rhs, rhs, curve_b());
    return m::mask_equal(lhs, rhs) != 0;
}

bool decode_field(limbs &out, std::span<const std::uint8_t, 32> in) noexcept
{
    const limbs plain = m::from_bytes(in);
    if (m::mask_less_than(plain, field.m) == 0) return false;
    m::to_montgomery(out, plain, field);
    return true;
}

void encode_field(std::span<std::uint8_t, 32> out, const limbs &montgomery) noexcept
{
    limbs plain;
    m::from_montgomery(plain, montgomery, field);
    m::to_bytes(out, plain);
}

bool solve_y(limbs &y, const limbs &x, unsigned odd) noexcept
{
    limbs rhs, t;
    fmul(rhs, x, x);
    fmul(rhs, rhs, x);
    fadd(t, x, x);
    fadd(t, t, x);
    fsub(rhs, rhs, t);
    fadd(rhs, rhs, curve_b());
    // p ≡ 3 (mod 4): a square root of rhs is rhs^((p+1)/4).
    constexpr limbs exponent{{0x0000000000000000ULL, 0x0000000040000000ULL, 0x4000000000000000ULL,
                              0x3fffffffc0000000ULL}};
    limbs root, check;
    m::pow_public_exponent(root, rhs, exponent, field);
    fmul(check, root, root);
    if (m::mask_equal(check, rhs) == 0) return false;
    limbs plain;
    m::from_montgomery(plain, root, field);
    if ((plain.v[0] & 1) != odd) m::negate(root, root, field);
    y = root;
    return true;
}

} // namespace twoleg::detail::p256
