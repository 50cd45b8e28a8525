// Internal: the NIST P-256 curve (FIPS 186-5 / SP 800-186 §3.2.1.3,
// SEC 2 secp256r1): y^2 = x^3 − 3x + b over GF(p), prime order n, cofactor 1.
//
// Field elements (mod p) and scalars (mod n) are mont256::limbs in Montgomery
// form unless a name says otherwise. Points are in homogeneous projective
// coordinates (X : Y : Z), x = X/Z, y = Y/Z, the identity is (0 : 1 : 0).
//
// Additions and doublings use the complete formulas of Renes, Costello and
// Batina ("Complete addition formulas for prime order elliptic curves",
// EUROCRYPT 2016, algorithms 4 and 6 for a = −3): one sequence of field
// operations valid for every pair of inputs, the identity and equal points
// included, so no branch on the points is needed.
//
// Side channels: scalar_mult and base_mult run the same sequence of
// operations and memory accesses for every scalar: fixed windows (4-bit for
// k·P, signed 7-bit for k·G), each table entry chosen by reading all of its
// table (row) and keeping one entry with masks, complete formulas throughout.
// double_base_mult_vartime is for verification only (public inputs): it skips
// zero digits, indexes tables directly and branches on special cases.
#pragma once

#include <cstdint>
#include <span>

#include "ec/mont256.hpp"

namespace twoleg::detail::p256 {

using mont256::limbs;

inline constexpr mont256::modulus field =
    mont256::make_modulus(limbs{{0xffffffffffffffffULL, 0x00000000ffffffffULL, 0x0000000000000000ULL,
                                 0xffffffff00000001ULL}});
inline constexpr mont256::modulus order =
    mont256::make_modulus(limbs{{0xf3b9cac2fc632551ULL, 0xbce6faada7179e84ULL, 0xffffffffffffffffULL,
                                 0xffffffff00000000ULL}});

struct point {
    limbs x, y, z;
};

struct affine_point {
    limbs x, y;  // Montgomery form
};

/// b in Montgomery form.
const limbs &curve_b() noexcept;
/// The base point G.
const point &generator() noexcept;
point identity() noexcept;

/// The field multiplication kernel: mulx/adx inline assembly (x86-64 with
/// BMI2 and ADX, unless TWOLEG_NO_MULX is set; chosen once per process) or
/// portable C++. Both give identical results; the explicit-kernel overloads
/// below exist so that tests can compare them.
enum class field_kernel { portable, mulx };
bool field_kernel_available(field_kernel k) noexcept;
field_kernel active_field_kernel() noexcept;

/// r = p + q, complete (any inputs, r may alias either).
void add(point &r, const point &p, const point &q) noexcept;
/// r = p + q for an affine q (so q is not the identity), complete otherwise
/// (p may be the identity, q or −q): RCB 2016 algorithm 5.
void mixed_add(point &r, const point &p, const affine_point &q) noexcept;
/// r = 2p, complete.
void dbl(point &r, const point &p) noexcept;
/// r = −p.
void negate(point &r, const point &p) noexcept;

/// All ones if p is the identity (Z = 0).
std::uint64_t mask_is_identity(const point &p) noexcept;

/// k·P for a secret scalar k (plain integer limbs, not Montgomery; k < 2^256). Constant time.
void scalar_mult(point &r, const point &p, const limbs &k) noexcept;
/// k·G for a secret scalar k (plain integer limbs, k < 2^256). Constant time:
/// a fixed-base comb over 37 signed 7-bit windows (Booth recoding) of a table
/// of affine multiples (j·2^(7i)·G, j = 1..64) built once on first use
/// (thread-safe); each window scans its whole row with masks, and adds with
/// the complete mixed formula.
void base_mult(point &r, const limbs &k) noexcept;
void base_mult(point &r, const limbs &k, field_kernel kernel) noexcept;
/// The comb table's entry multiple·2^(7·window)·G, window < 37, multiple in
/// 1..64 (for tests).
affine_point base_table_entry(unsigned window, unsigned multiple) noexcept;
/// a·G + b·Q, variable time: public inputs only (verification). a·G adds comb
/// table entries, b·Q runs a width-5 NAF, both in Jacobian coordinates with
/// the doubling and identity cases handled by branches.
void double_base_mult_vartime(point &r, const limbs &a, const point &q, const limbs &b) noexcept;
void double_base_mult_vartime(point &r, const limbs &a, const point &q, const limbs &b,
                              field_kernel kernel) noexcept;
/// Whether x(p) mod n equals r (plain, r < n), without an inversion: r·Z = X,
/// or (r + n)·Z = X when r + n < p. False for the identity. Variable time.
bool x_mod_n_equals_vartime(const point &p, const limbs &r_plain) noexcept;

/// Affine coordinates of p (Montgomery form); p must not be the identity. Constant time.
affine_point to_affine(const point &p) noexcept;
point from_affine(const affine_point &a) noexcept;

/// True if (x, y) (Montgomery form) satisfies the curve equation.
bool on_curve(const affine_point &a) noexcept;

/// Decodes a big-endian 32-byte field element; false if it is not below p.
bool decode_field(limbs &out_montgomery, std::span<const std::uint8_t, 32> in) noexcept;
void encode_field(std::span<std::uint8_t, 32> out, const limbs &montgomery) noexcept;

/// y with y^2 = x^3 − 3x + b and the given parity, for point decompression;
/// false if x^3 − 3x + b is not a square.
bool solve_y(limbs &y_montgomery, const limbs &x_montgomery, unsigned odd) noexcept;

} // namespace twoleg::detail::p256
