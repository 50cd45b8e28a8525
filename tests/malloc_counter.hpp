// tests/malloc_counter.hpp — counts the C allocator calls of the calling thread.
//
// Linking tests/malloc_counter.cpp into an executable replaces malloc, calloc,
// realloc, free and the aligned allocators for the whole process, forwarding
// to glibc's __libc_* entry points (as the glibc manual's "Replacing malloc"
// section allows). Used by the allocation-free signing test and by the
// benchmark binary's allocation counters. Under AddressSanitizer or
// MemorySanitizer the sanitizer owns malloc: nothing is replaced,
// TWOLEG_MALLOC_COUNTER is 0 and the count stays 0.
#pragma once

#include <cstdint>

#if defined(__SANITIZE_ADDRESS__)
#define TWOLEG_MALLOC_COUNTER 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define TWOLEG_MALLOC_COUNTER 0
#endif
#endif
#ifndef TWOLEG_MALLOC_COUNTER
#define TWOLEG_MALLOC_COUNTER 1
#endif

namespace malloc_counter {

/// Calls of malloc, calloc, realloc and the aligned allocators made by this
/// thread since it started (operator new and GMP reach them too).
std::uint64_t thread_calls() noexcept;

} // namespace malloc_counter
