// Implements twoleg/jwt.hpp.
#include "twoleg/jwt.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "codec/strict_json.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/ecdsa.hpp"
#include "twoleg/pkcs1v15.hpp"

namespace twoleg {

namespace {

using nlohmann::json;

std::span<const std::uint8_t> bytes_of(std::string_view s) noexcept
{
    return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

// Time values are clamped to ±2^62 so that adding a leeway never overflows;
// no real date comes near either bound.
constexpr std::int64_t time_bound = std::int64_t{1} << 62;
std::int64_t clamp_time(std::int64_t t) noexcept { return std::clamp(t, -time_bound, time_bound); }

// RFC 7519 §2 NumericDate: a JSON number of seconds, possibly non-integer.
bool read_numeric_date(const json &v, std::int64_t &out) noexcept
{
    if (v.is_number_unsigned()) {
        auto u = v.get<std::uint64_t>();
        out = u > static_cast<std::uint64_t>(time_bound) ? time_bound : static_cast<std::int64_t>(u);
        return true;
    }
    if (v.is_number_integer()) {
        out = clamp_time(v.get<std::int64_t>());
        return true;
    }
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (!std::isfinite(d)) return false;
        d = std::floor(d);
        if (d > static_cast<double>(time_bound)) out = time_bound;
        else if (d < -static_cast<double>(time_bound)) out = -time_bound;
        else out = static_cast<std::int64_t>(d);
        return true;
    }
    return false;
}

error json_error(detail::json_status s, std::size_t offset, bool header)
{
    using st = detail::json_status;
    switch (s) {
    case st::duplicate_member:
        return {errc::jwt_malformed, header ? "JWT header has a duplicate member name" : "JWT claims have a duplicate member name", offset};
    case st::too_deep:
        return {errc::jwt_malformed, header ? "JWT header nests too deeply" : "JWT claims nest too deeply", offset};
    case st::not_object:
        return {errc::jwt_malformed, header ? "JWT header is not a JSON object" : "JWT claims are not a JSON object", offset};
    default:
        return {errc::jwt_malformed, header ? "JWT header is not valid JSON" : "JWT claims are not valid JSON", offset};
    }
}

// A base64url part of the token; errors point into the whole token.
result<std::string> decode_part(std::string_view part, std::size_t part_offset, const char *what)
{
    auto decoded = base64url_decode(part);
    if (!decoded) {
        const error &e = decoded.err();
        return error(errc::jwt_malformed, what, e.has_offset() ? part_offset + e.offset : part_offset);
    }
    return std::string(decoded->begin(), decoded->end());
}

result<void> check_audience(const json &claims, const std::string &expected)
{
    auto it = claims.find("aud");
    if (it == claims.end()) return error(errc::jwt_wrong_audience, "JWT has no aud claim");
    if (it->is_string()) {
        if (it->get_ref<const std::string &>() == expected) return {};
        return error(errc::jwt_wrong_audience);
    }
    if (!it->is_array()) return error(errc::jwt_malformed, "JWT aud claim is neither a string nor an array");
    bool found = false;
    for (const auto &a : *it) {
        if (!a.is_string()) return error(errc::jwt_malformed, "JWT aud array holds a non-string");
        if (a.get_ref<const std::string &>() == expected) found = true;
    }
    if (!found) return error(errc::jwt_wrong_audience);
    return {};
}

result<void> check_claims(const json &claims, const jwt_verify_options &o)
{
    const std::int64_t now = clamp_time(o.now ? *o.now : read_clock(o.clock));
    std::int64_t t = 0;

    auto exp = claims.find("exp");
    if (exp == claims.end()) {
        if (o.require_exp) return error(errc::jwt_malformed, "JWT has no exp claim");
    } else {
        if (!read_numeric_date(*exp, t)) return error(errc::jwt_malformed, "JWT exp claim is not a number");
        if (now >= t + o.leeway) return error(errc::jwt_expired);
    }
    auto nbf = claims.find("nbf");
    if (nbf != claims.end()) {
        if (!read_numeric_date(*nbf, t)) return error(errc::jwt_malformed, "JWT nbf claim is not a number");
        if (t > now + o.leeway) return error(errc::jwt_not_yet_valid);
    }
    auto iat = claims.find("iat");
    if (iat != claims.end()) {
        if (!read_numeric_date(*iat, t)) return error(errc::jwt_malformed, "JWT iat claim is not a number");
        if (t > now + o.leeway) return error(errc::jwt_not_yet_valid, "JWT: issued in the future (iat)");
    }
    if (o.audience) TWOLEG_TRY(check_audience(claims, *o.audience));
    if (o.issuer) {
        auto iss = claims.find("iss");
        if (iss == claims.end()) return error(errc::jwt_wrong_issuer, "JWT has no iss claim");
        if (!iss->is_string()) return error(errc::jwt_malformed, "JWT iss claim is not a string");
        if (iss->get_ref<const std::string &>() != *o.issuer) return error(errc::jwt_wrong_issuer);
    }
    if (!o.issuers.empty()) {
        auto iss = claims.find("iss");
        if (iss == claims.end()) return error(errc::jwt_wrong_issuer, "JWT has no iss claim");
        if (!iss->is_string()) return error(errc::jwt_malformed, "JWT iss claim is not a string");
        if (std::find(o.issuers.begin(), o.issuers.end(), iss->get_ref<const std::string &>()) == o.issuers.end())
            return error(errc::jwt_wrong_issuer);
    }
    if (o.nonce) {
        auto nonce = claims.find("nonce");
        if (nonce == claims.end()) return error(errc::jwt_wrong_nonce, "JWT has no nonce claim");
        if (!nonce->is_string()) return error(errc::jwt_malformed, "JWT nonce claim is not a string");
        if (nonce->get_ref<const std::string &>() != *o.nonce) return error(errc::jwt_wrong_nonce);
    }
    if (o.hosted_domain) {
        auto hd = claims.find("hd");
        if (hd == claims.end())
            return error(errc::jwt_wrong_hosted_domain, "JWT has no hd claim: the account is not in a Google Workspace domain");
        if (!hd->is_string()) return error(errc::jwt_malformed, "JWT hd claim is not a string");
        if (hd->get_ref<const std::string &>() != *o.hosted_domain) return error(errc::jwt_wrong_hosted_domain);
    }
    return {};
}

} // namespace

result<std::string> jwt_sign_rs256(const rsa_private_key &key, std::string_view header_json,
                                   std::string_view claims_json, const random_source *rng)
{
    if (key.empty()) return error(errc::invalid_argument, "no private key");
    if (key.modulus_bits() < jwt_min_rsa_bits) return error(errc::jwt_key_too_small);
    std::string token = base64url_encode(header_json);
    token += '.';
    token += base64url_encode(claims_json);
    auto signature = pkcs1v15_sign_sha256(key, bytes_of(token), rng);
    if (!signature) return signature.err();
    token += '.';
    token += base64url_encode(std::span<const std::uint8_t>(*signature));
    return token;
}

result<std::string> jwt_sign_es256(const ec_private_key &key, std::string_view header_json,
                                   std::string_view claims_json, const ecdsa_sign_options &options)
{
    if (key.empty()) return error(errc::invalid_argument, "no private key");
    std::string token = base64url_encode(header_json);
    token += '.';
    token += base64url_encode(claims_json);
    std::array<std::uint8_t, es256_signature_bytes> signature{};
    TWOLEG_TRY(ecdsa_p256_sign_digest(key, sha256_hash(token), signature, options));
    token += '.';
    token += base64url_encode(std::span<const std::uint8_t>(signature));
    return token;
}

namespace {

/// The verification shared by RS256 and ES256; exactly one of rsa_key and
/// ec_key is set and decides the only algorithm accepted.
result<verified_jwt> verify_pinned(std::string_view token, const rsa_public_key *rsa_key, const ec_public_key *ec_key,
                                   const jwt_verify_options &options)
{
    const rsa_public_key &key = rsa_key ? *rsa_key : rsa_public_key();
    if (rsa_key ? rsa_key->empty() : ec_key->empty()) return error(errc::invalid_argument, "no public key");
    if (options.leeway < 0 || options.leeway > jwt_max_leeway)
        return error(errc::invalid_argument, "the leeway must be 0 to 86400 seconds");
    if (token.size() > jwt_max_token_bytes)
        return error(errc::input_too_large, "JWT larger than 64 KiB");

    const std::size_t dot1 = token.find('.');
    if (dot1 == std::string_view::npos) return error(errc::jwt_malformed, "JWT must have three parts separated by '.'");
    const std::size_t dot2 = token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos) return error(errc::jwt_malformed, "JWT must have three parts separated by '.'");
    if (token.find('.', dot2 + 1) != std::string_view::npos)
        return error(errc::jwt_malformed, "JWT has more than three parts (a JWE or a stray '.')", token.find('.', dot2 + 1));
    const std::string_view header_part = token.substr(0, dot1);
    const std::string_view payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string_view signature_part = token.substr(dot2 + 1);
    if (header_part.empty()) return error(errc::jwt_malformed, "JWT header is empty", 0);

