// Implements twoleg/base64.hpp (RFC 4648 §4 base64, §5 base64url).
//
// PEM private keys pass through the decoder, so the mapping between 6-bit
// values and characters is computed with masks, not looked up in a table:
// no memory address and no branch depends on the (possibly secret) data of a
// well-formed input. Branches are taken only on conditions that either hold
// for every well-formed input or depend on public facts (length, alphabet),
// and each of them ends in an error.
#include "twoleg/base64.hpp"

namespace twoleg {

namespace {

enum class alphabet { standard, url };

// All-ones when a < b, zero otherwise, without branching (a, b < 2^31).
constexpr std::uint32_t mask_less(std::uint32_t a, std::uint32_t b) { return 0u - ((a - b) >> 31); }
constexpr std::uint32_t mask_in_range(std::uint32_t x, std::uint32_t lo, std::uint32_t hi)
{
    return ~mask_less(x, lo) & ~mask_less(hi, x);
}
constexpr std::uint32_t mask_equal(std::uint32_t x, std::uint32_t y) { return mask_in_range(x, y, y); }

constexpr char char_62(alphabet a) { return a == alphabet::standard ? '+' : '-'; }
constexpr char char_63(alphabet a) { return a == alphabet::standard ? '/' : '_'; }

// The character for a 6-bit value (RFC 4648 Table 1 / Table 2).
constexpr char encode_sextet(std::uint32_t v, alphabet a)
{
    const std::uint32_t c = (mask_in_range(v, 0, 25) & (v + 'A')) |
                            (mask_in_range(v, 26, 51) & (v - 26 + 'a')) |
                            (mask_in_range(v, 52, 61) & (v - 52 + '0')) |
                            (mask_equal(v, 62) & static_cast<std::uint32_t>(char_62(a))) |
                            (mask_equal(v, 63) & static_cast<std::uint32_t>(char_63(a)));
    return static_cast<char>(c);
}

// The 6-bit value of a character, or invalid_sextet if it is not in the alphabet.
constexpr std::uint32_t invalid_sextet = 0x100;
constexpr std::uint32_t decode_sextet(char ch, alphabet a)
{
    const std::uint32_t c = static_cast<unsigned char>(ch);
    const std::uint32_t upper = mask_in_range(c, 'A', 'Z');
    const std::uint32_t lower = mask_in_range(c, 'a', 'z');
    const std::uint32_t digit = mask_in_range(c, '0', '9');
    const std::uint32_t c62 = mask_equal(c, static_cast<unsigned char>(char_62(a)));
    const std::uint32_t c63 = mask_equal(c, static_cast<unsigned char>(char_63(a)));
    const std::uint32_t value = (upper & (c - 'A')) | (lower & (c - 'a' + 26)) | (digit & (c - '0' + 52)) |
                                (c62 & 62u) | (c63 & 63u);
    const std::uint32_t valid = upper | lower | digit | c62 | c63;
    return value | (~valid & invalid_sextet);
}

std::string encode(std::span<const std::uint8_t> data, alphabet a, bool pad)
{
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const std::uint32_t group = std::uint32_t{data[i]} << 16 | std::uint32_t{data[i + 1]} << 8 | data[i + 2];
        out += encode_sextet(group >> 18, a);
        out += encode_sextet((group >> 12) & 63, a);
        out += encode_sextet((group >> 6) & 63, a);
        out += encode_sextet(group & 63, a);
    }
    const std::size_t rest = data.size() - i;
    if (rest == 1) {
        const std::uint32_t group = std::uint32_t{data[i]} << 16;
        out += encode_sextet(group >> 18, a);
        out += encode_sextet((group >> 12) & 63, a);
        if (pad) out += "==";
    } else if (rest == 2) {
        const std::uint32_t group = std::uint32_t{data[i]} << 16 | std::uint32_t{data[i + 1]} << 8;
        out += encode_sextet(group >> 18, a);
        out += encode_sextet((group >> 12) & 63, a);
        out += encode_sextet((group >> 6) & 63, a);
        if (pad) out += '=';
    }
    return out;
}

// Decodes `text`, whose structure (padding, length) the caller has already
// checked: `data_chars` alphabet characters, of which the count mod 4 is not 1.
result<std::vector<std::uint8_t>> decode_checked(std::string_view text, std::size_t data_chars, alphabet a)
{
    std::vector<std::uint8_t> out;
    out.reserve(data_chars / 4 * 3 + 2);
    std::uint32_t group = 0;
    for (std::size_t i = 0; i < data_chars; ++i) {
        const std::uint32_t v = decode_sextet(text[i], a);
        if (v & invalid_sextet) return error(errc::base64_bad_character, nullptr, i);
        group = group << 6 | v;
        if (i % 4 == 3) {
            out.push_back(static_cast<std::uint8_t>(group >> 16));
            out.push_back(static_cast<std::uint8_t>(group >> 8));
            out.push_back(static_cast<std::uint8_t>(group));
            group = 0;
        }
    }
    // A final group of 2 characters carries 12 bits for one byte, of 3
    // characters 18 bits for two bytes; the unused low bits must be zero
    // (RFC 4648 §3.5), or several texts would decode to the same bytes.
    switch (data_chars % 4) {
    case 2:
        if (group & 0x0f)
            return error(errc::base64_non_canonical, "base64: unused trailing bits are not zero", data_chars - 1);
        out.push_back(static_cast<std::uint8_t>(group >> 4));
        break;
    case 3:
        if (group & 0x03)
            return error(errc::base64_non_canonical, "base64: unused trailing bits are not zero", data_chars - 1);
        out.push_back(static_cast<std::uint8_t>(group >> 10));
        out.push_back(static_cast<std::uint8_t>(group >> 2));
        break;
    default: break;
    }
    return out;
}

error impossible_length(std::size_t size)
{
    // One character carries only 6 bits: not a whole byte.
    return error(errc::base64_non_canonical, "base64: length is 1 more than a multiple of 4", size - 1);
}

} // namespace

