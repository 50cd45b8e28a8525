// Implements twoleg/jwk.hpp.
#include "twoleg/jwk.hpp"

#include <vector>

#include <nlohmann/json.hpp>

#include "codec/strict_json.hpp"
#include "core/wipe.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg {

namespace {

constexpr unsigned jwk_max_depth = 8;

std::string member(std::string_view name, std::string_view value)
{
    std::string out = "\"";
    out += name;
    out += "\":\"";
    out += value;  // base64url text or a fixed name: nothing to escape
    out += '"';
    return out;
}

std::string object_of(std::vector<std::string> members)
{
    std::string out = "{";
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (i) out += ',';
        out += members[i];
    }
    out += '}';
    return out;
}

std::string thumbprint_of(const std::string &json)
{
    const sha256_digest d = sha256_hash(json);
    return base64url_encode(d);
}

/// A base64url member decoded; errors name the member.
result<std::vector<std::uint8_t>> decode_member(const nlohmann::json &obj, const char *name, const char *missing,
                                                const char *bad)
{
    auto it = obj.find(name);
    if (it == obj.end()) return error(errc::jwk_malformed, missing);
    if (!it->is_string()) return error(errc::jwk_malformed, bad);
    auto bytes = base64url_decode(it->get_ref<const std::string &>());
    if (!bytes) return error(errc::jwk_malformed, bad);
    return std::move(*bytes);
}

const char *curve_detail(const std::string &crv)
{
    if (crv == "P-384") return "this is a P-384 JWK; only P-256 is supported";
    if (crv == "P-521") return "this is a P-521 JWK; only P-256 is supported";
    if (crv == "secp256k1") return "this is a secp256k1 JWK; only P-256 is supported";
    if (crv == "Ed25519" || crv == "X25519" || crv == "Ed448" || crv == "X448")
        return "this is an OKP (Edwards/Montgomery curve) JWK; only P-256 is supported";
    return "unsupported JWK curve: only \"crv\": \"P-256\" is supported";
}

result<parsed_jwk> parse_ec(const nlohmann::json &obj)
{
    auto crv = obj.find("crv");
    if (crv == obj.end()) return error(errc::jwk_malformed, "EC JWK without \"crv\"");
    if (!crv->is_string()) return error(errc::jwk_malformed, "JWK \"crv\" must be a string");
    if (crv->get_ref<const std::string &>() != "P-256")
        return error(errc::key_unsupported_curve, curve_detail(crv->get_ref<const std::string &>()));
    auto x = decode_member(obj, "x", "EC JWK without \"x\"", "JWK \"x\" must be base64url (no padding)");
    if (!x) return x.err();
    auto y = decode_member(obj, "y", "EC JWK without \"y\"", "JWK \"y\" must be base64url (no padding)");
    if (!y) return y.err();
    if (x->size() != 32 || y->size() != 32)
        return error(errc::key_invalid_point, "JWK \"x\" and \"y\" must be 32 octets each for P-256");
    auto pub = ec_public_key::from_coordinates(*x, *y);
    if (!pub) return pub.err();
    parsed_jwk out;
    out.is_ec = true;
    out.ec_public = *pub;
    if (obj.contains("d")) {
        auto d = decode_member(obj, "d", "", "JWK \"d\" must be base64url (no padding)");
        if (!d) return d.err();
        detail::wipe_on_exit<std::vector<std::uint8_t>> wipe(*d);
        if (d->size() != 32) return error(errc::key_bad_private_scalar, "JWK \"d\" must be 32 octets for P-256");
        auto key = ec_private_key::from_scalar(*d, &*pub);
        if (!key) {
            if (key.err().code == errc::key_inconsistent)
                return error(errc::key_inconsistent, "JWK: \"x\" and \"y\" are not d*G");
            return key.err();
        }
        out.ec_private = *key;
    }
    return out;
}