    auto header_text = decode_part(header_part, 0, "JWT header is not strict base64url");
    if (!header_text) return header_text.err();
    json header;
    if (auto s = detail::parse_json_object_strictly(*header_text, jwt_max_json_depth, header); s != detail::json_status::ok)
        return json_error(s, 0, true);
    auto alg = header.find("alg");
    if (alg == header.end()) return error(errc::jwt_malformed, "JWT header has no alg");
    const char *expected_alg = rsa_key ? "RS256" : "ES256";
    if (!alg->is_string() || alg->get_ref<const std::string &>() != expected_alg) {
        const bool other_asymmetric = alg->is_string() && alg->get_ref<const std::string &>() == (rsa_key ? "ES256" : "RS256");
        if (!other_asymmetric) return error(errc::jwt_unsupported_algorithm,
                                            rsa_key ? nullptr : "JWT: unsupported algorithm (only ES256 is accepted with a P-256 key)");
        return error(errc::jwt_unsupported_algorithm,
                     rsa_key ? "JWT: alg ES256 needs a P-256 key; an RSA key accepts only RS256"
                             : "JWT: alg RS256 needs an RSA key; a P-256 key accepts only ES256");
    }
    if (header.contains("crit"))
        return error(errc::jwt_malformed, "JWT header lists critical extensions (crit), which twoleg does not support");

