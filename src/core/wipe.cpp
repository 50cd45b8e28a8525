// Implements core/wipe.hpp.
#include "core/wipe.hpp"

#include <cstring>

namespace twoleg::detail {

void secure_wipe(void *p, std::size_t n) noexcept
{
    // memset with a null pointer is undefined even for zero bytes, and an
    // empty vector's or span's data() may be null.
    if (n == 0 || p == nullptr) return;
    std::memset(p, 0, n);
    // The barrier claims to read the memory behind p, so the stores above are
    // observable and cannot be dropped as dead.
    asm volatile("" : : "r"(p) : "memory");
}

} // namespace twoleg::detail
