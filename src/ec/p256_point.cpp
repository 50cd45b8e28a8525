// Implements ec/p256_point.hpp: P-256 point arithmetic.
#include "ec/p256_point.hpp"

#include "core/env.hpp"
#include "ec/p256_field.hpp"

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

// Field shorthands (the non-hot paths: decoding, on-curve checks, square roots).
inline void fadd(limbs &r, const limbs &a, const limbs &b) noexcept { m::add(r, a, b, field); }
inline void fsub(limbs &r, const limbs &a, const limbs &b) noexcept { m::sub(r, a, b, field); }
inline void fmul(limbs &r, const limbs &a, const limbs &b) noexcept { p256_field::portable::mul(r, a, b); }
inline void ftriple(limbs &r, const limbs &a) noexcept
{
    limbs twice;
    fadd(twice, a, a);
    fadd(r, twice, a);
}

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

// ---- signed (Booth) windows of the scalar for the fixed-base comb ----
//
// k = Σ d_i·2^(7i), i = 0..36, with d_i in [−64, 64]: d_i is read from the 8
// bits k[7i−1 .. 7i+6] (bit −1 is 0) as bit(7i−1) + Σ_{j<6} 2^j·bit(7i+j) −
// 2^6·bit(7i+6). 37 windows cover 259 bits; k < 2^256, so the top digit is
// not negative and the sum is exact. Arithmetic only: constant time.
constexpr unsigned comb_bits = 7;
constexpr unsigned comb_windows = 37;
constexpr unsigned comb_entries = 1u << (comb_bits - 1);  // |d| = 1..64

/// The 8 bits of k starting at bit position `start` (may be −1); positions
/// are public.
unsigned window_bits(const limbs &k, int start) noexcept
{
    if (start < 0) return static_cast<unsigned>(k.v[0] << 1) & 0xffu;
    const unsigned limb = static_cast<unsigned>(start) / 64, offset = static_cast<unsigned>(start) % 64;
    if (limb >= 4) return 0;
    u64 w = k.v[limb] >> offset;
    if (offset > 56 && limb + 1 < 4) w |= k.v[limb + 1] << (64 - offset);
    return static_cast<unsigned>(w) & 0xffu;
}

struct booth_digit {
    unsigned magnitude;  // 0..64
    u64 negative;        // all ones if the digit is negative
};

booth_digit booth(const limbs &k, unsigned i) noexcept
{
    const unsigned v = window_bits(k, static_cast<int>(comb_bits * i) - 1);
    const unsigned u = (v >> 1) + (v & 1);  // 0..128
    const unsigned sign = v >> comb_bits;    // bit 7i+6
    const unsigned s_mask = 0u - sign;
    const unsigned magnitude = (((1u << comb_bits) - u) & s_mask) | (u & ~s_mask);
    return booth_digit{magnitude, m::mask_of_bit(sign)};
}

/// comb[i][j] = (j+1)·2^(7i)·G, affine (Montgomery form).
struct comb_table {
    affine_point entry[comb_windows][comb_entries];
    comb_table() noexcept;
};

template <class F>
struct curve {
    /// r = a1·b2 + b1·a2 from a1·a2 and b1·b2 with one product more:
    /// (a1 + b1)(a2 + b2) − (a1·a2 + b1·b2).
    static void cross_terms(limbs &r, const limbs &a1, const limbs &b1, const limbs &a2, const limbs &b2,
                            const limbs &a1a2, const limbs &b1b2) noexcept
    {
        limbs u;
        fadd(r, a1, b1);
        fadd(u, a2, b2);
        F::mul(r, r, u);
        fadd(u, a1a2, b1b2);
        fsub(r, r, u);
    }

