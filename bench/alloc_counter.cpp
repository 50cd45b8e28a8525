// Allocation hooks for the benchmark binary only (see alloc_counter.hpp).
// Linked into the executable (with tests/malloc_counter.cpp, which replaces the
// C allocator), so these definitions interpose the C library's for every shared
// library the process loads (OpenSSL, Nettle, GMP, libstdc++).
#include "alloc_counter.hpp"

#include "../tests/malloc_counter.hpp"

#include <gmp.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
// Initial/local-exec TLS of the executable: reading it never allocates.
// The C allocator itself is replaced and counted by tests/malloc_counter.cpp.
thread_local std::uint64_t cxx_calls = 0;
thread_local std::uint64_t gmp_calls = 0;
} // namespace

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

alloc_counts thread_alloc_counts() noexcept { return {malloc_counter::thread_calls(), cxx_calls, gmp_calls}; }

void install_gmp_alloc_hooks() noexcept { mp_set_memory_functions(gmp_allocate, gmp_reallocate, gmp_free); }

} // namespace bench
