// Implements twoleg/key_set.hpp: a kid → certificate map or a JWK Set.
#include "twoleg/key_set.hpp"

#include <new>
#include <set>

#include <nlohmann/json.hpp>

#include "twoleg/base64.hpp"
#include "twoleg/pem.hpp"
#include "codec/strict_json.hpp"

namespace twoleg {

namespace {

using json = nlohmann::json;

// {"keys": [{...}]} is three levels deep; nothing in either form goes further.
constexpr unsigned max_key_set_depth = 4;

/// A JWK member holding a base64url unsigned integer in its minimal form (RFC 7518 §6.3.1).
result<std::vector<std::uint8_t>> jwk_number(const json &jwk, const char *name, const char *missing,
                                             const char *not_minimal)
{
    auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) return error(errc::json_bad_field, missing);
    auto bytes = base64url_decode(it->get_ref<const std::string &>());
    if (!bytes) return bytes.err().code == errc::out_of_memory ? bytes.err() : error(bytes.err().code, missing);
    if (bytes->empty() || (*bytes)[0] == 0) return error(errc::json_bad_field, not_minimal);
    return bytes;
}

result<void> add_key(key_set &set, std::set<std::string> &kids, published_key key)
{
    if (set.keys.size() >= key_set_max_keys)
        return error(errc::input_too_large, "the key document lists more than 256 keys");
    if (!kids.insert(key.kid).second)
        return error(errc::json_bad_field, "the key document lists the same key id twice");
    set.keys.push_back(std::move(key));
    return {};
}

result<key_set> read_jwk_set(const json &keys)
{
    key_set set;
    set.form = key_set_form::jwk_set;
    std::set<std::string> kids;
    for (const json &jwk : keys) {
        if (!jwk.is_object()) return error(errc::json_bad_field, "a JWK Set's \"keys\" holds something other than objects");
        auto kty = jwk.find("kty");
        if (kty == jwk.end() || !kty->is_string()) return error(errc::json_bad_field, "a JWK lacks a string \"kty\"");
        if (kty->get_ref<const std::string &>() != "RSA") continue;
        auto use = jwk.find("use");
        if (use != jwk.end() && (!use->is_string() || use->get_ref<const std::string &>() != "sig")) continue;
        published_key key;
        auto kid = jwk.find("kid");
        if (kid != jwk.end()) {
            if (!kid->is_string()) return error(errc::json_bad_field, "a JWK's \"kid\" is not a string");
            key.kid = kid->get_ref<const std::string &>();
        }
        auto n = jwk_number(jwk, "n", "an RSA JWK lacks a base64url \"n\"", "an RSA JWK's \"n\" has leading zero octets");
        if (!n) return n.err();
        auto e = jwk_number(jwk, "e", "an RSA JWK lacks a base64url \"e\"", "an RSA JWK's \"e\" has leading zero octets");
        if (!e) return e.err();
        auto pub = rsa_public_key::from_components(*n, *e);
        if (!pub) return error(pub.err().code, pub.err().detail);
        key.public_key = std::move(*pub);
        TWOLEG_TRY(add_key(set, kids, std::move(key)));
    }
    return set;
}

result<key_set> read_x509_map(const json &root)
{
    key_set set;
    set.form = key_set_form::x509_map;
    std::set<std::string> kids;
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (!it->is_string())
            return error(errc::json_bad_field,
                         "neither a JWK Set (no \"keys\" array) nor a map of key ids to PEM certificates");
        auto block = pem_decode(it->get_ref<const std::string &>());
        if (!block) return error(block.err().code, "a key id maps to text that is not a PEM certificate");
        if (block->label != "CERTIFICATE")
            return error(errc::key_wrong_kind, "a key id maps to a PEM block that is not a CERTIFICATE");
        auto cert = parse_certificate(block->der);
        if (!cert) return error(cert.err().code, cert.err().detail);
        published_key key;
        key.kid = it.key();
        key.public_key = std::move(cert->public_key);
        key.validity = cert->validity;
        TWOLEG_TRY(add_key(set, kids, std::move(key)));
    }
    return set;
}

} // namespace

const published_key *key_set::find_kid(std::string_view kid) const noexcept
{
    for (const auto &k : keys)
        if (k.kid == kid) return &k;
    return nullptr;
}

result<key_set> parse_key_set(std::string_view json_text)
{
    detail::json_limits limits;
    limits.max_depth = max_key_set_depth;
    limits.max_bytes = key_set_max_bytes;
    json root;
    const detail::json_outcome parsed = detail::parse_json_object(json_text, limits, root);
    switch (parsed.status) {
    case detail::json_status::ok: break;
    case detail::json_status::too_large: return error(errc::input_too_large, "the key document is larger than 1 MiB");
    case detail::json_status::out_of_memory: return error(errc::out_of_memory);
    case detail::json_status::not_object:
        return error(errc::json_bad_field, "the key document is not a JSON object");
    case detail::json_status::duplicate_member:
        return error(errc::json_malformed, "a member name appears twice in the key document");
    case detail::json_status::too_deep:
        return error(errc::json_malformed, "the key document nests too deeply for a key set", parsed.offset);
    case detail::json_status::malformed: return error(errc::json_malformed, "malformed JSON", parsed.offset);
    }
    try {
        auto keys = root.find("keys");
        if (keys != root.end() && keys->is_array()) return read_jwk_set(*keys);
        return read_x509_map(root);
    } catch (const std::bad_alloc &) {
        return error(errc::out_of_memory);
    }
}

} // namespace twoleg