    /// RCB 2016 algorithm 4 (complete addition, a = −3): any p and q, the
    /// identity and q = ±p included. 12 products.
    static void add(point &r, const point &p, const point &q) noexcept
    {
        limbs t0, t1, t2, t3, t4, xz;
        F::mul(t0, p.x, q.x);
        F::mul(t1, p.y, q.y);
        F::mul(t2, p.z, q.z);
        cross_terms(t3, p.x, p.y, q.x, q.y, t0, t1);  // X1Y2 + X2Y1
        cross_terms(t4, p.y, p.z, q.y, q.z, t1, t2);  // Y1Z2 + Y2Z1
        cross_terms(xz, p.x, p.z, q.x, q.z, t0, t2);  // X1Z2 + X2Z1
        tail<sum>(r, t0, t1, t2, t3, t4, xz);
    }

    /// Algorithm 4 with Z2 = 1 (RCB 2016 algorithm 5): q affine, so q is not
    /// the identity; p may be anything, q = ±p included. 11 products.
    static void mixed_add(point &r, const point &p, const affine_point &q) noexcept
    {
        limbs t0, t1, t3, t4, xz;
        F::mul(t0, p.x, q.x);
        F::mul(t1, p.y, q.y);
        cross_terms(t3, p.x, p.y, q.x, q.y, t0, t1);
        F::mul(t4, q.y, p.z);  // (Y1 + Z1)(Y2 + 1) − (Y1Y2 + Z1) = Y2·Z1 + Y1
        fadd(t4, t4, p.y);
        F::mul(xz, q.x, p.z);  // likewise X2·Z1 + X1
        fadd(xz, xz, p.x);
        tail<sum>(r, t0, t1, p.z, t3, t4, xz);
    }

    /// RCB 2016 algorithm 6 (doubling, a = −3): algorithm 4 with q = p, its
    /// products of two coordinates formed as squares and doubled products, and
    /// Z3 in one product fewer. 8 products and 3 squares.
    static void dbl(point &r, const point &p) noexcept
    {
        limbs t0, t1, t2, t3, t4, xz;
        F::sqr(t0, p.x);
        F::sqr(t1, p.y);
        F::sqr(t2, p.z);
        F::mul(t3, p.x, p.y);
        fadd(t3, t3, t3);  // 2XY
        F::mul(t4, p.y, p.z);
        fadd(t4, t4, t4);  // 2YZ
        F::mul(xz, p.x, p.z);
        fadd(xz, xz, xz);  // 2XZ
        tail<doubling>(r, t0, t1, t2, t3, t4, xz);
    }

    /// Which Z3 the tail forms: algorithm 4's, for any sum, or algorithm 6's,
    /// which holds for a doubling only.
    enum tail_form { sum, doubling };

    /// The part of algorithms 4 and 6 after the coordinate products, the same
    /// steps for both but Z3 (see tail_form). In: t0 = X1X2, t1 = Y1Y2,
    /// t2 = Z1Z2, t3 = X1Y2 + X2Y1, t4 = Y1Z2 + Y2Z1, xz = X1Z2 + X2Z1 (for a
    /// doubling X², Y², Z², 2XY, 2YZ, 2XZ). Its two products by b are not
    /// in the counts above. r may alias the points these came from.
    template <tail_form Form>
    static void tail(point &r, const limbs &t0, const limbs &t1, const limbs &t2, const limbs &t3,
                     const limbs &t4, const limbs &xz) noexcept
    {
        const limbs &b = curve_b();
        limbs m, s, d, zz3, e, f, u, v, x3, y3, z3;
        F::mul(m, b, t2);
        fsub(m, xz, m);
        ftriple(m, m);  // m = 3(xz − b·Z1Z2)
        fsub(d, t1, m);
        fadd(s, t1, m);
        ftriple(zz3, t2);  // zz3 = 3·Z1Z2
        F::mul(e, b, xz);
        fsub(e, e, zz3);
        fsub(e, e, t0);
        ftriple(e, e);  // e = 3(b·xz − 3·Z1Z2 − X1X2)
        ftriple(f, t0);
        fsub(f, f, zz3);  // f = 3·X1X2 − 3·Z1Z2
        F::mul(u, t4, e);
        F::mul(v, f, e);
        F::mul(y3, s, d);
        fadd(y3, y3, v);  // Y3 = s·d + e·f
        F::mul(x3, t3, s);
        fsub(x3, x3, u);  // X3 = t3·s − t4·e
        if constexpr (Form == doubling) {
            F::mul(z3, t4, t1);
            fadd(z3, z3, z3);
            fadd(z3, z3, z3);  // Z3 = 4·2YZ·Y²
        } else {
            F::mul(z3, t4, d);
            F::mul(v, t3, f);
            fadd(z3, z3, v);  // Z3 = t4·d + t3·f
        }
        r.x = x3;
        r.y = y3;
        r.z = z3;
    }

