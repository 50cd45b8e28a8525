// The blinding pair kept with a key (blinding_cache.hpp) and the GMP
// Montgomery arithmetic under it and under the fault check
// (gmp_montgomery.hpp): the arithmetic against mpz, and signatures that stay
// exact across many uses of one key, cache refreshes, a caller's own random
// source, and fork().
#include <doctest/doctest.h>

#include <gmp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gmp_test_helpers.hpp"
#include "openssl_rsa.hpp"
#include "rsa/blinding_cache.hpp"
#include "rsa/gmp_montgomery.hpp"
#include "rsa/mont_exp.hpp"
#include "rsa/rsa_core.hpp"
#include "test_support.hpp"
#include "twoleg/pkcs1v15.hpp"

using bytes = std::vector<std::uint8_t>;
using test::hex_of;
using test::limbs_t;
using test::mpz;
using test::to_limbs;
using twoleg::detail::montgomery_modulus;

namespace {

/// out = x·2^(-64·limbs) mod m, by mpz.
void mpz_unmont(mpz_t out, mpz_t x, mpz_t m, std::size_t limbs)
{
    mpz r;
    mpz_setbit(r, 64 * limbs);
    REQUIRE(mpz_invert(r, r, m) != 0);
    mpz_mul(out, x, r);
    mpz_mod(out, out, m);
}

void check_modulus(mpz_t m, test::gmp_random &rnd)
{
    const std::size_t limbs = mpz_size(m);
    const limbs_t m_limbs = to_limbs(m, limbs);
    montgomery_modulus mod;
    REQUIRE(mod.prepare(m_limbs.data(), limbs));
    limbs_t scratch(twoleg::detail::gmp_montgomery_scratch_size(mod), ~mp_limb_t{0});
    mpz a, b, expected, got, e, m1;
    mpz_sub_ui(m1, m, 1);
    for (int round = 0; round < 40; ++round) {
        // Edge values first, then random ones below m.
        if (round == 0) mpz_set_ui(a, 0), mpz_set_ui(b, 0);
        else if (round == 1) mpz_set(a, m1), mpz_set(b, m1);
        else if (round == 2) mpz_set_ui(a, 1), mpz_set(b, m1);
        else mpz_urandomm(a, rnd.state, m), mpz_urandomm(b, rnd.state, m);
        INFO("limbs = ", limbs, ", m = ", hex_of(m), ", a = ", hex_of(a), ", b = ", hex_of(b));
        const limbs_t al = to_limbs(a, limbs), bl = to_limbs(b, limbs);
        limbs_t out(limbs, ~mp_limb_t{0});

        twoleg::detail::gmp_montgomery_multiply(mod, out.data(), al.data(), bl.data(), scratch.data());
        test::from_limbs(got, out);
        mpz_mul(expected, a, b);
        mpz_unmont(expected, expected, m, limbs);
        CHECK(hex_of(got) == hex_of(expected));  // fully reduced: equal, not only congruent

        twoleg::detail::gmp_montgomery_square(mod, out.data(), al.data(), scratch.data());
        test::from_limbs(got, out);
        mpz_mul(expected, a, a);
        mpz_unmont(expected, expected, m, limbs);
        CHECK(hex_of(got) == hex_of(expected));

        limbs_t in_place = al;  // aliasing, as the cache squares in place
        twoleg::detail::gmp_montgomery_square(mod, in_place.data(), in_place.data(), scratch.data());
        CHECK(in_place == out);

        twoleg::detail::gmp_montgomery_enter(mod, out.data(), al.data(), scratch.data());
        test::from_limbs(got, out);
        mpz_mul_2exp(expected, a, 64 * limbs);
        mpz_mod(expected, expected, m);
        CHECK(hex_of(got) == hex_of(expected));

        for (unsigned long exponent : {1ul, 2ul, 3ul, 17ul, 65537ul, 0xfffffffful}) {
            mpz_set_ui(e, exponent);
            const limbs_t el = to_limbs(e, 1);
            twoleg::detail::gmp_montgomery_power_public(mod, out.data(), al.data(), el.data(),
                                                        mpz_sizeinbase(e, 2), scratch.data());
            test::from_limbs(got, out);
            mpz_powm(expected, a, e, m);
            CHECK(hex_of(got) == hex_of(expected));
        }
    }
    // A multi-limb public exponent.
    mpz_urandomb(e, rnd.state, 200);
    mpz_setbit(e, 199);
    mpz_urandomm(a, rnd.state, m);
    const limbs_t al = to_limbs(a, limbs), el = to_limbs(e, 4);
    limbs_t out(limbs);
    twoleg::detail::gmp_montgomery_power_public(mod, out.data(), al.data(), el.data(), 200, scratch.data());
    test::from_limbs(got, out);
    mpz_powm(expected, a, e, m);
    CHECK(hex_of(got) == hex_of(expected));
}

struct draw_counter {
    int fresh = 0;
};

void count_fresh(void *context) noexcept { ++static_cast<draw_counter *>(context)->fresh; }

/// The raw private operation on `input` with the OS randomness and a hook
/// that counts fresh blinding pairs.
bytes raw_sign(const twoleg::rsa_private_key &key, const bytes &input, draw_counter &count,
               const twoleg::random_source *rng = nullptr)
{
    bytes out(key.modulus_bytes(), 0xaa);
    twoleg::detail::fault_injection hook;
    hook.after_fresh_blinding = count_fresh;
    hook.context = &count;
    auto r = twoleg::detail::rsa_private_operation(key, input, out, rng, &hook);
    REQUIRE_MESSAGE(r, (r ? std::string() : r.err().message()));
    return out;
}

/// EMSA blocks of `count` distinct messages, and their signatures by GMP's mpz_powm with d.
void make_cases(const std::string &pem, int count, std::vector<bytes> &inputs, std::vector<bytes> &expected)
{
    const auto fields = test::openssl_rsa_fields(pem);
    mpz n, d, x;
    mpz_import(n, fields.at("modulus").size(), 1, 1, 1, 0, fields.at("modulus").data());
    mpz_import(d, fields.at("privateExponent").size(), 1, 1, 1, 0, fields.at("privateExponent").data());
    const std::size_t k = (mpz_sizeinbase(n, 2) + 7) / 8;
    for (int i = 0; i < count; ++i) {
        bytes em(k);
        const bytes message = test::pseudo_random_bytes(static_cast<std::size_t>(3 + i), static_cast<std::uint64_t>(77 + i));
        REQUIRE(twoleg::emsa_pkcs1_v15_sha256(twoleg::sha256_hash(message), em));
        mpz_import(x, em.size(), 1, 1, 1, 0, em.data());
        mpz_powm(x, x, d, n);
        bytes s(k, 0);
        std::size_t written = 0;
        const std::size_t used = (mpz_sizeinbase(x, 2) + 7) / 8;
        mpz_export(s.data() + (k - used), &written, 1, 1, 1, 0, x);
        inputs.push_back(em);
        expected.push_back(s);
    }
}

bool fill_counting(void *context, std::uint8_t *out, std::size_t len) noexcept
{
    ++*static_cast<int *>(context);
    for (std::size_t i = 0; i < len; ++i) out[i] = static_cast<std::uint8_t>(i * 131 + 7);
    return true;
}

} // namespace

