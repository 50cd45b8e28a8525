// Implements twoleg/dpop.hpp.
#include "twoleg/dpop.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "twoleg/base64.hpp"
#include "twoleg/jwk.hpp"
#include "twoleg/jwt.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg {

namespace {

/// tchar of RFC 9110 §5.6.2.
bool is_token_char(char c) noexcept
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
    constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return extra.find(c) != std::string_view::npos;
}

/// NQCHAR of RFC 9449 §8.1: %x21 / %x23-5B / %x5D-7E.
bool is_nonce_char(char c) noexcept
{
    const auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x5b) || (u >= 0x5d && u <= 0x7e);
}

bool starts_with_ci(std::string_view s, std::string_view prefix) noexcept
{
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

result<void> check_options(const dpop_options &o)
{
    if (o.htm.empty()) return error(errc::invalid_argument, "DPoP: htm (the HTTP method) is empty");
    for (char c : o.htm)
        if (!is_token_char(c)) return error(errc::invalid_argument, "DPoP: htm must be an HTTP method such as POST");
    if (o.nonce) {
        if (o.nonce->empty()) return error(errc::invalid_argument, "DPoP: the nonce is empty");
        for (char c : *o.nonce)
            if (!is_nonce_char(c))
                return error(errc::invalid_argument,
                             "DPoP: the nonce has a character outside RFC 9449's NQCHAR (printable ASCII except \" and \\)");
    }
    if (o.jti) {
        if (o.jti->empty() || o.jti->size() > 256)
            return error(errc::invalid_argument, "DPoP: jti must be 1 to 256 characters");
        for (char c : *o.jti)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
                return error(errc::invalid_argument, "DPoP: jti must be printable ASCII");
    }
    if (o.access_token && o.access_token->empty())
        return error(errc::invalid_argument, "DPoP: the access token is empty");
    return {};
}

result<std::string> claims_json(const dpop_options &o)
{
    TWOLEG_TRY(check_options(o));
    auto htu = dpop_htu(o.htu);
    if (!htu) return htu.err();
    std::string jti;
    if (o.jti) {
        jti = *o.jti;
    } else {
        std::array<std::uint8_t, 16> random{};
        TWOLEG_TRY(random_bytes(o.rng, random));
        jti = base64url_encode(random);
    }
    nlohmann::ordered_json claims;
    claims["jti"] = jti;
    claims["htm"] = o.htm;
    claims["htu"] = *htu;
    claims["iat"] = o.iat ? *o.iat : read_clock(o.clock);
    if (o.nonce) claims["nonce"] = *o.nonce;
    if (o.access_token) claims["ath"] = base64url_encode(sha256_hash(*o.access_token));
    return claims.dump();
}

std::string header_json(const char *alg, const std::string &jwk)
{
    std::string h = "{\"typ\":\"dpop+jwt\",\"alg\":\"";
    h += alg;
    h += "\",\"jwk\":";
    h += jwk;
    h += '}';
    return h;
}

} // namespace

result<std::string> dpop_htu(std::string_view url)
{
    const bool https = starts_with_ci(url, "https://");
    if (!https && !starts_with_ci(url, "http://"))
        return error(errc::invalid_argument, "DPoP: htu must be an absolute http:// or https:// URL");
    const std::size_t authority = https ? 8 : 7;
    if (url.size() <= authority || url[authority] == '/' || url[authority] == '?' || url[authority] == '#')
        return error(errc::invalid_argument, "DPoP: htu has no host");
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            return error(errc::invalid_argument, "DPoP: htu must not contain spaces, controls or non-ASCII bytes");
    const std::size_t cut = url.find_first_of("?#");
    return std::string(url.substr(0, cut));
}

result<std::string> dpop_proof(const ec_private_key &key, const dpop_options &options)
{
    if (key.empty()) return error(errc::invalid_argument, "DPoP: no private key");
    auto claims = claims_json(options);
    if (!claims) return claims.err();
    ecdsa_sign_options sign;
    sign.deterministic = options.deterministic;
    sign.rng = options.rng;
    return jwt_sign_es256(key, header_json("ES256", jwk_public_json(key.public_key())), *claims, sign);
}

result<std::string> dpop_proof(const rsa_private_key &key, const dpop_options &options)
{
    if (key.empty()) return error(errc::invalid_argument, "DPoP: no private key");
    auto claims = claims_json(options);
    if (!claims) return claims.err();
    return jwt_sign_rs256(key, header_json("RS256", jwk_public_json(key.public_key())), *claims, options.rng);
}

} // namespace twoleg
