// Implements src/rsa/mont_exp.hpp: preparation of a modulus, the choice
// between the mulx kernel (mont_exp_mulx.cpp) and GMP's mpn_sec_powm, the
// conversions into and out of Montgomery form, and the two ladders
// (mont_ladder.hpp) driving a 64-bit-limb kernel.
#include "rsa/mont_exp.hpp"

#include <algorithm>

#include "core/env.hpp"
#include "core/wipe.hpp"
#include "rsa/mont_ladder.hpp"

namespace twoleg::detail {

namespace {

/// The largest kernel value and table the ladders here need: 32 limbs, 2^6 entries.
constexpr std::size_t max_kernel_limbs = 32;
constexpr std::size_t max_table_entries = 64;

void wipe_limbs(mp_limb_t *p, std::size_t n) noexcept { secure_wipe(p, n * sizeof *p); }

/// A 64-bit-limb kernel bound to its modulus, in the shape mont_ladder.hpp drives.
struct single_kernel {
    static constexpr std::size_t streams = 1;
    const montgomery_kernel &k;
    const montgomery_modulus &m;

    unsigned window_bits() const noexcept { return k.window_bits; }
    std::size_t words() const noexcept { return k.limbs; }
    void multiply(mp_limb_t *out, const mp_limb_t *a, const mp_limb_t *b) const noexcept
    {
        k.multiply(out, a, b, m.modulus(), m.neg_inverse());
    }
    void square(mp_limb_t *out, const mp_limb_t *a) const noexcept { k.square(out, a, m.modulus(), m.neg_inverse()); }
    void select(mp_limb_t *out, const mp_limb_t *table, std::size_t entries,
                const mp_limb_t (&index)[1]) const noexcept
    {
        k.select(out, table, entries, index[0]);
    }
};

} // namespace

bool modexp_ct_fast_available(std::size_t limbs) noexcept
{
    if (env_flag("TWOLEG_NO_MULX")) return false;
    return mulx_kernel(limbs) != nullptr && cpu_features().bmi2 && cpu_features().adx;
}

montgomery_modulus::~montgomery_modulus()
{
    secure_wipe(modulus_);
    secure_wipe(r_squared_);
    neg_inverse_ = 0;
}

bool montgomery_modulus::prepare(const mp_limb_t *modulus, std::size_t limbs)
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
    secure_wipe(power);
    secure_wipe(div_scratch);

    limbs_ = limbs;
    kernel_ = modexp_ct_fast_available(limbs) ? mulx_kernel(limbs) : nullptr;
    return true;
}

void montgomery_enter(const montgomery_modulus &m, mp_limb_t *out, const mp_limb_t *x) noexcept
{
    m.kernel()->multiply(out, x, m.r_squared(), m.modulus(), m.neg_inverse());
}

void montgomery_leave(const montgomery_modulus &m, mp_limb_t *out, const mp_limb_t *x) noexcept
{
    const std::size_t n = m.limbs();
    alignas(64) mp_limb_t one[max_kernel_limbs] = {1};
    alignas(64) mp_limb_t difference[max_kernel_limbs];
    m.kernel()->multiply(out, x, one, m.modulus(), m.neg_inverse());
    const mp_limb_t borrow = mpn_sub_n(difference, out, m.modulus(), static_cast<mp_size_t>(n));
    const mp_limb_t keep = 0 - borrow;  // borrow: out < m, keep it; else out = m, take 0
    for (std::size_t i = 0; i < n; ++i) out[i] = (out[i] & keep) | (difference[i] & ~keep);
    wipe_limbs(difference, n);
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
        const single_kernel k{*m.kernel(), m};
        alignas(64) mp_limb_t table[max_table_entries * max_kernel_limbs];
        alignas(64) mp_limb_t acc[max_kernel_limbs];
        alignas(64) mp_limb_t factor[max_kernel_limbs];
        const std::size_t entries = std::size_t{1} << k.window_bits();
        alignas(64) mp_limb_t one[max_kernel_limbs] = {1};
        montgomery_enter(m, table, one);  // R mod m
        montgomery_enter(m, table + n, base);
        const mp_limb_t *const exponents[1] = {exponent};
        fixed_window_ladder(k, table, acc, factor, exponents, (exponent_bits + 63) / 64, exponent_bits);
        montgomery_leave(m, out, acc);
        wipe_limbs(table, entries * n);
        wipe_limbs(acc, n);
        wipe_limbs(factor, n);
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

std::size_t modexp_public_scratch_size(const montgomery_modulus &m, std::size_t exponent_bits) noexcept
{
    if (m.uses_fast_kernel()) return m.limbs();  // the base in Montgomery form
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
    mp_limb_t *x = scratch;  // base · R mod m (almost reduced)
    montgomery_enter(m, x, base);
    public_exponent_ladder(single_kernel{*m.kernel(), m}, out, x, exponent, exponent_bits);
    montgomery_leave(m, out, out);
    wipe_limbs(scratch, n);
}

} // namespace twoleg::detail
