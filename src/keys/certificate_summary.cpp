// Implements keys/certificate_summary.hpp.
#include "keys/certificate_summary.hpp"

#include <algorithm>
#include <array>

#include "twoleg/der.hpp"
#include "twoleg/oid.hpp"

namespace twoleg::detail {

namespace {

using bytes_view = std::span<const std::uint8_t>;

constexpr std::uint8_t tag_teletex_string = 0x14;
constexpr std::uint8_t tag_bmp_string = 0x1e;

void append_utf8(std::string &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

/// A DirectoryString as UTF-8; TeletexString is taken as Latin-1, as most readers do.
bool directory_string_to_utf8(const der::element &value, std::string &out)
{
    out.clear();
    switch (value.tag) {
    case der::tag::utf8_string:
    case der::tag::printable_string:
    case der::tag::ia5_string:
        out.assign(reinterpret_cast<const char *>(value.contents.data()), value.contents.size());
        return true;
    case tag_teletex_string:
        for (std::uint8_t b : value.contents) append_utf8(out, b);
        return true;
    case tag_bmp_string: return bmp_string_to_utf8(value.contents, out);
    default: return false;
    }
}

/// Name ::= SEQUENCE OF RelativeDistinguishedName; RDN ::= SET OF AttributeTypeAndValue;
/// AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY }. Returns the first CN.
result<std::string> read_common_name(der::cursor &tbs)
{
    auto name = tbs.read_sequence();
    if (!name) return name.err();
    std::string cn;
    bool found = false;
    while (!name->empty()) {
        auto rdn = name->read_constructed(der::tag::set);
        if (!rdn) return rdn.err();
        while (!rdn->empty()) {
            auto atv = rdn->read_sequence();
            if (!atv) return atv.err();
            auto type = atv->read_oid();
            if (!type) return type.err();
            auto value = atv->read_element();
            if (!value) return value.err();
            TWOLEG_TRY(atv->expect_end());
            const bool is_cn = oid_is(*type, oid::common_name);
            if (is_cn && !found) {
                if (!directory_string_to_utf8(*value, cn))
                    return error(errc::key_unrecognized, "certificate: commonName is not a readable string",
                                 value->offset);
                found = true;
            }
        }
    }
    return cn;
}

bool all_digits(bytes_view s) noexcept
{
    return std::all_of(s.begin(), s.end(), [](std::uint8_t c) { return c >= '0' && c <= '9'; });
}

/// UTCTime (YYMMDDHHMMSSZ, years 1950-2049) or GeneralizedTime (YYYYMMDDHHMMSSZ)
/// as "YYYY-MM-DDTHH:MM:SSZ".
result<std::string> read_time(der::cursor &c)
{
    auto t = c.read_element();
    if (!t) return t.err();
    const bytes_view s = t->contents;
    char year[4];
    bytes_view rest;
    if (t->tag == der::tag::utc_time && s.size() == 13 && s[12] == 'Z' && all_digits(s.first(12))) {
        const bool before_2000 = s[0] >= '5';
        year[0] = before_2000 ? '1' : '2';
        year[1] = before_2000 ? '9' : '0';
        year[2] = static_cast<char>(s[0]);
        year[3] = static_cast<char>(s[1]);
        rest = s.subspan(2, 10);
    } else if (t->tag == der::tag::generalized_time && s.size() == 15 && s[14] == 'Z' && all_digits(s.first(14))) {
        for (std::size_t i = 0; i < 4; ++i) year[i] = static_cast<char>(s[i]);
        rest = s.subspan(4, 10);
    } else {
        return error(errc::key_unrecognized,
                     "certificate: validity times must be UTCTime or GeneralizedTime in UTC (RFC 5280 4.1.2.5)",
                     t->offset);
    }
    auto two = [&](std::size_t i) { return std::string(reinterpret_cast<const char *>(rest.data()) + 2 * i, 2); };
    return std::string(year, 4) + "-" + two(0) + "-" + two(1) + "T" + two(2) + ":" + two(3) + ":" + two(4) + "Z";
}

} // namespace

bool bmp_string_to_utf8(bytes_view bmp, std::string &out)
{
    out.clear();
    if (bmp.size() % 2 != 0) return false;
    for (std::size_t i = 0; i < bmp.size(); i += 2) {
        std::uint32_t unit = static_cast<std::uint32_t>(bmp[i] << 8 | bmp[i + 1]);
        if (unit >= 0xdc00 && unit <= 0xdfff) return false;
        if (unit >= 0xd800 && unit <= 0xdbff) {
            if (i + 3 >= bmp.size()) return false;
            const std::uint32_t low = static_cast<std::uint32_t>(bmp[i + 2] << 8 | bmp[i + 3]);
            if (low < 0xdc00 || low > 0xdfff) return false;
            unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
            i += 2;
        }
        append_utf8(out, unit);
    }
    return true;
}

/// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING };
/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT OPTIONAL, serialNumber, signature,
///   issuer, validity SEQUENCE { notBefore, notAfter }, subject, ... }
result<certificate_summary> read_certificate_summary(bytes_view der)
{
    der::cursor top(der);
    auto cert = top.read_sequence();
    if (!cert) return cert.err();
    TWOLEG_TRY(top.expect_end());
    auto tbs = cert->read_sequence();
    if (!tbs) return tbs.err();
    if (tbs->peek_tag(der::tag::context_constructed(0)))
        TWOLEG_TRY(tbs->read_constructed(der::tag::context_constructed(0)));
    auto serial = tbs->read_element(der::tag::integer);
    if (!serial) return serial.err();
    TWOLEG_TRY(tbs->read_sequence());  // signature
    TWOLEG_TRY(tbs->read_sequence());  // issuer
    auto validity = tbs->read_sequence();
    if (!validity) return validity.err();
    certificate_summary out;
    auto not_before = read_time(*validity);
    if (!not_before) return not_before.err();
    auto not_after = read_time(*validity);
    if (!not_after) return not_after.err();
    TWOLEG_TRY(validity->expect_end());
    auto cn = read_common_name(*tbs);
    if (!cn) return cn.err();
    out.not_before = std::move(*not_before);
    out.not_after = std::move(*not_after);
    out.subject_common_name = std::move(*cn);
    // The rest of the certificate is checked for shape by parse_certificate_public_key.
    return out;
}

} // namespace twoleg::detail
