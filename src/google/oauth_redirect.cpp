// Implements twoleg/oauth_redirect.hpp.
#include "twoleg/oauth_redirect.hpp"

#include "core/wipe.hpp"
#include "twoleg/percent_encoding.hpp"

namespace twoleg {

namespace {

// RFC 6749 Appendix A: code, state and error_description are VSCHARs
// (%x20-7E); error is NQSCHAR without space (%x20-21 / %x23-5B / %x5D-7E).
bool is_vschar_text(std::string_view s) noexcept
{
    for (unsigned char c : s)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

bool is_error_code(std::string_view s) noexcept
{
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (c <= 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
    return true;
}

} // namespace

oauth_redirect::~oauth_redirect() { detail::secure_wipe(code); }

bool equal_constant_time(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

result<oauth_redirect> parse_redirect_query(std::string_view query)
{
    auto params = parse_query(query);
    if (!params) return params.err();
    oauth_redirect out;
    auto take = [&](const char *name, std::string &field) {
        if (const std::string *v = find_parameter(*params, name)) {
            field = *v;
            return true;
        }
        return false;
    };
    take("code", out.code);
    out.has_state = take("state", out.state);
    take("scope", out.scope);
    const bool has_error = take("error", out.error);
    take("error_description", out.error_description);
    take("error_uri", out.error_uri);
    for (auto &p : *params) detail::secure_wipe(p.second);
    if (has_error && !is_error_code(out.error))
        return error(errc::oauth_bad_redirect, "the redirect's error parameter is empty or not an RFC 6749 error code");
    if (!has_error && out.code.empty())
        return error(errc::oauth_bad_redirect, "the redirect has neither a code nor an error parameter");
    if (!is_vschar_text(out.code) || !is_vschar_text(out.state) || !is_vschar_text(out.error_description) ||
        !is_vschar_text(out.scope) || !is_vschar_text(out.error_uri))
        return error(errc::oauth_bad_redirect, "a redirect parameter holds a character outside %x20-7E (RFC 6749 appendix A)");
    return out;
}

result<oauth_redirect> parse_redirect_url(std::string_view url)
{
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return error(errc::oauth_bad_redirect, "the redirect URL must start with http:// or https://", 0);
    std::string_view rest = url;
    if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    const auto q = rest.find('?');
    if (q == std::string_view::npos)
        return error(errc::oauth_bad_redirect, "the redirect URL has no query (nothing after '?'): paste the whole URL "
                                               "from the browser's address bar");
    auto r = parse_redirect_query(rest.substr(q + 1));
    if (!r) {
        const error &e = r.err();
        return error(e.code, e.detail, e.has_offset() ? q + 1 + e.offset : error::no_offset);
    }
    return r;
}

result<std::string> accept_redirect(const oauth_redirect &redirect, std::string_view expected_state)
{
    if (!redirect.has_state)
        return error(errc::oauth_state_mismatch, "the redirect carries no state: it does not answer this session's request");
    if (!equal_constant_time(redirect.state, expected_state))
        return error(errc::oauth_state_mismatch,
                     "the redirect's state differs from the session's: it answers another request (or a forged one)");
    if (!redirect.error.empty())
        return error(errc::oauth_authorization_error, "the authorization server redirected with an error");
    return redirect.code;
}

result<loopback_redirect_uri> parse_loopback_redirect_uri(std::string_view uri)
{
    loopback_redirect_uri out;
    constexpr std::string_view scheme = "http://";
    if (uri.rfind(scheme, 0) != 0)
        return error(errc::invalid_argument, "a loopback redirect URI starts with http:// (RFC 8252 section 7.3)");
    std::string_view rest = uri.substr(scheme.size());
    if (rest.rfind("127.0.0.1", 0) == 0) {
        rest.remove_prefix(9);
    } else if (rest.rfind("[::1]", 0) == 0) {
        out.ipv6 = true;
        rest.remove_prefix(5);
    } else if (rest.rfind("localhost", 0) == 0) {
        rest.remove_prefix(9);
    } else {
        return error(errc::invalid_argument,
                     "the redirect URI's host is not 127.0.0.1, [::1] or localhost: it is not a loopback redirect");
    }
    if (!rest.empty() && rest[0] == ':') {
        rest.remove_prefix(1);
        std::uint32_t port = 0;
        std::size_t digits = 0;
        while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
            port = port * 10 + static_cast<std::uint32_t>(rest[digits] - '0');
            if (++digits > 5 || port > 65535)
                return error(errc::invalid_argument, "the redirect URI's port is not 1 to 65535");
        }
        if (digits == 0 || port == 0) return error(errc::invalid_argument, "the redirect URI's port is not 1 to 65535");
        out.port = static_cast<std::uint16_t>(port);
        out.port_given = true;
        rest.remove_prefix(digits);
    }
    if (rest.empty()) return out;
    if (rest[0] != '/') return error(errc::invalid_argument, "the redirect URI's host is followed by something other than a port or path");
    if (rest.find_first_of("?#") != std::string_view::npos)
        return error(errc::invalid_argument, "a loopback redirect URI has no query or fragment");
    auto path = percent_decode(rest, false);
    if (!path) return error(errc::invalid_argument, "the redirect URI's path is not valid percent-encoded text");
    out.path = std::move(*path);
    return out;
}

} // namespace twoleg
