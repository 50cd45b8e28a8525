// twoleg's SHA-256 (SHA-NI when the CPU has it; TWOLEG_NO_SHANI=1 forces the portable code).
#include "bench_support.hpp"
#include "twoleg/sha256.hpp"

namespace {

void sha256_twoleg(benchmark::State &state)
{
    const auto &input = bench::hash_input(std::size_t(state.range(0)));
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto digest = twoleg::sha256_hash(input);
        benchmark::DoNotOptimize(digest);
    }
    allocs.report(state);
    state.SetBytesProcessed(state.iterations() * state.range(0));
    state.SetLabel(twoleg::sha256_implementation());
}

} // namespace

BENCHMARK(sha256_twoleg)->Name("sha256/twoleg")->Arg(64)->Arg(1024)->Arg(8192)->Arg(1 << 20);
