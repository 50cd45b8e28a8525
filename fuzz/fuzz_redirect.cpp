// Fuzz target: redirect URLs and queries (oauth_redirect.hpp,
// percent_encoding.hpp) and loopback redirect URIs.
//
// Properties:
//   - every decoded parameter is free of control characters and re-encodes
//     (percent_encode) to text that decodes back to it;
//   - parse_query refuses duplicate names (no name appears twice);
//   - an accepted redirect has a code or an error; accept_redirect with the
//     redirect's own state gives its code exactly when there is no error,
//     and with another state always errc::oauth_state_mismatch;
//   - refusals are never errc::internal and offsets lie in the input;
//   - a loopback URI that parses has a path starting with '/'.
#include <set>
#include <string>

#include "fuzz_support.hpp"
#include "twoleg/oauth_redirect.hpp"
#include "twoleg/percent_encoding.hpp"

using namespace twoleg;

namespace {

bool clean(const std::string &s) noexcept
{
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

void check_refusal(const error &e, std::size_t size)
{
    FUZZ_CHECK(e.code != errc::internal);
    FUZZ_CHECK(!e.has_offset() || e.offset <= size);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::as_text(data, size);

    auto params = parse_query(text);
    if (params) {
        std::set<std::string> names;
        for (const auto &[name, value] : *params) {
            FUZZ_CHECK(!name.empty() && clean(name) && clean(value));
            FUZZ_CHECK(names.insert(name).second);
            auto back = percent_decode(percent_encode(value), true);
            FUZZ_CHECK(back.ok() && *back == value);
        }
        FUZZ_CHECK(params->size() <= query_max_parameters);
    } else {
        check_refusal(params.err(), size);
    }

    for (auto r : {parse_redirect_query(text), parse_redirect_url(text)}) {
        if (!r) {
            check_refusal(r.err(), size);
            continue;
        }
        FUZZ_CHECK(!r->code.empty() || !r->error.empty());
        auto own = accept_redirect(*r, r->state);
        if (!r->has_state) FUZZ_CHECK(!own && own.err().code == errc::oauth_state_mismatch);
        else if (r->error.empty()) FUZZ_CHECK(own.ok() && *own == r->code);
        else FUZZ_CHECK(!own && own.err().code == errc::oauth_authorization_error);
        auto other = accept_redirect(*r, r->state + "x");
        FUZZ_CHECK(!other && other.err().code == errc::oauth_state_mismatch);
    }

    auto uri = parse_loopback_redirect_uri(text);
    if (uri) FUZZ_CHECK(!uri->path.empty() && uri->path[0] == '/');
    else FUZZ_CHECK(uri.err().code == errc::invalid_argument);
    return 0;
}
