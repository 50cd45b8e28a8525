// Allocation hooks for the benchmark binary only (see alloc_counter.hpp).
// Linked into the executable, so these definitions interpose the C library's
// for every shared library the process loads (OpenSSL, Nettle, GMP, libstdc++).
#include "alloc_counter.hpp"

#include <gmp.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
// Initial/local-exec TLS of the executable: reading it never allocates.
thread_local std::uint64_t heap_calls = 0;
thread_local std::uint64_t cxx_calls = 0;
thread_local std::uint64_t gmp_calls = 0;
} // namespace

extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *ptr, std::size_t size);
void *__libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void *ptr);

void *malloc(std::size_t size) noexcept
{
    ++heap_calls;
    return __libc_malloc(size);
}
void *calloc(std::size_t count, std::size_t size) noexcept
{
    ++heap_calls;
    return __libc_calloc(count, size);
}
void *realloc(void *ptr, std::size_t size) noexcept
{
    ++heap_calls;
    return __libc_realloc(ptr, size);
}
void free(void *ptr) noexcept { __libc_free(ptr); }
void *memalign(std::size_t alignment, std::size_t size) noexcept
{
    ++heap_calls;
    return __libc_memalign(alignment, size);
}
void *aligned_alloc(std::size_t alignment, std::size_t size) noexcept
{
    ++heap_calls;
    return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, std::size_t alignment, std::size_t size) noexcept
{
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    ++heap_calls;
    void *p = __libc_memalign(alignment, size);
    if (p == nullptr) return ENOMEM;
    *out = p;
    return 0;
}
} // extern "C"

namespace {
void *counted_new(std::size_t size)
{
    ++cxx_calls;
    if (void *p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void *counted_new_aligned(std::size_t size, std::align_val_t alignment)
{
    ++cxx_calls;
    std::size_t a = static_cast<std::size_t>(alignment);
    if (a < sizeof(void *)) a = sizeof(void *);
    void *p = nullptr;
    if (posix_memalign(&p, a, size == 0 ? 1 : size) == 0) return p;
    throw std::bad_alloc();
}

void *gmp_allocate(std::size_t size)
{
    ++gmp_calls;
    void *p = std::malloc(size);
    if (p == nullptr) std::abort();  // GMP cannot handle allocation failure either
    return p;
}
void *gmp_reallocate(void *ptr, std::size_t, std::size_t new_size)
{
    ++gmp_calls;
    void *p = std::realloc(ptr, new_size);
    if (p == nullptr) std::abort();
    return p;
}
void gmp_free(void *ptr, std::size_t) { std::free(ptr); }
} // namespace

void *operator new(std::size_t size) { return counted_new(size); }
void *operator new[](std::size_t size) { return counted_new(size); }
void *operator new(std::size_t size, const std::nothrow_t &) noexcept
{
    ++cxx_calls;
    return std::malloc(size == 0 ? 1 : size);
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept
{
    ++cxx_calls;
    return std::malloc(size == 0 ? 1 : size);
}
void *operator new(std::size_t size, std::align_val_t a) { return counted_new_aligned(size, a); }
void *operator new[](std::size_t size, std::align_val_t a) { return counted_new_aligned(size, a); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace bench {

alloc_counts thread_alloc_counts() noexcept { return {heap_calls, cxx_calls, gmp_calls}; }

void install_gmp_alloc_hooks() noexcept { mp_set_memory_functions(gmp_allocate, gmp_reallocate, gmp_free); }

} // namespace bench
