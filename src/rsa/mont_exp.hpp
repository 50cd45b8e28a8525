// Internal: constant-time modular exponentiation for the CRT halves of RSA.
//
// A montgomery_modulus is prepared once per odd modulus (a secret prime) when a
// key is loaded; modexp_ct then computes base^exponent mod m without touching
// the allocator, in time and memory-access pattern independent of base and
// exponent (only the limb count and the exponent's bit length, both public,
// shape the work).
//
// Two implementations sit behind modexp_ct, chosen when the modulus is
// prepared:
//   - a mulx Montgomery kernel fully unrolled for 16, 24 and 32 limbs (primes
//     of RSA-2048/3072/4096), on CPUs with BMI2 and ADX, unless the environment
//     variable TWOLEG_NO_MULX is set (non-empty and not "0"); its table scan
//     uses AVX2 where the CPU has it, unless TWOLEG_NO_AVX2 is set likewise;
//   - GMP's mpn_sec_powm for every other case.
// Both return the fully reduced result (< m). The kernel is the arithmetic
// (mont_kernel.hpp); the ladders that drive it are in mont_ladder.hpp. Both
// CRT halves at once on AVX-512 IFMA are the dual-prime kernel's
// (ifma_dual.hpp), chosen per key in rsa_key.cpp.
#pragma once

#include <gmp.h>

#include <cstddef>
#include <vector>

#include "rsa/mont_kernel.hpp"

namespace twoleg::detail {

/// Whether the mulx kernel exists for this limb count and may run here: the CPU
/// has BMI2 and ADX and TWOLEG_NO_MULX is unset, empty or "0". Reads the
/// environment on every call: call it when preparing a key, not per operation.
bool modexp_ct_fast_available(std::size_t limbs) noexcept;

/// An odd modulus m > 1 with its Montgomery constants, R = 2^(64·limbs), and
/// the kernel (mont_kernel.hpp) chosen for it, if any.
/// Holds a secret prime: its destructor overwrites every limb.
class montgomery_modulus {
  public:
    montgomery_modulus() = default;
    ~montgomery_modulus();
    montgomery_modulus(const montgomery_modulus &) = delete;
    montgomery_modulus &operator=(const montgomery_modulus &) = delete;

    /// Prepares for m = {modulus, limbs}: modulus[limbs-1] != 0, modulus odd,
    /// m > 1. Returns false (and stays empty) otherwise. Picks the mulx kernel
    /// when modexp_ct_fast_available(limbs), else GMP. Allocates; its timing
    /// does not depend on the value of m beyond the limb count.
    bool prepare(const mp_limb_t *modulus, std::size_t limbs);

    bool empty() const noexcept { return limbs_ == 0; }
    std::size_t limbs() const noexcept { return limbs_; }
    const mp_limb_t *modulus() const noexcept { return modulus_.data(); }
    /// R^2 mod m.
    const mp_limb_t *r_squared() const noexcept { return r_squared_.data(); }
    /// -m^-1 mod 2^64.
    mp_limb_t neg_inverse() const noexcept { return neg_inverse_; }
    /// True when modexp_ct runs a kernel (not GMP) for this modulus.
    bool uses_fast_kernel() const noexcept { return kernel_ != nullptr; }
    /// The kernel, or nullptr for GMP.
    const montgomery_kernel *kernel() const noexcept { return kernel_; }

  private:
    std::size_t limbs_ = 0;
    std::vector<mp_limb_t> modulus_;
    std::vector<mp_limb_t> r_squared_;
    mp_limb_t neg_inverse_ = 0;
    const montgomery_kernel *kernel_ = nullptr;
};

/// out = x·R mod m, almost reduced (< R), on the modulus' kernel (which must exist).
void montgomery_enter(const montgomery_modulus &m, mp_limb_t *out, const mp_limb_t *x) noexcept;
/// out = x/R mod m, fully reduced (< m), for x < R, on the modulus' kernel:
/// the product with 1 is at most m (= m only for x ≡ 0), and one masked
/// subtraction makes it < m. out may alias x.
void montgomery_leave(const montgomery_modulus &m, mp_limb_t *out, const mp_limb_t *x) noexcept;

/// Limbs of scratch modexp_ct needs for this modulus and exponent length.
std::size_t modexp_scratch_size(const montgomery_modulus &m, std::size_t exponent_bits) noexcept;

/// out = base^exponent mod m, fully reduced (< m), `limbs` limbs each.
/// base: m.limbs() limbs, base < m. exponent: ceil(exponent_bits / 64) limbs,
/// exponent < 2^exponent_bits (exponent_bits may be 0: out = 1 mod m).
/// scratch: modexp_scratch_size(m, exponent_bits) limbs. out must not overlap
/// base, exponent or scratch.
/// Constant time in base and exponent; no heap allocation.
void modexp_ct(const montgomery_modulus &m, mp_limb_t *out, const mp_limb_t *base,
               const mp_limb_t *exponent, std::size_t exponent_bits, mp_limb_t *scratch) noexcept;

/// Limbs of scratch modexp_public_exponent needs.
std::size_t modexp_public_scratch_size(const montgomery_modulus &m, std::size_t exponent_bits) noexcept;

/// out = base^exponent mod m, fully reduced, for a PUBLIC exponent (RSA's e):
/// the sequence of squarings and multiplications follows the exponent's bits,
/// while every operation is constant time in base, which may be secret (a
/// blinding factor). On a kernel this is left-to-right binary exponentiation
/// in Montgomery form (mont_ladder.hpp); otherwise mpn_sec_powm. base < m,
/// m.limbs() limbs; exponent: ceil(exponent_bits / 64) limbs with its top bit
/// (bit exponent_bits - 1) set, exponent_bits >= 1. scratch:
/// modexp_public_scratch_size limbs. out must not overlap the inputs. No heap.
void modexp_public_exponent(const montgomery_modulus &m, mp_limb_t *out, const mp_limb_t *base,
                            const mp_limb_t *exponent, std::size_t exponent_bits,
                            mp_limb_t *scratch) noexcept;

} // namespace twoleg::detail
