// Internal: SHA-256 compression functions and the run-time choice between them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace twoleg::detail {

using sha256_compress_fn = void (*)(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept;

/// FIPS 180-4 §6.2.2 in portable C++.
void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept;
/// The same with the x86 SHA extensions; call only if sha256_shani_available().
void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept;
bool sha256_shani_available() noexcept;

/// The function in use: SHA-NI when available, unless TWOLEG_NO_SHANI is set (non-empty, not "0").
sha256_compress_fn sha256_compress() noexcept;

} // namespace twoleg::detail
