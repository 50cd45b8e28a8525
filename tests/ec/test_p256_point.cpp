// P-256 point arithmetic against a textbook affine implementation on GMP
// written in this test (chord-and-tangent formulas, mpz_invert), for the
// complete addition and doubling (identity, equal and opposite points
// included), the constant-time scalar multiplications k·P and k·G, and the
// verification-only a·G + b·Q; plus the published multiples 2G and 3G of the
// base point.
#include <doctest/doctest.h>

#include <gmp.h>

#include <string>

#include "ec/p256_point.hpp"
#include "gmp_test_helpers.hpp"

namespace {

namespace m = twoleg::detail::mont256;
namespace p256 = twoleg::detail::p256;

const char *p_hex = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const char *n_hex = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const char *gx_hex = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
const char *gy_hex = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

/// An affine point on GMP, or the identity.
struct ref_point {
    bool infinity = true;
    std::string x, y;  // hex
};

struct reference {
    test::mpz p;
    reference() { mpz_set_str(p, p_hex, 16); }

    ref_point add(const ref_point &a, const ref_point &b)
    {
        if (a.infinity) return b;
        if (b.infinity) return a;
        test::mpz x1, y1, x2, y2, lambda, t, x3, y3;
        mpz_set_str(x1, a.x.c_str(), 16);
        mpz_set_str(y1, a.y.c_str(), 16);
        mpz_set_str(x2, b.x.c_str(), 16);
        mpz_set_str(y2, b.y.c_str(), 16);
        if (mpz_cmp(x1, x2) == 0) {
            mpz_add(t, y1, y2);
            mpz_mod(t, t, p);
            if (mpz_sgn(t.v) == 0) return ref_point{};
            // tangent: (3x² − 3) / 2y
            mpz_mul(lambda, x1, x1);
            mpz_mul_ui(lambda, lambda, 3);
            mpz_sub_ui(lambda, lambda, 3);
            mpz_mul_ui(t, y1, 2);
        } else {
            mpz_sub(lambda, y2, y1);
            mpz_sub(t, x2, x1);
        }
        mpz_mod(t, t, p);
        REQUIRE(mpz_invert(t, t, p) != 0);
        mpz_mul(lambda, lambda, t);
        mpz_mod(lambda, lambda, p);
        mpz_mul(x3, lambda, lambda);
        mpz_sub(x3, x3, x1);
        mpz_sub(x3, x3, x2);
        mpz_mod(x3, x3, p);
        mpz_sub(y3, x1, x3);
        mpz_mul(y3, y3, lambda);
        mpz_sub(y3, y3, y1);
        mpz_mod(y3, y3, p);
        return ref_point{false, test::hex_of(x3), test::hex_of(y3)};
    }

    ref_point mult(mpz_t k, const ref_point &pt)
    {
        ref_point acc;
        for (long i = static_cast<long>(mpz_sizeinbase(k, 2)); i >= 0; --i) {
            acc = add(acc, acc);
            if (mpz_tstbit(k, static_cast<mp_bitcnt_t>(i))) acc = add(acc, pt);
        }
        return acc;
    }
};

m::limbs limbs_of(mpz_t x)
{
    auto v = test::to_limbs(x, 4);
    return m::limbs{{v[0], v[1], v[2], v[3]}};
}

m::limbs limbs_of(const std::string &hex)
{
    test::mpz v;
    mpz_set_str(v, hex.c_str(), 16);
    return limbs_of(v);
}

ref_point to_ref(const p256::point &pt)
{
    if (p256::mask_is_identity(pt)) return ref_point{};
    const p256::affine_point a = p256::to_affine(pt);
    m::limbs x, y;
    m::from_montgomery(x, a.x, p256::field);
    m::from_montgomery(y, a.y, p256::field);
    test::mpz xz, yz;
    test::from_limbs(xz, test::limbs_t(x.v, x.v + 4));
    test::from_limbs(yz, test::limbs_t(y.v, y.v + 4));
    return ref_point{false, test::hex_of(xz), test::hex_of(yz)};
}

p256::point from_ref(const ref_point &r)
{
    if (r.infinity) return p256::identity();
    p256::affine_point a;
    m::to_montgomery(a.x, limbs_of(r.x), p256::field);
    m::to_montgomery(a.y, limbs_of(r.y), p256::field);
    return p256::from_affine(a);
}

bool equal(const ref_point &a, const ref_point &b)
{
    if (a.infinity || b.infinity) return a.infinity == b.infinity;
    return a.x == b.x && a.y == b.y;
}

const ref_point g_ref{false, gx_hex, gy_hex};

} // namespace

