// Implements twoleg/oauth_url.hpp.
#include "twoleg/oauth_url.hpp"

#include <array>
#include <cstdint>

#include "core/wipe.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/percent_encoding.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg {

namespace {

template <std::size_t N>
result<std::string> random_base64url(const random_source *rng)
{
    std::array<std::uint8_t, N> bytes{};
    auto r = random_bytes(rng, bytes);
    if (!r) {
        detail::secure_wipe(std::span<std::uint8_t>(bytes));
        return r.err();
    }
    std::string out = base64url_encode(std::span<const std::uint8_t>(bytes));
    detail::secure_wipe(std::span<std::uint8_t>(bytes));
    return out;
}

bool is_unreserved(unsigned char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

bool has_control_or_space(std::string_view s) noexcept
{
    for (unsigned char c : s)
        if (c <= 0x20 || c == 0x7f) return true;
    return false;
}

void append(std::string &url, std::string_view name, std::string_view value)
{
    url += '&';
    url += name;
    url += '=';
    url += percent_encode(value);
}

} // namespace

result<std::string> make_code_verifier(const random_source *rng) { return random_base64url<32>(rng); }
result<std::string> make_state(const random_source *rng) { return random_base64url<24>(rng); }

result<void> check_code_verifier(std::string_view verifier)
{
    if (verifier.size() < pkce_verifier_min_length || verifier.size() > pkce_verifier_max_length)
        return error(errc::invalid_argument, "a PKCE code_verifier has 43 to 128 characters (RFC 7636 section 4.1)");
    for (std::size_t i = 0; i < verifier.size(); ++i)
        if (!is_unreserved(static_cast<unsigned char>(verifier[i])))
            return error(errc::invalid_argument, "a PKCE code_verifier holds only A-Z a-z 0-9 - . _ ~", i);
    return {};
}

std::string pkce_challenge_s256(std::string_view verifier)
{
    auto digest = sha256_hash(verifier);
    std::string out = base64url_encode(std::span<const std::uint8_t>(digest));
    detail::secure_wipe(std::span<std::uint8_t>(digest));
    return out;
}

bool is_scope_token(std::string_view scope) noexcept
{
    if (scope.empty()) return false;
    for (unsigned char c : scope)
        if (!(c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e))) return false;
    return true;
}

result<std::string> authorization_url(std::string_view auth_uri, const authorization_request &r)
{
    if (auth_uri.rfind("https://", 0) != 0 || auth_uri.size() <= 8 || has_control_or_space(auth_uri) ||
        auth_uri.find('#') != std::string_view::npos)
        return error(errc::invalid_argument, "auth_uri must be an https:// URL without spaces or fragment");
    if (r.client_id.empty()) return error(errc::invalid_argument, "the client_id is empty");
    if (r.redirect_uri.empty() || has_control_or_space(r.redirect_uri))
        return error(errc::invalid_argument, "the redirect URI is empty or holds spaces or control characters");
    if (r.state.empty()) return error(errc::invalid_argument, "the state is empty");
    if (r.scopes.empty()) return error(errc::invalid_argument, "at least one scope is needed");
    std::string scope;
    for (const auto &s : r.scopes) {
        if (!is_scope_token(s))
            return error(errc::invalid_argument, "a scope is empty or holds a space, '\"', '\\' or a control character");
        if (!scope.empty()) scope += ' ';
        scope += s;
    }
    if (r.access_type && *r.access_type != "online" && *r.access_type != "offline")
        return error(errc::invalid_argument, "access_type must be online or offline");
    std::string prompt;
    for (const auto &p : r.prompt) {
        if (p != "none" && p != "consent" && p != "select_account")
            return error(errc::invalid_argument, "prompt must be none, consent or select_account");
        if (!prompt.empty()) prompt += ' ';
        prompt += p;
    }
    if (r.prompt.size() > 1)
        for (const auto &p : r.prompt)
            if (p == "none") return error(errc::invalid_argument, "prompt none cannot be combined with another prompt");
    if (r.login_hint && r.login_hint->empty()) return error(errc::invalid_argument, "the login hint is empty");
    if (r.hosted_domain && r.hosted_domain->empty()) return error(errc::invalid_argument, "the hosted domain (hd) is empty");
    if (r.nonce && r.nonce->empty()) return error(errc::invalid_argument, "the nonce is empty");

    std::string url(auth_uri);
    url += auth_uri.find('?') == std::string_view::npos ? '?' : '&';
    url += "response_type=code";
    append(url, "client_id", r.client_id);
    append(url, "redirect_uri", r.redirect_uri);
    append(url, "scope", scope);
    append(url, "state", r.state);
    if (!r.code_challenge.empty()) {
        append(url, "code_challenge", r.code_challenge);
        append(url, "code_challenge_method", "S256");
    }
    if (r.access_type) append(url, "access_type", *r.access_type);
    if (!prompt.empty()) append(url, "prompt", prompt);
    if (r.login_hint) append(url, "login_hint", *r.login_hint);
    if (r.include_granted_scopes) append(url, "include_granted_scopes", "true");
    if (r.granular_consent) append(url, "enable_granular_consent", *r.granular_consent ? "true" : "false");
    if (r.hosted_domain) append(url, "hd", *r.hosted_domain);
    if (r.nonce) append(url, "nonce", *r.nonce);
    return url;
}

} // namespace twoleg
