// twoleg's alternative code paths side by side in one run, through its internal
// interfaces: SHA-256 compression (portable C++ vs SHA-NI) and the constant-time
// exponentiation of one CRT half (mulx kernel vs GMP mpn_sec_powm), both halves
// at once on the dual-prime IFMA kernel, and the dual kernel's cost in lane
// operations per product, counted by its scalar model (any CPU). The public
// API picks one path per key; these benchmarks time each path explicitly.
#include <gmp.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bench_support.hpp"
#include "rsa/ifma_dual.hpp"
#include "rsa/ifma_lanes_model.hpp"
#include "rsa/mont_exp.hpp"
#include "core/env.hpp"
#include "codec/sha256_compress.hpp"
#include "codec/sha_extensions.hpp"
#include "twoleg/sha256.hpp"

namespace {

using twoleg::detail::sha256_compress_fn;

// A complete SHA-256 (FIPS 180-4 §5.1.1 padding) over a chosen compression function.
twoleg::sha256_digest sha256_with(sha256_compress_fn compress, std::span<const std::uint8_t> data)
{
    std::uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const std::size_t full = data.size() / 64;
    if (full != 0) compress(state, data.data(), full);
    std::array<std::uint8_t, 128> tail{};
    const std::size_t rest = data.size() - full * 64;
    if (rest != 0) std::memcpy(tail.data(), data.data() + full * 64, rest);
    tail[rest] = 0x80;
    const std::size_t tail_blocks = rest + 9 <= 64 ? 1 : 2;
    const std::uint64_t bits = std::uint64_t(data.size()) * 8;
    for (int i = 0; i < 8; ++i) tail[tail_blocks * 64 - 1 - std::size_t(i)] = std::uint8_t(bits >> (8 * i));
    compress(state, tail.data(), tail_blocks);
    twoleg::sha256_digest digest;
    for (int i = 0; i < 32; ++i) digest[std::size_t(i)] = std::uint8_t(state[i / 4] >> (24 - 8 * (i % 4)));
    return digest;
}

void sha256_path(benchmark::State &state, sha256_compress_fn compress)
{
    const auto &input = bench::hash_input(std::size_t(state.range(0)));
    if (sha256_with(compress, input) != twoleg::sha256_hash(input))
        return bench::fail(state, "SHA-256 path disagrees with twoleg::sha256_hash");
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto digest = sha256_with(compress, input);
        benchmark::DoNotOptimize(digest);
    }
    allocs.report(state);
    state.SetBytesProcessed(state.iterations() * state.range(0));
}

void sha256_twoleg_portable(benchmark::State &state) { sha256_path(state, twoleg::detail::sha256_compress_portable); }

void sha256_twoleg_shani(benchmark::State &state)
{
    if (!twoleg::detail::sha_extensions_available()) return state.SkipWithError("this CPU has no SHA-NI");
    sha256_path(state, twoleg::detail::sha256_compress_shani);
}

// One CRT half, s_p = c^dP mod p, on the key's real p and dP.
void crt_half(benchmark::State &state, bool want_fast)
{
    const auto &key = bench::key_for(int(state.range(0)));
    mpz_t p, dp, base, expected;
    mpz_inits(p, dp, base, expected, nullptr);
    mpz_import(p, key.components.p.size(), 1, 1, 1, 0, key.components.p.data());
    mpz_import(dp, key.components.dp.size(), 1, 1, 1, 0, key.components.dp.data());
    mpz_import(base, key.reference_signature.size(), 1, 1, 1, 0, key.reference_signature.data());
    mpz_mod(base, base, p);
    mpz_powm(expected, base, dp, p);

    const std::size_t limbs = mpz_size(p), exponent_bits = mpz_sizeinbase(dp, 2);
    std::vector<mp_limb_t> modulus(limbs), b(limbs, 0), e((exponent_bits + 63) / 64, 0), out(limbs), want(limbs, 0);
    std::memcpy(modulus.data(), mpz_limbs_read(p), limbs * sizeof(mp_limb_t));
    std::memcpy(b.data(), mpz_limbs_read(base), mpz_size(base) * sizeof(mp_limb_t));
    std::memcpy(e.data(), mpz_limbs_read(dp), mpz_size(dp) * sizeof(mp_limb_t));
    std::memcpy(want.data(), mpz_limbs_read(expected), mpz_size(expected) * sizeof(mp_limb_t));
    mpz_clears(p, dp, base, expected, nullptr);

    twoleg::detail::montgomery_modulus m;
    // TWOLEG_NO_MULX chooses the kernel when a modulus is prepared; only for that moment.
    if (!want_fast) setenv("TWOLEG_NO_MULX", "1", 1);
    const bool prepared = m.prepare(modulus.data(), limbs);
    if (!want_fast) unsetenv("TWOLEG_NO_MULX");
    if (!prepared) return bench::fail(state, "montgomery_modulus::prepare failed");
    if (want_fast && !m.uses_fast_kernel()) return state.SkipWithError("no mulx kernel here (CPU or TWOLEG_NO_MULX)");
    std::vector<mp_limb_t> scratch(twoleg::detail::modexp_scratch_size(m, exponent_bits));
    twoleg::detail::modexp_ct(m, out.data(), b.data(), e.data(), exponent_bits, scratch.data());
    if (out != want) return bench::fail(state, "modexp_ct disagrees with mpz_powm");
    bench::alloc_scope allocs;
    for (auto _ : state) {
        twoleg::detail::modexp_ct(m, out.data(), b.data(), e.data(), exponent_bits, scratch.data());
        benchmark::DoNotOptimize(out.data());
    }
    allocs.report(state);
}