std::string base64_encode(std::span<const std::uint8_t> data) { return encode(data, alphabet::standard, true); }

std::string base64url_encode(std::span<const std::uint8_t> data) { return encode(data, alphabet::url, false); }

result<std::vector<std::uint8_t>> base64_decode(std::string_view text)
{
    const std::size_t n = text.size();
    // Padding is legal only as one or two '=' that end a text whose length
    // is a multiple of 4. Characters are checked in order, so the first
    // offending character is reported.
    std::size_t data_chars = n;
    for (std::size_t i = 0; i < n; ++i) {
        if (text[i] != '=') {
            if (decode_sextet(text[i], alphabet::standard) & invalid_sextet)
                return error(errc::base64_bad_character, nullptr, i);
            continue;
        }
        const bool only_padding_follows = text.find_first_not_of('=', i) == std::string_view::npos;
        if (n % 4 != 0 || i + 2 < n || !only_padding_follows)
            return error(errc::base64_bad_padding, "base64: '=' where no padding may be", i);
        data_chars = i;
        break;
    }
    if (n % 4 == 1) return impossible_length(n);
    if (n % 4 != 0) return error(errc::base64_bad_padding, "base64: missing '=' padding at the end", n);
    return decode_checked(text, data_chars, alphabet::standard);
}

result<std::vector<std::uint8_t>> base64url_decode(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i)
        if (decode_sextet(text[i], alphabet::url) & invalid_sextet)
            return error(errc::base64_bad_character,
                         text[i] == '=' ? "base64url: padding '=' is not allowed" : nullptr, i);
    if (text.size() % 4 == 1) return impossible_length(text.size());
    return decode_checked(text, text.size(), alphabet::url);
}

} // namespace twoleg
