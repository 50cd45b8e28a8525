// The dual-prime kernel (both CRT halves in 52-bit digits) against GMP, which
// we did not write: the lane model's operations against their instruction
// definitions (computed here with mpz, not with the model's own arithmetic),
// the native instructions against the model where the CPU has AVX-512 IFMA,
// one dual almost-Montgomery product and square against mpz, and whole
// exponentiations against mpz_powm on the model and the native kernel
// (bit-identical), for 1024-, 1536- and 2048-bit primes.
#include <doctest/doctest.h>

#include <gmp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/env.hpp"
#include "gmp_test_helpers.hpp"
#include "rsa/ifma_dual.hpp"
#include "rsa/ifma_lanes_model.hpp"
#include "test_support.hpp"

namespace {

using twoleg::detail::dual_kernel_entry;
using twoleg::detail::dual_prime_context;
using twoleg::detail::model_lanes;
using test::from_limbs;
using test::hex_of;
using test::limbs_t;
using test::mpz;
using test::to_limbs;

using vec = model_lanes::vec;
constexpr std::uint64_t low52 = (std::uint64_t{1} << 52) - 1;

std::uint64_t u64_of(mpz_t x)  // x mod 2^64
{
    mpz t;
    mpz_fdiv_r_2exp(t, x, 64);
    std::uint64_t r = 0;
    mpz_export(&r, nullptr, -1, sizeof r, 0, 0, t);
    return r;
}
void set_u64(mpz_t x, std::uint64_t v) { mpz_import(x, 1, -1, sizeof v, 0, 0, &v); }

// acc + (bits lo..lo+52 of (a mod 2^52)·(b mod 2^52)) mod 2^64, with mpz.
std::uint64_t madd52_reference(std::uint64_t acc, std::uint64_t a, std::uint64_t b, bool high)
{
    mpz x, y, p, s;
    set_u64(x, a);
    set_u64(y, b);
    mpz_fdiv_r_2exp(x, x, 52);
    mpz_fdiv_r_2exp(y, y, 52);
    mpz_mul(p, x, y);
    if (high) mpz_fdiv_q_2exp(p, p, 52);
    mpz_fdiv_r_2exp(p, p, 52);
    set_u64(s, acc);
    mpz_add(s, s, p);
    return u64_of(s);
}

// Lane values at the edges: 0, 1, 2^52 − 1, 2^52, 2^52 + 1, 2^63, 2^64 − 1,
// bits 52-63 alone, and odd patterns.
const std::uint64_t edge_values[] = {
    0, 1, low52, low52 + 1, low52 + 2, std::uint64_t{1} << 63, ~std::uint64_t{0}, ~low52,
    0x000fedcba9876543, 0xfff0000000000001, 0x0008000000000000, 0x123456789abcdef0,
};

vec vec_of(std::size_t seed)
{
    vec v;
    for (std::size_t i = 0; i < 8; ++i) v.l[i] = edge_values[(seed + 5 * i) % std::size(edge_values)];
    return v;
}

// Moduli (odd, exactly `bits` bits): 2^(bits−1) + 1, 2^bits − 1, a random prime.
std::vector<limbs_t> make_primes(std::size_t bits, test::gmp_random &rnd)
{
    const std::size_t n = bits / 64;
    std::vector<limbs_t> out;
    mpz m;
    mpz_set_ui(m, 1);
    mpz_mul_2exp(m, m, bits - 1);
    mpz_add_ui(m, m, 1);
    out.push_back(to_limbs(m, n));
    mpz_set_ui(m, 1);
    mpz_mul_2exp(m, m, bits);
    mpz_sub_ui(m, m, 1);
    out.push_back(to_limbs(m, n));
    do {
        mpz_urandomb(m, rnd.state, bits);
        mpz_setbit(m, bits - 1);
        mpz_nextprime(m, m);
    } while (mpz_sizeinbase(m, 2) != bits);
    out.push_back(to_limbs(m, n));
    return out;
}

mp_limb_t neg_inverse(mp_limb_t m0)
{
    mp_limb_t inverse = m0;
    for (int i = 0; i < 5; ++i) inverse *= 2 - m0 * inverse;
    return 0 - inverse;
}

bool prepare(dual_prime_context &ctx, const limbs_t &p, const limbs_t &q, const dual_kernel_entry *k)
{
    return ctx.prepare(p.data(), q.data(), p.size(), neg_inverse(p[0]), neg_inverse(q[0]), k);
}

// A value < 2^(52·lanes) as `lanes` digits and back, with mpz.
std::vector<std::uint64_t> digits_of(mpz_t x, std::size_t lanes)
{
    std::vector<std::uint64_t> d(lanes);
    mpz t, r;
    mpz_set(t, x);
    for (auto &digit : d) {
        mpz_fdiv_r_2exp(r, t, 52);
        digit = u64_of(r);
        mpz_fdiv_q_2exp(t, t, 52);
    }
    return d;
}
void value_of(mpz_t out, const std::uint64_t *d, std::size_t lanes)
{
    mpz_set_ui(out, 0);
    mpz t;
    for (std::size_t i = lanes; i-- > 0;) {
        mpz_mul_2exp(out, out, 52);
        set_u64(t, d[i]);
        mpz_add(out, out, t);
    }
}

// Both schedules on the model, and natively where the CPU has IFMA.
std::vector<const dual_kernel_entry *> kernels_for(std::size_t limbs)
{
    using twoleg::detail::dual_schedule;
    std::vector<const dual_kernel_entry *> ks;
    for (dual_schedule s : {dual_schedule::high_halves_apart, dual_schedule::high_halves_into_r}) {
        ks.push_back(twoleg::detail::ifma_model_kernel(limbs, s));
        if (twoleg::detail::cpu_features().avx512_ifma && twoleg::detail::ifma_native_kernel(limbs, s))
            ks.push_back(twoleg::detail::ifma_native_kernel(limbs, s));
    }
    return ks;
}

constexpr std::size_t prime_bits[] = {1024, 1536, 2048};

} // namespace