void crt_half_twoleg_mulx(benchmark::State &state) { crt_half(state, true); }
void crt_half_twoleg_gmp(benchmark::State &state) { crt_half(state, false); }

// A prime of the key as limbs, and a CRT exponent padded to its limb count.
std::vector<mp_limb_t> limbs_of(const std::vector<std::uint8_t> &big_endian, std::size_t limbs)
{
    mpz_t x;
    mpz_init(x);
    mpz_import(x, big_endian.size(), 1, 1, 1, 0, big_endian.data());
    std::vector<mp_limb_t> out(limbs, 0);
    std::memcpy(out.data(), mpz_limbs_read(x), mpz_size(x) * sizeof(mp_limb_t));
    mpz_clear(x);
    return out;
}

mp_limb_t neg_inverse(mp_limb_t m0)
{
    mp_limb_t inverse = m0;
    for (int i = 0; i < 5; ++i) inverse *= 2 - m0 * inverse;
    return 0 - inverse;
}

using twoleg::detail::dual_schedule;

// Both CRT halves, s_p = c^dP mod p and s_q = c^dQ mod q, on the native dual
// kernel: with the schedule this CPU gets (`preferred`), or with the other one,
// so that both are timed on every IFMA machine.
void crt_pair(benchmark::State &state, bool preferred)
{
    const auto &key = bench::key_for(int(state.range(0)));
    const std::size_t limbs = std::size_t(state.range(0)) / 128;
    const dual_schedule chosen = twoleg::detail::preferred_dual_schedule();
    const dual_schedule schedule = preferred                                  ? chosen
                                   : chosen == dual_schedule::high_halves_apart ? dual_schedule::high_halves_into_r
                                                                                : dual_schedule::high_halves_apart;
    const auto *kernel = twoleg::detail::ifma_native_kernel(limbs, schedule);
    if (!twoleg::detail::cpu_features().avx512_ifma) return state.SkipWithError("this CPU has no AVX-512 IFMA");
    const auto p = limbs_of(key.components.p, limbs), q = limbs_of(key.components.q, limbs);
    const auto dp = limbs_of(key.components.dp, limbs), dq = limbs_of(key.components.dq, limbs);
    twoleg::detail::dual_prime_context ctx;
    if (!kernel || !ctx.prepare(p.data(), q.data(), limbs, neg_inverse(p[0]), neg_inverse(q[0]), kernel))
        return bench::fail(state, "dual_prime_context::prepare failed");

    mpz_t mp, mq, c, e, want;
    mpz_inits(mp, mq, c, e, want, nullptr);
    mpz_import(mp, key.components.p.size(), 1, 1, 1, 0, key.components.p.data());
    mpz_import(mq, key.components.q.size(), 1, 1, 1, 0, key.components.q.data());
    mpz_import(c, key.reference_signature.size(), 1, 1, 1, 0, key.reference_signature.data());
    std::vector<mp_limb_t> cp(limbs, 0), cq(limbs, 0), want_p(limbs, 0), want_q(limbs, 0);
    mpz_mod(want, c, mp);
    std::memcpy(cp.data(), mpz_limbs_read(want), mpz_size(want) * sizeof(mp_limb_t));
    mpz_mod(want, c, mq);
    std::memcpy(cq.data(), mpz_limbs_read(want), mpz_size(want) * sizeof(mp_limb_t));
    mpz_import(e, key.components.dp.size(), 1, 1, 1, 0, key.components.dp.data());
    mpz_powm(want, c, e, mp);
    std::memcpy(want_p.data(), mpz_limbs_read(want), mpz_size(want) * sizeof(mp_limb_t));
    mpz_import(e, key.components.dq.size(), 1, 1, 1, 0, key.components.dq.data());
    mpz_powm(want, c, e, mq);
    std::memcpy(want_q.data(), mpz_limbs_read(want), mpz_size(want) * sizeof(mp_limb_t));
    const std::size_t bits = std::max(mpz_sizeinbase(mp, 2), mpz_sizeinbase(mq, 2));
    mpz_clears(mp, mq, c, e, want, nullptr);

    std::vector<mp_limb_t> sp(limbs), sq(limbs);
    kernel->modexp(ctx, sp.data(), sq.data(), cp.data(), cq.data(), dp.data(), dq.data(), bits);
    if (sp != want_p || sq != want_q) return bench::fail(state, "the dual kernel disagrees with mpz_powm");
    state.SetLabel(schedule == dual_schedule::high_halves_apart ? "high halves apart" : "high halves into R");
    bench::alloc_scope allocs;
    for (auto _ : state) {
        kernel->modexp(ctx, sp.data(), sq.data(), cp.data(), cq.data(), dp.data(), dq.data(), bits);
        benchmark::DoNotOptimize(sp.data());
    }
    allocs.report(state);
}

