// Implements twoleg/ec_key_formats.hpp: P-256 key structures read with der::cursor.
//
// As in key_formats.cpp, readers take a cursor positioned at a structure and
// advance past it; offsets stay absolute in the caller's input, also inside
// OCTET STRINGs and BIT STRINGs.
#include "twoleg/ec_key_formats.hpp"

#include <array>
#include <optional>

#include "core/wipe.hpp"
#include "keys/algorithm_identifier.hpp"
#include "keys/one_asymmetric_key.hpp"
#include "twoleg/der.hpp"
#include "twoleg/der_writer.hpp"
#include "twoleg/key_formats.hpp"
#include "twoleg/oid.hpp"

namespace twoleg {

namespace {

using bytes_view = std::span<const std::uint8_t>;

using input = detail::key_input;
using detail::at_offset;

// Named curves people meet, to say which one a key uses (SEC 2, RFC 5639, RFC 5480).
struct named_curve {
    std::array<std::uint8_t, 9> octets;
    std::size_t size;
    const char *detail;
};
constexpr named_curve other_curves[] = {
    {{0x2b, 0x81, 0x04, 0x00, 0x22}, 5, "this is a P-384 (secp384r1) key; only P-256 is supported"},
    {{0x2b, 0x81, 0x04, 0x00, 0x23}, 5, "this is a P-521 (secp521r1) key; only P-256 is supported"},
    {{0x2b, 0x81, 0x04, 0x00, 0x0a}, 5, "this is a secp256k1 key; only P-256 (prime256v1) is supported"},
    {{0x2b, 0x81, 0x04, 0x00, 0x21}, 5, "this is a P-224 (secp224r1) key; only P-256 is supported"},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01}, 8, "this is a P-192 (prime192v1) key; only P-256 is supported"},
};
// 1.3.36.3.3.2.8.1.1: the brainpool curves (RFC 5639).
constexpr std::array<std::uint8_t, 8> brainpool_arc{0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01};

const char *other_curve_detail(bytes_view oid) noexcept
{
    for (const auto &c : other_curves)
        if (oid.size() == c.size && std::equal(oid.begin(), oid.end(), c.octets.begin())) return c.detail;
    if (oid_is_under(oid, brainpool_arc)) return "this is a brainpool curve key; only P-256 is supported";
    return "unsupported elliptic curve: only P-256 (prime256v1, 1.2.840.10045.3.1.7) is supported";
}

/// ECParameters ::= CHOICE { namedCurve OID, implicitCurve NULL, specifiedCurve SpecifiedECDomain }
/// (RFC 5480 §2.1.1, RFC 5915 §3): prime256v1 only.
result<void> read_ec_parameters(der::cursor &c)
{
    const std::size_t offset = c.offset();
    if (c.peek_tag(der::tag::sequence))
        return error(errc::key_unsupported_curve,
                     "EC key with explicit parameters (specifiedCurve); only the named curve P-256 is supported",
                     offset);
    if (c.peek_tag(der::tag::null))
        return error(errc::key_unsupported_curve, "EC key with implicit parameters (implicitCurve NULL); "
                     "only the named curve P-256 is supported", offset);
    auto oid = c.read_oid();
    if (!oid) return oid.err();
    if (!oid_is(*oid, oid::prime256v1)) return error(errc::key_unsupported_curve, other_curve_detail(*oid), offset);
    return {};
}

/// AlgorithmIdentifier { id-ecPublicKey, ECParameters }.
result<void> read_ec_algorithm(der::cursor &c)
{
    auto id = detail::read_algorithm_identifier(c);
    if (!id) return id.err();
    auto &[seq, oid, oid_offset] = *id;
    if (!oid_is(oid, oid::ec_public_key))
        return error(errc::key_unsupported_algorithm, "not an EC key (id-ecPublicKey, 1.2.840.10045.2.1)", oid_offset);
    if (seq.empty())
        return error(errc::key_unsupported_curve, "id-ecPublicKey without parameters: the curve is not named",
                     seq.offset());
    TWOLEG_TRY(read_ec_parameters(seq));
    TWOLEG_TRY(seq.expect_end());
    return {};
}

result<ec_public_key> point_at(bytes_view encoded, std::size_t offset)
{
    auto k = ec_public_key::from_sec1_point(encoded);
    if (!k) return at_offset(k.err(), offset);
    return k;
}

/// ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) }, privateKey OCTET STRING,
///   parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }  (RFC 5915 §3)
result<ec_private_key> read_ec_private_key(der::cursor &c, const input &in)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    const std::size_t version_offset = seq->offset();
    auto version = seq->read_small_unsigned_integer();
    if (!version) return version.err();
    if (*version != 1)
        return error(errc::key_unsupported_version, "ECPrivateKey version must be 1 (RFC 5915)", version_offset);
    const std::size_t d_offset = seq->offset();
    auto d = seq->read_octet_string();
    if (!d) return d.err();
    // The curve first: a P-384 key should be called one, not a bad P-256 scalar.
    if (seq->peek_tag(der::tag::context_constructed(0))) {
        auto params = seq->read_constructed(der::tag::context_constructed(0));
        if (!params) return params.err();
        TWOLEG_TRY(read_ec_parameters(*params));
        TWOLEG_TRY(params->expect_end());
    }
    if (d->size() != 32)
        return error(errc::key_bad_private_scalar, "ECPrivateKey privateKey must be 32 octets for P-256", d_offset);
    std::optional<ec_public_key> stored;
    std::size_t public_offset = 0;
    if (seq->peek_tag(der::tag::context_constructed(1))) {
        auto pub = seq->read_constructed(der::tag::context_constructed(1));
        if (!pub) return pub.err();
        public_offset = pub->offset();
        auto bits = pub->read_bit_string_octets();
        if (!bits) return bits.err();
        TWOLEG_TRY(pub->expect_end());
        auto point = point_at(*bits, public_offset);
        if (!point) return point.err();
        stored = *point;
    }
    TWOLEG_TRY(seq->expect_end());
    (void)in;
    auto key = ec_private_key::from_scalar(*d, stored ? &*stored : nullptr);
    if (!key) {
        if (key.err().code == errc::key_inconsistent) return at_offset(key.err(), public_offset);
        return key.err();  // d's range: no position (a secret value)
    }
    return key;
}

