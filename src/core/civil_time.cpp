// Implements core/civil_time.hpp with the era-based conversions (years counted
// from March, so the leap day ends the year; 400-year eras of 146097 days).
#include "core/civil_time.hpp"

#include <cstdio>

namespace twoleg::detail {

bool is_leap_year(std::int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t year, unsigned month) noexcept
{
    static constexpr unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept
{
    const std::int64_t y = month <= 2 ? year - 1 : year;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

civil_date civil_from_days(std::int64_t days) noexcept
{
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t day_of_era = z - era * 146097;
    const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t mp = (5 * day_of_year + 2) / 153;
    civil_date d;
    d.day = static_cast<unsigned>(day_of_year - (153 * mp + 2) / 5 + 1);
    d.month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
    d.year = year_of_era + era * 400 + (d.month <= 2 ? 1 : 0);
    return d;
}

std::string format_utc(std::int64_t t)
{
    std::int64_t days = t / 86400, rest = t % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    const civil_date d = civil_from_days(days);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld UTC", static_cast<long long>(d.year), d.month,
                  d.day, static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                  static_cast<long long>(rest % 60));
    return buf;
}

} // namespace twoleg::detail
