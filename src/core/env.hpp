// Internal: the environment switches and the CPU's features, each read once.
//
// Every TWOLEG_* variable is read here and nowhere else. A switch is on when
// the variable is set, non-empty and not "0". The switches that force a
// portable path:
//   TWOLEG_NO_SHANI  SHA-1/SHA-256 without the SHA extensions
//   TWOLEG_NO_AESNI  AES without AES-NI
//   TWOLEG_NO_MULX   RSA without the mulx/adx Montgomery kernel (GMP instead),
//                    and P-256 field arithmetic in portable C++ instead of
//                    mulx/adx assembly (read on the first EC operation)
//   TWOLEG_NO_AVX2   the mulx kernel's table scan without AVX2 (SSE2)
//   TWOLEG_NO_IFMA   RSA without the AVX-512 IFMA dual-prime kernel (mulx or
//                    GMP per prime instead); read when a key is loaded
// and one switch for tests, CI and valgrind:
//   TWOLEG_FORCE_IFMA_MODEL  run the dual-prime kernel on its exact scalar
//                    model (src/rsa/ifma_lanes_model.hpp) on any CPU, for keys
//                    loaded while it is set (TWOLEG_NO_IFMA still wins)
// cpu_features() is what the processor and the operating system offer,
// regardless of the switches; the dispatchers combine the two.
#pragma once

#include <string>

namespace twoleg::detail {

/// True when the environment variable `name` is set, non-empty and not "0".
/// Reads the environment on every call: call it when choosing an
/// implementation, not per operation.
bool env_flag(const char *name) noexcept;

/// The value of the environment variable `name` (any name: the CLI's
/// --password-env reads the one the user names), or false if it is not set.
/// The caller owns `out` and wipes it when it holds a secret.
bool env_value(const char *name, std::string &out);

/// What this CPU (and the OS, for register state) supports. All false on
/// processors other than x86-64.
struct cpu_feature_set {
    bool sha_ni = false;      // SHA extensions (CPUID.7.0:EBX[29]) with SSSE3/SSE4.1
    bool aes_ni = false;      // AES-NI and PCLMULQDQ (CPUID.1:ECX[25], [1])
    bool bmi2 = false;        // CPUID.7.0:EBX[8]
    bool adx = false;         // CPUID.7.0:EBX[19]
    bool avx2 = false;        // CPUID.7.0:EBX[5] and the OS saves YMM state
    bool avx512_ifma = false; // F, DQ, IFMA, VL, BW, and the OS saves ZMM state
};

/// The features, read once (thread-safe) on first use.
const cpu_feature_set &cpu_features() noexcept;

} // namespace twoleg::detail
