// SHA-256 compression with the x86 SHA extensions. Placeholder: reports the
// extensions as unavailable until the kernel is written.
#include "internal/sha256_compress.hpp"

namespace twoleg::detail {

bool sha256_shani_available() noexcept { return false; }

void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept
{
    sha256_compress_portable(state, blocks, count);
}

} // namespace twoleg::detail
