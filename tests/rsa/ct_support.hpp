// Helpers of the valgrind constant-time checks (ct_*.cpp): deterministic
// operands of a given size. Their values do not matter to an access pattern,
// only their sizes, so any fixed pseudo-random filling serves.
#pragma once

#include <gmp.h>

#include <cstddef>
#include <vector>

namespace ct {

/// n limbs from a xorshift sequence started at `seed`.
inline std::vector<mp_limb_t> pseudo_limbs(std::size_t n, mp_limb_t seed)
{
    std::vector<mp_limb_t> v(n);
    mp_limb_t x = seed;
    for (auto &limb : v) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        limb = x;
    }
    return v;
}

} // namespace ct
