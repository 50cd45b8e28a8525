// Implements src/rsa/ifma_dual.hpp: the per-key preparation of the dual-prime
// kernel, its dispatch, and the 64 ↔ 52-bit conversions.
#include "rsa/ifma_dual.hpp"

#include <vector>

#include "core/env.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

namespace {

constexpr std::uint64_t low52 = (std::uint64_t{1} << 52) - 1;

/// N = ⌈(64·limbs + 2)/52⌉ for the sizes the kernel is built for, else 0.
std::size_t digits_for(std::size_t limbs) noexcept
{
    switch (limbs) {
    case 16: return 20;
    case 24: return 30;
    case 32: return 40;
    default: return 0;
    }
}

} // namespace

void digits_from_limbs(std::uint64_t *digits, std::size_t lanes, std::size_t n_digits, const mp_limb_t *limbs,
                       std::size_t n_limbs) noexcept
{
    for (std::size_t j = 0; j < lanes; ++j) {
        std::uint64_t d = 0;
        const std::size_t bit = 52 * j, word = bit / 64;
        const unsigned shift = bit % 64;
        if (j < n_digits && word < n_limbs) {
            d = limbs[word] >> shift;
            if (shift > 12 && word + 1 < n_limbs) d |= limbs[word + 1] << (64 - shift);
        }
        digits[j] = d & low52;
    }
}

void limbs_from_digits(mp_limb_t *limbs, std::size_t n_limbs, const std::uint64_t *digits,
                       std::size_t n_digits) noexcept
{
    for (std::size_t k = 0; k < n_limbs; ++k) {
        const std::size_t bit = 64 * k, j = bit / 52;
        const unsigned shift = bit % 52;
        std::uint64_t x = j < n_digits ? digits[j] >> shift : 0;
        if (j + 1 < n_digits) x |= digits[j + 1] << (52 - shift);
        if (shift > 40 && j + 2 < n_digits) x |= digits[j + 2] << (104 - shift);
        limbs[k] = x;
    }
}

dual_schedule preferred_dual_schedule() noexcept
{
    // Measured fastest on the AMD Zen 5, AMD Zen 4 and Intel Xeon machines
    // since the digit step's scalar part lost its vector-register traffic
    // (BENCHMARKS.md); the other schedule stays built, tested and timed.
    return dual_schedule::high_halves_apart;
}

const dual_kernel_entry *choose_dual_kernel(std::size_t limbs) noexcept
{
    if (env_flag("TWOLEG_NO_IFMA")) return nullptr;
    if (env_flag("TWOLEG_FORCE_IFMA_MODEL")) return ifma_model_kernel(limbs);
    if (!cpu_features().avx512_ifma) return nullptr;
    return ifma_native_kernel(limbs);
}

dual_prime_context::~dual_prime_context()
{
    secure_wipe(moduli_, sizeof moduli_);
    secure_wipe(r_squared_, sizeof r_squared_);
    secure_wipe(primes_, sizeof primes_);
    secure_wipe(k0_, sizeof k0_);
}

bool dual_prime_context::prepare(const mp_limb_t *p, const mp_limb_t *q, std::size_t limbs,
                                 mp_limb_t neg_inverse_p, mp_limb_t neg_inverse_q, const dual_kernel_entry *kernel)
{
    kernel_ = nullptr;
    if (kernel == nullptr) return true;
    const std::size_t n = digits_for(limbs);
    if (n == 0 || kernel->limbs != limbs || kernel->digits != n) return false;
    limbs_ = limbs;
    digits_ = n;
    lanes_ = 8 * ((n + 7) / 8);

    // R'^2 = 2^(104N) mod prime, with GMP's side-channel-silent division.
    const std::size_t power_limbs = 104 * n / 64 + 1;
    std::vector<mp_limb_t> power(power_limbs);
    std::vector<mp_limb_t> scratch(mpn_sec_div_r_itch(static_cast<mp_size_t>(power_limbs),
                                                      static_cast<mp_size_t>(limbs)));
    const mp_limb_t *primes[2] = {p, q};
    const mp_limb_t neg_inverses[2] = {neg_inverse_p, neg_inverse_q};
    for (std::size_t s = 0; s < 2; ++s) {
        for (std::size_t i = 0; i < limbs; ++i) primes_[s][i] = primes[s][i];
        digits_from_limbs(moduli_ + s * lanes_, lanes_, n, primes[s], limbs);
        for (auto &x : power) x = 0;
        power[104 * n / 64] = mp_limb_t{1} << (104 * n % 64);
        mpn_sec_div_r(power.data(), static_cast<mp_size_t>(power_limbs), primes[s], static_cast<mp_size_t>(limbs),
                      scratch.data());
        digits_from_limbs(r_squared_ + s * lanes_, lanes_, n, power.data(), limbs);
        k0_[s] = neg_inverses[s] & low52;  // −prime⁻¹ mod 2^52
    }
    secure_wipe(power);
    secure_wipe(scratch);
    kernel_ = kernel;
    return true;
}

} // namespace twoleg::detail
