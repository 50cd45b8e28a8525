// twoleg/clock.hpp — where twoleg reads the time.
//
// Everything that needs "now" (assertions, JWT verification, advice about
// clock skew) takes a clock_source, so tests and hosts with their own notion
// of time can supply it. Thread-safe as long as the supplied function is.
#pragma once

#include <cstdint>

namespace twoleg {

/// A source of the current time in Unix seconds. A null `now` means the system clock.
struct clock_source {
    std::int64_t (*now)(void *context) noexcept = nullptr;
    void *context = nullptr;
};

/// The system clock in Unix seconds.
std::int64_t system_unix_time() noexcept;
/// `clock.now(clock.context)` if set, else system_unix_time().
std::int64_t read_clock(const clock_source &clock) noexcept;

} // namespace twoleg
