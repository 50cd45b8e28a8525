// Implements twoleg/asn1_dump.hpp: a strict, printable walk of a DER document.
//
// The document must be exactly one element. Constructed elements are entered
// (at most der::max_depth levels, so the recursion here is bounded); the
// contents of primitive elements are checked by the rules DER gives their type
// (INTEGER/ENUMERATED minimal, OBJECT IDENTIFIER well formed, NULL empty,
// BOOLEAN 0x00 or 0xFF, BIT STRING with at most 7 unused bits that are zero)
// and shown briefly. Errors carry the absolute offset of the offending element.
#include "twoleg/asn1_dump.hpp"

#include <array>
#include <cstdio>
#include <string_view>
#include <vector>

#include "twoleg/der.hpp"

namespace twoleg {

namespace {

std::string_view tag_name(std::uint8_t id, std::array<char, 32> &buf) noexcept
{
    const unsigned number = id & 0x1fu;
    switch (id & 0xc0) {
    case 0x00:
        switch (number) {
        case 1: return "BOOLEAN";
        case 2: return "INTEGER";
        case 3: return "BIT STRING";
        case 4: return "OCTET STRING";
        case 5: return "NULL";
        case 6: return "OBJECT IDENTIFIER";
        case 7: return "ObjectDescriptor";
        case 8: return "EXTERNAL";
        case 9: return "REAL";
        case 10: return "ENUMERATED";
        case 11: return "EMBEDDED PDV";
        case 12: return "UTF8String";
        case 13: return "RELATIVE-OID";
        case 16: return "SEQUENCE";
        case 17: return "SET";
        case 18: return "NumericString";
        case 19: return "PrintableString";
        case 20: return "T61String";
        case 21: return "VideotexString";
        case 22: return "IA5String";
        case 23: return "UTCTime";
        case 24: return "GeneralizedTime";
        case 25: return "GraphicString";
        case 26: return "VisibleString";
        case 27: return "GeneralString";
        case 28: return "UniversalString";
        case 29: return "CHARACTER STRING";
        case 30: return "BMPString";
        default: std::snprintf(buf.data(), buf.size(), "[UNIVERSAL %u]", number); break;
        }
        break;
    case 0x40: std::snprintf(buf.data(), buf.size(), "[APPLICATION %u]", number); break;
    case 0x80: std::snprintf(buf.data(), buf.size(), "[%u]", number); break;
    default: std::snprintf(buf.data(), buf.size(), "[PRIVATE %u]", number); break;
    }
    return buf.data();
}

bool is_text_type(std::uint8_t id) noexcept
{
    switch (id) {
    case 0x0c: case 0x12: case 0x13: case 0x14: case 0x15: case 0x16: case 0x17: case 0x18:
    case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1e:
        return true;
    default:
        return false;
    }
}

constexpr char hex_digits[] = "0123456789abcdef";

void append_hex(std::string &out, std::span<const std::uint8_t> bytes)
{
    for (std::uint8_t b : bytes) {
        out += hex_digits[b >> 4];
        out += hex_digits[b & 15];
    }
}

/// Printable ASCII as is (backslash doubled), anything else as \xNN; long
/// texts are cut after 64 octets.
void append_text(std::string &out, std::span<const std::uint8_t> bytes)
{
    constexpr std::size_t shown = 64;
    const auto part = bytes.first(bytes.size() < shown ? bytes.size() : shown);
    for (std::uint8_t b : part) {
        if (b == '\\') {
            out += "\\\\";
        } else if (b >= 0x20 && b < 0x7f) {
            out += static_cast<char>(b);
        } else {
            out += "\\x";
            out += hex_digits[b >> 4];
            out += hex_digits[b & 15];
        }
    }
    if (part.size() < bytes.size()) out += "...";
}

/// INTEGER contents (already checked minimal) as 0x<magnitude> (<bits> bits),
/// with '-' for negative numbers; magnitudes above 16 octets are abbreviated.
void append_integer(std::string &out, std::span<const std::uint8_t> c)
{
    const bool negative = (c[0] & 0x80) != 0;
    std::vector<std::uint8_t> magnitude(c.begin(), c.end());
    if (negative) {  // two's complement: invert and add one
        for (auto &b : magnitude) b = static_cast<std::uint8_t>(~b);
        for (std::size_t i = magnitude.size(); i-- > 0;)
            if (++magnitude[i] != 0) break;
    }
    std::size_t skip = 0;
    while (skip + 1 < magnitude.size() && magnitude[skip] == 0) ++skip;
    std::span<const std::uint8_t> m(magnitude.data() + skip, magnitude.size() - skip);
    std::size_t bits = 0;
    if (m[0] != 0) {
        bits = 8 * (m.size() - 1);
        for (unsigned top = m[0]; top; top >>= 1) ++bits;
    }
    if (negative) out += '-';
    out += "0x";
    if (m.size() <= 16) {
        append_hex(out, m);
    } else {
        append_hex(out, m.first(8));
        out += "...";
        append_hex(out, m.last(4));
    }
    out += " (";
    out += std::to_string(bits);
    out += " bits)";
}

/// Checks the contents of a primitive element by its type's DER rules and
/// appends ": <value>" when there is something short to show.
result<void> append_primitive(std::string &out, const der::element &el)
{
    const auto c = el.contents;
    switch (el.tag) {
    case der::tag::boolean:
        if (c.size() != 1 || (c[0] != 0x00 && c[0] != 0xff))
            return error(errc::der_non_minimal_integer, "DER: BOOLEAN must be one octet, 0x00 or 0xFF", el.offset);
        out += c[0] ? ": TRUE" : ": FALSE";
        return {};
    case der::tag::integer:
    case 0x0a:  // ENUMERATED is encoded as an INTEGER (X.690 §8.4)
        TWOLEG_TRY(der::check_integer_encoding(c, el.offset));
        out += ": ";
        append_integer(out, c);
        return {};
    case der::tag::bit_string: {
        if (c.empty())
            return error(errc::der_bad_bit_string, "DER: BIT STRING has no unused-bits octet", el.offset);
        const unsigned unused = c[0];
        if (unused > 7 || (unused != 0 && c.size() == 1))
            return error(errc::der_bad_bit_string, "DER: BIT STRING has an impossible unused-bits count", el.offset);
        if (unused != 0 && (c.back() & ((1u << unused) - 1)) != 0)
            return error(errc::der_bad_bit_string, "DER: BIT STRING unused bits are not zero (X.690 §11.2.1)",
                         el.offset);
        out += ": ";
        out += std::to_string(8 * (c.size() - 1) - unused);
        out += " bits";
        return {};
    }
    case der::tag::octet_string:
        out += ": ";
        out += std::to_string(c.size());
        out += " bytes";
        return {};
    case der::tag::null:
        if (!c.empty()) return error(errc::der_bad_null, nullptr, el.offset);
        return {};
    case der::tag::oid: {
        if (const char *problem = oid_encoding_problem(c)) return error(errc::der_bad_oid, problem, el.offset);
        out += ": ";
        out += oid_to_string(c);
        if (const char *name = oid_name(c)) {
            out += " (";
            out += name;
            out += ')';
        }
        return {};
    }
    default:
        out += ": ";
        if (is_text_type(el.tag)) {
            append_text(out, c);
        } else {
            out += std::to_string(c.size());
            out += " bytes";
        }
        return {};
    }
}

void append_line(std::string &out, const der::element &el, unsigned depth)
{
    char head[96];
    std::snprintf(head, sizeof head, "%5zu:d=%-2u hl=%zu l=%4zu ", el.offset, depth, el.header_length,
                  el.contents.size());
    out += head;
    out.append(2 * std::size_t{depth}, ' ');
    std::array<char, 32> buf{};
    out += tag_name(el.tag, buf);
}

result<void> dump_level(der::cursor &level, std::string &out)
{
    while (!level.empty()) {
        auto el = level.read_element();
        if (!el) return el.err();
        append_line(out, *el, level.depth());
        if (el->constructed()) {
            if (level.depth() >= der::max_depth) return error(errc::der_too_deep, nullptr, el->offset);
            out += '\n';
            der::cursor child(el->contents, el->offset + el->header_length, level.depth() + 1);
            TWOLEG_TRY(dump_level(child, out));
        } else {
            TWOLEG_TRY(append_primitive(out, *el));
            out += '\n';
        }
    }
    return {};
}

} // namespace

result<std::string> asn1_dump(std::span<const std::uint8_t> der)
{
    std::string out;
    der::cursor top(der);
    // Exactly one top-level element: its tree first, then nothing after it.
    auto first = top.read_element();
    if (!first) return first.err();
    der::cursor document(der.first(first->total_length()));
    TWOLEG_TRY(dump_level(document, out));
    TWOLEG_TRY(top.expect_end());
    return out;
}

} // namespace twoleg
