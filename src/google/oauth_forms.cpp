// Implements twoleg/oauth_forms.hpp.
#include "twoleg/oauth_forms.hpp"

#include "core/wipe.hpp"
#include "twoleg/oauth_url.hpp"
#include "twoleg/percent_encoding.hpp"

namespace twoleg {

namespace {

void append(std::string &body, std::string_view name, std::string_view value)
{
    if (!body.empty()) body += '&';
    body += name;
    body += '=';
    std::string encoded = percent_encode(value);
    body += encoded;
    detail::secure_wipe(encoded);
}

bool has_control(std::string_view s) noexcept
{
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

void add_client(std::string &body, const client_secret &client)
{
    append(body, "client_id", client.client_id);
    if (!client.secret.empty()) append(body, "client_secret", client.secret);
}

} // namespace

result<std::string> exchange_body(const client_secret &client, std::string_view code, std::string_view redirect_uri,
                                  std::string_view code_verifier)
{
    if (client.client_id.empty()) return error(errc::invalid_argument, "the client_id is empty");
    if (code.empty() || has_control(code)) return error(errc::invalid_argument, "the authorization code is empty or holds a control character");
    if (redirect_uri.empty()) return error(errc::invalid_argument, "the redirect URI is empty");
    if (!code_verifier.empty()) TWOLEG_TRY(check_code_verifier(code_verifier));
    std::string body;
    append(body, "grant_type", "authorization_code");
    append(body, "code", code);
    add_client(body, client);
    append(body, "redirect_uri", redirect_uri);
    if (!code_verifier.empty()) append(body, "code_verifier", code_verifier);
    return body;
}

result<std::string> refresh_body(const client_secret &client, std::string_view refresh_token,
                                 const std::vector<std::string> &scopes)
{
    if (client.client_id.empty()) return error(errc::invalid_argument, "the client_id is empty");
    if (refresh_token.empty() || has_control(refresh_token))
        return error(errc::invalid_argument, "the refresh token is empty or holds a control character");
    std::string scope;
    for (const auto &s : scopes) {
        if (!is_scope_token(s)) return error(errc::invalid_argument, "a scope is empty or holds a space or control character");
        if (!scope.empty()) scope += ' ';
        scope += s;
    }
    std::string body;
    append(body, "grant_type", "refresh_token");
    append(body, "refresh_token", refresh_token);
    add_client(body, client);
    if (!scope.empty()) append(body, "scope", scope);
    return body;
}

result<std::string> revoke_body(std::string_view token)
{
    if (token.empty() || has_control(token)) return error(errc::invalid_argument, "the token is empty or holds a control character");
    std::string body;
    append(body, "token", token);
    return body;
}

} // namespace twoleg
