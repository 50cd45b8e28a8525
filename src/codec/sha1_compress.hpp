// Internal: SHA-1 compression functions and the run-time choice between them
// (the same scheme as sha256_compress.hpp). Tests call both kernels directly.
#pragma once

#include <cstddef>
#include <cstdint>

namespace twoleg::detail {

using sha1_compress_fn = void (*)(std::uint32_t state[5], const std::uint8_t *blocks, std::size_t count) noexcept;

/// FIPS 180-4 §6.1.2 in portable C++: `count` 64-byte blocks into `state`.
void sha1_compress_portable(std::uint32_t state[5], const std::uint8_t *blocks, std::size_t count) noexcept;
/// The same with the x86 SHA extensions; call only if
/// sha_extensions_available() (codec/sha_extensions.hpp).
void sha1_compress_shani(std::uint32_t state[5], const std::uint8_t *blocks, std::size_t count) noexcept;

/// The function in use: SHA-NI when available, unless TWOLEG_NO_SHANI is set.
/// Chosen on first call.
sha1_compress_fn sha1_compress() noexcept;

} // namespace twoleg::detail
