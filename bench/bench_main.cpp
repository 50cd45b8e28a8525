// The benchmark binary's main: allocation hooks, run context, exit status.
// Exits non-zero if any benchmark found a wrong result (e.g. a signature that
// differs from OpenSSL's), never because of timing.
#include <gmp.h>
#include <nettle/version.h>
#include <openssl/crypto.h>

#include <cstdio>
#include <fstream>
#include <string>

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
        const std::string all = " " + line.substr(line.find(':') + 1) + " ";
        std::string out;
        for (const char *flag : {"avx512ifma", "avx512f", "avx2", "adx", "bmi2", "sha_ni"}) {
            const bool has = all.find(std::string(" ") + flag + " ") != std::string::npos;
            out += std::string(out.empty() ? "" : " ") + (has ? "+" : "-") + flag;
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
