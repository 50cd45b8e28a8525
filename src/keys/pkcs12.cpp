// Implements keys/pkcs12.hpp: a chain of strict DER reads that mirrors
// RFC 7292 §4 and appendix D, every level ended with "nothing left over".
#include "keys/pkcs12.hpp"

#include <algorithm>
#include <array>

#include "keys/certificate_summary.hpp"
#include "keys/encrypted_pkcs8.hpp"
#include "keys/pbe.hpp"
#include "twoleg/der.hpp"
#include "twoleg/oid.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

namespace {

using bytes_view = std::span<const std::uint8_t>;

constexpr std::uint8_t tag_bmp_string = 0x1e;

enum class bag_kind : std::uint8_t { key_bag = 1, shrouded_key_bag = 2, cert_bag = 3, crl_bag = 4,
                                     secret_bag = 5, safe_contents_bag = 6 };

/// Turns a span inside `whole` into a cursor whose offsets stay absolute.
der::cursor inside(bytes_view whole, bytes_view part, unsigned depth) noexcept
{
    return der::cursor(part, static_cast<std::size_t>(part.data() - whole.data()), depth);
}

struct mac_data {
    hash_algorithm hash = hash_algorithm::sha1;
    bytes_view digest;
    bytes_view salt;
    std::uint64_t iterations = 1;
};

struct pfx {
    bytes_view auth_safe;    // the content octets of the authSafe's data
    std::size_t auth_safe_depth = 0;
    std::optional<mac_data> mac;
};

/// One ContentInfo of the AuthenticatedSafe.
struct safe_content {
    bool encrypted = false;
    bytes_view data;         // SafeContents DER, or its ciphertext
    unsigned depth = 0;
    pbe_algorithm algorithm; // when encrypted
};

struct key_entry {
    bool shrouded = false;
    bytes_view private_key_info;          // keyBag: the PrivateKeyInfo TLV
    encrypted_private_key_info encrypted; // pkcs8ShroudedKeyBag
    bytes_view local_key_id;
    std::string friendly_name;
};

struct cert_entry {
    bytes_view der;
    bytes_view local_key_id;
    std::optional<pbe_algorithm> encryption;  // of the content that held it
};

/// MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
/// DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
result<mac_data> read_mac_data(der::cursor &c)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    auto digest_info = seq->read_sequence();
    if (!digest_info) return digest_info.err();
    mac_data out;
    auto hash = read_digest_algorithm(*digest_info);
    if (!hash) return hash.err();
    out.hash = *hash;
    const std::size_t digest_at = digest_info->offset();
    auto digest = digest_info->read_octet_string();
    if (!digest) return digest.err();
    if (digest->size() != digest_size(out.hash))
        return error(errc::key_unsupported_algorithm, "PKCS#12: the MAC's length is not its digest's", digest_at);
    out.digest = *digest;
    TWOLEG_TRY(digest_info->expect_end());
    const std::size_t salt_at = seq->offset();
    auto salt = seq->read_octet_string();
    if (!salt) return salt.err();
    if (salt->empty() || salt->size() > 1024)
        return error(errc::key_unsupported_algorithm, "PKCS#12: MAC salt must be 1 to 1024 octets", salt_at);
    out.salt = *salt;
    if (seq->peek_tag(der::tag::integer)) {
        const std::size_t at = seq->offset();
        auto n = seq->read_small_unsigned_integer();
        if (!n && n.err().code != errc::der_integer_too_large) return n.err();
        if (!n || *n > max_pbe_iterations)
            return error(errc::input_too_large, "PKCS#12: MAC iteration count above 10000000: refused before any work",
                         at);
        if (*n == 0) return error(errc::key_unsupported_algorithm, "PKCS#12: MAC iteration count must be at least 1", at);
        out.iterations = *n;
    }
    TWOLEG_TRY(seq->expect_end());
    return out;
}

/// PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
/// ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
result<pfx> read_pfx(bytes_view der)
{
    der::cursor top(der);
    auto seq = top.read_sequence();
    if (!seq) return seq.err();
    TWOLEG_TRY(top.expect_end());
    const std::size_t version_at = seq->offset();
    auto version = seq->read_small_unsigned_integer();
    if (!version) return version.err();
    if (*version != 3) return error(errc::key_unsupported_version, "PKCS#12: PFX version must be 3", version_at);

    auto auth = seq->read_sequence();
    if (!auth) return auth.err();
    const std::size_t type_at = auth->offset();
    auto type = auth->read_oid();
    if (!type) return type.err();
    if (oid_is(*type, oid::pkcs7_signed_data))
        return error(errc::key_unsupported_algorithm,
                     "PKCS#12: refused: public-key integrity mode (authSafe as signedData, 1.2.840.113549.1.7.2); "
                     "only password integrity is supported",
                     type_at);
    if (!oid_is(*type, oid::pkcs7_data))
        return error(errc::key_unsupported_algorithm, "PKCS#12: the authSafe must be of type data (1.2.840.113549.1.7.1)",
                     type_at);
    auto explicit_content = auth->read_constructed(der::tag::context_constructed(0));
    if (!explicit_content) return explicit_content.err();
    auto octets = explicit_content->read_octet_string();
    if (!octets) return octets.err();
    TWOLEG_TRY(explicit_content->expect_end());
    TWOLEG_TRY(auth->expect_end());

    pfx out;
    out.auth_safe = *octets;
    out.auth_safe_depth = explicit_content->depth() + 1;
    if (!seq->empty()) {
        auto mac = read_mac_data(*seq);
        if (!mac) return mac.err();
        out.mac = *mac;
    }
    TWOLEG_TRY(seq->expect_end());
    return out;
}

/// EncryptedData ::= SEQUENCE { version INTEGER, encryptedContentInfo EncryptedContentInfo,
///   unprotectedAttrs [1] IMPLICIT OPTIONAL }
/// EncryptedContentInfo ::= SEQUENCE { contentType OID (data), contentEncryptionAlgorithm,
///   encryptedContent [0] IMPLICIT OCTET STRING }   (RFC 5652 §8, §6.1)
result<void> read_encrypted_data(der::cursor &c, safe_content &out)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    const std::size_t version_at = seq->offset();
    auto version = seq->read_small_unsigned_integer();
    if (!version) return version.err();
    if (*version != 0 && *version != 2)
        return error(errc::key_unsupported_version, "PKCS#12: EncryptedData version must be 0 or 2", version_at);
    auto info = seq->read_sequence();
    if (!info) return info.err();
    const std::size_t type_at = info->offset();
    auto type = info->read_oid();
    if (!type) return type.err();
    if (!oid_is(*type, oid::pkcs7_data))
        return error(errc::key_unsupported_algorithm, "PKCS#12: encrypted content must be of type data", type_at);
    auto algorithm = read_pbe_algorithm(*info);
    if (!algorithm) return algorithm.err();
    auto content = info->read_element(der::tag::context_primitive(0));
    if (!content) return content.err();
    // The one wrong-password error, without an offset like every other.
    if (content->contents.empty() || content->contents.size() % cipher_block_bytes(algorithm->cipher) != 0)
        return error(errc::key_wrong_password);
    TWOLEG_TRY(info->expect_end());
    if (seq->peek_tag(der::tag::context_constructed(1)))
        TWOLEG_TRY(seq->read_constructed(der::tag::context_constructed(1)));
    TWOLEG_TRY(seq->expect_end());
    out.encrypted = true;
    out.algorithm = *algorithm;
    out.data = content->contents;
    out.depth = info->depth() + 1;
    return {};
}

/// AuthenticatedSafe ::= SEQUENCE OF ContentInfo, each data or encryptedData.
result<std::vector<safe_content>> read_authenticated_safe(bytes_view whole, const pfx &p)
{
    der::cursor c = inside(whole, p.auth_safe, static_cast<unsigned>(p.auth_safe_depth));
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    TWOLEG_TRY(c.expect_end());
    std::vector<safe_content> out;
    while (!seq->empty()) {
        if (out.size() == pkcs12_max_contents)
            return error(errc::input_too_large, "PKCS#12: more than 16 ContentInfos in the authenticated safe",
                         seq->offset());
        auto info = seq->read_sequence();
        if (!info) return info.err();
        const std::size_t type_at = info->offset();
        auto type = info->read_oid();
        if (!type) return type.err();
        auto explicit_content = info->read_constructed(der::tag::context_constructed(0));
        if (!explicit_content) return explicit_content.err();
        safe_content entry;
        if (oid_is(*type, oid::pkcs7_data)) {
            auto octets = explicit_content->read_octet_string();
            if (!octets) return octets.err();
            entry.data = *octets;
            entry.depth = explicit_content->depth() + 1;
        } else if (oid_is(*type, oid::pkcs7_encrypted_data)) {
            TWOLEG_TRY(read_encrypted_data(*explicit_content, entry));
        } else if (oid_is(*type, oid::pkcs7_enveloped_data)) {
            return error(errc::key_unsupported_algorithm,
                         "PKCS#12: refused: public-key privacy mode (envelopedData, 1.2.840.113549.1.7.3); only "
                         "password privacy is supported",
                         type_at);
        } else {
            return error(errc::key_unsupported_algorithm,
                         "PKCS#12: unknown content type in the authenticated safe (expected data or encryptedData)",
                         type_at);
        }
        TWOLEG_TRY(explicit_content->expect_end());
        TWOLEG_TRY(info->expect_end());
        out.push_back(entry);
    }
    return out;
}

