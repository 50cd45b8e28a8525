// twoleg/random.hpp — random bytes for blinding.
//
// By default twoleg reads the operating system's generator (getrandom(2)).
// A caller on a platform without one supplies a random_source: a function
// that fills `len` bytes at `out` with unpredictable data and returns true.
// A source that returns false makes the operation fail with
// errc::random_failure; nothing is signed with missing randomness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "twoleg/error.hpp"

namespace twoleg {

struct random_source {
    bool (*fill)(void *context, std::uint8_t *out, std::size_t len) noexcept = nullptr;
    void *context = nullptr;
};

/// Fills `out` from getrandom(2), retrying on EINTR.
result<void> os_random_bytes(std::span<std::uint8_t> out) noexcept;

/// Fills `out` from `source` if it is non-null and has a fill function, else from the OS.
result<void> random_bytes(const random_source *source, std::span<std::uint8_t> out) noexcept;

} // namespace twoleg
