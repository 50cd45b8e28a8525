// Internal: the RSA primitives under pkcs1v15.cpp. Not installed.
//
// rsa_private_operation is RSASP1 (RFC 8017 §5.2.1) done the careful way:
//   - CRT with p, q, dP, dQ, qInv and Garner's recombination, on the key's
//     prepared contexts: both halves at once on the dual-prime IFMA kernel
//     (ifma_dual.hpp) where the CPU has AVX-512 IFMA and both primes have 16,
//     24 or 32 limbs (unless TWOLEG_NO_IFMA); else per prime (mont_exp.hpp)
//     the mulx kernel where the CPU has BMI2/ADX and the prime has 16, 24 or
//     32 limbs, GMP's mpn_sec_powm otherwise or with TWOLEG_NO_MULX set;
//   - side-channel silent on every secret: only that kernel, GMP's mpn_sec_*
//     functions, mpn_cnd_* and fixed-length copies touch secrets; operand sizes
//     come from the public sizes of n, p and q (exponents are padded to the bit
//     length of their modulus), so there is no branch, early exit or memory
//     index that depends on a secret value;
//   - blinded: the input is multiplied by r^e for a random r in [1, n) and
//     the result by r^-1. A fresh pair (r^e, r^-1) costs a random r, a blinded
//     inversion (u = r·t for a second fresh random t is inverted with GMP's
//     variable-time extended gcd; u is uniform and independent of r, and
//     r^-1 = u^-1·t) and an exponentiation by e. With the operating system's
//     randomness the key keeps the pair between signatures (blinding_cache.hpp)
//     and squares both factors after each use, so a signature usually costs two
//     modular squarings instead; a fresh r is drawn every 32 uses and in a new
//     process after fork(). A caller's own random_source gets a fresh pair on
//     every signature;
//   - fault-checked: s^e mod n must give back the input, computed on GMP's
//     multiplication (gmp_montgomery.hpp) rather than any kernel, so a defect
//     in a kernel cannot hide itself; on mismatch the output is all zeros and
//     errc::sign_fault_detected is returned (Bellcore attack).
// Known limit, inherited from GMP 6.2 (found with valgrind, secrets marked
// undefined): mpn_sec_div_r and mpn_sec_powm treat the modulus as public. With
// p or q as modulus they index invert_limb's table by the prime's top bits and
// binvert_limb's table by bits 1-7 of its low limb: a cache attacker may learn a
// few bits per prime (cache-line granularity), far from what factoring needs.
// The kernels derive their constants without tables, but the reductions
// mod p and q before the halves still use mpn_sec_div_r.
// Its only state between calls is the key's blinding pair, behind a lock that
// is only try-locked (blinding_cache.hpp): one key signs from many threads at once.
// Scratch memory lives on the stack up to a bound (every key up to 4096 bits),
// on the heap above it, and is wiped before returning. No heap allocation per
// signature up to 4096 bits.
#pragma once

#include <gmp.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "twoleg/error.hpp"
#include "twoleg/random.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg::detail {

enum class crt_half { p, q };

/// TEST-ONLY: lets a test corrupt an intermediate result to prove that the
/// fault check holds it back. The public API always passes nullptr.
struct fault_injection {
    /// Called right after the exponentiation modulo p (or q) with its result,
    /// `count` limbs, least significant first; may change them.
    void (*after_half_exponentiation)(void *context, crt_half half, mp_limb_t *limbs,
                                      std::size_t count) noexcept = nullptr;
    void *context = nullptr;
    /// Called whenever a fresh blinding pair is drawn (rather than the key's
    /// next one taken from its cache), with `context`.
    void (*after_fresh_blinding)(void *context) noexcept = nullptr;
};

/// RSASP1: output = input^d mod n, both exactly k = key.modulus_bytes() octets,
/// big-endian. Errors: invalid_argument (sizes, empty key),
/// message_representative_out_of_range (input >= n), random_failure,
/// sign_fault_detected; on any error `output` is all zeros.
result<void> rsa_private_operation(const rsa_private_key &key, std::span<const std::uint8_t> input,
                                   std::span<std::uint8_t> output, const random_source *rng,
                                   const fault_injection *hook) noexcept;

/// RSAVP1: output = input^e mod n, both exactly k octets. Errors:
/// invalid_argument (sizes, empty key), message_representative_out_of_range.
/// Public data only, so ordinary (variable-time) GMP arithmetic.
result<void> rsa_public_operation(const rsa_public_key &key, std::span<const std::uint8_t> input,
                                  std::span<std::uint8_t> output) noexcept;

} // namespace twoleg::detail
