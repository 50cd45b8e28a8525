// Implements src/rsa/mont_exp.hpp: preparation of a modulus, the choice
// between the mulx kernel (mont_exp_mulx.cpp) and GMP's mpn_sec_powm, and the
// constant-time pieces the kernels share.
#include "rsa/mont_exp.hpp"
#include "core/wipe.hpp"

#include "core/env.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace twoleg::detail {

bool cpu_has_bmi2_adx() noexcept { return cpu_features().bmi2 && cpu_features().adx; }

bool modexp_ct_fast_available(std::size_t limbs) noexcept
{
    if (env_flag("TWOLEG_NO_MULX")) return false;
    return mulx_modexp_kernel(limbs) != nullptr && cpu_has_bmi2_adx();
}

void wipe_limbs(mp_limb_t *p, std::size_t n) noexcept { secure_wipe(p, n * sizeof *p); }

void select_table_entry(mp_limb_t *out, const mp_limb_t *table, std::size_t entries,
                        std::size_t limbs, std::size_t index) noexcept
{
    for (std::size_t l = 0; l < limbs; ++l) out[l] = 0;
    for (std::size_t e = 0; e < entries; ++e) {
        // All ones when e == index, else zero, by arithmetic only; the empty asm
        // keeps the compiler from turning the mask back into a branch.
        mp_limb_t differs = e ^ index;
        differs = (differs | (0 - differs)) >> 63;
        mp_limb_t mask = differs - 1;
        asm("" : "+r"(mask));
        const mp_limb_t *entry = table + e * limbs;
        for (std::size_t l = 0; l < limbs; ++l) out[l] |= entry[l] & mask;
    }
}

montgomery_modulus::~montgomery_modulus()
{
    if (!modulus_.empty()) wipe_limbs(modulus_.data(), modulus_.size());
    if (!r_squared_.empty()) wipe_limbs(r_squared_.data(), r_squared_.size());
    neg_inverse_ = 0;
}

bool montgomery_modulus::prepare(const mp_limb_t *modulus, std::size_t limbs, modexp_kernel kernel)
{
    if (limbs == 0 || modulus[limbs - 1] == 0 || (modulus[0] & 1) == 0) return false;
    if (limbs == 1 && modulus[0] == 1) return false;

    modulus_.assign(modulus, modulus + limbs);

    // -m^-1 mod 2^64 by Newton's iteration: m·m ≡ 1 (mod 8) for odd m, and
    // each step doubles the number of correct low bits (3 → 96).
    mp_limb_t inverse = modulus[0];
    for (int i = 0; i < 5; ++i) inverse *= 2 - modulus[0] * inverse;
    neg_inverse_ = 0 - inverse;

    // R^2 mod m = 2^(128·limbs) mod m with GMP's side-channel-silent division.
    std::vector<mp_limb_t> power(2 * limbs + 1, 0);
    power[2 * limbs] = 1;
    std::vector<mp_limb_t> div_scratch(mpn_sec_div_r_itch(2 * limbs + 1, limbs));
    mpn_sec_div_r(power.data(), 2 * limbs + 1, modulus, limbs, div_scratch.data());
    r_squared_.assign(power.begin(), power.begin() + limbs);
    wipe_limbs(power.data(), power.size());
    wipe_limbs(div_scratch.data(), div_scratch.size());

    limbs_ = limbs;
    fast_kernel_ = nullptr;
    if (kernel == modexp_kernel::automatic && modexp_ct_fast_available(limbs))
        fast_kernel_ = mulx_modexp_kernel(limbs);
    return true;
}

std::size_t modexp_scratch_size(const montgomery_modulus &m, std::size_t exponent_bits) noexcept
{
    if (m.uses_fast_kernel() || exponent_bits == 0) return 0;
    return mpn_sec_powm_itch(static_cast<mp_size_t>(m.limbs()), exponent_bits,
                             static_cast<mp_size_t>(m.limbs()));
}

void modexp_ct(const montgomery_modulus &m, mp_limb_t *out, const mp_limb_t *base,
               const mp_limb_t *exponent, std::size_t exponent_bits, mp_limb_t *scratch) noexcept
{
    const std::size_t n = m.limbs();
    if (m.uses_fast_kernel()) {
        m.fast_kernel()(m, out, base, exponent, exponent_bits);
        return;
    }
    if (exponent_bits == 0) {  // x^0 = 1, and m > 1; mpn_sec_powm needs enb > 0
        for (std::size_t i = 0; i < n; ++i) out[i] = 0;
        out[0] = 1;
        return;
    }
    mpn_sec_powm(out, base, static_cast<mp_size_t>(n), exponent, exponent_bits, m.modulus(),
                 static_cast<mp_size_t>(n), scratch);
}

} // namespace twoleg::detail

namespace twoleg::detail {

std::size_t modexp_public_scratch_size(const montgomery_modulus &m, std::size_t exponent_bits) noexcept
{
    if (m.uses_fast_kernel()) return 2 * m.limbs();  // the base in Montgomery form, and 1
    return exponent_bits == 0 ? 0
                              : mpn_sec_powm_itch(static_cast<mp_size_t>(m.limbs()), exponent_bits,
                                                  static_cast<mp_size_t>(m.limbs()));
}

void modexp_public_exponent(const montgomery_modulus &m, mp_limb_t *out, const mp_limb_t *base,
                            const mp_limb_t *exponent, std::size_t exponent_bits,
                            mp_limb_t *scratch) noexcept
{
    const std::size_t n = m.limbs();
    if (!m.uses_fast_kernel()) {
        mpn_sec_powm(out, base, static_cast<mp_size_t>(n), exponent, exponent_bits, m.modulus(),
                     static_cast<mp_size_t>(n), scratch);
        return;
    }
    mp_limb_t *x = scratch;       // base · R mod m (almost reduced)
    mp_limb_t *one = scratch + n;
    montgomery_multiply_fast(m, x, base, m.r_squared());
    std::copy(x, x + n, out);
    // The top bit is set: start from x and walk the bits below it. Branching on
    // the exponent is fine, it is public; the products never branch on values.
    for (std::size_t bit = exponent_bits - 1; bit-- > 0;) {
        montgomery_square_fast(m, out, out);
        if ((exponent[bit / 64] >> (bit % 64)) & 1) montgomery_multiply_fast(m, out, out, x);
    }
    // Leave Montgomery form: out·1/R is at most m, and equals m only for a
    // value ≡ 0; one masked subtraction makes it < m.
    std::fill(one, one + n, mp_limb_t{0});
    one[0] = 1;
    montgomery_multiply_fast(m, out, out, one);
    const mp_limb_t borrow = mpn_sub_n(x, out, m.modulus(), static_cast<mp_size_t>(n));
    const mp_limb_t keep = 0 - borrow;  // borrow: out < m, keep it; else out = m, take 0
    for (std::size_t i = 0; i < n; ++i) out[i] = (out[i] & keep) | (x[i] & ~keep);
    wipe_limbs(scratch, 2 * n);
}

} // namespace twoleg::detail