/// OneAsymmetricKey with id-ecPublicKey (RFC 5208 §5, RFC 5958 §2, RFC 5915 §3).
result<ec_private_key> read_private_key_info(der::cursor &c, const input &in)
{
    return detail::read_one_asymmetric_key(
        c, in, read_ec_algorithm, [&](der::cursor &inner) { return read_ec_private_key(inner, in); },
        [](der::cursor &attributes) -> result<void> {
            while (!attributes.empty()) TWOLEG_TRY(attributes.read_sequence());
            return {};
        },
        [](const ec_private_key &key, bytes_view bits, der::cursor &, std::size_t public_offset) -> result<void> {
            auto point = point_at(bits, public_offset);
            if (!point) return point.err();
            if (point->montgomery_coordinates() != key.public_key().montgomery_coordinates())
                return error(errc::key_inconsistent, "PrivateKeyInfo publicKey is not d*G", public_offset);
            return {};
        });
}

/// SubjectPublicKeyInfo { AlgorithmIdentifier { id-ecPublicKey, ECParameters }, BIT STRING ECPoint }
result<ec_public_key> read_spki(der::cursor &c, const input &)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    TWOLEG_TRY(read_ec_algorithm(*seq));
    const std::size_t point_offset = seq->offset();
    auto bits = seq->read_bit_string_octets();
    if (!bits) return bits.err();
    TWOLEG_TRY(seq->expect_end());
    return point_at(*bits, point_offset);
}

using detail::parse_whole;

/// The algorithm OID of an AlgorithmIdentifier at the cursor, if readable.
bool algorithm_is_ec(der::cursor c) noexcept
{
    auto alg = c.read_sequence();
    if (!alg) return false;
    auto oid = alg->read_oid();
    return oid && oid_is(*oid, oid::ec_public_key);
}

} // namespace

result<ec_private_key> parse_sec1_ec_private_key(bytes_view der)
{
    return parse_whole(der, [](der::cursor &c, const input &in) { return read_ec_private_key(c, in); });
}

result<ec_private_key> parse_pkcs8_ec_private_key(bytes_view der)
{
    return parse_whole(der, [](der::cursor &c, const input &in) { return read_private_key_info(c, in); });
}

result<ec_public_key> parse_spki_ec_public_key(bytes_view der)
{
    return parse_whole(der, [](der::cursor &c, const input &in) { return read_spki(c, in); });
}

result<ec_public_key> parse_certificate_ec_public_key(bytes_view der)
{
    auto spki = parse_certificate_spki(der);
    if (!spki) return spki.err();
    const input in{der};
    der::cursor c = in.inside(*spki, 2);
    auto key = read_spki(c, in);
    if (!key) return key.err();
    TWOLEG_TRY(c.expect_end());
    return key;
}

result<void> parse_ec_parameters(bytes_view der)
{
    der::cursor c(der);
    TWOLEG_TRY(read_ec_parameters(c));
    TWOLEG_TRY(c.expect_end());
    return {};
}

bool pkcs8_names_ec_key(bytes_view der) noexcept
{
    der::cursor top(der);
    auto seq = top.read_sequence();
    if (!seq || !seq->read_element(der::tag::integer)) return false;
    return algorithm_is_ec(*seq);
}

bool spki_names_ec_key(bytes_view der) noexcept
{
    der::cursor top(der);
    auto seq = top.read_sequence();
    return seq && algorithm_is_ec(*seq);
}

bool certificate_names_ec_key(bytes_view der) noexcept
{
    auto spki = parse_certificate_spki(der);
    return spki && spki_names_ec_key(*spki);
}

std::vector<std::uint8_t> ec_private_key_to_pkcs8_der(const ec_private_key &key)
{
    std::vector<std::uint8_t> inner;
    {
        der::writer w(inner);
        auto seq = w.begin(der::tag::sequence);
        w.add_small_unsigned_integer(1);
        std::array<std::uint8_t, 32> d = key.scalar_bytes();
        w.add_octet_string(d);
        detail::secure_wipe(d.data(), d.size());
        auto pub = w.begin(der::tag::context_constructed(1));
        w.add_bit_string(key.public_key().uncompressed_point());
        w.end(pub);
        w.end(seq);
    }
    std::vector<std::uint8_t> out;
    {
        der::writer w(out);
        auto seq = w.begin(der::tag::sequence);
        w.add_small_unsigned_integer(0);
        auto alg = w.begin(der::tag::sequence);
        w.add_oid(oid::ec_public_key);
        w.add_oid(oid::prime256v1);
        w.end(alg);
        w.add_octet_string(inner);
        w.end(seq);
    }
    detail::secure_wipe(inner);
    return out;
}

} // namespace twoleg
