// Implements twoleg/der.hpp: strict DER (X.690 §8.1 and §10), one TLV at a time.
//
// Offsets in errors: problems with the length octets point at the first
// length octet; a truncated element, a wrong or malformed identifier, and
// malformed contents point at the element's identifier octet; trailing data
// points at the first extra byte. Every read works on local copies and only
// commits to the cursor once the whole element has been accepted, so a failed
// read leaves the cursor unchanged.
#include "twoleg/der.hpp"

#include "twoleg/oid.hpp"

namespace twoleg::der {

namespace {

constexpr std::uint8_t class_mask = 0xc0;
constexpr std::uint8_t constructed_bit = 0x20;
constexpr std::uint8_t number_mask = 0x1f;

/// Universal types whose encoding is constructed by definition (X.690 §8.9-8.12,
/// §8.18, §8.19, §8.21.5): SEQUENCE, SET, EXTERNAL, EMBEDDED PDV, CHARACTER STRING.
/// Every other universal type must use the primitive form in DER (§10.2).
constexpr bool universal_is_constructed(std::uint8_t number) noexcept
{
    return number == 16 || number == 17 || number == 8 || number == 11 || number == 29;
}

const char *expected_tag_detail(std::uint8_t t) noexcept
{
    switch (t) {
    case tag::boolean: return "DER: expected a BOOLEAN";
    case tag::integer: return "DER: expected an INTEGER";
    case tag::bit_string: return "DER: expected a BIT STRING";
    case tag::octet_string: return "DER: expected an OCTET STRING";
    case tag::null: return "DER: expected a NULL";
    case tag::oid: return "DER: expected an OBJECT IDENTIFIER";
    case tag::sequence: return "DER: expected a SEQUENCE";
    case tag::set: return "DER: expected a SET";
    case tag::context_constructed(0): return "DER: expected a [0] constructed element";
    case tag::context_constructed(1): return "DER: expected a [1] constructed element";
    case tag::context_constructed(3): return "DER: expected a [3] constructed element";
    default: return nullptr;
    }
}

} // namespace

result<element> cursor::read_element() noexcept
{
    const std::size_t avail = data_.size();
    if (avail == 0) return error(errc::der_truncated, "DER: expected an element, found the end of the data", base_);

    const std::uint8_t id = data_[0];
    if ((id & number_mask) == number_mask) return error(errc::der_high_tag_number, nullptr, base_);
    if ((id & class_mask) == 0) {
        const std::uint8_t number = id & number_mask;
        if (number == 0)
            return error(errc::der_unexpected_tag, "DER: end-of-contents octets (tag 0) do not exist in DER", base_);
        const bool is_constructed = (id & constructed_bit) != 0;
        if (is_constructed != universal_is_constructed(number))
            return error(errc::der_unexpected_tag,
                         is_constructed ? "DER: constructed form of a type that DER encodes as primitive"
                                        : "DER: primitive form of a type that is always constructed",
                         base_);
    }

    if (avail < 2) return error(errc::der_truncated, "DER: element truncated in its length octets", base_);
    const std::size_t length_offset = base_ + 1;
    const std::uint8_t first = data_[1];
    std::size_t header = 2;
    std::uint64_t length = first;
    if (first & 0x80) {
        const unsigned count = first & 0x7fu;
        if (count == 0) return error(errc::der_indefinite_length, nullptr, length_offset);
        if (count > 4) return error(errc::der_length_too_long, nullptr, length_offset);
        if (avail < 2 + std::size_t{count})
            return error(errc::der_truncated, "DER: element truncated in its length octets", base_);
        if (data_[2] == 0)
            return error(errc::der_non_minimal_length, "DER: length octets start with a zero octet", length_offset);
        length = 0;
        for (unsigned i = 0; i < count; ++i) length = (length << 8) | data_[2 + i];
        if (length < 0x80)
            return error(errc::der_non_minimal_length, "DER: long-form length for a length below 128", length_offset);
        header = 2 + count;
    }
    // header <= 6 <= avail here, so the subtraction cannot wrap; comparing in
    // 64 bits keeps a 4-octet length from overflowing a 32-bit size_t.
    if (length > static_cast<std::uint64_t>(avail - header))
        return error(errc::der_truncated, "DER: element length exceeds the data that remains", base_);

    element el;
    el.tag = id;
    el.offset = base_;
    el.header_length = header;
    el.contents = data_.subspan(header, static_cast<std::size_t>(length));
    const std::size_t total = el.total_length();
    data_ = data_.subspan(total);
    base_ += total;
    return el;
}

result<element> cursor::read_element(std::uint8_t t) noexcept
{
    cursor probe = *this;
    auto el = probe.read_element();
    if (!el) return el.err();
    if (el->tag != t) return error(errc::der_unexpected_tag, expected_tag_detail(t), el->offset);
    *this = probe;
    return el;
}

result<cursor> cursor::read_constructed(std::uint8_t t) noexcept
{
    if ((t & constructed_bit) == 0)
        return error(errc::invalid_argument, "der::cursor::read_constructed needs a constructed tag");
    cursor probe = *this;
    auto el = probe.read_element(t);
    if (!el) return el.err();
    if (depth_ >= max_depth) return error(errc::der_too_deep, nullptr, el->offset);
    *this = probe;
    return cursor(el->contents, el->offset + el->header_length, depth_ + 1);
}

result<void> check_integer_encoding(std::span<const std::uint8_t> contents, std::size_t offset) noexcept
{
    if (contents.empty()) return error(errc::der_empty_integer, nullptr, offset);
    if (contents.size() >= 2) {
        const bool redundant_zero = contents[0] == 0x00 && (contents[1] & 0x80) == 0;
        const bool redundant_ones = contents[0] == 0xff && (contents[1] & 0x80) != 0;
        if (redundant_zero || redundant_ones) return error(errc::der_non_minimal_integer, nullptr, offset);
    }
    return {};
}

result<std::span<const std::uint8_t>> cursor::read_unsigned_integer() noexcept
{
    cursor probe = *this;
    auto el = probe.read_element(tag::integer);
    if (!el) return el.err();
    auto c = el->contents;
    if (auto ok = check_integer_encoding(c, el->offset); !ok) return ok.err();
    if (c[0] & 0x80) return error(errc::der_negative_integer, nullptr, el->offset);
    *this = probe;
    return c[0] == 0 ? c.subspan(1) : c;
}

result<std::uint64_t> cursor::read_small_unsigned_integer() noexcept
{
    cursor probe = *this;
    auto magnitude = probe.read_unsigned_integer();
    if (!magnitude) return magnitude.err();
    if (magnitude->size() > 8)
        return error(errc::der_integer_too_large, "DER: INTEGER does not fit in 64 bits", offset());
    std::uint64_t v = 0;
    for (std::uint8_t b : *magnitude) v = (v << 8) | b;
    *this = probe;
    return v;
}

result<std::span<const std::uint8_t>> cursor::read_oid() noexcept
{
    cursor probe = *this;
    auto el = probe.read_element(tag::oid);
    if (!el) return el.err();
    const auto c = el->contents;
    if (const char *problem = oid_encoding_problem(c)) return error(errc::der_bad_oid, problem, el->offset);
    *this = probe;
    return c;
}

result<void> cursor::read_null() noexcept
{
    cursor probe = *this;
    auto el = probe.read_element(tag::null);
    if (!el) return el.err();
    if (!el->contents.empty()) return error(errc::der_bad_null, nullptr, el->offset);
    *this = probe;
    return {};
}

result<std::span<const std::uint8_t>> cursor::read_octet_string() noexcept
{
    auto el = read_element(tag::octet_string);
    if (!el) return el.err();
    return el->contents;
}

result<std::span<const std::uint8_t>> cursor::read_bit_string_octets() noexcept
{
    cursor probe = *this;
    auto el = probe.read_element(tag::bit_string);
    if (!el) return el.err();
    auto c = el->contents;
    if (c.empty())
        return error(errc::der_bad_bit_string, "DER: BIT STRING has no unused-bits octet", el->offset);
    if (c[0] != 0)
        return error(errc::der_bad_bit_string, "DER: BIT STRING has unused bits where whole octets are required",
                     el->offset);
    *this = probe;
    return c.subspan(1);
}

result<void> cursor::expect_end() const noexcept
{
    if (!data_.empty()) return error(errc::der_trailing_data, nullptr, base_);
    return {};
}

} // namespace twoleg::der