    static affine_point to_affine(const point &p) noexcept
    {
        limbs zinv;
        p256_field::invert<F>(zinv, p.z);
        affine_point a;
        F::mul(a.x, p.x, zinv);
        F::mul(a.y, p.y, zinv);
        return a;
    }

    static void scalar_mult(point &r, const point &p, const limbs &k) noexcept
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

    /// Fixed-base comb: acc += d_i·2^(7i)·G for the 37 Booth digits, each
    /// entry found by a masked scan of its whole row, negated with a mask,
    /// added with the complete mixed formula, and the sum kept only when the
    /// digit is not 0 (again by mask: a zero digit selects no entry).
    static void base_mult(point &r, const limbs &k, const comb_table &t) noexcept
    {
        point acc = identity();
        point sum;
        affine_point chosen;
        limbs neg_y;
        for (unsigned i = 0; i < comb_windows; ++i) {
            const booth_digit d = booth(k, i);
            chosen = affine_point{limbs{{0, 0, 0, 0}}, limbs{{0, 0, 0, 0}}};
            for (unsigned j = 0; j < comb_entries; ++j) {
                const u64 hit = m::mask_is_zero(static_cast<u64>((j + 1) ^ d.magnitude));
                m::select(chosen.x, hit, t.entry[i][j].x, chosen.x);
                m::select(chosen.y, hit, t.entry[i][j].y, chosen.y);
            }
            m::negate(neg_y, chosen.y, field);
            m::select(chosen.y, d.negative, neg_y, chosen.y);
            mixed_add(sum, acc, chosen);
            select_point(acc, m::mask_is_zero(static_cast<u64>(d.magnitude)), acc, sum);
        }
        r = acc;
    }
};

/// Montgomery's simultaneous inversion: out[i] = affine(in[i]), one field
/// inversion for the whole row (table construction only; no entry is the
/// identity).
template <std::size_t N>
void batch_to_affine(affine_point (&out)[N], const point (&in)[N]) noexcept
{
    using F = p256_field::portable;
    limbs prefix[N];
    prefix[0] = in[0].z;
    for (std::size_t i = 1; i < N; ++i) F::mul(prefix[i], prefix[i - 1], in[i].z);
    limbs inv;
    p256_field::invert<F>(inv, prefix[N - 1]);
    for (std::size_t i = N; i-- > 0;) {
        limbs zinv;
        if (i > 0) {
            F::mul(zinv, inv, prefix[i - 1]);
            F::mul(inv, inv, in[i].z);
        } else {
            zinv = inv;
        }
        F::mul(out[i].x, in[i].x, zinv);
        F::mul(out[i].y, in[i].y, zinv);
    }
}

comb_table::comb_table() noexcept
{
    using C = curve<p256_field::portable>;
    point step = constants().g;  // 2^(7i)·G
    point row[comb_entries];
    for (auto &out : entry) {
        row[0] = step;
        for (unsigned j = 1; j < comb_entries; ++j) C::add(row[j], row[j - 1], step);
        batch_to_affine(out, row);
        C::dbl(step, row[comb_entries - 1]);  // 2·64 = 2^7
    }
}

const comb_table &comb() noexcept
{
    static const comb_table t;
    return t;
}

// ---- verification: variable time, Jacobian coordinates ----
//
// (X : Y : Z) stands for (X/Z², Y/Z³); Z = 0 is the identity. The inputs are
// public, so the formulas branch on the identity and on equal or opposite
// points (the cases the usual formulas get wrong) instead of being complete.

