// Implements twoleg/clock.hpp.
#include "twoleg/clock.hpp"

#include <chrono>

namespace twoleg {

std::int64_t system_unix_time() noexcept
{
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t read_clock(const clock_source &clock) noexcept
{
    return clock.now ? clock.now(clock.context) : system_unix_time();
}

} // namespace twoleg
