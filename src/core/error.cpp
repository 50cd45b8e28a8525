// Implements twoleg/error.hpp.
#include "twoleg/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace twoleg {

const char *default_message(errc code) noexcept
{
    switch (code) {
#define TWOLEG_ERRC_MESSAGE(name, value, c_macro, category, message) \
    case errc::name: return message;
        TWOLEG_ERROR_LIST(TWOLEG_ERRC_MESSAGE)
#undef TWOLEG_ERRC_MESSAGE
    }
    return "unknown error";
}

error_category category_of(errc code) noexcept
{
    switch (code) {
#define TWOLEG_ERRC_CATEGORY(name, value, c_macro, category, message) \
    case errc::name: return error_category::category;
        TWOLEG_ERROR_LIST(TWOLEG_ERRC_CATEGORY)
#undef TWOLEG_ERRC_CATEGORY
    }
    return error_category::internal;
}

std::string error::message() const
{
    std::string m = detail ? detail : default_message(code);
    if (has_offset()) {
        m += " (at byte ";
        m += std::to_string(offset);
        m += ')';
    }
    return m;
}

namespace detail {
void result_bad_access() noexcept
{
    std::fputs("twoleg: internal error: result accessed as the wrong alternative\n", stderr);
    std::abort();
}
} // namespace detail

} // namespace twoleg
