// Implements codec/constant_time.hpp.
#include "codec/constant_time.hpp"

namespace twoleg::detail {

bool equal_ct(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept
{
    if (a.size() != b.size()) return false; // lengths are public
    // Accumulate every difference, then turn "any bit set" into 0/1 without
    // a branch on the accumulated value.
    unsigned acc = 0;
    for (std::size_t i = 0; i < a.size(); ++i) acc |= static_cast<unsigned>(a[i] ^ b[i]);
    return ((acc - 1u) >> 8) & 1u; // acc is 0..255: only 0 borrows into bit 8
}

} // namespace twoleg::detail
