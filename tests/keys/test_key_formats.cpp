// key_formats: every DER key structure written by the openssl command parses
// to the numbers openssl prints; the optional parts of PKCS#8 v2 and X.509 are
// handled strictly. (Malformed inputs: test_malformed_keys.cpp.)
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "key_test_helpers.hpp"
#include "test_support.hpp"
#include "twoleg/key_formats.hpp"

using namespace twoleg;
using bytes = std::vector<std::uint8_t>;

namespace {

std::string upper_hex(const bytes &b)
{
    std::string h = test::hex(b);
    for (char &c : h) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return h;
}

/// "Modulus=HEX" as printed by `openssl rsa -modulus -noout`.
std::string openssl_modulus_hex(const std::string &path, bool public_input)
{
    auto r = test::run("openssl rsa " + std::string(public_input ? "-pubin " : "") + "-in " +
                       test::shell_quote(path) + " -modulus -noout");
    REQUIRE(r.status == 0);
    REQUIRE(r.out.rfind("Modulus=", 0) == 0);
    std::string h = r.out.substr(8);
    while (!h.empty() && (h.back() == '\n' || h.back() == '\r')) h.pop_back();
    // openssl prints a leading 0 only when the hex has an odd length; normalise to bytes.
    return upper_hex(test::strip_zeros(test::unhex(h.size() % 2 ? "0" + h : h)));
}

/// PKCS#8 DER made by `openssl pkcs8 -topk8 -nocrypt`. (The build's pkcs8.der comes from
/// `openssl pkey -outform DER`, which OpenSSL 3.0 writes as traditional PKCS#1 for RSA.)
bytes openssl_pkcs8_der(const std::string &key_pem)
{
    const std::string out = test::temp_dir() + "/topk8.der";
    auto r = test::run("openssl pkcs8 -topk8 -nocrypt -in " + test::shell_quote(key_pem) + " -outform DER -out " +
                       test::shell_quote(out));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return test::read_file(out);
}

std::string openssl_spki_sha256(const std::string &spki_pem)
{
    auto r = test::run("openssl pkey -pubin -in " + test::shell_quote(spki_pem) + " -outform DER | sha256sum");
    REQUIRE(r.status == 0);
    return r.out.substr(0, 64);
}

void check_public(const rsa_public_key &k, const test::openssl_numbers &n, const std::string &modulus_hex,
                  const std::string &fingerprint)
{
    CHECK(k.modulus_bits() == n.bits);
    CHECK(upper_hex(k.modulus()) == modulus_hex);
    CHECK(k.modulus() == n.at("modulus"));
    CHECK(k.public_exponent() == n.at("publicexponent"));
    CHECK(test::hex(k.spki_sha256()) == fingerprint);
}

} // namespace

TEST_CASE("every DER form written by openssl parses to openssl's numbers")
{
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            CAPTURE(bits);
            CAPTURE(e);
            auto path = [&](const char *form) { return test::key_path(bits, e, form); };
            const auto numbers = test::openssl_rsa_numbers(path("pkcs1.pem"));
            const auto public_numbers = test::openssl_rsa_numbers(path("spki.pem"), true);
            REQUIRE(public_numbers.at("modulus") == numbers.at("modulus"));
            const std::string modulus_hex = openssl_modulus_hex(path("pkcs8.pem"), false);
            REQUIRE(modulus_hex == openssl_modulus_hex(path("spki.pem"), true));
            const std::string fingerprint = openssl_spki_sha256(path("spki.pem"));

            auto pkcs1 = parse_pkcs1_private_key(test::read_file(path("pkcs1.der")));
            REQUIRE_MESSAGE(pkcs1.ok(), pkcs1.err().message());
            check_public(pkcs1->public_key(), numbers, modulus_hex, fingerprint);

            auto pkcs8 = parse_pkcs8_private_key(openssl_pkcs8_der(path("pkcs1.pem")));
            REQUIRE_MESSAGE(pkcs8.ok(), pkcs8.err().message());
            check_public(pkcs8->public_key(), numbers, modulus_hex, fingerprint);

            auto spki = parse_spki_public_key(test::read_file(path("spki.der")));
            REQUIRE_MESSAGE(spki.ok(), spki.err().message());
            check_public(*spki, numbers, modulus_hex, fingerprint);

            auto rsapub = parse_pkcs1_public_key(test::read_file(path("rsapub.der")));
            REQUIRE_MESSAGE(rsapub.ok(), rsapub.err().message());
            check_public(*rsapub, numbers, modulus_hex, fingerprint);

            auto cert = parse_certificate_public_key(test::read_file(path("cert.der")));
            REQUIRE_MESSAGE(cert.ok(), cert.err().message());
            check_public(*cert, numbers, modulus_hex, fingerprint);
        }
    }
}