struct jacobian {
    limbs x, y, z;
};

template <class F>
struct vartime {
    static bool is_identity(const jacobian &p) noexcept { return m::mask_is_zero(p.z) != 0; }

    /// a = −3: 3 products, 5 squares (dbl-2001-b).
    static void dbl(jacobian &r, const jacobian &p) noexcept
    {
        if (is_identity(p)) {
            r = p;
            return;
        }
        limbs delta, gamma, beta, alpha, t, u;
        F::sqr(delta, p.z);
        F::sqr(gamma, p.y);
        F::mul(beta, p.x, gamma);
        fsub(t, p.x, delta);
        fadd(u, p.x, delta);
        F::mul(alpha, t, u);
        fadd(t, alpha, alpha);
        fadd(alpha, alpha, t);  // 3(X − δ)(X + δ)
        fadd(u, p.y, p.z);
        F::sqr(r.z, u);
        fsub(r.z, r.z, gamma);
        fsub(r.z, r.z, delta);
        fadd(beta, beta, beta);
        fadd(beta, beta, beta);  // 4β
        F::sqr(r.x, alpha);
        fadd(t, beta, beta);
        fsub(r.x, r.x, t);
        fsub(t, beta, r.x);
        F::sqr(gamma, gamma);
        fadd(gamma, gamma, gamma);
        fadd(gamma, gamma, gamma);
        fadd(gamma, gamma, gamma);  // 8γ²
        F::mul(r.y, alpha, t);
        fsub(r.y, r.y, gamma);
    }

    /// r = p + q given U1 = X1·Z2², U2 = X2·Z1², S1 = Y1·Z2³, S2 = Y2·Z1³
    /// and z = Z1·Z2; handles p = ±q.
    static void finish_add(jacobian &r, const jacobian &p, const limbs &u1, const limbs &u2, const limbs &s1,
                           const limbs &s2, const limbs &z) noexcept
    {
        limbs h, rr, hh, hhh, v, t;
        fsub(h, u2, u1);
        fsub(rr, s2, s1);
        if (m::mask_is_zero(h)) {
            if (m::mask_is_zero(rr)) {
                dbl(r, p);  // p = q
            } else {
                r = jacobian{field.one, field.one, limbs{{0, 0, 0, 0}}};  // p = −q
            }
            return;
        }
        F::sqr(hh, h);
        F::mul(hhh, hh, h);
        F::mul(v, u1, hh);
        F::mul(r.z, z, h);
        F::sqr(r.x, rr);
        fsub(r.x, r.x, hhh);
        fadd(t, v, v);
        fsub(r.x, r.x, t);
        fsub(t, v, r.x);
        F::mul(t, rr, t);
        F::mul(hhh, s1, hhh);
        fsub(r.y, t, hhh);
    }

    static void add(jacobian &r, const jacobian &p, const jacobian &q) noexcept
    {
        if (is_identity(p)) {
            r = q;
            return;
        }
        if (is_identity(q)) {
            r = p;
            return;
        }
        limbs z1z1, z2z2, u1, u2, s1, s2, z;
        F::sqr(z1z1, p.z);
        F::sqr(z2z2, q.z);
        F::mul(u1, p.x, z2z2);
        F::mul(u2, q.x, z1z1);
        F::mul(s1, p.y, q.z);
        F::mul(s1, s1, z2z2);
        F::mul(s2, q.y, p.z);
        F::mul(s2, s2, z1z1);
        F::mul(z, p.z, q.z);
        const jacobian pc = p;
        finish_add(r, pc, u1, u2, s1, s2, z);
    }

    /// r = p + (x, y) for an affine point (not the identity).
    static void add_affine(jacobian &r, const jacobian &p, const limbs &x, const limbs &y) noexcept
    {
        if (is_identity(p)) {
            r = jacobian{x, y, field.one};
            return;
        }
        limbs z1z1, u2, s2;
        F::sqr(z1z1, p.z);
        F::mul(u2, x, z1z1);
        F::mul(s2, y, p.z);
        F::mul(s2, s2, z1z1);
        const jacobian pc = p;
        finish_add(r, pc, pc.x, u2, pc.y, s2, pc.z);
    }