TEST_CASE("the base point, 2G and 3G are the published values")
{
    CHECK(equal(to_ref(p256::generator()), g_ref));
    p256::point two, three;
    p256::dbl(two, p256::generator());
    p256::add(three, two, p256::generator());
    // SEC 2 / NIST point multiples of G for P-256 (k = 2 and k = 3).
    const ref_point two_ref{false, "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978",
                            "7775510db8ed040293d9ac69f7430dbba7dade63ce982299e04b79d227873d1"};
    const ref_point three_ref{false, "5ecbe4d1a6330a44c8f7ef951d4bf165e6c6b721efada985fb41661bc6e7fd6c",
                              "8734640c4998ff7e374b06ce1a64a2ecd82ab036384fb83d9a79b127a27d5032"};
    CHECK(equal(to_ref(two), two_ref));
    CHECK(equal(to_ref(three), three_ref));
    CHECK(p256::on_curve(p256::to_affine(three)));
}

TEST_CASE("complete addition: identity, equal points, opposite points, and random pairs")
{
    reference ref;
    test::gmp_random rng(5);
    test::mpz n, k1, k2;
    mpz_set_str(n, n_hex, 16);
    for (int i = 0; i < 40; ++i) {
        mpz_urandomm(k1, rng.state, n);
        mpz_urandomm(k2, rng.state, n);
        const ref_point a = ref.mult(k1, g_ref), b = ref.mult(k2, g_ref);
        p256::point pa = from_ref(a), pb = from_ref(b), r;
        p256::add(r, pa, pb);
        CHECK(equal(to_ref(r), ref.add(a, b)));
        p256::add(r, pa, pa);
        CHECK(equal(to_ref(r), ref.add(a, a)));
        p256::dbl(r, pa);
        CHECK(equal(to_ref(r), ref.add(a, a)));
        p256::point neg;
        p256::negate(neg, pa);
        p256::add(r, pa, neg);
        CHECK(p256::mask_is_identity(r) != 0);
        p256::add(r, pa, p256::identity());
        CHECK(equal(to_ref(r), a));
        p256::add(r, p256::identity(), pa);
        CHECK(equal(to_ref(r), a));
    }
    p256::point r;
    p256::add(r, p256::identity(), p256::identity());
    CHECK(p256::mask_is_identity(r) != 0);
    p256::dbl(r, p256::identity());
    CHECK(p256::mask_is_identity(r) != 0);
}

TEST_CASE("k·P, k·G and a·G + b·Q match the reference for edge and random scalars")
{
    reference ref;
    test::gmp_random rng(11);
    test::mpz n, k, a, b, q_scalar;
    mpz_set_str(n, n_hex, 16);
    std::vector<std::string> scalars = {"0", "1", "2", "f", "10", "11", "ff", "100"};
    for (int d : {1, 2}) {
        test::mpz v;
        mpz_sub_ui(v, n, static_cast<unsigned long>(d));
        scalars.push_back(test::hex_of(v));
    }
    scalars.push_back(n_hex);  // n·G is the identity
    for (int i = 0; i < 24; ++i) {
        mpz_urandomm(k, rng.state, n);
        scalars.push_back(test::hex_of(k));
    }
    mpz_urandomm(q_scalar, rng.state, n);
    const ref_point q = ref.mult(q_scalar, g_ref);
    for (const auto &hex : scalars) {
        CAPTURE(hex);
        mpz_set_str(k, hex.c_str(), 16);
        const m::limbs kl = limbs_of(k);
        p256::point r;
        p256::base_mult(r, kl);
        const ref_point want_g = ref.mult(k, g_ref);
        CHECK(equal(to_ref(r), want_g));
        p256::scalar_mult(r, from_ref(q), kl);
        const ref_point want_q = ref.mult(k, q);
        CHECK(equal(to_ref(r), want_q));
        // a = k, b = k + 1 (mod n)
        mpz_add_ui(b, k, 1);
        mpz_mod(b, b, n);
        p256::double_base_mult_vartime(r, kl, from_ref(q), limbs_of(b));
        CHECK(equal(to_ref(r), ref.add(want_g, ref.mult(b, q))));
    }
}