TEST_CASE("lane model: madd52lo/hi follow the instruction definition, bits 52-63 ignored, sums wrap")
{
    for (std::size_t s = 0; s < 40; ++s) {
        const vec acc = vec_of(s), a = vec_of(s + 1), b = vec_of(s + 7);
        const vec lo = model_lanes::madd52lo(acc, a, b), hi = model_lanes::madd52hi(acc, a, b);
        for (int i = 0; i < 8; ++i) {
            CAPTURE(acc.l[i]);
            CAPTURE(a.l[i]);
            CAPTURE(b.l[i]);
            CHECK(lo.l[i] == madd52_reference(acc.l[i], a.l[i], b.l[i], false));
            CHECK(hi.l[i] == madd52_reference(acc.l[i], a.l[i], b.l[i], true));
        }
    }
    // (2^52 − 1)² = 2^104 − 2^53 + 1: low half 1, high half 2^52 − 2.
    const vec all = model_lanes::broadcast(~std::uint64_t{0});
    CHECK(model_lanes::madd52lo(model_lanes::zero(), all, all).l[3] == 1);
    CHECK(model_lanes::madd52hi(model_lanes::zero(), all, all).l[5] == low52 - 1);
    CHECK(model_lanes::madd52lo(all, all, all).l[0] == 0);  // (2^64 − 1) + 1 wraps
}

