// Internal: which exponentiation kernel signs with a key, for diagnostics
// (twoleg --version / inspect). Chosen once when the key was loaded.
#pragma once

#include "twoleg/rsa_key.hpp"

namespace twoleg::detail {

/// "ifma" (both CRT halves on AVX-512 IFMA), "ifma-model" (the same kernel on
/// its scalar model: TWOLEG_FORCE_IFMA_MODEL), "mulx" (the mulx/adx kernel on
/// both primes), "gmp" (GMP's mpn_sec_powm on at least one prime), or "none"
/// for an empty key.
const char *rsa_kernel_name(const rsa_private_key &key) noexcept;

} // namespace twoleg::detail
