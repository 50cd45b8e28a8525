// bench/twoleg_keys.hpp — the benchmark keys as twoleg private keys, built from
// the same components OpenSSL read (so no twoleg parser is needed to time signing).
#pragma once

#include "bench_support.hpp"
#include "twoleg/rsa_key.hpp"

namespace bench {

/// Shared, thread-safe; aborts the process if twoleg refuses the key.
const twoleg::rsa_private_key &twoleg_key_for(int bits);

} // namespace bench