TEST_CASE("lane model: add, and, shift, align, compares, blend, lane 0")
{
    for (std::size_t s = 0; s < 24; ++s) {
        const vec a = vec_of(s), b = vec_of(s + 3);
        const vec sum = model_lanes::add(a, b), conj = model_lanes::bit_and(a, b);
        const vec shifted = model_lanes::shift_right<52>(a);
        const auto gt = model_lanes::greater(a, b), eq = model_lanes::equal(a, b);
        const auto k = static_cast<model_lanes::mask>(0x5a + s);
        const vec mixed = model_lanes::blend(k, a, b);
        for (int i = 0; i < 8; ++i) {
            mpz x, y, z;
            set_u64(x, a.l[i]);
            set_u64(y, b.l[i]);
            mpz_add(z, x, y);
            CHECK(sum.l[i] == u64_of(z));
            mpz_and(z, x, y);
            CHECK(conj.l[i] == u64_of(z));
            mpz_fdiv_q_2exp(z, x, 52);
            CHECK(shifted.l[i] == u64_of(z));
            CHECK(((gt >> i) & 1) == (mpz_cmp(x, y) > 0 ? 1 : 0));
            CHECK(((eq >> i) & 1) == (mpz_cmp(x, y) == 0 ? 1 : 0));
            CHECK(mixed.l[i] == (((k >> i) & 1) ? b.l[i] : a.l[i]));
        }
        CHECK(model_lanes::lane0(a) == a.l[0]);
        const vec from_memory = model_lanes::broadcast_from(&b.l[s % 8]);
        for (int i = 0; i < 8; ++i) CHECK(from_memory.l[i] == b.l[s % 8]);
        // VALIGNQ by 1 and 7: a window of the 16-lane concatenation b:a.
        const vec one = model_lanes::align<1>(b, a), seven = model_lanes::align<7>(b, a);
        for (int i = 0; i < 7; ++i) CHECK(one.l[i] == a.l[i + 1]);
        CHECK(one.l[7] == b.l[0]);
        CHECK(seven.l[0] == a.l[7]);
        for (int i = 1; i < 8; ++i) CHECK(seven.l[i] == b.l[i - 1]);
    }
}

TEST_CASE("64 <-> 52-bit digit conversions round-trip and agree with mpz")
{
    test::gmp_random rnd(52);
    for (std::size_t bits : prime_bits) {
        const std::size_t limbs = bits / 64, n = (bits + 2 + 51) / 52, lanes = 8 * ((n + 7) / 8);
        for (int round = 0; round < 8; ++round) {
            mpz x;
            if (round == 0) mpz_set_ui(x, 0);
            else if (round == 1) {
                mpz_set_ui(x, 1);
                mpz_mul_2exp(x, x, bits);
                mpz_sub_ui(x, x, 1);
            } else
                mpz_urandomb(x, rnd.state, bits);
            const limbs_t l = to_limbs(x, limbs);
            std::vector<std::uint64_t> d(lanes, 0xdead);
            twoleg::detail::digits_from_limbs(d.data(), lanes, n, l.data(), limbs);
            CHECK(d == digits_of(x, lanes));
            limbs_t back(limbs, 0xbeef);
            twoleg::detail::limbs_from_digits(back.data(), limbs, d.data(), n);
            CHECK(back == l);
        }
    }
}

