// Internal: the PKCS#8 / RFC 5958 OneAsymmetricKey envelope and the
// whole-input wrapper, written once for every key type (RSA in
// key_formats.cpp, P-256 in ec_key_formats.cpp). The key type supplies its
// AlgorithmIdentifier check, its inner privateKey reader, its attribute
// reader and the check of an embedded publicKey [1].
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "twoleg/der.hpp"
#include "twoleg/error.hpp"

namespace twoleg::detail {

/// The input being parsed: turns a span found inside it into a cursor whose
/// offsets stay absolute.
struct key_input {
    std::span<const std::uint8_t> whole;
    der::cursor inside(std::span<const std::uint8_t> part, unsigned depth) const noexcept
    {
        const auto base = static_cast<std::size_t>(part.data() - whole.data());
        return der::cursor(part, base, depth);
    }
};

/// Runs reader(cursor, input) over the whole input and requires that nothing follows.
template <class Reader>
auto parse_whole(std::span<const std::uint8_t> der, Reader reader)
    -> decltype(reader(std::declval<der::cursor &>(), key_input{}))
{
    const key_input in{der};
    der::cursor c(der);
    auto key = reader(c, in);
    if (!key) return key.err();
    TWOLEG_TRY(c.expect_end());
    return key;
}

/// Gives an error an offset if it has none.
inline error at_offset(error e, std::size_t offset) noexcept
{
    if (!e.has_offset()) e.offset = offset;
    return e;
}

/// OneAsymmetricKey ::= SEQUENCE { version (v1 = 0, v2 = 1), privateKeyAlgorithm,
///   privateKey OCTET STRING, attributes [0] IMPLICIT OPTIONAL,
///   publicKey [1] IMPLICIT BIT STRING OPTIONAL (v2 only) }   (RFC 5208 §5, RFC 5958 §2)
///
/// read_algorithm(der::cursor &) -> result<void>
/// read_key(der::cursor &inner) -> result<Key>    (inner: the privateKey contents)
/// read_attributes(der::cursor &attributes) -> result<void>
/// check_public(const Key &, bits, der::cursor &point, std::size_t offset) -> result<void>
///     (bits: the publicKey bits after the zero unused-bits octet; point: a cursor over them;
///     offset: the [1] element)
template <class ReadAlgorithm, class ReadKey, class ReadAttributes, class CheckPublic>
auto read_one_asymmetric_key(der::cursor &c, const key_input &in, ReadAlgorithm read_algorithm, ReadKey read_key,
                             ReadAttributes read_attributes, CheckPublic check_public)
    -> decltype(read_key(std::declval<der::cursor &>()))
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    const std::size_t version_offset = seq->offset();
    auto version = seq->read_small_unsigned_integer();
    if (!version) return version.err();
    if (*version > 1)
        return error(errc::key_unsupported_version, "PrivateKeyInfo version must be 0 or 1 (RFC 5958)",
                     version_offset);
    TWOLEG_TRY(read_algorithm(*seq));
    auto octets = seq->read_octet_string();
    if (!octets) return octets.err();

    der::cursor inner = in.inside(*octets, seq->depth() + 1);
    auto key = read_key(inner);
    if (!key) return key.err();
    TWOLEG_TRY(inner.expect_end());

    if (seq->peek_tag(der::tag::context_constructed(0))) {
        auto attributes = seq->read_constructed(der::tag::context_constructed(0));
        if (!attributes) return attributes.err();
        TWOLEG_TRY(read_attributes(*attributes));
    }
    if (seq->peek_tag(der::tag::context_primitive(1))) {
        const std::size_t public_offset = seq->offset();
        if (*version != 1)
            return error(errc::key_unsupported_version, "PrivateKeyInfo version 0 cannot carry a publicKey [1]",
                         public_offset);
        auto el = seq->read_element(der::tag::context_primitive(1));
        if (!el) return el.err();
        if (el->contents.empty() || el->contents[0] != 0)
            return error(errc::der_bad_bit_string, "DER: publicKey BIT STRING must have zero unused bits",
                         public_offset);
        const auto bits = el->contents.subspan(1);
        der::cursor point = in.inside(bits, seq->depth() + 1);
        TWOLEG_TRY(check_public(*key, bits, point, public_offset));
    }
    TWOLEG_TRY(seq->expect_end());
    return key;
}

} // namespace twoleg::detail