/// The attributes of a bag: friendlyName (BMPString) and localKeyID (OCTET STRING).
result<void> read_bag_attributes(der::cursor &bag, bytes_view &local_key_id, std::string &friendly_name)
{
    auto attributes = bag.read_constructed(der::tag::set);
    if (!attributes) return attributes.err();
    while (!attributes->empty()) {
        auto attribute = attributes->read_sequence();
        if (!attribute) return attribute.err();
        auto type = attribute->read_oid();
        if (!type) return type.err();
        auto values = attribute->read_constructed(der::tag::set);
        if (!values) return values.err();
        const std::size_t value_at = values->offset();
        if (oid_is(*type, oid::friendly_name)) {
            auto name = values->read_element(tag_bmp_string);
            if (!name) return name.err();
            if (!bmp_string_to_utf8(name->contents, friendly_name))
                return error(errc::key_unrecognized, "PKCS#12: friendlyName is not a valid BMPString", value_at);
        } else if (oid_is(*type, oid::local_key_id)) {
            auto id = values->read_octet_string();
            if (!id) return id.err();
            local_key_id = *id;
        } else {
            while (!values->empty()) TWOLEG_TRY(values->read_element());
        }
        TWOLEG_TRY(values->expect_end());
        TWOLEG_TRY(attribute->expect_end());
    }
    return bag.expect_end();
}

struct bag_collection {
    std::vector<key_entry> keys;
    std::vector<cert_entry> certs;
    std::size_t bag_count = 0;
};

/// SafeContents ::= SEQUENCE OF SafeBag
result<void> read_safe_contents(der::cursor c, const safe_content &from, bag_collection &out)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    TWOLEG_TRY(c.expect_end());
    while (!seq->empty()) {
        if (++out.bag_count > pkcs12_max_bags)
            return error(errc::input_too_large, "PKCS#12: more than 64 SafeBags", seq->offset());
        auto bag = seq->read_sequence();
        if (!bag) return bag.err();
        const std::size_t id_at = bag->offset();
        auto id = bag->read_oid();
        if (!id) return id.err();
        auto value = bag->read_constructed(der::tag::context_constructed(0));
        if (!value) return value.err();
        bytes_view local_key_id;
        std::string friendly_name;
        if (!bag->empty()) TWOLEG_TRY(read_bag_attributes(*bag, local_key_id, friendly_name));
        TWOLEG_TRY(bag->expect_end());

        const bool known = id->size() == oid::pkcs12_bag_types.size() + 1 &&
                           std::equal(oid::pkcs12_bag_types.begin(), oid::pkcs12_bag_types.end(), id->begin()) &&
                           (*id)[oid::pkcs12_bag_types.size()] >= 1 && (*id)[oid::pkcs12_bag_types.size()] <= 6;
        if (!known) return error(errc::key_unsupported_algorithm, "PKCS#12: unknown SafeBag type", id_at);
        switch (static_cast<bag_kind>((*id)[oid::pkcs12_bag_types.size()])) {
        case bag_kind::key_bag: {
            auto element = value->read_element(der::tag::sequence);
            if (!element) return element.err();
            key_entry k;
            k.private_key_info = bytes_view(element->contents.data() - element->header_length, element->total_length());
            k.local_key_id = local_key_id;
            k.friendly_name = std::move(friendly_name);
            out.keys.push_back(std::move(k));
            break;
        }
        case bag_kind::shrouded_key_bag: {
            auto encrypted = read_encrypted_private_key_info(*value);
            if (!encrypted) return encrypted.err();
            key_entry k;
            k.shrouded = true;
            k.encrypted = *encrypted;
            k.local_key_id = local_key_id;
            k.friendly_name = std::move(friendly_name);
            out.keys.push_back(std::move(k));
            break;
        }
        case bag_kind::cert_bag: {
            // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING }
            auto cert_bag = value->read_sequence();
            if (!cert_bag) return cert_bag.err();
            const std::size_t cert_type_at = cert_bag->offset();
            auto cert_type = cert_bag->read_oid();
            if (!cert_type) return cert_type.err();
            auto cert_value = cert_bag->read_constructed(der::tag::context_constructed(0));
            if (!cert_value) return cert_value.err();
            auto octets = cert_value->read_octet_string();
            if (!octets) return octets.err();
            TWOLEG_TRY(cert_value->expect_end());
            TWOLEG_TRY(cert_bag->expect_end());
            if (!oid_is(*cert_type, oid::x509_certificate))
                return error(errc::key_unsupported_algorithm,
                             "PKCS#12: only x509Certificate (1.2.840.113549.1.9.22.1) certificate bags are supported",
                             cert_type_at);
            cert_entry cert;
            cert.der = *octets;
            cert.local_key_id = local_key_id;
            if (from.encrypted) cert.encryption = from.algorithm;
            out.certs.push_back(cert);
            break;
        }
        case bag_kind::crl_bag:
        case bag_kind::secret_bag:
            while (!value->empty()) TWOLEG_TRY(value->read_element());
            break;
        case bag_kind::safe_contents_bag:
            return error(errc::key_unsupported_algorithm, "PKCS#12: nested safeContentsBag is not supported", id_at);
        }
        TWOLEG_TRY(value->expect_end());
    }
    return {};
}