// Lane operations of one dual product and one dual square, counted by the
// model (the same kernel source as the native one): the cost of the kernel
// on any machine. Reported as counters; the time is the model's, not the CPU's.
void dual_product_ops(benchmark::State &state, dual_schedule schedule)
{
    const std::size_t limbs = std::size_t(state.range(0)) / 128;
    const auto &key = bench::key_for(int(state.range(0)));
    const auto p = limbs_of(key.components.p, limbs), q = limbs_of(key.components.q, limbs);
    const auto *kernel = twoleg::detail::ifma_model_kernel(limbs, schedule);
    twoleg::detail::dual_prime_context ctx;
    if (!kernel || !ctx.prepare(p.data(), q.data(), limbs, neg_inverse(p[0]), neg_inverse(q[0]), kernel))
        return bench::fail(state, "dual_prime_context::prepare failed");
    const std::size_t words = 2 * ctx.lanes();
    std::vector<std::uint64_t> a(ctx.r_squared(), ctx.r_squared() + words), out(words);
    auto &counts = twoleg::detail::model_lane_counts();
    counts = {};
    kernel->multiply(ctx, out.data(), a.data(), a.data());
    const auto product = counts;
    counts = {};
    kernel->square(ctx, out.data(), a.data());
    const auto square = counts;
    for (auto _ : state) {
        kernel->multiply(ctx, out.data(), a.data(), out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["digits"] = double(ctx.digits());
    state.counters["mul_ifma"] = double(product.ifma);
    state.counters["mul_shifts"] = double(product.lane_shifts);
    state.counters["mul_loads"] = double(product.loads);
    state.counters["mul_other"] = double(product.other + product.broadcasts + product.lane_extracts);
    state.counters["sqr_ifma"] = double(square.ifma);
    state.counters["sqr_shifts"] = double(square.lane_shifts);
    state.counters["sqr_loads"] = double(square.loads);
    // What the design brief estimates for one zmm product of N digits, per prime.
    state.counters["brief_ifma"] = double(2 * 4 * ctx.digits() * ((ctx.digits() + 7) / 8));
}

} // namespace

BENCHMARK(sha256_twoleg_portable)->Name("sha256/twoleg_portable")->Arg(64)->Arg(1024)->Arg(8192)->Arg(1 << 20);
BENCHMARK(sha256_twoleg_shani)->Name("sha256/twoleg_shani")->Arg(64)->Arg(1024)->Arg(8192)->Arg(1 << 20);
BENCHMARK(crt_half_twoleg_mulx)->Name("crt_half/twoleg_mulx")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(crt_half_twoleg_gmp)->Name("crt_half/twoleg_gmp")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK_CAPTURE(crt_pair, preferred, true)->Name("crt_pair/twoleg_ifma")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK_CAPTURE(crt_pair, other, false)
    ->Name("crt_pair/twoleg_ifma_other_schedule")
    ->Arg(2048)
    ->Arg(3072)
    ->Arg(4096);
BENCHMARK_CAPTURE(dual_product_ops, apart, dual_schedule::high_halves_apart)
    ->Name("dual_product_ops/model")
    ->Arg(2048)
    ->Arg(3072)
    ->Arg(4096)
    ->Iterations(50);
BENCHMARK_CAPTURE(dual_product_ops, into_r, dual_schedule::high_halves_into_r)
    ->Name("dual_product_ops/model_into_r")
    ->Arg(2048)
    ->Arg(3072)
    ->Arg(4096)
    ->Iterations(50);
