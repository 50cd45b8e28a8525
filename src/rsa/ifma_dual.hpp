// Internal: both CRT halves of an RSA signature at once, in 52-bit digits on
// AVX-512 IFMA (or on its exact scalar model), for primes of 16, 24 or 32
// limbs (RSA-2048/3072/4096: N = 20, 30, 40 digits, R' = 2^(52N) ≥ 4p).
//
// The kernel (ifma_dual_kernel.hpp) is written once over a lane type and
// compiled twice: against the AVX-512 instructions (ifma_dual_native.cpp,
// built with target attributes, run only where cpu_features().avx512_ifma)
// and against the scalar model (ifma_dual_model.cpp), which runs on any CPU
// and counts its operations. It plugs into the ladders of mont_ladder.hpp
// with two streams: almost-Montgomery products with lazy carries and one
// normalisation each, a 5-bit fixed window with a full masked table scan
// (both primes in one pass), exponents padded to the primes' bit length,
// and one masked final reduction. Constant time in bases and exponents; no
// heap allocation; the table and every intermediate are wiped.
//
// Dispatch happens once, when a key is loaded (rsa_key.cpp):
// TWOLEG_NO_IFMA set → no dual kernel (mulx or GMP, per prime); else
// TWOLEG_FORCE_IFMA_MODEL set → the model (tests, CI, valgrind); else the
// native kernel where the CPU and OS support AVX-512 IFMA.
#pragma once

#include <gmp.h>

#include <cstddef>
#include <cstdint>

namespace twoleg::detail {

class dual_prime_context;

/// Where a digit step puts the high halves of its products (same values,
/// different instruction order; ifma_dual_kernel.hpp): in an accumulator of
/// their own added after R's shift, or straight into R after the shift.
enum class dual_schedule { high_halves_apart, high_halves_into_r };

/// The schedule this CPU gets: apart, measured faster on every CPU tried
/// (AMD Zen 5, AMD Zen 4, Intel Xeon; BENCHMARKS.md).
dual_schedule preferred_dual_schedule() noexcept;

/// One implementation of the dual kernel for one size.
struct dual_kernel_entry {
    const char *name;    // "ifma" (native) or "ifma-model"
    std::size_t limbs;   // 64-bit limbs of each prime
    std::size_t digits;  // N, 52-bit digits per prime
    dual_schedule schedule;
    /// out_p = base_p^exp_p mod p and out_q = base_q^exp_q mod q, fully
    /// reduced, `limbs` limbs each; bases below their prime; exponents of
    /// `limbs` limbs, below 2^exponent_bits (exponent_bits ≤ 64·limbs).
    void (*modexp)(const dual_prime_context &ctx, mp_limb_t *out_p, mp_limb_t *out_q, const mp_limb_t *base_p,
                   const mp_limb_t *base_q, const mp_limb_t *exp_p, const mp_limb_t *exp_q,
                   std::size_t exponent_bits) noexcept;
    /// One dual almost-Montgomery product on values in the kernel layout (2
    /// streams of ctx.lanes() digits, p's first): out·2^(52N) ≡ a·b per prime,
    /// out < 2·prime, digits < 2^52, for a, b < 2·prime with digits < 2^52.
    void (*multiply)(const dual_prime_context &ctx, std::uint64_t *out, const std::uint64_t *a,
                     const std::uint64_t *b) noexcept;
    /// The same for a·a (the ladder's squarings).
    void (*square)(const dual_prime_context &ctx, std::uint64_t *out, const std::uint64_t *a) noexcept;
};

/// The model kernel for primes of `limbs` limbs (16, 24, 32), else nullptr.
const dual_kernel_entry *ifma_model_kernel(std::size_t limbs,
                                           dual_schedule schedule = preferred_dual_schedule()) noexcept;
/// The native kernel for that size if this build has it (x86-64), else
/// nullptr. Does not look at the CPU's features.
const dual_kernel_entry *ifma_native_kernel(std::size_t limbs,
                                            dual_schedule schedule = preferred_dual_schedule()) noexcept;
/// The kernel a key with two primes of `limbs` limbs gets on this machine
/// and environment (see above), or nullptr. Reads the environment.
const dual_kernel_entry *choose_dual_kernel(std::size_t limbs) noexcept;

/// Both primes in the kernel's digit layout with their constants, prepared
/// when a key is loaded. Holds secrets: the destructor wipes everything.
class dual_prime_context {
  public:
    static constexpr std::size_t max_limbs = 32;
    static constexpr std::size_t max_lanes = 40;  // 8·⌈N/8⌉ for N = 40

    dual_prime_context() = default;
    ~dual_prime_context();
    dual_prime_context(const dual_prime_context &) = delete;
    dual_prime_context &operator=(const dual_prime_context &) = delete;

    /// Prepares p and q (odd, `limbs` limbs each) for `kernel` (nullptr: stays
    /// inactive). neg_inverse_*: −prime⁻¹ mod 2^64. Returns false when the
    /// kernel does not fit these primes. Allocates temporarily; wipes.
    bool prepare(const mp_limb_t *p, const mp_limb_t *q, std::size_t limbs, mp_limb_t neg_inverse_p,
                 mp_limb_t neg_inverse_q, const dual_kernel_entry *kernel);

    bool active() const noexcept { return kernel_ != nullptr; }
    const dual_kernel_entry *kernel() const noexcept { return kernel_; }
    std::size_t limbs() const noexcept { return limbs_; }
    std::size_t digits() const noexcept { return digits_; }
    /// Digits per prime in the layout: N padded to whole 8-lane vectors.
    std::size_t lanes() const noexcept { return lanes_; }
    /// p then q, lanes() digits each (pad digits zero).
    const std::uint64_t *moduli() const noexcept { return moduli_; }
    /// R'^2 mod p then mod q, R' = 2^(52N), lanes() digits each.
    const std::uint64_t *r_squared() const noexcept { return r_squared_; }
    /// −prime⁻¹ mod 2^52 for stream s (0: p, 1: q).
    std::uint64_t k0(std::size_t s) const noexcept { return k0_[s]; }
    /// The prime of stream s in 64-bit limbs.
    const mp_limb_t *prime(std::size_t s) const noexcept { return primes_[s]; }

  private:
    alignas(64) std::uint64_t moduli_[2 * max_lanes] = {};
    alignas(64) std::uint64_t r_squared_[2 * max_lanes] = {};
    mp_limb_t primes_[2][max_limbs] = {};
    std::uint64_t k0_[2] = {};
    std::size_t limbs_ = 0, digits_ = 0, lanes_ = 0;
    const dual_kernel_entry *kernel_ = nullptr;
};

/// 64-bit limbs → `lanes` 52-bit digits (digits from N on are zero). Public
/// positions only; constant time in the value.
void digits_from_limbs(std::uint64_t *digits, std::size_t lanes, std::size_t n_digits, const mp_limb_t *limbs,
                       std::size_t n_limbs) noexcept;
/// 52-bit digits (each < 2^52) → `n_limbs` 64-bit limbs; the value must fit.
void limbs_from_digits(mp_limb_t *limbs, std::size_t n_limbs, const std::uint64_t *digits,
                       std::size_t n_digits) noexcept;

} // namespace twoleg::detail
