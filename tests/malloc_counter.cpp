// Implements tests/malloc_counter.hpp: the C allocator, replaced and counted.
#include "malloc_counter.hpp"

#include <cerrno>
#include <cstddef>

namespace {
// Initial/local-exec TLS of the executable: reading it never allocates.
thread_local std::uint64_t calls = 0;
} // namespace

namespace malloc_counter {
std::uint64_t thread_calls() noexcept { return calls; }
} // namespace malloc_counter

#if TWOLEG_MALLOC_COUNTER
extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *ptr, std::size_t size);
void *__libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void *ptr);

void *malloc(std::size_t size) noexcept
{
    ++calls;
    return __libc_malloc(size);
}
void *calloc(std::size_t count, std::size_t size) noexcept
{
    ++calls;
    return __libc_calloc(count, size);
}
void *realloc(void *ptr, std::size_t size) noexcept
{
    ++calls;
    return __libc_realloc(ptr, size);
}
void free(void *ptr) noexcept { __libc_free(ptr); }
void *memalign(std::size_t alignment, std::size_t size) noexcept
{
    ++calls;
    return __libc_memalign(alignment, size);
}
void *aligned_alloc(std::size_t alignment, std::size_t size) noexcept
{
    ++calls;
    return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, std::size_t alignment, std::size_t size) noexcept
{
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    ++calls;
    void *p = __libc_memalign(alignment, size);
    if (p == nullptr) return ENOMEM;
    *out = p;
    return 0;
}
} // extern "C"
#endif
