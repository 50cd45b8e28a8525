// The CLI's wording of response advice: the library's advice (a case, facts
// and plain words) with the twoleg options that act on it named, e.g.
// "pass --clock-offset -7205" where the library says "shift the assertion's
// iat and exp by -7205 s".
#pragma once

#include <string>

#include "twoleg/response_advice.hpp"

namespace twoleg::cli {

/// One line for `twoleg token-response`: google_said plus advice that names
/// twoleg's flags where one fixes the problem; the library's text otherwise.
std::string advice_line(const advice &a, const advice_context &context);

} // namespace twoleg::cli
