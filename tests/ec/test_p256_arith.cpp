// P-256 field (mod p) and scalar (mod n) arithmetic against GMP's mpz on
// random values and the edge values 0, 1, 2, m−2, m−1 and values near 2^k:
// addition, subtraction, negation, Montgomery product (checked as a·b·R^-1),
// round trips in and out of Montgomery form, inversion and square roots.
#include <doctest/doctest.h>

#include <gmp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/env.hpp"
#include "ec/mont256.hpp"
#include "ec/p256_field.hpp"
#include "ec/p256_point.hpp"
#include "gmp_test_helpers.hpp"

namespace {

namespace m = twoleg::detail::mont256;
using twoleg::detail::p256::field;
using twoleg::detail::p256::order;

m::limbs limbs_of(mpz_t x)
{
    auto v = test::to_limbs(x, 4);
    return m::limbs{{v[0], v[1], v[2], v[3]}};
}

void mpz_of(mpz_t out, const m::limbs &a) { test::from_limbs(out, test::limbs_t(a.v, a.v + 4)); }

bool same(const m::limbs &a, mpz_t expected)
{
    test::mpz got;
    mpz_of(got, a);
    return mpz_cmp(got, expected) == 0;
}

struct named_modulus {
    const char *name;
    const m::modulus *mod;
    const char *hex;
};

const named_modulus moduli[] = {
    {"field p", &field, "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"},
    {"order n", &order, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"},
};

std::vector<std::string> edge_values(mpz_t mod)
{
    std::vector<std::string> out = {"0", "1", "2", "3", "ffffffffffffffff", "10000000000000000",
                                    "ffffffffffffffffffffffffffffffff", "100000000000000000000000000000000",
                                    "8000000000000000000000000000000000000000000000000000000000000000"};
    for (int d : {1, 2, 3}) {
        test::mpz v;
        mpz_sub_ui(v, mod, static_cast<unsigned long>(d));
        out.push_back(test::hex_of(v));
    }
    return out;
}

} // namespace

TEST_CASE("the moduli are P-256's p and n, and the Montgomery constants agree with GMP")
{
    for (const auto &nm : moduli) {
        CAPTURE(nm.name);
        test::mpz mod, r, r2, got;
        mpz_set_str(mod, nm.hex, 16);
        CHECK(same(nm.mod->m, mod));
        mpz_ui_pow_ui(r, 2, 256);
        mpz_mod(r, r, mod);
        CHECK(same(nm.mod->one, r));
        mpz_mul(r2, r, r);
        mpz_mod(r2, r2, mod);
        CHECK(same(nm.mod->r2, r2));
        // m0inv·m ≡ −1 (mod 2^64)
        CHECK(static_cast<std::uint64_t>(nm.mod->m0inv * nm.mod->m.v[0]) == ~std::uint64_t{0});
    }
}

TEST_CASE("add, sub, negate, mul, square, invert match mpz on edge and random values")
{
    test::gmp_random rng(20261202);
    for (const auto &nm : moduli) {
        CAPTURE(nm.name);
        const m::modulus &M = *nm.mod;
        test::mpz mod, rinv, rmod;
        mpz_set_str(mod, nm.hex, 16);
        mpz_ui_pow_ui(rmod, 2, 256);
        REQUIRE(mpz_invert(rinv, rmod, mod) != 0);

        std::vector<std::string> values = edge_values(mod);
        for (int i = 0; i < 300; ++i) {
            test::mpz v;
            mpz_urandomm(v, rng.state, mod);
            values.push_back(test::hex_of(v));
        }
        for (std::size_t i = 0; i < values.size(); ++i) {
            const std::size_t j = (i * 7 + 3) % values.size();
            test::mpz a, b, want;
            mpz_set_str(a, values[i].c_str(), 16);
            mpz_set_str(b, values[j].c_str(), 16);
            CAPTURE(values[i]);
            CAPTURE(values[j]);
            const m::limbs la = limbs_of(a), lb = limbs_of(b);
            m::limbs got;

            m::add(got, la, lb, M);
            mpz_add(want, a, b);
            mpz_mod(want, want, mod);
            CHECK(same(got, want));

            m::sub(got, la, lb, M);
            mpz_sub(want, a, b);
            mpz_mod(want, want, mod);
            CHECK(same(got, want));

            m::negate(got, la, M);
            mpz_neg(want, a);
            mpz_mod(want, want, mod);
            CHECK(same(got, want));

            // Montgomery product: a·b·R^-1 mod m.
            m::mul(got, la, lb, M);
            mpz_mul(want, a, b);
            mpz_mul(want, want, rinv);
            mpz_mod(want, want, mod);
            CHECK(same(got, want));

            m::square(got, la, M);
            mpz_mul(want, a, a);
            mpz_mul(want, want, rinv);
            mpz_mod(want, want, mod);
            CHECK(same(got, want));

            // Round trip through Montgomery form, and the inverse of a in it.
            m::limbs am, back;
            m::to_montgomery(am, la, M);
            m::from_montgomery(back, am, M);
            CHECK(same(back, a));
            m::limbs inv_m, inv;
            m::invert(inv_m, am, M);
            m::from_montgomery(inv, inv_m, M);
            if (mpz_sgn(a.v) == 0) {
                CHECK(m::mask_is_zero(inv) != 0);
            } else {
                REQUIRE(mpz_invert(want, a, mod) != 0);
                CHECK(same(inv, want));
            }

            // The masks used for range checks.
            CHECK((m::mask_less_than(la, M.m) != 0) == (mpz_cmp(a, mod) < 0));
            CHECK((m::mask_equal(la, lb) != 0) == (mpz_cmp(a, b) == 0));
        }
        // Values not below m are refused by mask_less_than.
        test::mpz at, above;
        mpz_set(at, mod);
        mpz_add_ui(above, mod, 12345);
        CHECK(m::mask_less_than(limbs_of(at), M.m) == 0);
        CHECK(m::mask_less_than(limbs_of(above), M.m) == 0);
    }
}

TEST_CASE("bytes round-trip big-endian")
{
    std::uint8_t in[32];
    for (int i = 0; i < 32; ++i) in[i] = static_cast<std::uint8_t>(i + 1);
    const m::limbs v = m::from_bytes(std::span<const std::uint8_t, 32>(in));
    CHECK(v.v[3] == 0x0102030405060708ULL);
    CHECK(v.v[0] == 0x191a1b1c1d1e1f20ULL);
    std::uint8_t out[32];
    m::to_bytes(std::span<std::uint8_t, 32>(out), v);
    CHECK(std::equal(in, in + 32, out));
}

TEST_CASE("square roots mod p: solve_y agrees with mpz for points of the curve")
{
    test::gmp_random rng(77);
    test::mpz p, b, x, rhs, t, y2;
    mpz_set_str(p, moduli[0].hex, 16);
    mpz_set_str(b, "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
    int squares = 0, non_squares = 0;
    for (int i = 0; i < 200; ++i) {
        mpz_urandomm(x, rng.state, p);
        mpz_powm_ui(rhs, x, 3, p);
        mpz_submul_ui(rhs, x, 3);
        mpz_add(rhs, rhs, b);
        mpz_mod(rhs, rhs, p);
        const bool is_square = mpz_legendre(rhs, p) == 1;
        m::limbs xm, ym;
        m::to_montgomery(xm, limbs_of(x), field);
        for (unsigned odd : {0u, 1u}) {
            const bool ok = twoleg::detail::p256::solve_y(ym, xm, odd);
            CHECK(ok == is_square);
            if (!ok) continue;
            m::limbs y;
            m::from_montgomery(y, ym, field);
            test::mpz yz;
            mpz_of(yz, y);
            mpz_mul(y2, yz, yz);
            mpz_mod(y2, y2, p);
            CHECK(mpz_cmp(y2, rhs) == 0);
            CHECK(mpz_odd_p(yz.v) == static_cast<int>(odd));
        }
        (is_square ? squares : non_squares)++;
    }
    CHECK(squares > 50);
    CHECK(non_squares > 50);
}

TEST_CASE("the P-256 field kernels (portable and mulx) equal the generic Montgomery code")
{
    namespace f = twoleg::detail::p256_field;
    const auto &cpu = twoleg::detail::cpu_features();
    const bool have_mulx = TWOLEG_P256_MULX && cpu.bmi2 && cpu.adx;
    if (!have_mulx) MESSAGE("this CPU has no BMI2/ADX: only the portable kernel is checked");
    test::gmp_random rng(256);
    test::mpz mod;
    mpz_set_str(mod, moduli[0].hex, 16);
    std::vector<std::string> values = edge_values(mod);
    for (const char *hex : {"ffffffff", "100000000", "ffffffff00000000", "ffffffff00000001ffffffffffffffff"})
        values.emplace_back(hex);
    for (int i = 0; i < 2000; ++i) {
        test::mpz v;
        mpz_urandomm(v, rng.state, mod);
        values.push_back(test::hex_of(v));
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::size_t j = (i * 13 + 5) % values.size();
        test::mpz a, b;
        mpz_set_str(a, values[i].c_str(), 16);
        mpz_set_str(b, values[j].c_str(), 16);
        CAPTURE(values[i]);
        CAPTURE(values[j]);
        const m::limbs la = limbs_of(a), lb = limbs_of(b);
        m::limbs want, got;
        m::mul(want, la, lb, field);
        f::portable::mul(got, la, lb);
        CHECK(m::mask_equal(got, want) != 0);
        m::mul(want, la, la, field);
        f::portable::sqr(got, la);
        CHECK(m::mask_equal(got, want) != 0);
#if TWOLEG_P256_MULX
        if (have_mulx) {
            m::mul(want, la, lb, field);
            f::mulx::mul(got, la, lb);
            CHECK(m::mask_equal(got, want) != 0);
            m::mul(want, la, la, field);
            f::mulx::sqr(got, la);
            CHECK(m::mask_equal(got, want) != 0);
        }
#endif
        if (i % 16 == 0) {  // the addition chains against the generic 4-bit-window ladder
            m::invert(want, la, field);
            f::invert<f::portable>(got, la);
            CHECK(m::mask_equal(got, want) != 0);
#if TWOLEG_P256_MULX
            if (have_mulx) {
                f::invert<f::mulx>(got, la);
                CHECK(m::mask_equal(got, want) != 0);
            }
#endif
        }
    }
}

TEST_CASE("the variable-time inverse (verification's s^-1) equals mpz_invert for both moduli")
{
    test::gmp_random rng(6979);
    for (const auto &nm : moduli) {
        CAPTURE(nm.name);
        test::mpz mod;
        mpz_set_str(mod, nm.hex, 16);
        std::vector<std::string> values = edge_values(mod);
        for (int i = 0; i < 500; ++i) {
            test::mpz v;
            mpz_urandomm(v, rng.state, mod);
            values.push_back(test::hex_of(v));
        }
        for (const auto &hex : values) {
            CAPTURE(hex);
            test::mpz a, want;
            mpz_set_str(a, hex.c_str(), 16);
            m::limbs got;
            const bool ok = m::invert_vartime(got, limbs_of(a), *nm.mod);
            if (mpz_sgn(a.v) == 0) {
                CHECK_FALSE(ok);
                CHECK(m::mask_is_zero(got) != 0);
                continue;
            }
            REQUIRE(ok);
            REQUIRE(mpz_invert(want, a, mod) != 0);
            CHECK(same(got, want));
        }
    }
}
