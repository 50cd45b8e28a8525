// X.509 times: UTCTime and GeneralizedTime in their RFC 5280 forms become the
// Unix times GNU date computes for the same text; every other form is refused.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asn1/der_time.hpp"
#include "test_support.hpp"

namespace {

using twoleg::errc;

std::vector<std::uint8_t> element(std::uint8_t tag, const std::string &text)
{
    std::vector<std::uint8_t> der{tag, static_cast<std::uint8_t>(text.size())};
    der.insert(der.end(), text.begin(), text.end());
    return der;
}

twoleg::result<std::int64_t> read(std::uint8_t tag, const std::string &text)
{
    const auto der = element(tag, text);
    twoleg::der::cursor c(der);
    auto t = twoleg::detail::read_x509_time(c);
    if (t) CHECK(c.empty());
    return t;
}

/// Unix time of "YYYY-MM-DD HH:MM:SS UTC" by GNU date, not by twoleg.
std::int64_t gnu_date(const std::string &when)
{
    auto r = test::run("date -u -d " + test::shell_quote(when + " UTC") + " +%s");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return std::stoll(r.out);
}

constexpr std::uint8_t utc = 0x17, generalized = 0x18;

} // namespace

TEST_CASE("valid times equal GNU date's Unix time")
{
    struct row {
        std::uint8_t tag;
        const char *der_text;
        const char *date_text;
    };
    const row rows[] = {
        {utc, "700101000000Z", "1970-01-01 00:00:00"},
        {utc, "500101000000Z", "1950-01-01 00:00:00"},          // YY >= 50: 19YY
        {utc, "491231235959Z", "2049-12-31 23:59:59"},          // YY < 50: 20YY
        {utc, "000229120000Z", "2000-02-29 12:00:00"},          // 2000 is a leap year
        {utc, "240229000000Z", "2024-02-29 00:00:00"},
        {utc, "261202045347Z", "2026-12-02 04:53:47"},
        {generalized, "20500101000000Z", "2050-01-01 00:00:00"},
        {generalized, "99991231235959Z", "9999-12-31 23:59:59"},  // "no well-defined expiration"
        {generalized, "21000301000000Z", "2100-03-01 00:00:00"},
        {generalized, "19491231235959Z", "1949-12-31 23:59:59"},
        {generalized, "20260101000000Z", "2026-01-01 00:00:00"},  // before 2050, still unambiguous
    };
    for (const auto &r : rows) {
        INFO(r.der_text);
        auto t = read(r.tag, r.der_text);
        REQUIRE_MESSAGE(t.ok(), t.err().message());
        CHECK(*t == gnu_date(r.date_text));
    }
}

TEST_CASE("every other form of a time is refused")
{
    struct row {
        const char *what;
        std::uint8_t tag;
        const char *text;
        errc expected;
    };
    const row rows[] = {
        {"no seconds", utc, "2612020453Z", errc::der_bad_time},
        {"offset instead of Z", utc, "261202045347+0100", errc::der_bad_time},
        {"no Z", utc, "2612020453470", errc::der_bad_time},
        {"lowercase z", utc, "261202045347z", errc::der_bad_time},
        {"fractional seconds", generalized, "20261202045347.5Z", errc::der_bad_time},
        {"GeneralizedTime without Z", generalized, "202612020453470", errc::der_bad_time},
        {"GeneralizedTime in UTCTime's length", generalized, "261202045347Z", errc::der_bad_time},
        {"month 13", utc, "261302045347Z", errc::der_bad_time},
        {"month 0", utc, "260002045347Z", errc::der_bad_time},
        {"day 0", utc, "261200045347Z", errc::der_bad_time},
        {"31 November", utc, "261131000000Z", errc::der_bad_time},
        {"29 February 2026", utc, "260229000000Z", errc::der_bad_time},
        {"29 February 2100", generalized, "21000229000000Z", errc::der_bad_time},
        {"hour 24", utc, "261202240000Z", errc::der_bad_time},
        {"minute 60", utc, "261202046000Z", errc::der_bad_time},
        {"leap second 60", utc, "261202045960Z", errc::der_bad_time},
        {"a space", utc, "26120204534 Z", errc::der_bad_time},
        {"a sign", utc, "26120204534-Z", errc::der_bad_time},
        {"not a time at all", 0x13, "261202045347Z", errc::der_unexpected_tag},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        auto t = read(r.tag, r.text);
        REQUIRE_FALSE(t.ok());
        CHECK(t.err().code == r.expected);
        CHECK(t.err().offset == 0);
    }
}
