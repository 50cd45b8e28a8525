// Implements twoleg/jwks.hpp.
#include "twoleg/jwks.hpp"

#include <nlohmann/json.hpp>

#include "codec/strict_json.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/key_formats.hpp"
#include "twoleg/pem.hpp"

namespace twoleg {

namespace {

using nlohmann::json;

constexpr unsigned max_key_set_depth = 8;

result<json> parse_set(std::string_view text, const char *what_larger)
{
    json root;
    detail::json_limits limits;
    limits.max_depth = max_key_set_depth;
    limits.max_bytes = kid_key_set_max_bytes;
    const detail::json_outcome parsed = detail::parse_json_object(text, limits, root);
    switch (parsed.status) {
    case detail::json_status::ok: return root;
    case detail::json_status::too_large: return error(errc::input_too_large, what_larger);
    case detail::json_status::duplicate_member: return error(errc::jwks_malformed, "key set has a duplicate member name");
    case detail::json_status::too_deep: return error(errc::jwks_malformed, "key set nests too deeply", parsed.offset);
    case detail::json_status::not_object: return error(errc::jwks_malformed, "key set is not a JSON object");
    case detail::json_status::out_of_memory: return error(errc::out_of_memory, "out of memory while parsing JSON");
    case detail::json_status::malformed: break;
    }
    return error(errc::jwks_malformed, "key set is not valid JSON", parsed.offset);
}

result<std::vector<std::uint8_t>> magnitude(const json &jwk, const char *name, const char *missing,
                                            const char *bad_encoding, const char *leading_zero)
{
    auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string() || it->get_ref<const std::string &>().empty())
        return error(errc::jwks_malformed, missing);
    auto bytes = base64url_decode(it->get_ref<const std::string &>());
    if (!bytes) return error(errc::jwks_malformed, bad_encoding);
    if (bytes->empty() || (*bytes)[0] == 0) return error(errc::jwks_malformed, leading_zero);
    return bytes;
}

result<void> add_key(kid_key_set &set, std::string kid, rsa_public_key key)
{
    if (set.find(kid)) return error(errc::jwks_malformed, "key set has the same kid twice");
    if (set.keys.size() == kid_key_set_max_keys) return error(errc::jwks_malformed, "key set has more than 64 keys");
    set.keys.emplace_back(std::move(kid), std::move(key));
    return {};
}

bool string_member_is(const json &obj, const char *name, std::string_view expected, bool &present)
{
    auto it = obj.find(name);
    present = it != obj.end();
    return present && it->is_string() && it->get_ref<const std::string &>() == expected;
}

} // namespace

const rsa_public_key *kid_key_set::find(std::string_view kid) const noexcept
{
    for (const auto &k : keys)
        if (k.first == kid) return &k.second;
    return nullptr;
}

result<kid_key_set> parse_jwks(std::string_view json_text)
{
    auto root = parse_set(json_text, "JWK Set larger than 1 MiB");
    if (!root) return root.err();
    auto list = root->find("keys");
    if (list == root->end() || !list->is_array())
        return error(errc::jwks_malformed, "a JWK Set has a \"keys\" array (is this the kid -> certificate map? use --x509-certs)");
    if (list->size() > kid_key_set_max_keys) return error(errc::jwks_malformed, "key set has more than 64 keys");
    kid_key_set set;
    for (const auto &jwk : *list) {
        if (!jwk.is_object()) return error(errc::jwks_malformed, "a JWK Set's \"keys\" holds something that is not an object");
        bool present = false;
        if (!string_member_is(jwk, "kty", "RSA", present)) {
            if (!present) return error(errc::jwks_malformed, "a JWK has no \"kty\"");
            continue;
        }
        if (!string_member_is(jwk, "use", "sig", present) && present) continue;
        if (!string_member_is(jwk, "alg", "RS256", present) && present) continue;
        auto kid = jwk.find("kid");
        if (kid == jwk.end() || !kid->is_string() || kid->get_ref<const std::string &>().empty())
            return error(errc::jwks_malformed, "an RSA JWK has no \"kid\" string, so tokens cannot name it");
        auto n = magnitude(jwk, "n", "an RSA JWK lacks \"n\"", "an RSA JWK's \"n\" is not strict base64url",
                           "an RSA JWK's \"n\" has a leading zero octet (RFC 7518 section 6.3.1.1)");
        if (!n) return n.err();
        auto e = magnitude(jwk, "e", "an RSA JWK lacks \"e\"", "an RSA JWK's \"e\" is not strict base64url",
                           "an RSA JWK's \"e\" has a leading zero octet (RFC 7518 section 6.3.1.2)");
        if (!e) return e.err();
        auto key = rsa_public_key::from_components(*n, *e);
        if (!key) return key.err();
        TWOLEG_TRY(add_key(set, kid->get<std::string>(), std::move(*key)));
    }
    if (set.keys.empty()) return error(errc::jwks_malformed, "the JWK Set holds no RSA signature key");
    return set;
}

