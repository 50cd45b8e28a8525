// Internal: what a Montgomery kernel is, for the ladders in mont_ladder.hpp.
//
// A kernel is the arithmetic of one modulus size: an almost-Montgomery product
// and a dedicated square on values below R = 2^(64·limbs) (not necessarily
// below m), with out·R ≡ a·b (mod m) and out < R, plus the masked table scan
// the fixed-window ladder uses. Conversion into Montgomery form (a product
// with R² mod m) and out of it (a product with 1, then one masked subtraction)
// are the same for every 64-bit-limb kernel and live in mont_exp.cpp; a
// kernel with another digit size (the dual-prime IFMA kernel, 52-bit digits)
// brings its own conversions. Every function is constant time in its operands.
#pragma once

#include <gmp.h>

#include <cstddef>

namespace twoleg::detail {

struct montgomery_kernel {
    const char *name;      // for diagnostics: "mulx"
    std::size_t limbs;     // the one limb count this kernel handles
    unsigned window_bits;  // window of the secret-exponent ladder
    /// out = a·b/R mod m, almost reduced (< R); out may alias a or b.
    void (*multiply)(mp_limb_t *out, const mp_limb_t *a, const mp_limb_t *b, const mp_limb_t *m,
                     mp_limb_t neg_inverse) noexcept;
    /// out = a·a/R mod m, almost reduced (< R); out may alias a.
    void (*square)(mp_limb_t *out, const mp_limb_t *a, const mp_limb_t *m, mp_limb_t neg_inverse) noexcept;
    /// out = entry `index` of `entries` consecutive entries of `limbs` limbs,
    /// reading every entry in full and selecting with masks. The table and out
    /// are 64-byte aligned.
    void (*select)(mp_limb_t *out, const mp_limb_t *table, std::size_t entries, mp_limb_t index) noexcept;
};

/// The mulx/adx kernel for 16, 24 or 32 limbs in this build, or nullptr (other
/// sizes, or builds that leave it out: see mont_exp_mulx.cpp). Does not look
/// at the CPU; reads TWOLEG_NO_AVX2 to pick the SSE2 or AVX2 table scan.
const montgomery_kernel *mulx_kernel(std::size_t limbs) noexcept;

} // namespace twoleg::detail