    /// Width-5 NAF of k < 2^256: digits odd in [−15, 15] or 0, at most 257.
    static int wnaf(int (&digits)[258], const limbs &k) noexcept
    {
        u64 v[5] = {k.v[0], k.v[1], k.v[2], k.v[3], 0};
        int length = 0;
        auto nonzero = [&] { return (v[0] | v[1] | v[2] | v[3] | v[4]) != 0; };
        while (nonzero()) {
            int d = 0;
            if (v[0] & 1) {
                d = static_cast<int>(v[0] & 31);
                if (d > 16) d -= 32;
                // v −= d
                u64 borrow = 0, carry = 0;
                if (d > 0) {
                    v[0] = m::sub_borrow(v[0], static_cast<u64>(d), 0, borrow);
                    for (int i = 1; i < 5; ++i) v[i] = m::sub_borrow(v[i], 0, borrow, borrow);
                } else {
                    v[0] = m::add_carry(v[0], static_cast<u64>(-d), 0, carry);
                    for (int i = 1; i < 5; ++i) v[i] = m::add_carry(v[i], 0, carry, carry);
                }
            }
            digits[length++] = d;
            for (int i = 0; i < 4; ++i) v[i] = (v[i] >> 1) | (v[i + 1] << 63);
            v[4] >>= 1;
        }
        return length;
    }

    static void double_base_mult(point &r, const limbs &a, const point &q_in, const limbs &b,
                                 const comb_table &t) noexcept
    {
        // a·G from the comb table: one affine addition per nonzero digit.
        jacobian acc_g{field.one, field.one, limbs{{0, 0, 0, 0}}};
        limbs neg;
        for (unsigned i = 0; i < comb_windows; ++i) {
            const booth_digit d = booth(a, i);
            if (d.magnitude == 0) continue;
            const affine_point &e = t.entry[i][d.magnitude - 1];
            if (d.negative) {
                m::negate(neg, e.y, field);
                add_affine(acc_g, acc_g, e.x, neg);
            } else {
                add_affine(acc_g, acc_g, e.x, e.y);
            }
        }

        // b·Q by width-5 NAF over the odd multiples Q, 3Q, …, 15Q.
        jacobian acc{field.one, field.one, limbs{{0, 0, 0, 0}}};
        if (m::mask_is_zero(q_in.z) == 0) {
            // Q in Jacobian form: (X/Z, Y/Z) = (XZ / Z², YZ² / Z³).
            jacobian q;
            limbs zz;
            F::sqr(zz, q_in.z);
            F::mul(q.x, q_in.x, q_in.z);
            F::mul(q.y, q_in.y, zz);
            q.z = q_in.z;
            jacobian odd[8], twice;
            odd[0] = q;
            dbl(twice, q);
            for (int i = 1; i < 8; ++i) add(odd[i], odd[i - 1], twice);
            int digits[258];
            const int length = wnaf(digits, b);
            for (int i = length - 1; i >= 0; --i) {
                dbl(acc, acc);
                const int d = digits[i];
                if (d > 0) {
                    add(acc, acc, odd[d / 2]);
                } else if (d < 0) {
                    jacobian n = odd[(-d) / 2];
                    m::negate(n.y, n.y, field);
                    add(acc, acc, n);
                }
            }
        }
        add(acc, acc, acc_g);

        // Back to homogeneous projective: (X·Z : Y : Z³).
        if (is_identity(acc)) {
            r = identity();
            return;
        }
        limbs zz;
        F::sqr(zz, acc.z);
        F::mul(r.x, acc.x, acc.z);
        r.y = acc.y;
        F::mul(r.z, zz, acc.z);
    }
};

// ---- the field kernel: mulx/adx where the CPU has it and TWOLEG_NO_MULX is unset ----

