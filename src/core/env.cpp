// Implements core/env.hpp: the only place that reads TWOLEG_* variables and CPUID.
#include "core/env.hpp"

#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define TWOLEG_X86 1
#endif

namespace twoleg::detail {

bool env_flag(const char *name) noexcept
{
    const char *value = std::getenv(name);
    return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
}

bool env_value(const char *name, std::string &out)
{
    const char *value = std::getenv(name);
    if (value == nullptr) return false;
    out.assign(value);
    return true;
}

namespace {

#ifdef TWOLEG_X86
unsigned long long read_xcr0() noexcept
{
    unsigned lo = 0, hi = 0;
    asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (static_cast<unsigned long long>(hi) << 32) | lo;
}

cpu_feature_set detect() noexcept
{
    cpu_feature_set f;
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
    const unsigned ecx1 = ecx;
    const bool ssse3 = ecx1 & (1u << 9), sse41 = ecx1 & (1u << 19);
    const bool osxsave = ecx1 & (1u << 27), avx = ecx1 & (1u << 28);
    f.aes_ni = (ecx1 & (1u << 25)) && (ecx1 & (1u << 1));

    // XCR0: bits 1-2 SSE/AVX state; 5-7 opmask, ZMM0-15 upper halves, ZMM16-31.
    const unsigned long long xcr0 = osxsave ? read_xcr0() : 0;
    const bool os_ymm = (xcr0 & 0x6) == 0x6;
    const bool os_zmm = (xcr0 & 0xe6) == 0xe6;

    if (__get_cpuid_max(0, nullptr) < 7) return f;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    f.sha_ni = (ebx & (1u << 29)) && ssse3 && sse41;
    f.bmi2 = ebx & (1u << 8);
    f.adx = ebx & (1u << 19);
    f.avx2 = (ebx & (1u << 5)) && avx && os_ymm;
    constexpr unsigned avx512_f = 1u << 16, avx512_dq = 1u << 17, avx512_ifma = 1u << 21,
                       avx512_bw = 1u << 30, avx512_vl = 1u << 31;
    constexpr unsigned needed = avx512_f | avx512_dq | avx512_ifma | avx512_bw | avx512_vl;
    f.avx512_ifma = (ebx & needed) == needed && os_zmm;
    return f;
}
#else
cpu_feature_set detect() noexcept { return {}; }
#endif

} // namespace

const cpu_feature_set &cpu_features() noexcept
{
    static const cpu_feature_set features = detect();
    return features;
}

} // namespace twoleg::detail