TEST_CASE("a structure given to the wrong parser is refused")
{
    auto path = [](const char *form) { return test::key_path(2048, 65537, form); };
    const auto pkcs1 = test::read_file(path("pkcs1.der"));
    const auto pkcs8 = openssl_pkcs8_der(path("pkcs8.pem"));
    const auto spki = test::read_file(path("spki.der"));
    const auto rsapub = test::read_file(path("rsapub.der"));
    const auto cert = test::read_file(path("cert.der"));
    CHECK_FALSE(parse_pkcs1_private_key(pkcs8).ok());
    CHECK_FALSE(parse_pkcs1_private_key(spki).ok());
    CHECK_FALSE(parse_pkcs1_private_key(cert).ok());
    CHECK_FALSE(parse_pkcs8_private_key(pkcs1).ok());
    CHECK_FALSE(parse_pkcs8_private_key(spki).ok());
    CHECK_FALSE(parse_spki_public_key(rsapub).ok());
    CHECK_FALSE(parse_spki_public_key(cert).ok());
    CHECK_FALSE(parse_pkcs1_public_key(spki).ok());
    CHECK_FALSE(parse_pkcs1_public_key(pkcs1).ok());
    CHECK_FALSE(parse_certificate_public_key(spki).ok());
    CHECK_FALSE(parse_certificate_public_key(pkcs8).ok());
}

TEST_CASE("X.509 v3 certificates with extensions, from openssl req -x509 -addext")
{
    const std::string dir = test::temp_dir();
    const std::string key = test::key_path(2048, 65537, "pkcs8.pem");
    const std::string cert = dir + "/v3.der";
    auto r = test::run("openssl req -x509 -new -key " + test::shell_quote(key) +
                       " -subj /CN=v3 -days 3 -sha256 -outform DER -out " + test::shell_quote(cert) +
                       " -addext basicConstraints=critical,CA:FALSE -addext subjectAltName=DNS:example.com"
                       " -addext keyUsage=digitalSignature");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    auto k = parse_certificate_public_key(test::read_file(cert));
    REQUIRE_MESSAGE(k.ok(), k.err().message());
    CHECK(test::hex(k->spki_sha256()) == openssl_spki_sha256(test::key_path(2048, 65537, "spki.pem")));
}

TEST_CASE("certificate validity: notBefore/notAfter as openssl prints them, UTCTime and GeneralizedTime")
{
    const std::string dir = test::temp_dir();
    const std::string key = test::key_path(2048, 65537, "pkcs8.pem");
    struct row {
        const char *start, *end;
    };
    const row rows[] = {
        {"20200101000000Z", "20210101000000Z"},  // both UTCTime, expired
        {"20250615123456Z", "20510304050607Z"},  // notAfter from 2050 on: GeneralizedTime
        {"19991231235959Z", "99991231235959Z"},  // the "no expiry" date Google's certificates carry
    };
    for (const auto &r : rows) {
        INFO(r.start << " .. " << r.end);
        const std::string pem = dir + "/validity.pem";
        test::openssl_certificate_between(key, r.start, r.end, pem);
        auto der = test::run("openssl x509 -in " + test::shell_quote(pem) + " -outform DER -out " +
                             test::shell_quote(dir + "/validity.der"));
        REQUIRE(der.status == 0);
        // openssl prints "notBefore=Jan  1 00:00:00 2020 GMT"; GNU date turns that into Unix time.
        auto dates = test::run("openssl x509 -in " + test::shell_quote(pem) +
                               " -noout -startdate -enddate | sed 's/^[a-zA-Z]*=//' | date -u -f - +%s");
        REQUIRE_MESSAGE(dates.status == 0, dates.err);
        const auto newline = dates.out.find('\n');
        const std::int64_t not_before = std::stoll(dates.out.substr(0, newline));
        const std::int64_t not_after = std::stoll(dates.out.substr(newline + 1));
        auto c = parse_certificate(test::read_file(dir + "/validity.der"));
        REQUIRE_MESSAGE(c.ok(), c.err().message());
        CHECK(c->validity.not_before == not_before);
        CHECK(c->validity.not_after == not_after);
        CHECK(test::hex(c->public_key.spki_sha256()) == openssl_spki_sha256(test::key_path(2048, 65537, "spki.pem")));
    }
}

