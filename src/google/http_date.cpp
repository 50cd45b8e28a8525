// Implements twoleg/http_date.hpp.
#include "twoleg/http_date.hpp"

#include <array>

#include "core/civil_time.hpp"

namespace twoleg {

namespace {

bool two_digits(std::string_view s, std::size_t at, unsigned &out) noexcept
{
    if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
    out = static_cast<unsigned>((s[at] - '0') * 10 + (s[at + 1] - '0'));
    return true;
}

} // namespace

result<std::int64_t> parse_http_date(std::string_view s)
{
    static constexpr std::array<std::string_view, 7> weekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const error bad(errc::invalid_argument, "not an HTTP date in IMF-fixdate form, e.g. \"Sun, 06 Nov 1994 08:49:37 GMT\"");
    if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
        s[22] != ':' || s.substr(25) != " GMT")
        return bad;
    unsigned day = 0, y_hi = 0, y_lo = 0, hour = 0, minute = 0, second = 0;
    if (!two_digits(s, 5, day) || !two_digits(s, 12, y_hi) || !two_digits(s, 14, y_lo) || !two_digits(s, 17, hour) ||
        !two_digits(s, 20, minute) || !two_digits(s, 23, second))
        return bad;
    unsigned month = 0;
    for (unsigned i = 0; i < months.size(); ++i)
        if (s.substr(8, 3) == months[i]) month = i + 1;
    if (month == 0) return bad;
    const std::int64_t year = y_hi * 100 + y_lo;
    if (day < 1 || day > detail::days_in_month(year, month) || hour > 23 || minute > 59 || second > 60) return bad;
    const std::int64_t days = detail::days_from_civil(year, month, day);
    const std::int64_t weekday = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
    if (s.substr(0, 3) != weekdays[static_cast<std::size_t>(weekday)])
        return error(errc::invalid_argument, "HTTP date: the weekday does not match the date");
    return days * 86400 + hour * 3600 + minute * 60 + second;
}

} // namespace twoleg
