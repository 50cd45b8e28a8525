// twoleg --version / twoleg version: the version, and which implementations
// this process runs on this CPU (after the TWOLEG_NO_* switches).
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "core/env.hpp"
#include "rsa/ifma_dual.hpp"
#include "rsa/mont_exp.hpp"
#include "twoleg/sha256.hpp"
#include "twoleg/twoleg.h"

namespace twoleg::cli {

namespace {

constexpr const char *version_help =
    "usage: twoleg version\n"
    "The same as 'twoleg --version'. Prints twoleg's version, then the SHA-256 implementation in use (sha-ni or portable;\n"
    "TWOLEG_NO_SHANI=1 forces portable), the RSA signing kernel in use (the mulx/adx kernel for\n"
    "2048/3072/4096-bit keys, or GMP's mpn_sec_powm; TWOLEG_NO_MULX=1 forces GMP), and the dual-prime kernel that\n"
    "signs with both CRT halves at once on AVX-512 IFMA CPUs (TWOLEG_NO_IFMA=1 turns it off).\n";

/// The RSA private-key kernel this process uses, in words. The one place that
/// knows how to ask: point it at the RSA layer's own description when there is one.
std::string rsa_kernel_description()
{
    constexpr struct {
        std::size_t limbs;
        const char *bits;
    } sizes[] = {{16, "2048"}, {24, "3072"}, {32, "4096"}};
    std::string fast;
    for (const auto &s : sizes) {
        if (!detail::modexp_ct_fast_available(s.limbs)) continue;
        if (!fast.empty()) fast += '/';
        fast += s.bits;
    }
    if (!fast.empty()) return "mulx/adx kernel (" + fast + "-bit keys), GMP mpn_sec_powm otherwise";
    std::string why;
    if (detail::env_flag("TWOLEG_NO_MULX")) why = "TWOLEG_NO_MULX is set";
    else if (!detail::cpu_features().bmi2 || !detail::cpu_features().adx) why = "this CPU lacks BMI2/ADX";
    else why = "the mulx kernel is not compiled into this build";
    return "GMP mpn_sec_powm (" + why + ")";
}

/// The digit-step schedule of a dual-prime kernel, as a suffix.
std::string schedule_words(const detail::dual_kernel_entry &kernel)
{
    return kernel.schedule == detail::dual_schedule::high_halves_into_r ? "; high halves into the accumulator"
                                                                         : "; high halves in their own accumulator";
}

/// The dual-prime kernel, which RSA-2048/3072/4096 keys use before the mulx
/// kernel when it runs here: the one choose_dual_kernel gives a 2048-bit key,
/// as rsa_key.cpp asks it, or why there is none.
std::string ifma_kernel_description()
{
    const detail::dual_kernel_entry *kernel = detail::choose_dual_kernel(16);
    if (kernel == nullptr) {
        if (detail::env_flag("TWOLEG_NO_IFMA")) return "off (TWOLEG_NO_IFMA is set)";
        if (!detail::cpu_features().avx512_ifma) return "off (this CPU or OS lacks AVX-512 IFMA)";
        return "off (the native kernel is not compiled into this build)";
    }
    if (detail::env_flag("TWOLEG_FORCE_IFMA_MODEL"))
        return "lane model (TWOLEG_FORCE_IFMA_MODEL is set), 2048/3072/4096-bit keys" + schedule_words(*kernel);
    return "native AVX-512 IFMA, both CRT halves at once, 2048/3072/4096-bit keys" + schedule_words(*kernel);
}

} // namespace

int run_version(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"help"}};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(version_help, stdout);
        return exit_ok;
    }
    if (!args.positional.empty()) fail_usage("version takes no arguments");
    std::string out = std::string("twoleg ") + twoleg_version() + "\n";
    out += std::string("SHA-256: ") + sha256_implementation() + "\n";
    out += "RSA: " + rsa_kernel_description() + "\n";
    out += "RSA dual-prime kernel: " + ifma_kernel_description() + "\n";
    write_output(std::nullopt, out);
    return exit_ok;
}

} // namespace twoleg::cli