TEST_CASE("PKCS#8 v2 (RFC 5958): attributes [0] and publicKey [1]")
{
    const auto n = test::openssl_rsa_numbers(test::key_path(2048, 65537, "pkcs1.pem"));
    const auto pkcs1 = test::read_file(test::key_path(2048, 65537, "pkcs1.der"));
    const auto rsapub = test::read_file(test::key_path(2048, 65537, "rsapub.der"));
    const auto other_rsapub = test::read_file(test::key_path(2048, 3, "rsapub.der"));
    const test::der_bytes algorithm = test::der_seq({test::rsa_encryption_oid, test::der_null});
    const test::der_bytes private_key = test::der_tlv(0x04, pkcs1);
    auto public_key = [](const bytes &rsa_public) {
        return test::der_tlv(0x81, test::der_concat({{0x00}, rsa_public}));
    };
    // friendlyName (1.2.840.113549.1.9.20) attribute with one BMPString value.
    const test::der_bytes attribute =
        test::der_seq({{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x14},
                       test::der_tlv(0x31, test::der_tlv(0x1e, {0x00, 0x6b}))});
    const test::der_bytes attributes = test::der_tlv(0xa0, attribute);

    struct row {
        const char *what;
        test::der_bytes der;
        errc expected;
    };
    const row rows[] = {
        {"v1 plain", test::der_seq({test::der_small(0), algorithm, private_key}), errc::ok},
        {"v2 plain", test::der_seq({test::der_small(1), algorithm, private_key}), errc::ok},
        {"v1 with attributes", test::der_seq({test::der_small(0), algorithm, private_key, attributes}), errc::ok},
        {"v2 with public key", test::der_seq({test::der_small(1), algorithm, private_key, public_key(rsapub)}),
         errc::ok},
        {"v2 with attributes and public key",
         test::der_seq({test::der_small(1), algorithm, private_key, attributes, public_key(rsapub)}), errc::ok},
        {"v1 with a public key",
         test::der_seq({test::der_small(0), algorithm, private_key, public_key(rsapub)}),
         errc::key_unsupported_version},
        {"v2 with a public key of another key",
         test::der_seq({test::der_small(1), algorithm, private_key, public_key(other_rsapub)}),
         errc::key_inconsistent},
        {"public key before attributes",
         test::der_seq({test::der_small(1), algorithm, private_key, public_key(rsapub), attributes}),
         errc::der_trailing_data},
        {"public key with unused bits",
         test::der_seq({test::der_small(1), algorithm, private_key,
                        test::der_tlv(0x81, test::der_concat({{0x01}, rsapub}))}),
         errc::der_bad_bit_string},
        {"public key BIT STRING empty",
         test::der_seq({test::der_small(1), algorithm, private_key, test::der_tlv(0x81, {})}),
         errc::der_bad_bit_string},
        {"attribute without values SET",
         test::der_seq({test::der_small(0), algorithm, private_key,
                        test::der_tlv(0xa0, test::der_seq({{0x06, 0x03, 0x55, 0x04, 0x03}}))}),
         errc::der_truncated},
        {"attributes with a stray INTEGER",
         test::der_seq({test::der_small(0), algorithm, private_key, test::der_tlv(0xa0, test::der_small(5))}),
         errc::der_unexpected_tag},
        {"version 2", test::der_seq({test::der_small(2), algorithm, private_key}), errc::key_unsupported_version},
        {"unknown trailing field", test::der_seq({test::der_small(1), algorithm, private_key, test::der_small(0)}),
         errc::der_trailing_data},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        auto k = parse_pkcs8_private_key(r.der);
        if (r.expected == errc::ok) {
            REQUIRE_MESSAGE(k.ok(), k.err().message());
            CHECK(k->public_key().modulus() == n.at("modulus"));
        } else {
            REQUIRE_FALSE(k.ok());
            CHECK(k.err().code == r.expected);
        }
    }
}

TEST_CASE("error offsets are absolute, also inside OCTET STRING and BIT STRING")
{
    // An even public exponent inside the PKCS#8 OCTET STRING: the offset must
    // point at the exponent INTEGER in the outer input.
    auto n = test::openssl_rsa_numbers(test::key_path(1024, 65537, "pkcs1.pem"));
    n["publicexponent"] = bytes{1, 0, 0};
    const auto inner = test::der_rsa_private_key(n);
    const auto outer = test::der_pkcs8(inner);
    auto k = parse_pkcs8_private_key(outer);
    REQUIRE_FALSE(k.ok());
    CHECK(k.err().code == errc::key_bad_public_exponent);
    REQUIRE(k.err().has_offset());
    // Locate the exponent INTEGER (02 03 01 00 00) in the outer bytes independently.
    const bytes needle{0x02, 0x03, 0x01, 0x00, 0x00};
    auto it = std::search(outer.begin(), outer.end(), needle.begin(), needle.end());
    REQUIRE(it != outer.end());
    CHECK(k.err().offset == static_cast<std::size_t>(it - outer.begin()));
}