TEST_CASE("GMP Montgomery arithmetic modulo n equals mpz's")
{
    test::gmp_random rnd(19);
    mpz m;
    for (unsigned bits : {64u, 1024u, 2047u, 2048u, 2049u, 3072u, 4096u}) {
        CAPTURE(bits);
        // Near 2^bits - 1, near 2^(bits-1), and random, all odd with the top bit set.
        mpz_set_ui(m, 0);
        mpz_setbit(m, bits);
        mpz_sub_ui(m, m, 1);
        check_modulus(m, rnd);
        mpz_set_ui(m, 0);
        mpz_setbit(m, bits - 1);
        mpz_add_ui(m, m, 1);
        if (bits > 64) check_modulus(m, rnd);
        mpz_urandomb(m, rnd.state, bits);
        mpz_setbit(m, bits - 1);
        mpz_setbit(m, 0);
        check_modulus(m, rnd);
    }
}

TEST_CASE("one key, many signatures: the kept blinding pair is refreshed every 32 uses and stays exact")
{
    constexpr int per_draw = static_cast<int>(twoleg::detail::blinding_cache::uses_per_draw);
    for (const char *no_ifma : {static_cast<const char *>(nullptr), "1"})
    for (unsigned bits : {2048u, 3072u}) {
        CAPTURE(bits);
        CAPTURE(no_ifma != nullptr);
        test::scoped_env env("TWOLEG_NO_IFMA", no_ifma);
        const std::string pem = test::key_path(bits, 65537, "pkcs8.pem");
        const auto key = test::private_key_via_openssl(pem);
        const int count = 2 * per_draw + 6;
        std::vector<bytes> inputs, expected;
        make_cases(pem, count, inputs, expected);
        draw_counter draws;
        for (int i = 0; i < count; ++i) {
            CAPTURE(i);
            CHECK(raw_sign(key, inputs[i], draws) == expected[i]);
        }
        CHECK(draws.fresh == (count + per_draw - 1) / per_draw);

        // And through the public API: byte-identical to openssl's, a few times over a refresh.
        for (int i = 0; i < 3; ++i) {
            const bytes message = test::bytes("blinding refresh " + std::to_string(i));
            for (int j = 0; j < per_draw / 2; ++j) REQUIRE(twoleg::pkcs1v15_sign_sha256(key, message));
            auto sig = twoleg::pkcs1v15_sign_sha256(key, message);
            REQUIRE(sig);
            CHECK(*sig == test::openssl_sign(pem, message));
        }
    }
}