    if (rsa_key && key.modulus_bits() < jwt_min_rsa_bits) return error(errc::jwt_key_too_small);
    // Checked after alg so that an unsecured token ("alg":"none", empty
    // signature) is reported as the unsupported algorithm it is.
    if (signature_part.empty()) return error(errc::jwt_malformed, "JWT has no signature", dot2 + 1);

    auto payload_text = decode_part(payload_part, dot1 + 1, "JWT payload is not strict base64url");
    if (!payload_text) return payload_text.err();
    auto signature = base64url_decode(signature_part);
    if (!signature) {
        const error &e = signature.err();
        return error(errc::jwt_malformed, "JWT signature is not strict base64url",
                     e.has_offset() ? dot2 + 1 + e.offset : dot2 + 1);
    }
    if (rsa_key) {
        if (signature->size() != key.modulus_bytes()) return error(errc::jwt_bad_signature);
        if (!pkcs1v15_verify_sha256(key, bytes_of(token.substr(0, dot2)), *signature))
            return error(errc::jwt_bad_signature);
    } else {
        // RFC 7518 §3.4: exactly the 64-octet r‖s.
        if (!ecdsa_p256_verify_digest(*ec_key, sha256_hash(token.substr(0, dot2)), *signature))
            return error(errc::jwt_bad_signature);
    }

    json claims;
    if (auto s = detail::parse_json_object_strictly(*payload_text, jwt_max_json_depth, claims); s != detail::json_status::ok)
        return json_error(s, dot1 + 1, false);
    TWOLEG_TRY(check_claims(claims, options));
    return verified_jwt{std::move(*header_text), std::move(*payload_text)};
}

} // namespace

result<verified_jwt> jwt_verify_rs256(std::string_view token, const rsa_public_key &key,
                                      const jwt_verify_options &options)
{
    return verify_pinned(token, &key, nullptr, options);
}

result<verified_jwt> jwt_verify_es256(std::string_view token, const ec_public_key &key,
                                      const jwt_verify_options &options)
{
    return verify_pinned(token, nullptr, &key, options);
}

result<jwt_time_claims> jwt_read_time_claims(std::string_view token)
{
    if (token.size() > jwt_max_token_bytes) return error(errc::input_too_large, "JWT larger than 64 KiB");
    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos) return error(errc::jwt_malformed, "JWT must have three parts separated by '.'");
    auto payload_text = decode_part(token.substr(dot1 + 1, dot2 - dot1 - 1), dot1 + 1,
                                    "JWT payload is not strict base64url");
    if (!payload_text) return payload_text.err();
    json claims;
    if (auto s = detail::parse_json_object_strictly(*payload_text, jwt_max_json_depth, claims); s != detail::json_status::ok)
        return json_error(s, dot1 + 1, false);
    jwt_time_claims out;
    auto read = [&](const char *name, std::optional<std::int64_t> &slot) {
        auto it = claims.find(name);
        std::int64_t t = 0;
        if (it != claims.end() && read_numeric_date(*it, t)) slot = t;
    };
    read("exp", out.exp);
    read("nbf", out.nbf);
    read("iat", out.iat);
    return out;
}

} // namespace twoleg