result<parsed_jwk> parse_rsa(const nlohmann::json &obj)
{
    for (const char *name : {"d", "p", "q", "dp", "dq", "qi", "oth"})
        if (obj.contains(name))
            return error(errc::jwk_malformed,
                         "RSA private JWKs are not supported; give the key as PEM or DER (PKCS#8 or PKCS#1)");
    auto n = decode_member(obj, "n", "RSA JWK without \"n\"", "JWK \"n\" must be base64url (no padding)");
    if (!n) return n.err();
    auto e = decode_member(obj, "e", "RSA JWK without \"e\"", "JWK \"e\" must be base64url (no padding)");
    if (!e) return e.err();
    // RFC 7518 §6.3.1: minimal big-endian octets (no leading zero).
    if ((!n->empty() && (*n)[0] == 0) || (!e->empty() && (*e)[0] == 0))
        return error(errc::jwk_malformed, "JWK \"n\" and \"e\" must not have leading zero octets");
    auto key = rsa_public_key::from_components(*n, *e);
    if (!key) return key.err();
    parsed_jwk out;
    out.rsa_public = *key;
    return out;
}

} // namespace

std::string jwk_public_json(const rsa_public_key &key, std::string_view kid)
{
    std::vector<std::string> members = {member("e", base64url_encode(key.public_exponent()))};
    if (!kid.empty()) members.push_back(member("kid", kid));
    members.push_back(member("kty", "RSA"));
    members.push_back(member("n", base64url_encode(key.modulus())));
    return object_of(std::move(members));
}

std::string jwk_public_json(const ec_public_key &key, std::string_view kid)
{
    std::vector<std::string> members = {member("crv", "P-256")};
    if (!kid.empty()) members.push_back(member("kid", kid));
    members.push_back(member("kty", "EC"));
    members.push_back(member("x", base64url_encode(key.x())));
    members.push_back(member("y", base64url_encode(key.y())));
    return object_of(std::move(members));
}

std::string jwk_thumbprint(const rsa_public_key &key) { return thumbprint_of(jwk_public_json(key)); }
std::string jwk_thumbprint(const ec_public_key &key) { return thumbprint_of(jwk_public_json(key)); }

bool looks_like_jwk(std::string_view text) noexcept
{
    if (text.size() > jwk_max_bytes) return false;
    // Lenient on purpose: a JWK with a defect (a duplicate member, say) must
    // still reach parse_jwk and get its error there.
    try {
        const nlohmann::json obj = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        return obj.is_object() && (obj.contains("kty") || obj.contains("keys"));
    } catch (...) {
        return false;
    }
}

result<parsed_jwk> parse_jwk(std::string_view text)
{
    if (text.size() > jwk_max_bytes) return error(errc::input_too_large, "JWK larger than 64 KiB");
    nlohmann::json obj;
    switch (detail::parse_json_object_strictly(text, jwk_max_depth, obj)) {
    case detail::json_status::ok: break;
    case detail::json_status::duplicate_member: return error(errc::jwk_malformed, "JWK has a duplicate member name");
    case detail::json_status::too_deep: return error(errc::jwk_malformed, "JWK nests too deeply");
    case detail::json_status::not_object: return error(errc::jwk_malformed, "a JWK must be a JSON object");
    default: return error(errc::jwk_malformed, "JWK is not valid JSON");
    }
    if (obj.contains("keys") && !obj.contains("kty"))
        return error(errc::jwk_malformed, "this is a JWK Set; give one key of its \"keys\" array");
    auto kty = obj.find("kty");
    if (kty == obj.end()) return error(errc::jwk_malformed, "JWK without \"kty\"");
    if (!kty->is_string()) return error(errc::jwk_malformed, "JWK \"kty\" must be a string");
    const std::string &type = kty->get_ref<const std::string &>();
    if (type == "EC") return parse_ec(obj);
    if (type == "RSA") return parse_rsa(obj);
    if (type == "OKP") return error(errc::key_unsupported_curve, "this is an OKP (Ed25519/X25519) JWK; only EC P-256 and RSA are supported");
    if (type == "oct") return error(errc::jwk_malformed, "this is a symmetric (oct) JWK, not a public-key JWK");
    return error(errc::jwk_malformed, "unsupported JWK \"kty\" (expected \"EC\" or \"RSA\")");
}

} // namespace twoleg