bool mulx_wanted() noexcept
{
#if TWOLEG_P256_MULX
    const auto &f = cpu_features();
    return f.bmi2 && f.adx && !env_flag("TWOLEG_NO_MULX");
#else
    return false;
#endif
}

field_kernel chosen_kernel() noexcept
{
    static const field_kernel k = mulx_wanted() ? field_kernel::mulx : field_kernel::portable;
    return k;
}

template <class Fn>
decltype(auto) dispatch(field_kernel k, Fn &&fn)
{
#if TWOLEG_P256_MULX
    if (k == field_kernel::mulx) return fn(p256_field::mulx{});
#else
    (void)k;
#endif
    return fn(p256_field::portable{});
}

} // namespace

const limbs &curve_b() noexcept { return constants().b; }
const point &generator() noexcept { return constants().g; }
point identity() noexcept { return point{limbs{{0, 0, 0, 0}}, field.one, limbs{{0, 0, 0, 0}}}; }

bool field_kernel_available(field_kernel k) noexcept
{
    if (k == field_kernel::portable) return true;
#if TWOLEG_P256_MULX
    const auto &f = cpu_features();
    return f.bmi2 && f.adx;
#else
    return false;
#endif
}

field_kernel active_field_kernel() noexcept { return chosen_kernel(); }

void add(point &r, const point &p, const point &q) noexcept
{
    dispatch(chosen_kernel(), [&]<class F>(F) { curve<F>::add(r, p, q); });
}

void mixed_add(point &r, const point &p, const affine_point &q) noexcept
{
    dispatch(chosen_kernel(), [&]<class F>(F) { curve<F>::mixed_add(r, p, q); });
}

void dbl(point &r, const point &p) noexcept
{
    dispatch(chosen_kernel(), [&]<class F>(F) { curve<F>::dbl(r, p); });
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
    dispatch(chosen_kernel(), [&]<class F>(F) { curve<F>::scalar_mult(r, p, k); });
}

void base_mult(point &r, const limbs &k, field_kernel kernel) noexcept
{
    const comb_table &t = comb();
    dispatch(kernel, [&]<class F>(F) { curve<F>::base_mult(r, k, t); });
}

void base_mult(point &r, const limbs &k) noexcept { base_mult(r, k, chosen_kernel()); }

affine_point base_table_entry(unsigned window, unsigned multiple) noexcept
{
    return comb().entry[window][multiple - 1];
}

void double_base_mult_vartime(point &r, const limbs &a, const point &q, const limbs &b,
                              field_kernel kernel) noexcept
{
    const comb_table &t = comb();
    dispatch(kernel, [&]<class F>(F) { vartime<F>::double_base_mult(r, a, q, b, t); });
}

void double_base_mult_vartime(point &r, const limbs &a, const point &q, const limbs &b) noexcept
{
    double_base_mult_vartime(r, a, q, b, chosen_kernel());
}

bool x_mod_n_equals_vartime(const point &p, const limbs &r_plain) noexcept
{
    if (m::mask_is_zero(p.z)) return false;
    // x = X/Z with x in [0, p); x mod n = r means x = r or x = r + n (< p).
    limbs r_mont, t;
    m::to_montgomery(r_mont, r_plain, field);  // r < n < p
    fmul(t, r_mont, p.z);
    if (m::mask_equal(t, p.x)) return true;
    limbs r_plus_n;
    u64 carry = 0;
    for (int i = 0; i < 4; ++i) r_plus_n.v[i] = m::add_carry(r_plain.v[i], order.m.v[i], carry, carry);
    if (carry || !m::mask_less_than(r_plus_n, field.m)) return false;
    m::to_montgomery(r_mont, r_plus_n, field);
    fmul(t, r_mont, p.z);
    return m::mask_equal(t, p.x) != 0;
}

affine_point to_affine(const point &p) noexcept
{
    return dispatch(chosen_kernel(), [&]<class F>(F) { return curve<F>::to_affine(p); });
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
