// A whole service-account assertion: the key file's JSON in, the signed JWT out
// (parse_service_account + make_assertion), and the signing part alone.
#include "bench_support.hpp"
#include "twoleg/assertion.hpp"
#include "twoleg/service_account.hpp"

namespace {

twoleg::assertion_options options()
{
    twoleg::assertion_options o;
    o.scopes = {"https://www.googleapis.com/auth/spreadsheets"};
    o.issued_at = 1767225600;  // fixed, so every iteration signs the same bytes
    return o;
}

void assertion_from_json_twoleg(benchmark::State &state)
{
    const auto &key = bench::key_for(int(state.range(0)));
    const auto opts = options();
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto account = twoleg::parse_service_account(key.sa_json);
        if (!account) return bench::fail(state, "parse_service_account: " + account.err().message());
        auto jwt = twoleg::make_assertion(*account, opts);
        if (!jwt) return bench::fail(state, "make_assertion: " + jwt.err().message());
        benchmark::DoNotOptimize(jwt->data());
    }
    allocs.report(state);
    bench::report_signatures(state);
}

void assertion_twoleg(benchmark::State &state)
{
    const auto &key = bench::key_for(int(state.range(0)));
    const auto account = twoleg::parse_service_account(key.sa_json);
    if (!account) return bench::fail(state, "parse_service_account: " + account.err().message());
    const auto opts = options();
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto jwt = twoleg::make_assertion(*account, opts);
        if (!jwt) return bench::fail(state, "make_assertion: " + jwt.err().message());
        benchmark::DoNotOptimize(jwt->data());
    }
    allocs.report(state);
    bench::report_signatures(state);
}

} // namespace

BENCHMARK(assertion_from_json_twoleg)->Name("assertion_from_json/twoleg")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(assertion_twoleg)->Name("assertion/twoleg")->Arg(2048)->Arg(3072)->Arg(4096);
