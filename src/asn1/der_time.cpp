// Implements asn1/der_time.hpp: UTCTime and GeneralizedTime in their RFC 5280 forms.
#include "asn1/der_time.hpp"

#include <span>

#include "core/civil_time.hpp"

namespace twoleg::detail {

namespace {

bool two_digits(std::span<const std::uint8_t> s, std::size_t at, unsigned &out) noexcept
{
    const std::uint8_t a = s[at], b = s[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return false;
    out = static_cast<unsigned>((a - '0') * 10 + (b - '0'));
    return true;
}

} // namespace

result<std::int64_t> read_x509_time(der::cursor &c) noexcept
{
    const bool utc = c.peek_tag(der::tag::utc_time);
    if (!utc && !c.peek_tag(der::tag::generalized_time))
        return error(errc::der_unexpected_tag, "DER: a certificate time must be a UTCTime or a GeneralizedTime",
                     c.offset());
    auto el = c.read_element(utc ? der::tag::utc_time : der::tag::generalized_time);
    if (!el) return el.err();
    const auto s = el->contents;
    const std::size_t want = utc ? 13 : 15;
    if (s.size() != want || s[want - 1] != 'Z')
        return error(errc::der_bad_time,
                     utc ? "DER: a UTCTime must be YYMMDDHHMMSSZ (RFC 5280 4.1.2.5.1)"
                         : "DER: a GeneralizedTime must be YYYYMMDDHHMMSSZ (RFC 5280 4.1.2.5.2)",
                     el->offset);
    unsigned f[7] = {};
    const std::size_t fields = utc ? 6 : 7;
    for (std::size_t i = 0; i < fields; ++i)
        if (!two_digits(s, 2 * i, f[i]))
            return error(errc::der_bad_time, "DER: a certificate time holds a non-digit", el->offset);
    std::int64_t year = 0;
    const unsigned *rest = f;
    if (utc) {
        year = f[0] >= 50 ? 1900 + f[0] : 2000 + f[0];
        rest = f + 1;
    } else {
        year = f[0] * 100 + f[1];
        rest = f + 2;
    }
    const unsigned month = rest[0], day = rest[1], hour = rest[2], minute = rest[3], second = rest[4];
    if (month < 1 || month > 12 || day < 1 || day > detail::days_in_month(year, month) || hour > 23 || minute > 59 ||
        second > 59)
        return error(errc::der_bad_time, "DER: a certificate time is not a valid date and time", el->offset);
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

} // namespace twoleg::detail
