// twoleg's RSASSA-PKCS1-v1_5 SHA-256: sign (hash + sign into a caller buffer),
// verify, and signing throughput on one shared key from 1 and 2 threads.
#include "bench_support.hpp"
#include "twoleg/pkcs1v15.hpp"
#include "twoleg_keys.hpp"

namespace {

bool sign_once(const twoleg::rsa_private_key &key, std::vector<std::uint8_t> &signature)
{
    const auto digest = twoleg::sha256_hash(bench::message_bytes());
    return twoleg::pkcs1v15_sign_sha256_digest(key, digest, signature).ok();
}

void sign_twoleg(benchmark::State &state)
{
    const auto &key = bench::key_for(int(state.range(0)));
    const auto &tkey = bench::twoleg_key_for(key.bits);
    std::vector<std::uint8_t> signature(key.modulus_bytes);
    if (!sign_once(tkey, signature) || !bench::check_signature(state, key, signature)) return;
    bench::time_signing(state, signature, "pkcs1v15_sign_sha256_digest failed",
                        [&](std::vector<std::uint8_t> &out) { return sign_once(tkey, out); });
}

void verify_twoleg(benchmark::State &state)
{
    const auto &key = bench::key_for(int(state.range(0)));
    const auto &pub = bench::twoleg_key_for(key.bits).public_key();
    bench::alloc_scope allocs;
    for (auto _ : state) {
        const auto digest = twoleg::sha256_hash(bench::message_bytes());
        if (!twoleg::pkcs1v15_verify_sha256_digest(pub, digest, key.reference_signature))
            return bench::fail(state, "twoleg rejected the reference signature");
    }
    allocs.report(state);
    bench::report_verifications(state);
}

void sign_threads_twoleg(benchmark::State &state)
{
    const auto &key = bench::key_for(int(state.range(0)));
    const auto &tkey = bench::twoleg_key_for(key.bits);
    std::vector<std::uint8_t> signature(key.modulus_bytes);
    bench::time_signing(state, signature, "pkcs1v15_sign_sha256_digest failed",
                        [&](std::vector<std::uint8_t> &out) { return sign_once(tkey, out); });
}

} // namespace

BENCHMARK(sign_twoleg)->Name("sign/twoleg")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(verify_twoleg)->Name("verify/twoleg")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(sign_threads_twoleg)->Name("sign_threads/twoleg")->Arg(2048)->Arg(3072)->Arg(4096)
    ->Threads(1)->Threads(2)->UseRealTime();
