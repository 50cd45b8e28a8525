// The constant-time exponentiation kernel against GMP's own arithmetic
// (mpz_powm, mpz_mul, mpz_mod, mpz_invert), which we did not write: the
// Montgomery constants, the almost-Montgomery product and square alone, and
// whole exponentiations with edge-case bases, exponents and moduli, on the mulx
// kernel (every specialised limb count) and on the GMP fallback, including the
// fallback forced with TWOLEG_NO_MULX.
#include <doctest/doctest.h>

#include <gmp.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "gmp_test_helpers.hpp"
#include "test_support.hpp"
#include "core/env.hpp"
#include "rsa/mont_exp.hpp"

namespace {

using twoleg::detail::montgomery_modulus;
using test::from_limbs;
using test::hex_of;
using test::limbs_t;
using test::mpz;
using test::to_limbs;
using random_source = test::gmp_random;

constexpr std::size_t specialised_limbs[] = {16, 24, 32};

using test::scoped_env;

// Moduli of `bits` bits (bits > 64·(limbs−1)), odd: near 2^(bits−1), 2^bits − 1,
// a prime from mpz_nextprime, a random odd number.
void make_moduli(std::vector<limbs_t> &out, std::size_t bits, random_source &rnd)
{
    const std::size_t n = (bits + 63) / 64;
    mpz m;
    mpz_set_ui(m, 1);
    mpz_mul_2exp(m, m, bits - 1);
    mpz_add_ui(m, m, 1);  // 2^(bits-1) + 1
    out.push_back(to_limbs(m, n));
    mpz_set_ui(m, 1);
    mpz_mul_2exp(m, m, bits);
    mpz_sub_ui(m, m, 1);  // 2^bits - 1
    out.push_back(to_limbs(m, n));
    mpz_urandomb(m, rnd.state, bits);
    mpz_setbit(m, bits - 1);
    mpz_nextprime(m, m);
    if (mpz_sizeinbase(m, 2) == bits) out.push_back(to_limbs(m, n));
    mpz_urandomb(m, rnd.state, bits);
    mpz_setbit(m, bits - 1);
    mpz_setbit(m, 0);
    out.push_back(to_limbs(m, n));
    if (bits % 64 == 0) {
        // top limb 2^63 + 1 over random limbs, and over all-ones limbs (the
        // kernel's carries run through every limb of m·q)
        limbs_t l = to_limbs(m, n);
        l[n - 1] = (mp_limb_t{1} << 63) | 1;
        out.push_back(l);
        for (std::size_t i = 0; i + 1 < n; ++i) l[i] = ~mp_limb_t{0};
        out.push_back(l);
    }
}

// Checks one exponentiation against mpz_powm.
void check_exponentiation(const montgomery_modulus &mod, mpz_t base, mpz_t exponent,
                          std::size_t exponent_bits)
{
    const std::size_t n = mod.limbs();
    limbs_t m_limbs(mod.modulus(), mod.modulus() + n);
    mpz m, expected, got;
    from_limbs(m, m_limbs);
    mpz_powm(expected, base, exponent, m);

    const limbs_t b = to_limbs(base, n);
    const limbs_t e = to_limbs(exponent, (exponent_bits + 63) / 64 + (exponent_bits == 0));
    limbs_t out(n, ~mp_limb_t{0});
    limbs_t scratch(twoleg::detail::modexp_scratch_size(mod, exponent_bits) + 1);
    twoleg::detail::modexp_ct(mod, out.data(), b.data(), e.data(), exponent_bits, scratch.data());
    from_limbs(got, out);
    INFO("m = ", hex_of(m), ", base = ", hex_of(base), ", exponent = ", hex_of(exponent),
         ", exponent_bits = ", exponent_bits, ", fast = ", mod.uses_fast_kernel());
    CHECK(hex_of(got) == hex_of(expected));
}

// Edge-case and random bases and exponents for one modulus.
void check_modulus(const limbs_t &m_limbs, random_source &rnd)
{
    montgomery_modulus mod;
    REQUIRE(mod.prepare(m_limbs.data(), m_limbs.size()));
    mpz m;
    from_limbs(m, m_limbs);
    const std::size_t bits = mpz_sizeinbase(m, 2);

    std::vector<mpz *> bases;
    mpz zero, one, m_minus_1, random_base, half;
    mpz_set_ui(zero, 0);
    mpz_set_ui(one, 1);
    mpz_sub_ui(m_minus_1, m, 1);
    mpz_urandomm(random_base, rnd.state, m);
    mpz_fdiv_q_2exp(half, m, 1);
    mpz *all_bases[] = {&zero, &one, &m_minus_1, &random_base, &half};

    mpz e_zero, e_one, e_ones, e_small, e_random;
    mpz_set_ui(e_zero, 0);
    mpz_set_ui(e_one, 1);
    mpz_set_ui(e_ones, 1);
    mpz_mul_2exp(e_ones, e_ones, bits);
    mpz_sub_ui(e_ones, e_ones, 1);           // all ones: every window is the top entry
    mpz_set_ui(e_small, 0x1d);               // leading zeros over almost all windows
    mpz_urandomb(e_random, rnd.state, bits);

    for (mpz *b : all_bases) {
        check_exponentiation(mod, *b, e_zero, bits);
        check_exponentiation(mod, *b, e_zero, 0);
        check_exponentiation(mod, *b, e_one, bits);
        check_exponentiation(mod, *b, e_one, 1);
        check_exponentiation(mod, *b, e_ones, bits);
        check_exponentiation(mod, *b, e_small, bits);
        check_exponentiation(mod, *b, e_random, bits);
    }
    // Exponent lengths that leave every possible top-window width, and windows
    // straddling limb boundaries.
    for (std::size_t ebits : {2u, 5u, 6u, 63u, 64u, 65u, 127u, 128u, 129u, 131u, 257u}) {
        mpz e;
        mpz_urandomb(e, rnd.state, ebits);
        mpz_setbit(e, ebits - 1);
        check_exponentiation(mod, random_base, e, ebits);
        mpz_clrbit(e, ebits - 1);
        check_exponentiation(mod, random_base, e, ebits);
    }
}

bool fast_possible() { return twoleg::detail::modexp_ct_fast_available(16); }

// The kernel's product and square, as the ladders call them.
void multiply(const montgomery_modulus &mod, mp_limb_t *out, const mp_limb_t *a, const mp_limb_t *b)
{
    mod.kernel()->multiply(out, a, b, mod.modulus(), mod.neg_inverse());
}
void square_on(const montgomery_modulus &mod, mp_limb_t *out, const mp_limb_t *a)
{
    mod.kernel()->square(out, a, mod.modulus(), mod.neg_inverse());
}

} // namespace