TEST_CASE("one dual product and square: out·2^(52N) ≡ a·b (mod m), out < 2m, digits < 2^52")
{
    test::gmp_random rnd(2052);
    for (std::size_t bits : prime_bits) {
        const std::size_t limbs = bits / 64;
        const auto primes = make_primes(bits, rnd);
        for (const dual_kernel_entry *k : kernels_for(limbs)) {
            for (std::size_t pi = 0; pi < primes.size(); ++pi) {
                const limbs_t &p = primes[pi], &q = primes[(pi + 1) % primes.size()];
                dual_prime_context ctx;
                REQUIRE(prepare(ctx, p, q, k));
                const std::size_t n = ctx.digits(), lanes = ctx.lanes();
                mpz m[2], r_inv[2], big_r;
                from_limbs(m[0], p);
                from_limbs(m[1], q);
                mpz_set_ui(big_r, 1);
                mpz_mul_2exp(big_r, big_r, 52 * n);
                for (int s = 0; s < 2; ++s) REQUIRE(mpz_invert(r_inv[s], big_r, m[s]));
                // Operands per prime: 0, 1, m − 1, m, 2m − 1, random below 2m.
                auto operand = [&](int which, int s, mpz_t out) {
                    switch (which) {
                    case 0: mpz_set_ui(out, 0); break;
                    case 1: mpz_set_ui(out, 1); break;
                    case 2: mpz_sub_ui(out, m[s], 1); break;
                    case 3: mpz_set(out, m[s]); break;
                    case 4: mpz_mul_2exp(out, m[s], 1); mpz_sub_ui(out, out, 1); break;
                    default: {
                        mpz twice;
                        mpz_mul_2exp(twice, m[s], 1);
                        mpz_urandomm(out, rnd.state, twice);
                    }
                    }
                };
                for (int i = 0; i < 8; ++i) {
                    for (int j = 0; j < 8; ++j) {
                        mpz av[2], bv[2];
                        std::vector<std::uint64_t> a(2 * lanes), b(2 * lanes), out(2 * lanes), sq(2 * lanes);
                        for (int s = 0; s < 2; ++s) {
                            operand(i, s, av[s]);
                            operand(j == i ? 5 : j, 1 - s, bv[s]);  // the streams get different operands
                            const auto ad = digits_of(av[s], lanes), bd = digits_of(bv[s], lanes);
                            std::copy(ad.begin(), ad.end(), a.begin() + s * lanes);
                            std::copy(bd.begin(), bd.end(), b.begin() + s * lanes);
                        }
                        k->multiply(ctx, out.data(), a.data(), b.data());
                        k->square(ctx, sq.data(), a.data());
                        for (int s = 0; s < 2; ++s) {
                            CAPTURE(k->name);
                            CAPTURE(bits);
                            CAPTURE(s);
                            CAPTURE(i);
                            CAPTURE(j);
                            for (const auto *result : {&out, &sq}) {
                                const std::uint64_t *d = result->data() + s * lanes;
                                bool digits_ok = true;
                                for (std::size_t l = 0; l < lanes; ++l) digits_ok &= d[l] <= low52;
                                for (std::size_t l = n; l < lanes; ++l) digits_ok &= d[l] == 0;
                                CHECK(digits_ok);
                                mpz got, twice, expected, got_mod;
                                value_of(got, d, lanes);
                                mpz_mul_2exp(twice, m[s], 1);
                                CHECK(mpz_cmp(got, twice) < 0);
                                mpz_mul(expected, av[s], result == &out ? bv[s] : av[s]);
                                mpz_mul(expected, expected, r_inv[s]);
                                mpz_mod(expected, expected, m[s]);
                                mpz_mod(got_mod, got, m[s]);
                                CHECK(hex_of(got_mod) == hex_of(expected));
                            }
                        }
                    }
                }
            }
        }
    }
}

