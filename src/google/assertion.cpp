// Implements twoleg/assertion.hpp.
#include "twoleg/assertion.hpp"

#include <chrono>
#include <limits>

#include <nlohmann/json.hpp>

#include "twoleg/jwt.hpp"

namespace twoleg {

namespace {

// ordered_json keeps members in insertion order: the documented order.
using ordered = nlohmann::ordered_json;

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
bool is_scope_token(std::string_view s) noexcept
{
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (c < 0x21 || c == 0x22 || c == 0x5c || c > 0x7e) return false;
    return true;
}

bool has_control_character(std::string_view s) noexcept
{
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

// Compact JSON; text that is not UTF-8 makes nlohmann throw, which must not
// leave the library.
result<std::string> dump_compact(const ordered &j)
{
    try {
        return j.dump();
    } catch (const nlohmann::json::exception &) {
        return error(errc::assertion_bad_options, "a claim is not valid UTF-8 text");
    }
}

result<void> check_options(const assertion_options &o)
{
    using k = assertion_kind;
    if (o.lifetime > max_assertion_lifetime) return error(errc::lifetime_too_long);
    if (o.lifetime < 1) return error(errc::assertion_bad_options, "the lifetime must be at least 1 second");
    for (const auto &s : o.scopes)
        if (!is_scope_token(s))
            return error(errc::assertion_bad_options,
                         "a scope is empty or contains white space, quotes or backslashes (give each scope separately)");
    if (has_control_character(o.subject) || has_control_character(o.audience) ||
        has_control_character(o.target_audience))
        return error(errc::assertion_bad_options, "sub, aud or target_audience contains control characters");
    switch (o.kind) {
    case k::access_token:
        if (o.scopes.empty()) return error(errc::assertion_bad_options, "an access-token assertion needs at least one scope");
        if (!o.target_audience.empty())
            return error(errc::assertion_bad_options, "target_audience belongs to ID-token requests, not access tokens");
        break;
    case k::self_signed:
        if (!o.subject.empty())
            return error(errc::assertion_bad_options, "a self-signed JWT always has sub = client_email; give no subject");
        if (!o.target_audience.empty())
            return error(errc::assertion_bad_options, "target_audience belongs to ID-token requests, not self-signed JWTs");
        if (!o.service.empty() && !o.audience.empty())
            return error(errc::assertion_bad_options, "give the API as an audience URL or as a service name, not both");
        if (o.scopes.empty() == (o.audience.empty() && o.service.empty()))
            return error(errc::assertion_bad_options,
                         "a self-signed JWT needs either an API audience or scopes, never both");
        break;
    case k::id_token:
        if (o.target_audience.empty())
            return error(errc::assertion_bad_options, "an ID-token request needs a target audience");
        if (!o.scopes.empty())
            return error(errc::assertion_bad_options, "an ID-token request carries target_audience instead of scopes");
        if (!o.subject.empty())
            return error(errc::assertion_bad_options, "sub (domain-wide delegation) applies to access tokens only");
        break;
    }
    if (o.kind != k::self_signed && !o.service.empty())
        return error(errc::assertion_bad_options, "a service name only makes the audience of a self-signed JWT");
    return {};
}

/// A DNS label as Google names its APIs: lowercase letters, digits, hyphens.
bool is_service_name(std::string_view s) noexcept
{
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

/// Host-name characters only: a universe domain goes into an audience URL.
bool is_host_name(std::string_view s) noexcept
{
    if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
    return true;
}

/// Outside googleapis.com the token endpoint takes no assertions: only self-signed JWTs work.
result<void> check_universe(const service_account &account, const assertion_options &o)
{
    if (o.kind == assertion_kind::self_signed || account.universe_domain.empty() ||
        account.universe_domain == default_universe_domain)
        return {};
    return error(errc::assertion_bad_options,
                 "the key file's universe_domain is not googleapis.com: that universe's token endpoint takes no "
                 "JWT-bearer assertions (nor domain-wide delegation); only self-signed JWTs work there");
}

result<std::int64_t> issued_at(const assertion_options &o)
{
    std::int64_t iat = 0;
    if (o.issued_at) {
        iat = *o.issued_at;
    } else if (__builtin_add_overflow(read_clock(o.clock), o.clock_offset, &iat)) {
        return error(errc::assertion_bad_options, "the clock offset is out of range");
    }
    if (iat < 0 || iat > max_assertion_time - o.lifetime)
        return error(errc::assertion_bad_options, "iat must lie between 1970 and 9999");
    return iat;
}

std::string join_scopes(const std::vector<std::string> &scopes)
{
    std::string joined;
    for (const auto &s : scopes) {
        if (!joined.empty()) joined += ' ';
        joined += s;
    }
    return joined;
}

} // namespace

std::string assertion_header_json(const service_account &account)
{
    ordered h = ordered::object();
    h["alg"] = "RS256";
    h["typ"] = "JWT";
    if (!account.private_key_id.empty()) h["kid"] = account.private_key_id;
    // Member values come from a parsed (hence UTF-8) key file; replace rather
    // than throw if a caller built the account by hand with bad text.
    return h.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

result<std::string> assertion_claims_json(const service_account &account, const assertion_options &options)
{
    TWOLEG_TRY(check_options(options));
    TWOLEG_TRY(check_universe(account, options));
    if (!options.service.empty() && !is_service_name(options.service))
        return error(errc::assertion_bad_options,
                     "a service name is one DNS label of lowercase letters, digits and hyphens (e.g. pubsub)");
    if (!options.service.empty() && !account.universe_domain.empty() && !is_host_name(account.universe_domain))
        return error(errc::assertion_bad_options, "the key file's universe_domain is not a host name");
    if (account.client_email.empty())
        return error(errc::assertion_bad_options, "the service account has no client_email");
    auto iat = issued_at(options);
    if (!iat) return iat.err();

    const std::string token_endpoint = !options.audience.empty() ? options.audience
                                       : !account.token_uri.empty() ? account.token_uri
                                                                    : std::string(default_token_uri);
    ordered c = ordered::object();
    c["iss"] = account.client_email;
    switch (options.kind) {
    case assertion_kind::access_token:
        if (!options.subject.empty()) c["sub"] = options.subject;
        c["scope"] = join_scopes(options.scopes);
        c["aud"] = token_endpoint;
        break;
    case assertion_kind::self_signed:
        c["sub"] = account.client_email;
        if (!options.scopes.empty()) c["scope"] = join_scopes(options.scopes);
        else if (!options.audience.empty()) c["aud"] = options.audience;
        else
            c["aud"] = "https://" + options.service + "." +
                       (account.universe_domain.empty() ? std::string(default_universe_domain)
                                                        : account.universe_domain) +
                       "/";
        break;
    case assertion_kind::id_token:
        c["target_audience"] = options.target_audience;
        c["aud"] = token_endpoint;
        break;
    }
    c["iat"] = *iat;
    c["exp"] = *iat + options.lifetime;
    return dump_compact(c);
}

result<std::string> make_assertion(const service_account &account, const assertion_options &options,
                                   const random_source *rng)
{
    if (account.key.empty()) return error(errc::invalid_argument, "the service account has no private key");
    if (account.key.modulus_bits() < jwt_min_rsa_bits) return error(errc::jwt_key_too_small);
    auto claims = assertion_claims_json(account, options);
    if (!claims) return claims.err();
    return jwt_sign_rs256(account.key, assertion_header_json(account), *claims, rng);
}

std::string token_request_body(std::string_view assertion)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
    for (unsigned char c : assertion) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            body += static_cast<char>(c);
        } else {
            body += '%';
            body += hex[c >> 4];
            body += hex[c & 15];
        }
    }
    return body;
}

result<std::string> make_token_request(const service_account &account, const assertion_options &options,
                                       const random_source *rng)
{
    auto jwt = make_assertion(account, options, rng);
    if (!jwt) return jwt.err();
    return token_request_body(*jwt);
}

} // namespace twoleg
