// The 309-digit decimal core (decimal_core.hpp) timed on the same key and message.
#include "bench_support.hpp"
#include "decimal_core.hpp"
#include "twoleg/sha256.hpp"

namespace {

decimal_core::private_key decimal_key(const bench::bench_key &key)
{
    const auto &c = key.components;
    return decimal_core::prepare_key({c.n, c.p, c.q, c.dp, c.dq, c.qinv});
}

void sign_decimal_core(benchmark::State &state)
{
    const auto &key = bench::key_for(int(state.range(0)));
    const decimal_core::private_key dkey = decimal_key(key);
    auto sign = [&] { return decimal_core::sign_sha256_digest(dkey, twoleg::sha256_hash(bench::message_bytes())); };
    if (!bench::check_signature(state, key, sign())) return;
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto signature = sign();
        benchmark::DoNotOptimize(signature.data());
    }
    allocs.report(state);
    bench::report_signatures(state);
}

void load_decimal_core(benchmark::State &state)
{
    // Key import as the platform did it: octets -> decimal strings -> numbers.
    const auto &key = bench::key_for(int(state.range(0)));
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto dkey = decimal_key(key);
        benchmark::DoNotOptimize(&dkey);
    }
    allocs.report(state);
}

} // namespace

BENCHMARK(sign_decimal_core)->Name("sign/decimal_core")->Arg(2048)->Arg(3072)->Arg(4096)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(load_decimal_core)->Name("load_components/decimal_core")->Arg(2048)->Arg(3072)->Arg(4096);
