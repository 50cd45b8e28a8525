// Implements twoleg/key_formats.hpp: RSA key structures read with der::cursor.
//
// Each reader below mirrors one ASN.1 definition, field by field, and ends
// every level it opens with expect_end(). Readers take the cursor positioned
// at the structure and advance it past the structure; the public functions
// add the final "nothing after the outermost element" check. Offsets in errors
// are absolute offsets in the caller's input, also for structures nested in
// OCTET STRINGs and BIT STRINGs.
#include "twoleg/key_formats.hpp"

#include <algorithm>
#include <array>

#include "twoleg/der.hpp"
#include "twoleg/oid.hpp"
#include "asn1/der_time.hpp"
#include "keys/algorithm_identifier.hpp"
#include "keys/one_asymmetric_key.hpp"

namespace twoleg {

namespace {

using bytes_view = std::span<const std::uint8_t>;

/// Errors about public numbers point at the INTEGER that holds them (detail::at_offset);
/// offsets stay absolute through detail::key_input.
using detail::at_offset;
using input = detail::key_input;

/// Names the algorithm of a key that is not rsaEncryption.
const char *unsupported_algorithm_detail(bytes_view oid) noexcept
{
    if (oid_is(oid, oid::rsassa_pss))
        return "this is an RSA-PSS key (id-RSASSA-PSS), which may only make PSS signatures; "
               "RS256 needs an rsaEncryption RSA key";
    if (oid_is(oid, oid::ec_public_key)) return "this is an EC key, not an RSA key";
    if (oid_is(oid, oid::ed25519)) return "this is an Ed25519 key, not an RSA key";
    if (oid_is(oid, oid::ed448)) return "this is an Ed448 key, not an RSA key";
    if (oid_is(oid, oid::x25519)) return "this is an X25519 key, not an RSA key";
    if (oid_is(oid, oid::x448)) return "this is an X448 key, not an RSA key";
    if (oid_is(oid, oid::dsa)) return "this is a DSA key, not an RSA key";
    return "not an RSA key: the algorithm is not rsaEncryption (1.2.840.113549.1.1.1)";
}

/// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }
/// which must be rsaEncryption with NULL parameters (RFC 3279 §2.3.1).
result<void> read_rsa_algorithm(der::cursor &c)
{
    auto id = detail::read_algorithm_identifier(c);
    if (!id) return id.err();
    auto &[seq, oid, oid_offset] = *id;
    if (oid_is_under(oid, oid::pkcs5) || oid_is_under(oid, oid::pkcs12_pbe))
        // The shape of EncryptedPrivateKeyInfo (RFC 5958 §3) seen as DER without armour.
        return error(errc::pem_encrypted, nullptr, oid_offset);
    if (!oid_is(oid, oid::rsa_encryption))
        return error(errc::key_unsupported_algorithm, unsupported_algorithm_detail(oid), oid_offset);
    if (!seq.peek_tag(der::tag::null))
        return error(errc::key_unsupported_algorithm, "rsaEncryption parameters must be NULL", seq.offset());
    TWOLEG_TRY(seq.read_null());
    TWOLEG_TRY(seq.expect_end());
    return {};
}

/// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }  (RFC 8017 §A.1.1)
result<rsa_public_key> read_rsa_public_key(der::cursor &c)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    const std::size_t n_offset = seq->offset();
    auto n = seq->read_unsigned_integer();
    if (!n) return n.err();
    const std::size_t e_offset = seq->offset();
    auto e = seq->read_unsigned_integer();
    if (!e) return e.err();
    TWOLEG_TRY(seq->expect_end());
    auto key = rsa_public_key::from_components(*n, *e);
    if (!key) return at_offset(key.err(), key.err().code == errc::key_bad_public_exponent ? e_offset : n_offset);
    return key;
}

/// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
/// (RFC 5280 §4.1) with the BIT STRING holding an RSAPublicKey.
result<rsa_public_key> read_spki(der::cursor &c, const input &in)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    TWOLEG_TRY(read_rsa_algorithm(*seq));
    auto bits = seq->read_bit_string_octets();
    if (!bits) return bits.err();
    TWOLEG_TRY(seq->expect_end());
    der::cursor inner = in.inside(*bits, seq->depth() + 1);
    auto key = read_rsa_public_key(inner);
    if (!key) return key.err();
    TWOLEG_TRY(inner.expect_end());
    return key;
}

/// RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, privateExponent,
///   prime1, prime2, exponent1, exponent2, coefficient, otherPrimeInfos OPTIONAL }
/// (RFC 8017 §A.1.2); only version 0 (two-prime) is accepted.
result<rsa_private_key> read_rsa_private_key(der::cursor &c)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    const std::size_t version_offset = seq->offset();
    auto version = seq->read_small_unsigned_integer();
    if (!version) return version.err();
    if (*version == 1)
        return error(errc::key_multi_prime,
                     "this is a multi-prime RSA key (RSAPrivateKey version 1); only two-prime keys are supported",
                     version_offset);
    if (*version != 0)
        return error(errc::key_unsupported_version, "RSAPrivateKey version must be 0", version_offset);

    std::array<bytes_view, 8> numbers;
    std::array<std::size_t, 8> offsets{};
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        offsets[i] = seq->offset();
        auto v = seq->read_unsigned_integer();
        if (!v) return v.err();
        numbers[i] = *v;
    }
    if (seq->peek_tag(der::tag::sequence))
        return error(errc::key_multi_prime,
                     "this is a multi-prime RSA key (otherPrimeInfos present); only two-prime keys are supported",
                     seq->offset());
    TWOLEG_TRY(seq->expect_end());

    rsa_private_components parts;
    parts.modulus = numbers[0];
    parts.public_exponent = numbers[1];
    parts.private_exponent = numbers[2];
    parts.prime1 = numbers[3];
    parts.prime2 = numbers[4];
    parts.exponent1 = numbers[5];
    parts.exponent2 = numbers[6];
    parts.coefficient = numbers[7];
    auto key = rsa_private_key::from_components(parts);
    if (!key) {
        // Only the public checks get a position; the private ones stay vague.
        const errc code = key.err().code;
        if (code == errc::key_size_unsupported) return at_offset(key.err(), offsets[0]);
        if (code == errc::key_bad_public_exponent) return at_offset(key.err(), offsets[1]);
        return key.err();
    }
    return key;
}

/// Attributes ::= SET OF Attribute; Attribute ::= SEQUENCE { type OID, values SET OF ANY }
/// (RFC 5958 §2, carried here as [0] IMPLICIT). The values are not interpreted.
result<void> read_attributes(der::cursor &attributes)
{
    while (!attributes.empty()) {
        auto attribute = attributes.read_sequence();
        if (!attribute) return attribute.err();
        TWOLEG_TRY(attribute->read_oid());
        auto values = attribute->read_constructed(der::tag::set);
        if (!values) return values.err();
        while (!values->empty()) TWOLEG_TRY(values->read_element());
        TWOLEG_TRY(attribute->expect_end());
    }
    return {};
}

/// OneAsymmetricKey with rsaEncryption (RFC 5208 §5, RFC 5958 §2).
result<rsa_private_key> read_private_key_info(der::cursor &c, const input &in)
{
    return detail::read_one_asymmetric_key(
        c, in, read_rsa_algorithm, read_rsa_private_key, read_attributes,
        [](const rsa_private_key &key, bytes_view, der::cursor &point, std::size_t public_offset) -> result<void> {
            auto pub = read_rsa_public_key(point);
            if (!pub) return pub.err();
            TWOLEG_TRY(point.expect_end());
            if (pub->spki_der() != key.public_key().spki_der())
                return error(errc::key_inconsistent, "PrivateKeyInfo publicKey does not match the private key",
                             public_offset);
            return {};
        });
}

/// Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension;
/// Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
result<void> read_extensions(der::cursor &explicit_tag)
{
    auto list = explicit_tag.read_sequence();
    if (!list) return list.err();
    if (list->empty()) return error(errc::der_truncated, "certificate extensions must not be empty", list->offset());
    while (!list->empty()) {
        auto ext = list->read_sequence();
        if (!ext) return ext.err();
        TWOLEG_TRY(ext->read_oid());
        if (ext->peek_tag(der::tag::boolean)) TWOLEG_TRY(ext->read_element(der::tag::boolean));
        TWOLEG_TRY(ext->read_octet_string());
        TWOLEG_TRY(ext->expect_end());
    }
    TWOLEG_TRY(explicit_tag.expect_end());
    return {};
}

/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber INTEGER,
///   signature AlgorithmIdentifier, issuer Name, validity Validity, subject Name,
///   subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
///   subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT OPTIONAL }  (RFC 5280 §4.1)
/// Validity ::= SEQUENCE { notBefore Time, notAfter Time }  (RFC 5280 §4.1.2.5)
result<certificate_validity> read_validity(der::cursor &c)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    auto not_before = detail::read_x509_time(*seq);
    if (!not_before) return not_before.err();
    auto not_after = detail::read_x509_time(*seq);
    if (!not_after) return not_after.err();
    TWOLEG_TRY(seq->expect_end());
    return certificate_validity{*not_before, *not_after};
}