TEST_CASE("mixed addition equals the projective complete addition, identity, equal and opposite points included")
{
    reference ref;
    test::gmp_random rng(17);
    test::mpz n, k1, k2;
    mpz_set_str(n, n_hex, 16);
    for (int i = 0; i < 40; ++i) {
        mpz_urandomm(k1, rng.state, n);
        mpz_urandomm(k2, rng.state, n);
        const ref_point a = ref.mult(k1, g_ref), b = ref.mult(k2, g_ref);
        p256::point pa = from_ref(a), r_mixed, r_full;
        // a projective representative of a with Z ≠ 1
        p256::point scaled = pa;
        m::limbs z;
        m::to_montgomery(z, limbs_of(k2), p256::field);
        m::mul(scaled.x, pa.x, z, p256::field);
        m::mul(scaled.y, pa.y, z, p256::field);
        scaled.z = z;
        const p256::affine_point qb = p256::to_affine(from_ref(b));
        p256::mixed_add(r_mixed, scaled, qb);
        CHECK(equal(to_ref(r_mixed), ref.add(a, b)));
        p256::add(r_full, scaled, p256::from_affine(qb));
        CHECK(equal(to_ref(r_full), to_ref(r_mixed)));
        const p256::affine_point qa = p256::to_affine(pa);
        p256::mixed_add(r_mixed, scaled, qa);  // doubling
        CHECK(equal(to_ref(r_mixed), ref.add(a, a)));
        p256::affine_point neg_a = qa;
        m::negate(neg_a.y, qa.y, p256::field);
        p256::mixed_add(r_mixed, scaled, neg_a);  // opposite
        CHECK(p256::mask_is_identity(r_mixed) != 0);
        p256::mixed_add(r_mixed, p256::identity(), qa);
        CHECK(equal(to_ref(r_mixed), a));
    }
}

TEST_CASE("every comb table entry is its multiple of G by repeated addition")
{
    p256::point step = p256::generator();  // 2^(7w)·G
    for (unsigned w = 0; w < 37; ++w) {
        CAPTURE(w);
        p256::point acc = p256::identity();
        for (unsigned j = 1; j <= 64; ++j) {
            p256::add(acc, acc, step);
            const p256::affine_point want = p256::to_affine(acc), got = p256::base_table_entry(w, j);
            CHECK(m::mask_equal(want.x, got.x) != 0);
            CHECK(m::mask_equal(want.y, got.y) != 0);
        }
        for (int d = 0; d < 7; ++d) p256::dbl(step, step);
    }
}