result<kid_key_set> parse_x509_cert_map(std::string_view json_text)
{
    auto root = parse_set(json_text, "certificate map larger than 1 MiB");
    if (!root) return root.err();
    if (root->contains("keys"))
        return error(errc::jwks_malformed, "this is a JWK Set (it has \"keys\"), not a kid -> certificate map: use --jwks");
    if (root->size() > kid_key_set_max_keys) return error(errc::jwks_malformed, "key set has more than 64 keys");
    kid_key_set set;
    for (const auto &[kid, pem] : root->items()) {
        if (kid.empty()) return error(errc::jwks_malformed, "a certificate map has an empty kid");
        if (!pem.is_string()) return error(errc::jwks_malformed, "a certificate map value is not a PEM string");
        auto block = pem_decode(pem.get_ref<const std::string &>());
        if (!block) return error(block.err().code, block.err().detail);
        if (block->label != "CERTIFICATE")
            return error(errc::jwks_malformed, "a certificate map value is not a CERTIFICATE PEM block");
        auto key = parse_certificate_public_key(block->der);
        if (!key) return error(key.err().code, key.err().detail);
        TWOLEG_TRY(add_key(set, kid, std::move(*key)));
    }
    if (set.keys.empty()) return error(errc::jwks_malformed, "the certificate map is empty");
    return set;
}

result<std::string> jwt_header_kid(std::string_view token)
{
    if (token.size() > jwt_max_token_bytes) return error(errc::input_too_large, "JWT larger than 64 KiB");
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0) return error(errc::jwt_malformed, "JWT must have three parts separated by '.'");
    auto header = base64url_decode(token.substr(0, dot));
    if (!header) return error(errc::jwt_malformed, "JWT header is not strict base64url");
    json h;
    if (detail::parse_json_object_strictly(std::string_view(reinterpret_cast<const char *>(header->data()), header->size()),
                                           jwt_max_json_depth, h) != detail::json_status::ok)
        return error(errc::jwt_malformed, "JWT header is not a JSON object without duplicate names");
    auto kid = h.find("kid");
    if (kid == h.end()) return error(errc::jwt_malformed, "JWT header has no kid: it cannot be checked against a key set");
    if (!kid->is_string() || kid->get_ref<const std::string &>().empty())
        return error(errc::jwt_malformed, "JWT header kid is not a non-empty string");
    return kid->get<std::string>();
}

result<verified_jwt> jwt_verify_with_kid_key_set(std::string_view token, const kid_key_set &keys,
                                             const jwt_verify_options &options)
{
    auto kid = jwt_header_kid(token);
    if (!kid) return kid.err();
    const rsa_public_key *key = keys.find(*kid);
    if (!key)
        return error(errc::jwt_unknown_kid, "the token's kid is not in the key set; fetch it again, Google rotates its keys");
    return jwt_verify_rs256(token, *key, options);
}

} // namespace twoleg