/// Only the public key and the validity are interpreted; the other fields are
/// checked for shape. `read_key` reads the subjectPublicKeyInfo (an RSA key, or
/// the element itself); the validity goes to `validity_out`.
template <class KeyReader>
auto read_tbs_certificate(der::cursor &c, const input &in, KeyReader read_key, certificate_validity &validity_out)
    -> decltype(read_key(c, in))
{
    auto tbs = c.read_sequence();
    if (!tbs) return tbs.err();
    if (tbs->peek_tag(der::tag::context_constructed(0))) {
        auto version_tag = tbs->read_constructed(der::tag::context_constructed(0));
        if (!version_tag) return version_tag.err();
        const std::size_t version_offset = version_tag->offset();
        auto version = version_tag->read_small_unsigned_integer();
        if (!version) return version.err();
        TWOLEG_TRY(version_tag->expect_end());
        // v1 is the DEFAULT and so must be omitted in DER (X.690 §11.5).
        if (*version != 1 && *version != 2)
            return error(errc::key_unsupported_version, "certificate version must be v2 or v3 when present",
                         version_offset);
    }
    auto serial = tbs->read_element(der::tag::integer);
    if (!serial) return serial.err();
    // Serial numbers are meant to be positive, but negative ones exist in the wild; only the encoding matters.
    TWOLEG_TRY(der::check_integer_encoding(serial->contents, serial->offset));
    TWOLEG_TRY(tbs->read_sequence());  // signature
    TWOLEG_TRY(tbs->read_sequence());  // issuer
    auto validity = read_validity(*tbs);
    if (!validity) return validity.err();
    TWOLEG_TRY(tbs->read_sequence());  // subject
    auto key = read_key(*tbs, in);
    if (!key) return key.err();
    if (tbs->peek_tag(der::tag::context_primitive(1))) TWOLEG_TRY(tbs->read_element(der::tag::context_primitive(1)));
    if (tbs->peek_tag(der::tag::context_primitive(2))) TWOLEG_TRY(tbs->read_element(der::tag::context_primitive(2)));
    if (tbs->peek_tag(der::tag::context_constructed(3))) {
        auto extensions = tbs->read_constructed(der::tag::context_constructed(3));
        if (!extensions) return extensions.err();
        TWOLEG_TRY(read_extensions(*extensions));
    }
    TWOLEG_TRY(tbs->expect_end());
    validity_out = *validity;
    return key;
}

/// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier,
///   signatureValue BIT STRING }  (RFC 5280 §4.1)
template <class KeyReader>
auto read_certificate(der::cursor &c, const input &in, KeyReader read_key, certificate_validity &validity_out)
    -> decltype(read_key(c, in))
{
    auto cert = c.read_sequence();
    if (!cert) return cert.err();
    auto contents = read_tbs_certificate(*cert, in, read_key, validity_out);
    if (!contents) return contents.err();
    TWOLEG_TRY(cert->read_sequence());
    TWOLEG_TRY(cert->read_bit_string_octets());
    TWOLEG_TRY(cert->expect_end());
    return contents;
}

using detail::parse_whole;

} // namespace

result<rsa_private_key> parse_pkcs1_private_key(bytes_view der)
{
    return parse_whole(der, [](der::cursor &c, const input &) { return read_rsa_private_key(c); });
}

result<rsa_private_key> parse_pkcs8_private_key(bytes_view der)
{
    return parse_whole(der, [](der::cursor &c, const input &in) { return read_private_key_info(c, in); });
}

result<rsa_public_key> parse_spki_public_key(bytes_view der)
{
    return parse_whole(der, [](der::cursor &c, const input &in) { return read_spki(c, in); });
}

result<rsa_public_key> parse_pkcs1_public_key(bytes_view der)
{
    return parse_whole(der, [](der::cursor &c, const input &) { return read_rsa_public_key(c); });
}

result<rsa_public_key> parse_certificate_public_key(bytes_view der)
{
    certificate_validity unused;
    return parse_whole(der, [&](der::cursor &c, const input &in) { return read_certificate(c, in, read_spki, unused); });
}

result<std::span<const std::uint8_t>> parse_certificate_spki(bytes_view der)
{
    auto spki_element = [](der::cursor &c, const input &in) -> result<bytes_view> {
        auto el = c.read_element(der::tag::sequence);
        if (!el) return el.err();
        return in.whole.subspan(el->offset, el->total_length());
    };
    certificate_validity unused;
    return parse_whole(der,
                       [&](der::cursor &c, const input &in) { return read_certificate(c, in, spki_element, unused); });
}

result<certificate_contents> parse_certificate(bytes_view der)
{
    certificate_validity validity;
    auto key = parse_whole(der, [&](der::cursor &c, const input &in) { return read_certificate(c, in, read_spki, validity); });
    if (!key) return key.err();
    return certificate_contents{std::move(*key), validity};
}

} // namespace twoleg
