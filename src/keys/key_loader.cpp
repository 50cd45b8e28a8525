// Implements twoleg/key_loader.hpp: one entry point for every key form.
//
// Detection order: JSON (first non-blank byte '{' or '['), then PEM (a
// "-----BEGIN " line; the label decides the structure), then bare DER. Bare DER
// is classified by the shape of its first elements (see der_shape), so that a
// defect deep inside, say, a PKCS#1 key is reported as the PKCS#1 parser sees
// it; only when the shape is unreadable is every structure tried, reporting the
// error of the one that got furthest.
#include "twoleg/key_loader.hpp"

#include <optional>
#include <string_view>

#include "twoleg/der.hpp"

#include "twoleg/ec_key_formats.hpp"
#include "twoleg/jwk.hpp"
#include "twoleg/key_formats.hpp"
#include "twoleg/pem.hpp"
#include "codec/strict_json.hpp"
#include "keys/any_private_key.hpp"
#include "keys/encrypted_pem.hpp"
#include "keys/encrypted_pkcs8.hpp"
#include "keys/pkcs12.hpp"
#include "core/wipe.hpp"

namespace twoleg {

namespace {

using bytes_view = std::span<const std::uint8_t>;

bool is_certificate(key_format f) noexcept
{
    return f == key_format::certificate_pem || f == key_format::certificate_der;
}

/// JSON by its first non-blank byte; '[' too, so a JSON array gets a JSON error.
bool starts_like_json(std::string_view text) noexcept
{
    const char c = detail::first_json_byte(text);
    return c == '{' || c == '[';
}

loaded_key from_public(key_format format, rsa_public_key key)
{
    loaded_key out;
    out.format = format;
    out.public_key = std::move(key);
    return out;
}

/// A private key is loaded as its public half plus the key.
loaded_key from_private(key_format format, rsa_private_key key)
{
    loaded_key out = from_public(format, key.public_key());
    out.private_key = std::move(key);
    return out;
}

loaded_key from_ec_public(key_format format, ec_public_key key)
{
    loaded_key out;
    out.format = format;
    out.type = key_type::ec_p256;
    out.ec_public = key;
    return out;
}

loaded_key from_ec_private(key_format format, ec_private_key key)
{
    loaded_key out = from_ec_public(format, key.public_key());
    out.ec_private = std::move(key);
    return out;
}

/// A key decrypted from a container, of either algorithm.
loaded_key from_any_private(key_format format, detail::any_private_key key)
{
    if (key.ec) return from_ec_private(format, std::move(*key.ec));
    return from_private(format, std::move(*key.rsa));
}

result<loaded_key> load_jwk(std::string_view text)
{
    auto jwk = parse_jwk(text);
    if (!jwk) return jwk.err();
    if (!jwk->is_ec) return from_public(key_format::jwk_json, jwk->rsa_public);
    if (jwk->ec_private) return from_ec_private(key_format::jwk_json, *jwk->ec_private);
    return from_ec_public(key_format::jwk_json, jwk->ec_public);
}

result<loaded_key> load_json(std::string_view text)
{
    if (looks_like_jwk(text)) return load_jwk(text);
    auto account = parse_service_account(text);
    if (!account) return account.err();
    loaded_key out = from_private(key_format::service_account_json, account->key);
    out.notes = account->notes;
    out.account = std::move(*account);
    return out;
}

/// The DER structures, in the order tried; `private_format` says what a success means.
struct der_structure {
    key_format format;
    bool is_private;
};
constexpr der_structure der_structures[] = {
    {key_format::pkcs8_private_der, true}, {key_format::pkcs1_private_der, true},
    {key_format::sec1_private_der, true},
    {key_format::spki_der, false},         {key_format::certificate_der, false},
    {key_format::pkcs1_public_der, false},
};

result<loaded_key> parse_structure(key_format format, bytes_view der)
{
    auto take_any_private = [format](result<detail::any_private_key> k) -> result<loaded_key> {
        if (!k) return k.err();
        return from_any_private(format, std::move(*k));
    };
    auto take_ec_public = [format](result<ec_public_key> k) -> result<loaded_key> {
        if (!k) return k.err();
        return from_ec_public(format, *k);
    };
    // PKCS#8, SPKI and certificates carry either algorithm: EC when they say id-ecPublicKey.
    switch (format) {
    // Private keys are routed as the decrypted ones are (any_private_key.hpp).
    case key_format::pkcs8_private_der:
    case key_format::pkcs8_private_pem: return take_any_private(detail::parse_any_private_key_info(der));
    case key_format::pkcs1_private_der:
    case key_format::pkcs1_private_pem:
        return take_any_private(detail::parse_traditional_private_key(detail::traditional_key::rsa_pkcs1, der));
    case key_format::spki_der:
    case key_format::spki_pem:
        if (spki_names_ec_key(der)) return take_ec_public(parse_spki_ec_public_key(der));
        break;
    case key_format::certificate_der:
    case key_format::certificate_pem:
        if (certificate_names_ec_key(der)) return take_ec_public(parse_certificate_ec_public_key(der));
        break;
    case key_format::sec1_private_der:
    case key_format::sec1_private_pem:
        return take_any_private(detail::parse_traditional_private_key(detail::traditional_key::ec_sec1, der));
    default: break;
    }
    auto take_public = [format](result<rsa_public_key> k) -> result<loaded_key> {
        if (!k) return k.err();
        return from_public(format, std::move(*k));
    };
    switch (format) {
    case key_format::spki_der:
    case key_format::spki_pem: return take_public(parse_spki_public_key(der));
    case key_format::pkcs1_public_der:
    case key_format::pkcs1_public_pem: return take_public(parse_pkcs1_public_key(der));
    case key_format::certificate_der:
    case key_format::certificate_pem: return take_public(parse_certificate_public_key(der));
    case key_format::service_account_json:
    case key_format::pkcs12:
    case key_format::pkcs8_encrypted_pem:
    case key_format::pkcs8_encrypted_der:
    case key_format::pem_encrypted: break;
    case key_format::jwk_json:
    case key_format::pkcs8_private_der:
    case key_format::pkcs8_private_pem:
    case key_format::pkcs1_private_der:
    case key_format::pkcs1_private_pem:
    case key_format::sec1_private_der:
    case key_format::sec1_private_pem: break;
    }
    return error(errc::internal);
}

/// How far a failed parse got: errors without an offset come from validation
/// after a complete parse (e.g. an inconsistent key), the furthest of all.
std::size_t progress_of(const error &e) noexcept
{
    return e.has_offset() ? e.offset : static_cast<std::size_t>(-2);
}

/// Which structure a DER SEQUENCE resembles, from its first one or two elements:
///   { INTEGER (small), INTEGER, ... }   RSAPrivateKey (version, modulus, ...)
///   { INTEGER (large), ... }            RSAPublicKey (modulus, publicExponent)
///   { INTEGER, SEQUENCE, ... }          PrivateKeyInfo (version, AlgorithmIdentifier, ...)
///   { INTEGER, OCTET STRING, ... }      ECPrivateKey (version, privateKey, ...)
///   { SEQUENCE { OID, ... }, ... }      SubjectPublicKeyInfo (AlgorithmIdentifier first)
///   { SEQUENCE { other }, ... }         Certificate (TBSCertificate first)
std::optional<key_format> der_shape(bytes_view der) noexcept
{
    der::cursor top(der);
    auto outer = top.read_sequence();
    if (!outer) return std::nullopt;
    auto first = outer->read_element();
    if (!first) return std::nullopt;
    if (first->tag == der::tag::integer) {
        if (outer->peek_tag(der::tag::sequence)) return key_format::pkcs8_private_der;
        // ECPrivateKey: { version 1, privateKey OCTET STRING, ... }
        if (outer->peek_tag(der::tag::octet_string)) return key_format::sec1_private_der;
        // A version is tiny; a modulus of >= 1024 bits is not. Between the two, a
        // length of 32 octets or more can only be meant as a modulus.
        return first->contents.size() >= 32 ? key_format::pkcs1_public_der : key_format::pkcs1_private_der;
    }
    if (first->tag == der::tag::sequence) {
        der::cursor inner(first->contents, first->offset + first->header_length, 1);
        return inner.peek_tag(der::tag::oid) ? key_format::spki_der : key_format::certificate_der;
    }
    return std::nullopt;
}

constexpr const char *password_needed_detail = "the key is encrypted: a password is needed";

/// EncryptedPrivateKeyInfo, PEM or DER: parsed, then decrypted with the password.
result<loaded_key> load_encrypted_pkcs8(key_format format, bytes_view der, const key_load_options &options)
{
    auto info = detail::parse_encrypted_private_key_info(der);
    if (!info) return info.err();
    if (!options.password) return error(errc::key_password_required, password_needed_detail);
    auto key = detail::decrypt_private_key_info(*info, detail::pbe_password{*options.password});
    if (!key) return key.err();
    loaded_key out = from_any_private(format, std::move(*key));
    out.container.emplace();
    out.container->key_encryption = detail::describe_encryption(info->algorithm);
    return out;
}

result<loaded_key> load_pfx(bytes_view der, const key_load_options &options)
{
    auto p12 = detail::load_pkcs12(der, options.password);
    if (!p12) return p12.err();
    loaded_key out = from_any_private(key_format::pkcs12, std::move(p12->key));
    out.container = std::move(p12->info);
    out.notes = std::move(p12->notes);
    return out;
}

result<loaded_key> load_der(bytes_view der, const key_load_options &options)
{
    if (der.empty() || der[0] != 0x30)
        return error(errc::key_unrecognized, "not a PEM, DER (SEQUENCE) or service-account JSON key", 0);
    if (detail::looks_like_pfx(der)) return load_pfx(der, options);
    if (detail::looks_like_encrypted_private_key_info(der))
        return load_encrypted_pkcs8(key_format::pkcs8_encrypted_der, der, options);
    if (auto shape = der_shape(der)) return parse_structure(*shape, der);
    error best;
    bool have_best = false;
    for (const auto &s : der_structures) {
        auto k = parse_structure(s.format, der);
        if (k) return k;
        if (!have_best || progress_of(k.err()) > progress_of(best)) {
            best = k.err();
            have_best = true;
        }
    }
    return best;
}

/// PEM labels of other things people hand to a key loader, with what to say.
struct foreign_label {
    std::string_view label;
    errc code;
    const char *detail;
};
constexpr foreign_label foreign_labels[] = {
    {"DSA PRIVATE KEY", errc::key_unsupported_algorithm, "this is a DSA private key, not an RSA key"},
    {"OPENSSH PRIVATE KEY", errc::key_unrecognized,
     "this is an OpenSSH private key; convert it with `ssh-keygen -p -m PKCS8 -f KEY` (on a copy)"},
    {"CERTIFICATE REQUEST", errc::key_wrong_kind, "this is a certificate request (CSR), not a key"},
    {"NEW CERTIFICATE REQUEST", errc::key_wrong_kind, "this is a certificate request (CSR), not a key"},
    {"TRUSTED CERTIFICATE", errc::key_unrecognized,
     "this is an OpenSSL TRUSTED CERTIFICATE; convert it with `openssl x509 -in CERT -out cert.pem`"},
    {"X509 CRL", errc::key_wrong_kind, "this is a certificate revocation list, not a key"},
    {"PKCS7", errc::key_wrong_kind, "this is a PKCS#7 bundle, not a key"},
    {"DH PARAMETERS", errc::key_wrong_kind, "these are Diffie-Hellman parameters, not a key"},
};

/// `openssl ecparam -genkey` writes an EC PARAMETERS block before the key:
/// the parameters must name P-256, and the key is the block after them.
result<loaded_key> load_pem(std::string_view text, const key_load_options &options);

result<loaded_key> load_after_ec_parameters(std::string_view text, const pem_block &params,
                                            const key_load_options &options)
{
    auto checked = parse_ec_parameters(params.der);
    if (!checked) return error(checked.err().code, checked.err().detail);
    constexpr std::string_view end_line = "-----END EC PARAMETERS-----";
    const auto end = text.find(end_line);
    if (end == std::string_view::npos) return error(errc::pem_no_end);
    const std::string_view rest = text.substr(end + end_line.size());
    if (!looks_like_pem(rest))
        return error(errc::key_wrong_kind, "these are EC parameters only; the EC PRIVATE KEY block is missing");
    auto next = pem_decode(rest);
    if (!next) return next.err();
    const bool is_key = next->label == "EC PRIVATE KEY";
    detail::secure_wipe(next->der);
    if (!is_key)
        return error(errc::key_unrecognized, "EC PARAMETERS must be followed by an EC PRIVATE KEY block");
    return load_pem(rest, options);
}

/// "RSA PRIVATE KEY" or "EC PRIVATE KEY" with Proc-Type/DEK-Info headers.
result<loaded_key> load_encrypted_pem(const pem_block &block, detail::traditional_key kind,
                                      const key_load_options &options)
{
    auto encryption = detail::parse_dek_info(block.dek_info);
    if (!encryption) return encryption.err();
    if (!options.password) return error(errc::key_password_required, password_needed_detail);
    auto key = detail::decrypt_pem_private_key(*encryption, kind, *options.password, block.der);
    if (!key) return key.err();
    loaded_key out = from_any_private(key_format::pem_encrypted, std::move(*key));
    out.container.emplace();
    out.container->key_encryption = detail::describe_pem_encryption(*encryption);
    return out;
}

result<loaded_key> load_pem(std::string_view text, const key_load_options &options)
{
    auto block = pem_decode_key(text);
    if (!block) return block.err();
    detail::wipe_on_exit wipe_der{block->der};
    if (block->label == "EC PARAMETERS") return load_after_ec_parameters(text, *block, options);
    const std::string &label = block->label;
    if (!block->dek_info.empty()) {
        if (label == "RSA PRIVATE KEY") return load_encrypted_pem(*block, detail::traditional_key::rsa_pkcs1, options);
        if (label == "EC PRIVATE KEY") return load_encrypted_pem(*block, detail::traditional_key::ec_sec1, options);
        for (const auto &f : foreign_labels)
            if (label == f.label) return error(f.code, f.detail);
        return error(errc::key_unrecognized,
                     "PEM: DEK-Info encryption is only read for RSA PRIVATE KEY and EC PRIVATE KEY blocks");
    }
    if (label == "ENCRYPTED PRIVATE KEY") {
        auto k = load_encrypted_pkcs8(key_format::pkcs8_encrypted_pem, block->der, options);
        if (!k && k.err().has_offset()) return error(k.err().code, k.err().detail);
        return k;
    }
    result<loaded_key> out = error(errc::key_unrecognized,
                                   "unsupported PEM label (expected RSA PRIVATE KEY, EC PRIVATE KEY, PRIVATE KEY, "
                                   "PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)");
    if (label == "RSA PRIVATE KEY") out = parse_structure(key_format::pkcs1_private_pem, block->der);
    else if (label == "EC PRIVATE KEY") out = parse_structure(key_format::sec1_private_pem, block->der);
    else if (label == "PRIVATE KEY") out = parse_structure(key_format::pkcs8_private_pem, block->der);
    else if (label == "PUBLIC KEY") out = parse_structure(key_format::spki_pem, block->der);
    else if (label == "RSA PUBLIC KEY") out = parse_structure(key_format::pkcs1_public_pem, block->der);
    else if (label == "CERTIFICATE" || label == "X509 CERTIFICATE")
        out = parse_structure(key_format::certificate_pem, block->der);
    else
        for (const auto &f : foreign_labels)
            if (label == f.label) out = error(f.code, f.detail);
    detail::secure_wipe(block->der);
    // Offsets from the DER parsers point into the decoded body, not the text.
    if (!out && out.err().has_offset()) return error(out.err().code, out.err().detail);
    return out;
}

} // namespace

const char *key_format_name(key_format f) noexcept
{
    switch (f) {
    case key_format::pkcs1_private_pem: return "pkcs1-pem";
    case key_format::pkcs8_private_pem: return "pkcs8-pem";
    case key_format::spki_pem: return "spki-pem";
    case key_format::pkcs1_public_pem: return "rsa-public-key-pem";
    case key_format::certificate_pem: return "certificate-pem";
    case key_format::pkcs1_private_der: return "pkcs1-der";
    case key_format::pkcs8_private_der: return "pkcs8-der";
    case key_format::spki_der: return "spki-der";
    case key_format::pkcs1_public_der: return "rsa-public-key-der";
    case key_format::certificate_der: return "certificate-der";
    case key_format::service_account_json: return "service-account-json";
    case key_format::pkcs12: return "pkcs12";
    case key_format::pkcs8_encrypted_pem: return "pkcs8-encrypted-pem";
    case key_format::pkcs8_encrypted_der: return "pkcs8-encrypted-der";
    case key_format::pem_encrypted: return "pem-encrypted";
    case key_format::sec1_private_pem: return "sec1-pem";
    case key_format::sec1_private_der: return "sec1-der";
    case key_format::jwk_json: return "jwk";
    }
    return "unknown";
}

const char *key_type_name(key_type t) noexcept { return t == key_type::ec_p256 ? "ec-p256" : "rsa"; }

namespace {
/// The RSA-only entry points refuse EC keys as they did before EC support.
error not_rsa(const loaded_key &k) noexcept
{
    if (k.format == key_format::sec1_private_pem || k.format == key_format::sec1_private_der)
        return error(errc::key_unsupported_algorithm, "this is an EC private key, not an RSA key");
    return error(errc::key_unsupported_algorithm, "this is an EC key, not an RSA key");
}
} // namespace

result<loaded_key> load_key(bytes_view data) { return load_key(data, key_load_options{}); }

result<loaded_key> load_key(bytes_view data, const key_load_options &options)
{
    if (data.size() > key_max_input_bytes)
        return error(errc::input_too_large, "key input larger than 1 MiB");
    const std::string_view text(reinterpret_cast<const char *>(data.data()), data.size());
    if (starts_like_json(text)) return load_json(text);
    if (looks_like_pem(text)) return load_pem(text, options);
    return load_der(data, options);
}

result<rsa_private_key> load_private_key(bytes_view data) { return load_private_key(data, key_load_options{}); }

result<rsa_private_key> load_private_key(bytes_view data, const key_load_options &options)
{
    auto k = load_key(data, options);
    if (!k) return k.err();
    if (k->type != key_type::rsa) return not_rsa(*k);
    if (!k->is_private()) {
        if (is_certificate(k->format))
            return error(errc::key_wrong_kind, "this is a certificate, not a private key");
        return error(errc::key_wrong_kind, "this is a public key, not a private key");
    }
    return *k->private_key;
}

result<rsa_public_key> load_public_key(bytes_view data) { return load_public_key(data, key_load_options{}); }

result<rsa_public_key> load_public_key(bytes_view data, const key_load_options &options)
{
    auto k = load_key(data, options);
    if (!k) return k.err();
    if (k->type != key_type::rsa) return not_rsa(*k);
    return k->public_key;
}

} // namespace twoleg
