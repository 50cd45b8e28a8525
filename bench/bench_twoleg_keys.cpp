// twoleg's key loading: service-account JSON, PKCS#8 PEM and DER, each parsed
// and validated (p·q = n, e·d ≡ 1, CRT values; see rsa_key.hpp).
#include "bench_support.hpp"
#include "twoleg/key_loader.hpp"

namespace {

std::span<const std::uint8_t> bytes(const std::string &s)
{
    return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

void load(benchmark::State &state, std::span<const std::uint8_t> input)
{
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto key = twoleg::load_private_key(input);
        if (!key) return bench::fail(state, "twoleg cannot load the key: " + key.err().message());
        benchmark::DoNotOptimize(&key);
    }
    allocs.report(state);
}

void load_sa_json_twoleg(benchmark::State &state) { load(state, bytes(bench::key_for(int(state.range(0))).sa_json)); }
void load_pkcs8_pem_twoleg(benchmark::State &state) { load(state, bytes(bench::key_for(int(state.range(0))).pkcs8_pem)); }
void load_pkcs8_der_twoleg(benchmark::State &state) { load(state, bench::key_for(int(state.range(0))).pkcs8_der); }

} // namespace

BENCHMARK(load_sa_json_twoleg)->Name("load_sa_json/twoleg")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(load_pkcs8_pem_twoleg)->Name("load_pkcs8_pem/twoleg")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(load_pkcs8_der_twoleg)->Name("load_pkcs8_der/twoleg")->Arg(2048)->Arg(3072)->Arg(4096);
