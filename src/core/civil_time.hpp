// Internal: proleptic Gregorian calendar dates and Unix time, both ways.
//
// The one place that turns a date into days since 1970-01-01 and back (HTTP
// dates, certificate times, times shown in messages). Pure arithmetic on
// 64-bit integers; valid for every year a 64-bit day count can hold.
#pragma once

#include <cstdint>
#include <string>

namespace twoleg::detail {

struct civil_date {
    std::int64_t year = 1970;
    unsigned month = 1;  // 1..12
    unsigned day = 1;    // 1..31
};

bool is_leap_year(std::int64_t year) noexcept;
/// 28..31 for months 1..12.
unsigned days_in_month(std::int64_t year, unsigned month) noexcept;
/// Days since 1970-01-01 (negative before); month and day must be valid.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;
civil_date civil_from_days(std::int64_t days) noexcept;
/// "YYYY-MM-DD HH:MM:SS UTC" for a Unix time (years 0..9999).
std::string format_utc(std::int64_t unix_seconds);

} // namespace twoleg::detail