TEST_CASE("prepare refuses what is not an odd modulus above 1")
{
    montgomery_modulus mod;
    const mp_limb_t even[2] = {4, 1};
    const mp_limb_t top_zero[2] = {3, 0};
    const mp_limb_t one[1] = {1};
    CHECK_FALSE(mod.prepare(even, 2));
    CHECK_FALSE(mod.prepare(top_zero, 2));
    CHECK_FALSE(mod.prepare(one, 1));
    CHECK_FALSE(mod.prepare(one, 0));
    CHECK(mod.empty());
    const mp_limb_t three[1] = {3};
    CHECK(mod.prepare(three, 1));
    CHECK(mod.limbs() == 1);
}

TEST_CASE("Montgomery constants agree with GMP")
{
    random_source rnd(1);
    for (std::size_t bits : {64u, 65u, 1024u, 1536u, 2047u, 2048u}) {
        std::vector<limbs_t> moduli;
        make_moduli(moduli, bits, rnd);
        for (const limbs_t &m_limbs : moduli) {
            montgomery_modulus mod;
            REQUIRE(mod.prepare(m_limbs.data(), m_limbs.size()));
            const std::size_t n = m_limbs.size();
            mpz m, r2, expected;
            from_limbs(m, m_limbs);
            mpz_set_ui(expected, 1);
            mpz_mul_2exp(expected, expected, 128 * n);
            mpz_mod(expected, expected, m);
            from_limbs(r2, limbs_t(mod.r_squared(), mod.r_squared() + n));
            CHECK(mpz_cmp(r2, expected) == 0);
            // neg_inverse · m ≡ −1 (mod 2^64)
            CHECK(mod.neg_inverse() * m_limbs[0] == ~mp_limb_t{0});
        }
    }
}

