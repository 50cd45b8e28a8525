// Internal: Montgomery arithmetic modulo n on GMP's own multiplication, for
// the blinding factors and the fault check of rsa_core.cpp.
//
// Why not the kernels of mont_exp.hpp or ifma_dual.hpp: the fault check must
// be an implementation independent of the one that computed the signature, so
// that a defect in a kernel cannot hide itself. Everything here is GMP: the
// products are mpn_sec_mul / mpn_sec_sqr, the reduction is Montgomery's REDC
// written over mpn_addmul_1 (the same primitive GMP's own mpn_sec_powm reduces
// with), and the final subtraction is mpn_sub_n with mpn_cnd_sub_n. Every
// call runs the same instruction sequence and touches the same addresses for
// any operands of the modulus' size, so it is fine for secret operands (the
// blinding factors); only the modulus' limb count and the public exponent's
// bits shape the work.
//
// Conventions: the modulus is n of `limbs` limbs (odd, top limb non-zero) with
// R = 2^(64·limbs), R² mod n and -n^-1 mod 2^64 taken from its
// montgomery_modulus (mont_exp.hpp, prepared at key load). Every operand and
// result is fully reduced (< n). No heap allocation.
#pragma once

#include <gmp.h>

#include <cstddef>

#include "rsa/mont_exp.hpp"

namespace twoleg::detail {

/// Limbs of scratch each function below needs for this modulus.
std::size_t gmp_montgomery_scratch_size(const montgomery_modulus &n) noexcept;

/// out = a·b/R mod n, fully reduced. a, b < n. out may alias a or b.
void gmp_montgomery_multiply(const montgomery_modulus &n, mp_limb_t *out, const mp_limb_t *a,
                             const mp_limb_t *b, mp_limb_t *scratch) noexcept;

/// out = a·a/R mod n, fully reduced. a < n. out may alias a.
void gmp_montgomery_square(const montgomery_modulus &n, mp_limb_t *out, const mp_limb_t *a,
                           mp_limb_t *scratch) noexcept;

/// out = x·R mod n (into Montgomery form). x < n. out may alias x.
void gmp_montgomery_enter(const montgomery_modulus &n, mp_limb_t *out, const mp_limb_t *x,
                          mp_limb_t *scratch) noexcept;

/// out = base^exponent mod n for a PUBLIC exponent (RSA's e): left-to-right
/// binary exponentiation in Montgomery form, whose sequence of squarings and
/// multiplications follows the exponent's bits while each is constant time in
/// the base. base < n; exponent: ceil(exponent_bits / 64) limbs with bit
/// exponent_bits - 1 set, exponent_bits >= 1. out must not overlap base.
void gmp_montgomery_power_public(const montgomery_modulus &n, mp_limb_t *out, const mp_limb_t *base,
                                 const mp_limb_t *exponent, std::size_t exponent_bits,
                                 mp_limb_t *scratch) noexcept;

} // namespace twoleg::detail
