// Implements option_checks.hpp.
#include "option_checks.hpp"

#include <string>

#include "cli.hpp"

namespace twoleg::cli {

namespace {

constexpr std::string_view google_scope_base = "https://www.googleapis.com/auth/";

bool is_blank_or_control(char c) noexcept
{
    return c == ' ' || c == '\t' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

/// "https://" followed by a host (at least one character before any '/', '?'
/// or '#') and no white space or control characters anywhere. The scheme is
/// lower case: Google compares scopes and audiences as strings.
bool is_https_url(std::string_view s) noexcept
{
    constexpr std::string_view scheme = "https://";
    if (s.size() <= scheme.size() || s.substr(0, scheme.size()) != scheme) return false;
    for (char c : s)
        if (is_blank_or_control(c)) return false;
    const char first = s[scheme.size()];
    return first != '/' && first != '?' && first != '#';
}

/// A bare scope name such as "spreadsheets.readonly" or "cloud-platform".
bool is_bare_name(std::string_view s) noexcept
{
    if (s.empty()) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

std::string quoted(std::string_view s)
{
    std::string q = "'";
    for (char c : s.substr(0, 200)) q += is_blank_or_control(c) && c != ' ' ? '?' : c;
    if (s.size() > 200) q += "...";
    return q + "'";
}

} // namespace

void check_scope_option(std::string_view scope)
{
    if (scope == "openid" || scope == "email" || scope == "profile") return;
    const std::string shown = "--scope " + quoted(scope);
    if (scope.find(',') != std::string_view::npos || scope.find(' ') != std::string_view::npos)
        fail_usage(shown + " holds several scopes: give each scope its own --scope, e.g. --scope " +
                   std::string(google_scope_base) + "spreadsheets --scope " + std::string(google_scope_base) + "drive");
    if (is_https_url(scope)) return;
    if (scope.substr(0, 7) == "http://")
        fail_usage(shown + ": scope URLs begin with https://, e.g. --scope https://" + std::string(scope.substr(7)));
    if (is_bare_name(scope))
        fail_usage(shown + " is not a scope: a scope is an absolute https:// URL or one of openid, email, profile; "
                           "did you mean --scope " + std::string(google_scope_base) + std::string(scope) + " ?");
    if (scope.find("://") == std::string_view::npos && scope.find('/') != std::string_view::npos &&
        scope.front() != '/')
        fail_usage(shown + " lacks its scheme: did you mean --scope https://" + std::string(scope) + " ?");
    fail_usage(shown + " is not a scope: a scope is an absolute https:// URL (e.g. " + std::string(google_scope_base) +
               "spreadsheets.readonly) or one of openid, email, profile");
}

void check_subject_option(std::string_view subject)
{
    const std::size_t at = subject.find('@');
    bool ok = at != std::string_view::npos && at > 0 && subject.find('@', at + 1) == std::string_view::npos;
    if (ok) {
        const std::string_view domain = subject.substr(at + 1);
        const std::size_t dot = domain.find('.');
        ok = dot != std::string_view::npos && dot > 0 && domain.back() != '.';
    }
    for (char c : subject)
        if (is_blank_or_control(c)) ok = false;
    if (!ok)
        fail_usage("--sub " + quoted(subject) +
                   " is not an e-mail address: --sub names the Google Workspace user to act as (domain-wide "
                   "delegation), e.g. --sub alice@example.com");
}

void check_audience_option(std::string_view audience)
{
    if (is_https_url(audience)) return;
    fail_usage("--aud " + quoted(audience) +
               " is not an https:// URL: give the token endpoint (default: the key file's token_uri, "
               "https://oauth2.googleapis.com/token) or, with --self-signed, the API's URL, e.g. --aud "
               "https://sheets.googleapis.com/");
}

} // namespace twoleg::cli