TEST_CASE("dispatch follows the CPU and TWOLEG_NO_MULX")
{
    // The kernel is compiled out in g++ AddressSanitizer builds (see mont_exp_mulx.cpp).
    const auto &features = twoleg::detail::cpu_features();
    const bool cpu = features.bmi2 && features.adx && twoleg::detail::mulx_kernel(16) != nullptr;
    {
        scoped_env env("TWOLEG_NO_MULX", nullptr);
        for (std::size_t n : specialised_limbs) CHECK(twoleg::detail::modexp_ct_fast_available(n) == cpu);
        CHECK_FALSE(twoleg::detail::modexp_ct_fast_available(15));
        CHECK_FALSE(twoleg::detail::modexp_ct_fast_available(17));
        CHECK_FALSE(twoleg::detail::modexp_ct_fast_available(64));
    }
    {
        scoped_env env("TWOLEG_NO_MULX", "0");
        CHECK(twoleg::detail::modexp_ct_fast_available(16) == cpu);
    }
    {
        scoped_env env("TWOLEG_NO_MULX", "");
        CHECK(twoleg::detail::modexp_ct_fast_available(16) == cpu);
    }
    {
        scoped_env env("TWOLEG_NO_MULX", "1");
        CHECK_FALSE(twoleg::detail::modexp_ct_fast_available(16));
        limbs_t m(16, ~mp_limb_t{0});
        montgomery_modulus mod;
        REQUIRE(mod.prepare(m.data(), m.size()));
        CHECK_FALSE(mod.uses_fast_kernel());
    }
    if (!cpu) MESSAGE("no BMI2+ADX here: the mulx kernel is not tested on this machine");
}

TEST_CASE("the mulx kernel's table scans return exactly the chosen entry")
{
    if (!fast_possible()) {
        MESSAGE("mulx kernel unavailable (CPU or TWOLEG_NO_MULX): skipped");
        return;
    }
    for (const char *no_avx2 : {"0", "1"}) {
        scoped_env env("TWOLEG_NO_AVX2", no_avx2);
        for (std::size_t n : specialised_limbs) {
            const auto *kernel = twoleg::detail::mulx_kernel(n);
            REQUIRE(kernel != nullptr);
            const std::size_t entries = std::size_t{1} << kernel->window_bits;
            alignas(64) static mp_limb_t table[64 * 32];
            alignas(64) mp_limb_t out[32];
            for (std::size_t i = 0; i < entries * n; ++i) table[i] = 0x9e3779b97f4a7c15ull * (i + 1);
            for (std::size_t index = 0; index < entries; ++index) {
                for (auto &v : out) v = 0xdeadbeef;
                kernel->select(out, table, entries, index);
                INFO("limbs = ", n, ", NO_AVX2 = ", no_avx2, ", index = ", index);
                CHECK(limbs_t(out, out + n) == limbs_t(table + index * n, table + (index + 1) * n));
            }
        }
    }
}

TEST_CASE("mulx Montgomery product and square: out·R ≡ a·b (mod m), out < R")
{
    if (!fast_possible()) {
        MESSAGE("mulx kernel unavailable (CPU or TWOLEG_NO_MULX): skipped");
        return;
    }
    random_source rnd(2);
    for (std::size_t n : specialised_limbs) {
        std::vector<limbs_t> moduli;
        make_moduli(moduli, 64 * n, rnd);
        make_moduli(moduli, 64 * n - 3, rnd);
        for (const limbs_t &m_limbs : moduli) {
            montgomery_modulus mod;
            REQUIRE(mod.prepare(m_limbs.data(), n));
            REQUIRE(mod.uses_fast_kernel());
            mpz m, r_inv, big_r;
            from_limbs(m, m_limbs);
            mpz_set_ui(big_r, 1);
            mpz_mul_2exp(big_r, big_r, 64 * n);
            REQUIRE(mpz_invert(r_inv, big_r, m));

            // Operands: 0, 1, m−1, m, R−1 (the kernel accepts anything < R),
            // random below m and random below R.
            std::vector<limbs_t> operands;
            mpz x;
            for (unsigned long small : {0ul, 1ul}) {
                mpz_set_ui(x, small);
                operands.push_back(to_limbs(x, n));
            }
            mpz_sub_ui(x, m, 1);
            operands.push_back(to_limbs(x, n));
            operands.push_back(m_limbs);
            mpz_sub_ui(x, big_r, 1);
            operands.push_back(to_limbs(x, n));
            // R − m, and all-ones limbs with every other 8-limb block zero
            mpz_sub(x, big_r, m);
            operands.push_back(to_limbs(x, n));
            limbs_t blocks(n, ~mp_limb_t{0});
            for (std::size_t i = 8; i < n; i += 16)
                for (std::size_t j = i; j < i + 8 && j < n; ++j) blocks[j] = 0;
            operands.push_back(blocks);
            for (auto &v : blocks) v = ~v;
            operands.push_back(blocks);
            for (int i = 0; i < 4; ++i) {
                mpz_urandomm(x, rnd.state, m);
                operands.push_back(to_limbs(x, n));
                mpz_urandomb(x, rnd.state, 64 * n);
                operands.push_back(to_limbs(x, n));
            }

            for (const limbs_t &a : operands) {
                for (const limbs_t &b : operands) {
                    limbs_t out(n);
                    multiply(mod, out.data(), a.data(), b.data());
                    mpz az, bz, got, expected, got_mod;
                    from_limbs(az, a);
                    from_limbs(bz, b);
                    mpz_mul(expected, az, bz);
                    mpz_mul(expected, expected, r_inv);
                    mpz_mod(expected, expected, m);
                    from_limbs(got, out);
                    mpz_mod(got_mod, got, m);
                    CHECK(mpz_cmp(got_mod, expected) == 0);
                    CHECK(mpz_cmp(got, big_r) < 0);
                    // in place, aliasing the first operand
                    limbs_t inplace = a;
                    multiply(mod, inplace.data(), inplace.data(), b.data());
                    CHECK(inplace == out);
                }
                limbs_t square(n);
                square_on(mod, square.data(), a.data());
                limbs_t product(n);
                multiply(mod, product.data(), a.data(), a.data());
                mpz sq, pr;
                from_limbs(sq, square);
                from_limbs(pr, product);
                mpz_mod(sq, sq, m);
                mpz_mod(pr, pr, m);
                CHECK(mpz_cmp(sq, pr) == 0);
                limbs_t inplace = a;
                square_on(mod, inplace.data(), inplace.data());
                CHECK(inplace == square);
            }
        }
    }
}