bool same_bytes(bytes_view a, bytes_view b) noexcept
{
    return !a.empty() && std::equal(a.begin(), a.end(), b.begin(), b.end());
}

/// "this PKCS#12 file holds N private keys ..." for small N (details are static text).
const char *too_many_keys_detail(std::size_t n) noexcept
{
    static constexpr const char *texts[] = {
        "PKCS#12: the file holds 2 private keys and no certificate's localKeyID picks one; twoleg needs exactly one",
        "PKCS#12: the file holds 3 private keys and no certificate's localKeyID picks one; twoleg needs exactly one",
        "PKCS#12: the file holds 4 private keys and no certificate's localKeyID picks one; twoleg needs exactly one",
        "PKCS#12: the file holds 5 private keys and no certificate's localKeyID picks one; twoleg needs exactly one",
    };
    if (n >= 2 && n <= 5) return texts[n - 2];
    return "PKCS#12: the file holds more than 5 private keys and no certificate's localKeyID picks one; twoleg needs "
           "exactly one";
}

/// Everything after the integrity check, with one form of the password.
struct extraction {
    any_private_key key;
    container_info info;
    std::vector<std::string> notes;
};

result<extraction> extract(bytes_view whole, const std::vector<safe_content> &contents, const pbe_password &password)
{
    std::vector<std::vector<std::uint8_t>> plaintexts;  // the decrypted SafeContents, wiped on exit
    struct wipe_all {
        std::vector<std::vector<std::uint8_t>> &v;
        ~wipe_all()
        {
            for (auto &p : v) secure_wipe(p);
        }
    } wipe{plaintexts};
    plaintexts.reserve(contents.size());

    bag_collection bags;
    for (const auto &content : contents) {
        if (!content.encrypted) {
            TWOLEG_TRY(read_safe_contents(inside(whole, content.data, content.depth), content, bags));
            continue;
        }
        auto plain = pbe_decrypt(content.algorithm, password, content.data);
        if (!plain) return plain.err();
        plaintexts.push_back(std::move(*plain));
        auto parsed = read_safe_contents(der::cursor(plaintexts.back()), content, bags);
        // Decrypted bytes that do not parse are what a wrong password gives (no format oracle).
        if (!parsed) return error(errc::key_wrong_password);
    }

    if (bags.keys.empty())
        return error(errc::key_wrong_kind, "PKCS#12: the file holds no private key (certificates only)");
    const key_entry *chosen = nullptr;
    if (bags.keys.size() == 1) {
        chosen = &bags.keys.front();
    } else {
        std::size_t matches = 0;
        for (const auto &k : bags.keys)
            for (const auto &c : bags.certs)
                if (same_bytes(k.local_key_id, c.local_key_id)) {
                    chosen = &k;
                    ++matches;
                    break;
                }
        if (matches != 1) return error(errc::key_wrong_kind, too_many_keys_detail(bags.keys.size()));
    }

    extraction out;
    if (chosen->shrouded) {
        auto key = decrypt_private_key_info(chosen->encrypted, password);
        if (!key) return key.err();
        out.key = std::move(*key);
        out.info.key_encryption = describe_encryption(chosen->encrypted.algorithm);
    } else {
        auto key = parse_any_private_key_info(chosen->private_key_info);
        if (!key) return error(key.err().code, key.err().detail);
        out.key = std::move(*key);
        out.notes.emplace_back("the PKCS#12 key bag is not encrypted (keyBag)");
    }
    out.info.friendly_name = chosen->friendly_name;

    const cert_entry *cert = nullptr;
    for (const auto &c : bags.certs)
        if (same_bytes(chosen->local_key_id, c.local_key_id)) cert = &c;
    if (!cert && bags.certs.size() == 1) cert = &bags.certs.front();
    if (cert) {
        if (cert->encryption) out.info.certificate_encryption = describe_encryption(*cert->encryption);
        auto summary = read_certificate_summary(cert->der);
        if (summary) out.info.certificate = std::move(*summary);
        else out.notes.emplace_back("the certificate in the file could not be read; it is ignored");
        auto cert_spki = certificate_spki_der(cert->der);
        if (cert_spki && *cert_spki != out.key.public_spki_der())
            out.notes.emplace_back("the certificate in the file is for a different key than the private key");
    } else {
        for (const auto &content : contents)
            if (content.encrypted) out.info.certificate_encryption = describe_encryption(content.algorithm);
    }
    return out;
}

} // namespace

