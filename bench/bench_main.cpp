// The benchmark binary's main: allocation hooks, run context, exit status.
// Exits non-zero if any benchmark found a wrong result (e.g. a signature that
// differs from OpenSSL's), never because of timing.
#include <gmp.h>
#include <nettle/version.h>
#include <openssl/crypto.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include "bench_support.hpp"
#include "twoleg/sha256.hpp"

namespace {

std::string cpu_model()
{
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

std::string cpu_flags()
{
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("flags", 0) != 0) continue;
        // Space-delimited so that "avx512f" does not match inside "avx512fp16".
        std::string all(1, ' ');
        all.append(line, line.find(':') + 1);
        all.push_back(' ');
        std::string out;
        for (std::string_view flag : {"avx512ifma", "avx512f", "avx2", "adx", "bmi2", "sha_ni"}) {
            std::string needle(1, ' ');
            needle.append(flag);
            needle.push_back(' ');
            if (!out.empty()) out.push_back(' ');
            out.push_back(all.find(needle) != std::string::npos ? '+' : '-');
            out.append(flag);
        }
        return out;
    }
    return "unknown";
}

} // namespace

int main(int argc, char **argv)
{
    bench::install_gmp_alloc_hooks();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::AddCustomContext("cpu_model", cpu_model());
    benchmark::AddCustomContext("cpu_flags", cpu_flags());
    benchmark::AddCustomContext("openssl", OpenSSL_version(OPENSSL_VERSION));
    benchmark::AddCustomContext("nettle", std::to_string(nettle_version_major()) + "." +
                                              std::to_string(nettle_version_minor()));
    benchmark::AddCustomContext("gmp", gmp_version);
#ifdef TWOLEG_BENCH_BENCHMARK_VERSION
    benchmark::AddCustomContext("google_benchmark", TWOLEG_BENCH_BENCHMARK_VERSION);
#endif
    benchmark::AddCustomContext("twoleg_sha256", twoleg::sha256_implementation());
#if defined(__clang__)
    benchmark::AddCustomContext("compiler", std::string("clang ") + __clang_version__);
#elif defined(__GNUC__)
    benchmark::AddCustomContext("compiler", std::string("g++ ") + __VERSION__);
#endif
    benchmark::AddCustomContext("keys", bench::keys_directory());
    benchmark::AddCustomContext("message_bytes", std::to_string(bench::message().size()));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (bench::any_failure()) {
        std::fprintf(stderr, "twoleg bench: at least one benchmark computed a wrong result\n");
        return 1;
    }
    return 0;
}