TEST_CASE("a caller's random source is asked for a fresh blinding pair on every signature")
{
    const std::string pem = test::key_path(2048, 65537, "pkcs8.pem");
    const auto key = test::private_key_via_openssl(pem);
    std::vector<bytes> inputs, expected;
    make_cases(pem, 5, inputs, expected);
    int fills = 0;
    twoleg::random_source source{fill_counting, &fills};
    draw_counter draws;
    for (int i = 0; i < 5; ++i) CHECK(raw_sign(key, inputs[i], draws, &source) == expected[i]);
    CHECK(draws.fresh == 5);
    CHECK(fills >= 10);  // r and the inversion's t, each signature
    // The caller's source leaves the kept pair alone: the OS path starts fresh.
    draws.fresh = 0;
    CHECK(raw_sign(key, inputs[0], draws) == expected[0]);
    CHECK(raw_sign(key, inputs[1], draws) == expected[1]);
    CHECK(draws.fresh == 1);
}

TEST_CASE("after fork() the child draws its own blinding pair; the parent keeps its own")
{
    const std::string pem = test::key_path(2048, 65537, "pkcs8.pem");
    const auto key = test::private_key_via_openssl(pem);
    std::vector<bytes> inputs, expected;
    make_cases(pem, 6, inputs, expected);
    draw_counter draws;
    CHECK(raw_sign(key, inputs[0], draws) == expected[0]);
    CHECK(draws.fresh == 1);

    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // No doctest macros here: report through the exit status only.
        int status = 0;
        draw_counter child_draws;
        for (int i = 1; i < 4; ++i) {
            bytes out(key.modulus_bytes(), 0);
            twoleg::detail::fault_injection hook;
            hook.after_fresh_blinding = count_fresh;
            hook.context = &child_draws;
            if (!twoleg::detail::rsa_private_operation(key, inputs[i], out, nullptr, &hook)) status |= 1;
            if (out != expected[i]) status |= 2;
        }
        if (child_draws.fresh != 1) status |= 4;
        _exit(status);
    }
    int status = -1;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);

    // The parent's pair is untouched by the child: it goes on without a fresh draw.
    draws.fresh = 0;
    for (int i = 4; i < 6; ++i) CHECK(raw_sign(key, inputs[i], draws) == expected[i]);
    CHECK(draws.fresh == 0);
}