TEST_CASE("dual exponentiation matches mpz_powm on the model and the native kernel, bit for bit")
{
    test::gmp_random rnd(4096);
    for (std::size_t bits : prime_bits) {
        const std::size_t limbs = bits / 64;
        const auto primes = make_primes(bits, rnd);
        const auto kernels = kernels_for(limbs);
        for (std::size_t pi = 0; pi < primes.size(); ++pi) {
            const limbs_t &p = primes[pi], &q = primes[(pi + 2) % primes.size()];
            mpz m[2];
            from_limbs(m[0], p);
            from_limbs(m[1], q);
            // Bases: 0, 1, m − 1, m (≡ 0), random. Exponents: 0, 1, all ones,
            // a small one with leading zeros, random, random with the top bit.
            for (int bi = 0; bi < 5; ++bi) {
                for (int ei = 0; ei < 6; ++ei) {
                    mpz base[2], exponent[2], expected[2];
                    for (int s = 0; s < 2; ++s) {
                        switch (bi) {
                        case 0: mpz_set_ui(base[s], 0); break;
                        case 1: mpz_set_ui(base[s], 1); break;
                        case 2: mpz_sub_ui(base[s], m[s], 1); break;
                        case 3: mpz_set(base[s], m[s]); break;
                        default: mpz_urandomm(base[s], rnd.state, m[s]);
                        }
                        switch (ei) {
                        case 0: mpz_set_ui(exponent[s], 0); break;
                        case 1: mpz_set_ui(exponent[s], 1); break;
                        case 2: mpz_set_ui(exponent[s], 1); mpz_mul_2exp(exponent[s], exponent[s], bits); mpz_sub_ui(exponent[s], exponent[s], 1); break;
                        case 3: mpz_set_ui(exponent[s], 0x1d + 2 * s); break;
                        case 4: mpz_urandomb(exponent[s], rnd.state, bits); break;
                        default: mpz_urandomb(exponent[s], rnd.state, bits); mpz_setbit(exponent[s], bits - 1);
                        }
                        mpz_powm(expected[s], base[s], exponent[s], m[s]);
                    }
                    std::vector<limbs_t> results;
                    for (const dual_kernel_entry *k : kernels) {
                        dual_prime_context ctx;
                        REQUIRE(prepare(ctx, p, q, k));
                        const limbs_t bp = to_limbs(base[0], limbs), bq = to_limbs(base[1], limbs);
                        const limbs_t ep = to_limbs(exponent[0], limbs), eq = to_limbs(exponent[1], limbs);
                        limbs_t op(limbs, ~mp_limb_t{0}), oq(limbs, ~mp_limb_t{0});
                        k->modexp(ctx, op.data(), oq.data(), bp.data(), bq.data(), ep.data(), eq.data(), bits);
                        CAPTURE(k->name);
                        CAPTURE(bits);
                        CAPTURE(bi);
                        CAPTURE(ei);
                        mpz got;
                        from_limbs(got, op);
                        CHECK(hex_of(got) == hex_of(expected[0]));
                        from_limbs(got, oq);
                        CHECK(hex_of(got) == hex_of(expected[1]));
                        op.insert(op.end(), oq.begin(), oq.end());
                        results.push_back(op);
                    }
                    for (const limbs_t &r : results) CHECK(r == results.front());  // model == native
                }
            }
        }
    }
}

TEST_CASE("dispatch: TWOLEG_NO_IFMA, TWOLEG_FORCE_IFMA_MODEL and the CPU choose the dual kernel")
{
    // The native kernel runs where the CPU has IFMA and the build carries it
    // (sanitizer builds leave it out).
    const bool cpu = twoleg::detail::cpu_features().avx512_ifma && twoleg::detail::ifma_native_kernel(16) != nullptr;
    for (std::size_t limbs : {16u, 24u, 32u}) {
        {
            test::scoped_env no("TWOLEG_NO_IFMA", nullptr), model("TWOLEG_FORCE_IFMA_MODEL", nullptr);
            const auto *k = twoleg::detail::choose_dual_kernel(limbs);
            CHECK((k != nullptr) == cpu);
            if (k) CHECK(std::string(k->name) == "ifma");
            if (k) CHECK(k->schedule == twoleg::detail::preferred_dual_schedule());
        }
        {
            test::scoped_env no_switch("TWOLEG_NO_IFMA", nullptr), model("TWOLEG_FORCE_IFMA_MODEL", "1");
            const auto *k = twoleg::detail::choose_dual_kernel(limbs);
            REQUIRE(k != nullptr);
            CHECK(std::string(k->name) == "ifma-model");
            test::scoped_env no("TWOLEG_NO_IFMA", "1");
            CHECK(twoleg::detail::choose_dual_kernel(limbs) == nullptr);
        }
    }
    // Every CPU gets the high halves in their own accumulator.
    CHECK(twoleg::detail::preferred_dual_schedule() == twoleg::detail::dual_schedule::high_halves_apart);
    CHECK(twoleg::detail::ifma_model_kernel(17) == nullptr);
    CHECK(twoleg::detail::ifma_model_kernel(64) == nullptr);
    if (!cpu) MESSAGE("no AVX-512 IFMA here: only the model kernel is tested");
}
