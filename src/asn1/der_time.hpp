// Internal: the X.509 Time CHOICE (RFC 5280 §4.1.2.5) as Unix seconds.
//
// Accepts exactly the DER forms RFC 5280 allows: UTCTime "YYMMDDHHMMSSZ"
// (YY >= 50 is 19YY, else 20YY) and GeneralizedTime "YYYYMMDDHHMMSSZ" — seconds
// present, no fractional seconds, no time-zone offset, "Z" required. Every
// field is range-checked (month 1..12, the day against the month and leap
// years, hour < 24, minute and second < 60). GeneralizedTime for years before
// 2050 is accepted although RFC 5280 tells CAs to use UTCTime there: the
// encoding is unambiguous and issuers do it. Errors carry the element's offset.
#pragma once

#include <cstdint>

#include "twoleg/der.hpp"
#include "twoleg/error.hpp"

namespace twoleg::detail {

/// Reads one UTCTime or GeneralizedTime element and returns its Unix time.
result<std::int64_t> read_x509_time(der::cursor &c) noexcept;

} // namespace twoleg::detail
