// twoleg/http_date.hpp — the HTTP Date header as Unix time.
//
// parse_http_date reads the IMF-fixdate of RFC 7231 §7.1.1.1 only (e.g.
// "Sun, 06 Nov 1994 08:49:37 GMT"), the form every current server sends; the
// weekday must match the date. The obsolete RFC 850 and asctime forms are
// refused. Errors are errc::invalid_argument with a detail.
#pragma once

#include <cstdint>
#include <string_view>

#include "twoleg/error.hpp"

namespace twoleg {

/// Unix time of an IMF-fixdate.
result<std::int64_t> parse_http_date(std::string_view text);

} // namespace twoleg
