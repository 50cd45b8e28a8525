// Implements src/rsa/gmp_montgomery.hpp.
#include "rsa/gmp_montgomery.hpp"

#include <algorithm>

namespace twoleg::detail {

namespace {

/// Scratch of one product: the double-length value, a spare for the final
/// subtraction, and what mpn_sec_mul / mpn_sec_sqr ask for.
mp_size_t product_scratch(mp_size_t limbs) noexcept
{
    return 3 * limbs + std::max(mpn_sec_mul_itch(limbs, limbs), mpn_sec_sqr_itch(limbs));
}

/// out = t/R mod n for the 2·limbs-limb t < n·R (so t/R mod n < 2n before the
/// subtraction). REDC one limb at a time: adding q·n with q = t[i]·(-n^-1)
/// clears limb i; that limb then holds the addition's carry out of limb
/// i + limbs, and all those carries are added in one pass at the end, so no
/// carry chain's length depends on the data. The sum, at most 2n - 1, gets n
/// subtracted under a mask when it is n or more (carry out of R, or no borrow).
void reduce(const montgomery_modulus &n, mp_limb_t *out, mp_limb_t *t, mp_limb_t *spare) noexcept
{
    const auto limbs = static_cast<mp_size_t>(n.limbs());
    const mp_limb_t *m = n.modulus();
    const mp_limb_t k = n.neg_inverse();
    for (mp_size_t i = 0; i < limbs; ++i) t[i] = mpn_addmul_1(t + i, m, limbs, t[i] * k);
    const mp_limb_t carry = mpn_add_n(out, t + limbs, t, limbs);
    const mp_limb_t borrow = mpn_sub_n(spare, out, m, limbs);
    mpn_cnd_sub_n(carry | (borrow ^ 1), out, out, m, limbs);
}

} // namespace

std::size_t gmp_montgomery_scratch_size(const montgomery_modulus &n) noexcept
{
    const auto limbs = static_cast<mp_size_t>(n.limbs());
    return static_cast<std::size_t>(product_scratch(limbs) + 2 * limbs);  // + power's x and base·R
}

void gmp_montgomery_multiply(const montgomery_modulus &n, mp_limb_t *out, const mp_limb_t *a,
                             const mp_limb_t *b, mp_limb_t *scratch) noexcept
{
    const auto limbs = static_cast<mp_size_t>(n.limbs());
    mp_limb_t *t = scratch;
    mp_limb_t *spare = t + 2 * limbs;
    mpn_sec_mul(t, a, limbs, b, limbs, spare + limbs);
    reduce(n, out, t, spare);
}

void gmp_montgomery_square(const montgomery_modulus &n, mp_limb_t *out, const mp_limb_t *a,
                           mp_limb_t *scratch) noexcept
{
    const auto limbs = static_cast<mp_size_t>(n.limbs());
    mp_limb_t *t = scratch;
    mp_limb_t *spare = t + 2 * limbs;
    mpn_sec_sqr(t, a, limbs, spare + limbs);
    reduce(n, out, t, spare);
}

void gmp_montgomery_enter(const montgomery_modulus &n, mp_limb_t *out, const mp_limb_t *x,
                          mp_limb_t *scratch) noexcept
{
    gmp_montgomery_multiply(n, out, x, n.r_squared(), scratch);
}

void gmp_montgomery_power_public(const montgomery_modulus &n, mp_limb_t *out, const mp_limb_t *base,
                                 const mp_limb_t *exponent, std::size_t exponent_bits,
                                 mp_limb_t *scratch) noexcept
{
    const auto limbs = static_cast<std::size_t>(n.limbs());
    mp_limb_t *x = scratch + product_scratch(static_cast<mp_size_t>(limbs));
    mp_limb_t *base_r = x + limbs;
    gmp_montgomery_enter(n, base_r, base, scratch);
    std::copy(base_r, base_r + limbs, x);  // the top bit of the exponent
    for (std::size_t bit = exponent_bits - 1; bit-- > 0;) {
        gmp_montgomery_square(n, x, x, scratch);
        if ((exponent[bit / GMP_NUMB_BITS] >> (bit % GMP_NUMB_BITS)) & 1)  // public
            gmp_montgomery_multiply(n, x, x, base_r, scratch);
    }
    // Out of Montgomery form: the reduction of x itself (the product x·1).
    mp_limb_t *t = scratch;
    std::copy(x, x + limbs, t);
    std::fill(t + limbs, t + 2 * limbs, mp_limb_t{0});
    reduce(n, out, t, t + 2 * limbs);
}

} // namespace twoleg::detail
