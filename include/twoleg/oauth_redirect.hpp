// twoleg/oauth_redirect.hpp — the redirect that ends the authorization step
// (RFC 6749 §4.1.2 and §4.1.2.1), and the loopback redirect URI.
//
// parse_redirect_query reads the query of the URL the browser was sent to
// (percent_encoding.hpp rules: strict decoding, no duplicate names):
// "code", "state", "scope", "error", "error_description", "error_uri"; other
// parameters (authuser, prompt, hd, iss) are ignored. A query with neither a
// code nor an error is errc::oauth_bad_redirect. parse_redirect_url accepts
// a whole http(s) URL and reads its query (a fragment is ignored).
//
// accept_redirect checks, in this order: the state equals the session's
// (compared in constant time; errc::oauth_state_mismatch if missing or
// different), then an error (errc::oauth_authorization_error, the error
// value is in the redirect), and returns the code.
//
// parse_loopback_redirect_uri splits a redirect URI of the form
// http://127.0.0.1[:port][/path], http://[::1][:port][/path] or
// http://localhost[:port][/path] (RFC 8252 §7.3) into its parts; anything
// else is errc::invalid_argument. The path defaults to "/", the port to 80.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "twoleg/error.hpp"

namespace twoleg {

struct oauth_redirect {
    std::string code;
    std::string state;
    std::string scope;
    std::string error;
    std::string error_description;
    std::string error_uri;
    bool has_state = false;

    oauth_redirect() = default;
    oauth_redirect(const oauth_redirect &) = default;
    oauth_redirect(oauth_redirect &&) noexcept = default;
    oauth_redirect &operator=(const oauth_redirect &) = default;
    oauth_redirect &operator=(oauth_redirect &&) noexcept = default;
    ~oauth_redirect();
};

result<oauth_redirect> parse_redirect_query(std::string_view query);
result<oauth_redirect> parse_redirect_url(std::string_view url);

/// The code, if the state matches and there is no error.
result<std::string> accept_redirect(const oauth_redirect &redirect, std::string_view expected_state);

/// True if a and b are equal; the time taken depends only on their lengths.
bool equal_constant_time(std::string_view a, std::string_view b) noexcept;

struct loopback_redirect_uri {
    bool ipv6 = false;       // [::1]
    std::uint16_t port = 80;
    bool port_given = false;
    std::string path = "/";
};

result<loopback_redirect_uri> parse_loopback_redirect_uri(std::string_view uri);

} // namespace twoleg