bool looks_like_pfx(bytes_view der) noexcept
{
    der::cursor top(der);
    auto seq = top.read_sequence();
    if (!seq) return false;
    auto version = seq->read_element(der::tag::integer);
    if (!version) return false;
    auto auth = seq->read_sequence();
    if (!auth) return false;
    auto type = auth->read_oid();
    return type && type->size() == oid::pkcs7.size() + 1 &&
           std::equal(oid::pkcs7.begin(), oid::pkcs7.end(), type->begin());
}

result<pkcs12_key> load_pkcs12(bytes_view der, std::optional<std::string_view> password)
{
    // Everything visible is parsed, with its limits, before any key derivation.
    auto p = read_pfx(der);
    if (!p) return p.err();
    auto contents = read_authenticated_safe(der, *p);
    if (!contents) return contents.err();

    std::vector<pbe_password> candidates;
    if (password) {
        candidates.push_back({*password, false});
        if (password->empty()) candidates.push_back({"", true});
    } else {
        candidates.push_back({"notasecret", false});
        candidates.push_back({"", false});
        candidates.push_back({"", true});
    }
    const error no_password(errc::key_password_required,
                            "PKCS#12: the file needs a password: neither Google's default \"notasecret\" nor the empty "
                            "password opens it");
    const error wrong(errc::key_wrong_password);

    auto finish = [&](extraction &&x, const pbe_password &used) {
        pkcs12_key out;
        out.key = std::move(x.key);
        out.info = std::move(x.info);
        if (p->mac) {
            out.info.mac_algorithm = hmac_name(p->mac->hash);
            out.info.mac_iterations = p->mac->iterations;
        } else {
            out.notes.emplace_back("the PKCS#12 file has no integrity check (MAC): nothing vouches that it is intact");
        }
        if (!password)
            out.notes.emplace_back(used.utf8.empty()
                                       ? "no password given: the file opened with the empty password"
                                       : "no password given: the file opened with Google's default password "
                                         "\"notasecret\"");
        for (auto &n : x.notes) out.notes.push_back(std::move(n));
        return out;
    };

    if (p->mac) {
        // Integrity first: nothing is decrypted under a password the MAC does not accept.
        for (const auto &candidate : candidates) {
            if (!pkcs12_mac_matches(p->mac->hash, candidate, p->mac->salt, p->mac->iterations, p->auth_safe,
                                    p->mac->digest))
                continue;
            auto x = extract(der, *contents, candidate);
            if (!x) return x.err();
            return finish(std::move(*x), candidate);
        }
        return password ? wrong : no_password;
    }
    // No MAC: each candidate is tried on the contents themselves.
    for (const auto &candidate : candidates) {
        auto x = extract(der, *contents, candidate);
        if (x) return finish(std::move(*x), candidate);
        if (x.err().code != errc::key_wrong_password) return x.err();
    }
    return password ? wrong : no_password;
}

} // namespace twoleg::detail
