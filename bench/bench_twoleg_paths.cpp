// twoleg's alternative code paths side by side in one run, through its internal
// interfaces: SHA-256 compression (portable C++ vs SHA-NI) and the constant-time
// exponentiation of one CRT half (mulx kernel vs GMP mpn_sec_powm). The public
// API picks one path per process; these benchmarks time each path explicitly.
#include <gmp.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bench_support.hpp"
#include "rsa/mont_exp.hpp"
#include "codec/sha256_compress.hpp"
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
    if (!twoleg::detail::sha256_shani_available()) return state.SkipWithError("this CPU has no SHA-NI");
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

} // namespace

BENCHMARK(sha256_twoleg_portable)->Name("sha256/twoleg_portable")->Arg(64)->Arg(1024)->Arg(8192)->Arg(1 << 20);
BENCHMARK(sha256_twoleg_shani)->Name("sha256/twoleg_shani")->Arg(64)->Arg(1024)->Arg(8192)->Arg(1 << 20);
BENCHMARK(crt_half_twoleg_mulx)->Name("crt_half/twoleg_mulx")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(crt_half_twoleg_gmp)->Name("crt_half/twoleg_gmp")->Arg(2048)->Arg(3072)->Arg(4096);
