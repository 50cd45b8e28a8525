// Internal: the RSA primitives under pkcs1v15.cpp. Not installed.
//
// rsa_private_operation is RSASP1 (RFC 8017 §5.2.1) done the careful way:
//   - CRT with p, q, dP, dQ, qInv and Garner's recombination;
//   - side-channel silent on every secret: only GMP's mpn_sec_* functions,
//     mpn_cnd_* and fixed-length copies touch secrets; operand sizes come from
//     the public sizes of n, p and q (exponents are padded to the bit length of
//     their modulus), so there is no branch, early exit or memory index that
//     depends on a secret value;
//   - blinded: the input is multiplied by r^e for a fresh random r in [1, n)
//     (random.hpp) and the result by r^-1 (mpn_sec_invert);
//   - fault-checked: s^e mod n must give back the input, computed with GMP's
//     own mpn_sec_powm rather than powm_sec, so a defect in a faster kernel
//     plugged into powm_sec cannot hide itself; on mismatch the output is all
//     zeros and errc::sign_fault_detected is returned (Bellcore attack).
// Known limit, inherited from GMP 6.2 (found with valgrind, secrets marked
// undefined): mpn_sec_div_r and mpn_sec_powm treat the modulus as public. With
// p or q as modulus they index invert_limb's table by the prime's top bits and
// binvert_limb's table by bits 1-7 of its low limb: a cache attacker may learn a
// few bits per prime (cache-line granularity), far from what factoring needs.
// twoleg's own code has no such access. A kernel behind powm_sec that derives
// its Montgomery constants without tables, plus table-free reductions mod p and
// q, would close this.
// It holds no state between calls: one key signs from many threads at once.
// Scratch memory lives on the stack up to a bound (every key up to 4096 bits),
// on the heap above it, and is wiped before returning.
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
};

/// {rp, n} = {bp, bn}^{ep, enb bits} mod {mp, n}, side-channel silent; the same
/// contract and scratch rules as GMP's mpn_sec_powm (m odd, enb >= 1, bn >= 1,
/// no overlap of rp with the inputs). The one place a faster kernel plugs in.
mp_size_t powm_sec_itch(mp_size_t bn, mp_bitcnt_t enb, mp_size_t n) noexcept;
void powm_sec(mp_limb_t *rp, const mp_limb_t *bp, mp_size_t bn, const mp_limb_t *ep, mp_bitcnt_t enb,
              const mp_limb_t *mp, mp_size_t n, mp_limb_t *tp) noexcept;

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
