// bench/alloc_counter.hpp — counts heap allocations made by the calling thread.
//
// The benchmark binary replaces malloc, calloc, realloc, free and the aligned
// allocators (forwarding to glibc's __libc_* entry points, as the glibc manual's
// "Replacing malloc" section allows), the global operator new/delete, and
// installs GMP memory functions with mp_set_memory_functions. Every counter is
// thread-local, so threaded benchmarks count their own thread only.
//   heap:  every allocation that reached malloc/calloc/realloc/aligned allocators
//          (includes those made through operator new and GMP);
//   cxx:   calls of the global operator new (a subset of heap);
//   gmp:   GMP allocate/reallocate calls (a subset of heap).
#pragma once

#include <cstdint>

namespace bench {

struct alloc_counts {
    std::uint64_t heap = 0;
    std::uint64_t cxx = 0;
    std::uint64_t gmp = 0;
};

/// This thread's totals since it started.
alloc_counts thread_alloc_counts() noexcept;

/// Routes GMP's allocations through counting wrappers; call once from main().
void install_gmp_alloc_hooks() noexcept;

} // namespace bench