TEST_CASE("the mulx and portable field kernels give the same k·G and a·G + b·Q")
{
    using p256::field_kernel;
    CHECK(p256::field_kernel_available(field_kernel::portable));
    if (!p256::field_kernel_available(field_kernel::mulx)) {
        MESSAGE("no BMI2/ADX here: the mulx kernel is not checked");
        return;
    }
    test::gmp_random rng(23);
    test::mpz n, k;
    mpz_set_str(n, n_hex, 16);
    std::vector<std::string> scalars = {"0", "1", "2", "3f", "40", "41", "7f", "80",
                                        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"};
    for (int d : {1, 2}) {
        test::mpz v;
        mpz_sub_ui(v, n, static_cast<unsigned long>(d));
        scalars.push_back(test::hex_of(v));
    }
    for (int i = 0; i < 40; ++i) {
        mpz_urandomm(k, rng.state, n);
        scalars.push_back(test::hex_of(k));
    }
    p256::point q;
    p256::base_mult(q, limbs_of(scalars.back()));
    for (std::size_t i = 0; i < scalars.size(); ++i) {
        CAPTURE(scalars[i]);
        const m::limbs a = limbs_of(scalars[i]), b = limbs_of(scalars[(i * 5 + 1) % scalars.size()]);
        p256::point r1, r2;
        p256::base_mult(r1, a, field_kernel::portable);
        p256::base_mult(r2, a, field_kernel::mulx);
        CHECK(equal(to_ref(r1), to_ref(r2)));
        p256::double_base_mult_vartime(r1, a, q, b, field_kernel::portable);
        p256::double_base_mult_vartime(r2, a, q, b, field_kernel::mulx);
        CHECK(equal(to_ref(r1), to_ref(r2)));
    }
}

TEST_CASE("a·G + b·Q edge cases: zero scalars, Q = G with a = b (doubling) and a = n − b (identity)")
{
    reference ref;
    test::gmp_random rng(29);
    test::mpz n, a, b, sum;
    mpz_set_str(n, n_hex, 16);
    const p256::point g = p256::generator();
    for (int i = 0; i < 12; ++i) {
        mpz_urandomm(a, rng.state, n);
        mpz_sub(b, n, a);
        p256::point r;
        const m::limbs zero{{0, 0, 0, 0}};
        p256::double_base_mult_vartime(r, zero, g, zero);
        CHECK(p256::mask_is_identity(r) != 0);
        p256::double_base_mult_vartime(r, limbs_of(a), g, zero);
        CHECK(equal(to_ref(r), ref.mult(a, g_ref)));
        p256::double_base_mult_vartime(r, zero, g, limbs_of(a));
        CHECK(equal(to_ref(r), ref.mult(a, g_ref)));
        p256::double_base_mult_vartime(r, limbs_of(a), g, limbs_of(a));
        mpz_mul_ui(sum, a, 2);
        mpz_mod(sum, sum, n);
        CHECK(equal(to_ref(r), ref.mult(sum, g_ref)));
        p256::double_base_mult_vartime(r, limbs_of(a), g, limbs_of(b));
        CHECK(p256::mask_is_identity(r) != 0);
        CHECK_FALSE(p256::x_mod_n_equals_vartime(r, limbs_of(a)));
        // Q = −G
        p256::point neg_g;
        p256::negate(neg_g, g);
        p256::double_base_mult_vartime(r, limbs_of(a), neg_g, limbs_of(a));
        CHECK(p256::mask_is_identity(r) != 0);
    }
}

TEST_CASE("x mod n = r in projective coordinates: x = r, x = r + n, and neither")
{
    test::mpz z_int;
    mpz_set_str(z_int, "1234567890abcdef1234567890abcdef", 16);
    m::limbs z;
    m::to_montgomery(z, limbs_of(z_int), p256::field);
    auto point_with_x = [&](const std::string &x_hex) {
        m::limbs x;
        m::to_montgomery(x, limbs_of(x_hex), p256::field);
        p256::point pt{};
        m::mul(pt.x, x, z, p256::field);  // X = x·Z
        pt.y = p256::field.one;
        pt.z = z;
        return pt;
    };
    test::mpz n, v;
    mpz_set_str(n, n_hex, 16);
    mpz_add_ui(v, n, 5);
    const std::string n_plus_5 = test::hex_of(v);
    CHECK(p256::x_mod_n_equals_vartime(point_with_x("5"), limbs_of("5")));
    CHECK(p256::x_mod_n_equals_vartime(point_with_x(n_plus_5), limbs_of("5")));
    CHECK_FALSE(p256::x_mod_n_equals_vartime(point_with_x(n_plus_5), limbs_of("6")));
    CHECK_FALSE(p256::x_mod_n_equals_vartime(point_with_x("6"), limbs_of("5")));
    // r + n ≥ p: only x = r can match.
    test::mpz p, r;
    mpz_set_str(p, p_hex, 16);
    mpz_sub(r, p, n);
    mpz_add_ui(r, r, 1);
    CHECK(p256::x_mod_n_equals_vartime(point_with_x(test::hex_of(r)), limbs_of(r)));
    CHECK(p256::mask_is_identity(p256::identity()) != 0);
    CHECK_FALSE(p256::x_mod_n_equals_vartime(p256::identity(), limbs_of("0")));
}