TEST_CASE("exponentiation matches mpz_powm on the mulx kernel")
{
    if (!fast_possible()) {
        MESSAGE("mulx kernel unavailable (CPU or TWOLEG_NO_MULX): skipped");
        return;
    }
    random_source rnd(3);
    for (std::size_t n : specialised_limbs) {
        std::vector<limbs_t> moduli;
        make_moduli(moduli, 64 * n, rnd);
        make_moduli(moduli, 64 * n - 1, rnd);
        make_moduli(moduli, 64 * n - 37, rnd);
        for (const limbs_t &m : moduli) {
            montgomery_modulus probe;
            REQUIRE(probe.prepare(m.data(), n));
            REQUIRE(probe.uses_fast_kernel());
            check_modulus(m, rnd);
        }
    }
}

TEST_CASE("exponentiation matches mpz_powm on the GMP fallback")
{
    random_source rnd(4);
    // Specialised sizes forced onto the fallback, and sizes without a kernel.
    for (std::size_t bits : {1024u, 1536u, 2048u}) {
        std::vector<limbs_t> moduli;
        make_moduli(moduli, bits, rnd);
        scoped_env env("TWOLEG_NO_MULX", "1");
        for (const limbs_t &m : moduli) check_modulus(m, rnd);
    }
    for (std::size_t bits : {64u, 130u, 960u, 1025u, 2049u}) {
        std::vector<limbs_t> moduli;
        make_moduli(moduli, bits, rnd);
        for (const limbs_t &m : moduli) check_modulus(m, rnd);
    }
}

TEST_CASE("TWOLEG_NO_MULX routes specialised sizes to the fallback, with the same results")
{
    scoped_env env("TWOLEG_NO_MULX", "1");
    random_source rnd(5);
    std::vector<limbs_t> moduli;
    make_moduli(moduli, 1024, rnd);
    for (const limbs_t &m : moduli) {
        montgomery_modulus probe;
        REQUIRE(probe.prepare(m.data(), m.size()));
        CHECK_FALSE(probe.uses_fast_kernel());
        check_modulus(m, rnd);
    }
}

TEST_CASE("TWOLEG_NO_AVX2 keeps the SSE2 table scan of the mulx kernel, with the same results")
{
    if (!fast_possible()) {
        MESSAGE("no mulx kernel on this CPU or TWOLEG_NO_MULX set: nothing to test");
        return;
    }
    scoped_env env("TWOLEG_NO_AVX2", "1");
    random_source rnd(2026);
    for (std::size_t bits : {1024u, 1536u, 2048u}) {
        std::vector<limbs_t> moduli;
        make_moduli(moduli, bits, rnd);
        for (const limbs_t &m : moduli) {
            montgomery_modulus probe;
            REQUIRE(probe.prepare(m.data(), m.size()));
            CHECK(probe.uses_fast_kernel());
            check_modulus(m, rnd);
        }
    }
}
