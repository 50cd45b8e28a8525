// modexp_public_exponent (the blinding factor's r^e) against GMP's mpz_powm,
// which we did not write: on the mulx kernel at every specialised limb count,
// on the GMP fallback (forced, and at sizes the kernel does not have), with
// the exponents RSA keys use and edge-case bases.
#include <doctest/doctest.h>

#include <gmp.h>

#include <string>
#include <vector>

#include "gmp_test_helpers.hpp"
#include "rsa/mont_exp.hpp"
#include "test_support.hpp"

namespace {

using twoleg::detail::montgomery_modulus;
using test::hex_of;
using test::limbs_t;
using test::mpz;
using test::to_limbs;

void check_one(const montgomery_modulus &mod, mpz_t m, mpz_t base, mpz_t exponent)
{
    const std::size_t n = mod.limbs();
    const std::size_t ebits = mpz_sizeinbase(exponent, 2);
    mpz expected, got;
    mpz_powm(expected, base, exponent, m);
    const limbs_t b = to_limbs(base, n);
    const limbs_t e = to_limbs(exponent, (ebits + 63) / 64);
    limbs_t out(n, ~mp_limb_t{0});
    limbs_t scratch(twoleg::detail::modexp_public_scratch_size(mod, ebits));
    twoleg::detail::modexp_public_exponent(mod, out.data(), b.data(), e.data(), ebits, scratch.data());
    mpz_import(got, n, -1, sizeof(mp_limb_t), 0, 0, out.data());
    INFO("limbs = ", n, ", fast = ", mod.uses_fast_kernel(), ", base = ", hex_of(base),
         ", exponent = ", hex_of(exponent));
    CHECK(hex_of(got) == hex_of(expected));
}

void check_size(std::size_t limbs, gmp_randstate_t rnd)
{
    const std::size_t bits = 64 * limbs;
    std::vector<limbs_t> moduli;
    mpz m;
    // An RSA-like modulus (top bit set), one with the top bit clear, and 2^bits - 1.
    mpz_urandomb(m, rnd, bits);
    mpz_setbit(m, bits - 1);
    mpz_setbit(m, 0);
    moduli.push_back(to_limbs(m, limbs));
    mpz_urandomb(m, rnd, bits - 7);
    mpz_setbit(m, bits - 8);
    mpz_setbit(m, 0);
    moduli.push_back(to_limbs(m, limbs));
    mpz_set_ui(m, 1);
    mpz_mul_2exp(m, m, bits);
    mpz_sub_ui(m, m, 1);
    moduli.push_back(to_limbs(m, limbs));

    for (const limbs_t &ml : moduli) {
        montgomery_modulus mod;
        REQUIRE(mod.prepare(ml.data(), limbs));
        mpz_import(m, limbs, -1, sizeof(mp_limb_t), 0, 0, ml.data());

        mpz zero, one, m_minus_1, random_base;
        mpz_set_ui(zero, 0);
        mpz_set_ui(one, 1);
        mpz_sub_ui(m_minus_1, m, 1);
        mpz_urandomm(random_base, rnd, m);

        mpz e3, e65537, e_two_limbs, e_random, e1;
        mpz_set_ui(e3, 3);
        mpz_set_ui(e65537, 65537);
        mpz_set_ui(e_two_limbs, 1);
        mpz_mul_2exp(e_two_limbs, e_two_limbs, 64);
        mpz_add_ui(e_two_limbs, e_two_limbs, 1);  // 2^64 + 1: crosses a limb
        mpz_urandomb(e_random, rnd, 200);
        mpz_setbit(e_random, 199);
        mpz_set_ui(e1, 1);
        for (mpz *b : {&zero, &one, &m_minus_1, &random_base})
            for (mpz *e : {&e1, &e3, &e65537, &e_two_limbs, &e_random}) check_one(mod, m, *b, *e);
    }
}

} // namespace

TEST_CASE("r^e with a public exponent matches mpz_powm on the mulx kernel")
{
    test::gmp_random random(20261121);
    gmp_randstate_t &rnd = random.state;
    for (std::size_t limbs : {16u, 24u, 32u}) {
        if (!twoleg::detail::modexp_ct_fast_available(limbs)) {
            MESSAGE("no mulx kernel here for ", limbs, " limbs (CPU or TWOLEG_NO_MULX): fallback only");
            continue;
        }
        montgomery_modulus probe;
        mp_limb_t odd[32] = {3};
        odd[limbs - 1] = 1;
        REQUIRE(probe.prepare(odd, limbs));
        CHECK(probe.uses_fast_kernel());
        check_size(limbs, rnd);
    }
}

TEST_CASE("r^e with a public exponent matches mpz_powm on the GMP fallback")
{
    test::gmp_random random(7515);
    gmp_randstate_t &rnd = random.state;
    {
        test::scoped_env env("TWOLEG_NO_MULX", "1");
        for (std::size_t limbs : {16u, 24u, 32u}) check_size(limbs, rnd);
    }
    for (std::size_t limbs : {1u, 8u, 17u, 48u, 64u}) check_size(limbs, rnd);
}
