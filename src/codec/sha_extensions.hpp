// Whether SHA-1 and SHA-256 run on the x86 SHA extensions: the one decision
// both compression dispatchers (sha1.cpp, sha256.cpp) take from.
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
/// The attribute of every function that uses the SHA extensions, so the rest
/// of the library needs no special compiler flags.
#define TWOLEG_SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))
#endif

namespace twoleg::detail {

/// True when the CPU has the SHA extensions (with SSSE3 and SSE4.1),
/// whatever TWOLEG_NO_SHANI says; always false off x86.
bool sha_extensions_available() noexcept;

/// True when the hashes use them: available, and TWOLEG_NO_SHANI not set
/// (non-empty, not "0").
bool sha_extensions_in_use() noexcept;

} // namespace twoleg::detail
