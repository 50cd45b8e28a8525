// Internal: comparisons whose running time does not depend on the bytes
// compared (for MAC tags, padding, derived keys). Lengths are treated as
// public.
#pragma once

#include <cstdint>
#include <span>

namespace twoleg::detail {

/// True when a and b have the same length and the same bytes. Reads every
/// byte when the lengths match, with no early exit and no branch on the
/// bytes; returns at once (false) when the lengths differ.
bool equal_ct(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

} // namespace twoleg::detail
