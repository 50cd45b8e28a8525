// Tests for twoleg/asn1_dump.hpp: the tree of every test key and certificate
// agrees with `openssl asn1parse` (offsets, depths, header lengths, lengths,
// INTEGER values, OID names, strings), OIDs format as openssl formats them,
// and DER violations inside the tree fail with their code and offset.
#include <doctest/doctest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "twoleg/asn1_dump.hpp"
#include "twoleg/der.hpp"

using namespace twoleg;

namespace {

struct line_fields {
    std::size_t offset = 0;
    unsigned depth = 0;
    std::size_t header_length = 0;
    std::size_t length = 0;
    std::string rest;  // after the columns, trimmed on the left
    bool operator==(const line_fields &o) const
    {
        return offset == o.offset && depth == o.depth && header_length == o.header_length && length == o.length;
    }
};

std::vector<line_fields> parse_lines(const std::string &text)
{
    std::vector<line_fields> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        line_fields f;
        int consumed = 0;
        if (std::sscanf(line.c_str(), " %zu:d=%u hl=%zu l=%zu%n", &f.offset, &f.depth, &f.header_length, &f.length,
                        &consumed) != 4)
            continue;
        f.rest = line.substr(static_cast<std::size_t>(consumed));
        f.rest.erase(0, f.rest.find_first_not_of(' '));
        while (!f.rest.empty() && f.rest.back() == ' ') f.rest.pop_back();
        out.push_back(f);
    }
    return out;
}

std::string lower(std::string s)
{
    for (auto &c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

/// openssl's value text: what follows the ':' after the type column.
std::string openssl_value(const std::string &rest)
{
    auto colon = rest.find(':', rest.find(':') + 1);  // skip "cons:"/"prim:"
    return colon == std::string::npos ? std::string() : rest.substr(colon + 1);
}

std::string our_value(const std::string &rest)
{
    auto colon = rest.find(": ");
    return colon == std::string::npos ? std::string() : rest.substr(colon + 2);
}

/// The DER of a test key form; PKCS#8 is made here by `openssl pkcs8` because
/// the build's pkcs8.der holds PKCS#1 (`openssl pkey -outform DER` in 3.0).
std::string der_path(unsigned bits, unsigned e, std::string_view form)
{
    if (form != "pkcs8.der") return test::key_path(bits, e, form);
    const std::string out = test::temp_dir() + "/pkcs8-" + std::to_string(bits) + "-" + std::to_string(e) + ".der";
    auto r = test::run("openssl pkcs8 -topk8 -nocrypt -in " + test::shell_quote(test::key_path(bits, e, "pkcs8.pem")) +
                       " -outform DER -out " + test::shell_quote(out));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return out;
}

/// The names openssl prints for the OIDs in the test files, where they differ from ours.
std::string expected_name_from_openssl(const std::string &openssl_name)
{
    if (openssl_name == "X509v3 Basic Constraints") return "basicConstraints";
    if (openssl_name == "X509v3 Subject Key Identifier") return "subjectKeyIdentifier";
    if (openssl_name == "X509v3 Authority Key Identifier") return "authorityKeyIdentifier";
    return openssl_name;
}

} // namespace

TEST_CASE("asn1_dump: trees of openssl-written keys and certificates agree with openssl asn1parse")
{
    const char *forms[] = {"pkcs1.der", "pkcs8.der", "spki.der", "rsapub.der", "cert.der"};
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            for (const char *form : forms) {
                const std::string path = der_path(bits, e, form);
                CAPTURE(path);
                auto ours = asn1_dump(test::read_file(path));
                REQUIRE_MESSAGE(ours, (ours ? std::string() : ours.err().message()));
                auto theirs = test::run("openssl asn1parse -inform DER -i -in " + test::shell_quote(path));
                REQUIRE(theirs.status == 0);
                const auto a = parse_lines(*ours);
                const auto b = parse_lines(theirs.out);
                REQUIRE(a.size() == b.size());
                for (std::size_t i = 0; i < a.size(); ++i) {
                    CAPTURE(a[i].rest);
                    CAPTURE(b[i].rest);
                    CHECK(a[i] == b[i]);
                    const std::string mine = our_value(a[i].rest);
                    const std::string other = openssl_value(b[i].rest);
                    if (b[i].rest.find("INTEGER") != std::string::npos) {
                        // ours: 0x<hex> (<bits> bits), abbreviated as <16 hex>...<8 hex> above 16 octets
                        REQUIRE(mine.substr(0, 2) == "0x");
                        const std::string hex = mine.substr(2, mine.find(' ') - 2);
                        std::string want = lower(other);
                        if (want.size() % 2) want = "0" + want;
                        if (hex.find("...") == std::string::npos) {
                            CHECK(hex == want);
                        } else {
                            CHECK(want.substr(0, 16) == hex.substr(0, 16));
                            CHECK(want.substr(want.size() - 8) == hex.substr(hex.size() - 8));
                        }
                    } else if (b[i].rest.find("OBJECT") != std::string::npos) {
                        const auto open = mine.find(" (");
                        REQUIRE(open != std::string::npos);
                        CHECK(mine.substr(open + 2, mine.size() - open - 3) == expected_name_from_openssl(other));
                    } else if (b[i].rest.find("UTF8STRING") != std::string::npos ||
                               b[i].rest.find("UTCTIME") != std::string::npos ||
                               b[i].rest.find("PRINTABLESTRING") != std::string::npos) {
                        CHECK(mine == other);
                    }
                }
            }
        }
    }
}

TEST_CASE("asn1_dump: INTEGER bit counts and signs")
{
    auto d = asn1_dump(test::unhex("3011 020100 020101 0202 0080 0201ff 0202ff7f"));
    REQUIRE(d);
    const auto lines = parse_lines(*d);
    REQUIRE(lines.size() == 6);
    CHECK(our_value(lines[1].rest) == "0x00 (0 bits)");
    CHECK(our_value(lines[2].rest) == "0x01 (1 bits)");
    CHECK(our_value(lines[3].rest) == "0x80 (8 bits)");
    CHECK(our_value(lines[4].rest) == "-0x01 (1 bits)");
    CHECK(our_value(lines[5].rest) == "-0x81 (8 bits)");
    // The same numbers as openssl prints them.
    const std::string path = test::temp_dir() + "/ints.der";
    test::write_file(path, test::unhex("3011 020100 020101 0202 0080 0201ff 0202ff7f"));
    auto o = test::run("openssl asn1parse -inform DER -in " + test::shell_quote(path));
    REQUIRE(o.status == 0);
    const auto theirs = parse_lines(o.out);
    REQUIRE(theirs.size() == 6);
    CHECK(openssl_value(theirs[1].rest) == "00");
    CHECK(openssl_value(theirs[2].rest) == "01");
    CHECK(openssl_value(theirs[3].rest) == "80");
    CHECK(openssl_value(theirs[4].rest) == "-01");
    CHECK(openssl_value(theirs[5].rest) == "-81");
}

TEST_CASE("asn1_dump: OIDs in dotted form and by name, as openssl encodes and names them")
{
    struct oid_case {
        const char *dotted;
        const char *our_name;      // nullptr: not a well-known OID
        const char *openssl_name;  // what `openssl asn1parse` prints for it
    };
    constexpr oid_case cases[] = {
        {"1.2.840.113549.1.1.1", "rsaEncryption", "rsaEncryption"},
        {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption", "sha1WithRSAEncryption"},
        {"1.2.840.113549.1.1.7", "rsaesOaep", "rsaesOaep"},
        {"1.2.840.113549.1.1.8", "mgf1", "mgf1"},
        {"1.2.840.113549.1.1.10", "rsassaPss", "rsassaPss"},
        {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption", "sha256WithRSAEncryption"},
        {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption", "sha384WithRSAEncryption"},
        {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption", "sha512WithRSAEncryption"},
        {"1.2.840.113549.1.5.12", "PBKDF2", "PBKDF2"},
        {"1.2.840.113549.1.5.13", "PBES2", "PBES2"},
        {"1.2.840.113549.1.9.1", "emailAddress", "emailAddress"},
        {"1.2.840.113549.1.9.14", "extensionRequest", "Extension Request"},
        {"1.2.840.113549.2.9", "hmacWithSHA256", "hmacWithSHA256"},
        {"1.3.14.3.2.26", "sha1", "sha1"},
        {"2.16.840.1.101.3.4.2.1", "sha256", "sha256"},
        {"2.16.840.1.101.3.4.2.2", "sha384", "sha384"},
        {"2.16.840.1.101.3.4.2.3", "sha512", "sha512"},
        {"2.16.840.1.101.3.4.1.2", "aes-128-cbc", "aes-128-cbc"},
        {"2.16.840.1.101.3.4.1.42", "aes-256-cbc", "aes-256-cbc"},
        {"1.2.840.10045.2.1", "id-ecPublicKey", "id-ecPublicKey"},
        {"1.2.840.10045.3.1.7", "prime256v1", "prime256v1"},
        {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256", "ecdsa-with-SHA256"},
        {"1.3.101.112", "Ed25519", "ED25519"},
        {"2.5.4.3", "commonName", "commonName"},
        {"2.5.4.5", "serialNumber", "serialNumber"},
        {"2.5.4.6", "countryName", "countryName"},
        {"2.5.4.7", "localityName", "localityName"},
        {"2.5.4.8", "stateOrProvinceName", "stateOrProvinceName"},
        {"2.5.4.10", "organizationName", "organizationName"},
        {"2.5.4.11", "organizationalUnitName", "organizationalUnitName"},
        {"2.5.29.14", "subjectKeyIdentifier", "X509v3 Subject Key Identifier"},
        {"2.5.29.15", "keyUsage", "X509v3 Key Usage"},
        {"2.5.29.17", "subjectAltName", "X509v3 Subject Alternative Name"},
        {"2.5.29.19", "basicConstraints", "X509v3 Basic Constraints"},
        {"2.5.29.31", "cRLDistributionPoints", "X509v3 CRL Distribution Points"},
        {"2.5.29.32", "certificatePolicies", "X509v3 Certificate Policies"},
        {"2.5.29.35", "authorityKeyIdentifier", "X509v3 Authority Key Identifier"},
        {"2.5.29.37", "extKeyUsage", "X509v3 Extended Key Usage"},
        {"1.3.6.1.5.5.7.1.1", "authorityInfoAccess", "Authority Information Access"},
        {"1.3.6.1.5.5.7.3.1", "serverAuth", "TLS Web Server Authentication"},
        {"1.3.6.1.5.5.7.3.2", "clientAuth", "TLS Web Client Authentication"},
        // Not well known: openssl prints the dotted form.
        {"0.0", nullptr, "0.0"},
        {"0.39", nullptr, "0.39"},
        {"1.39.127.128.16383.16384", nullptr, "1.39.127.128.16383.16384"},
        {"2.999.3", nullptr, "2.999.3"},
        {"2.25.329800735698586629295641978511506172918", nullptr, "2.25.329800735698586629295641978511506172918"},
        {"2.18446744073709551535.18446744073709551616", nullptr, "2.18446744073709551535.18446744073709551616"},
        // 2^64 + 3: an arc that would wrap to commonName's 3 in 64-bit arithmetic.
        {"2.5.4.18446744073709551619", nullptr, "2.5.4.18446744073709551619"},
    };
    const std::string path = test::temp_dir() + "/oid.der";
    for (const auto &c : cases) {
        CAPTURE(c.dotted);
        auto r = test::run(std::string("openssl asn1parse -genstr OID:") + c.dotted + " -out " + test::shell_quote(path));
        REQUIRE_MESSAGE(r.status == 0, r.err);
        const auto lines = parse_lines(r.out);
        REQUIRE(lines.size() == 1);
        CHECK(openssl_value(lines[0].rest) == c.openssl_name);
        const auto der = test::read_file(path);
        der::cursor cur(der);
        auto contents = cur.read_oid();
        REQUIRE(contents);
        CHECK(oid_to_string(*contents) == c.dotted);
        const char *name = oid_name(*contents);
        if (c.our_name) {
            REQUIRE(name != nullptr);
            CHECK(std::string(name) == c.our_name);
        } else {
            CHECK(name == nullptr);
        }
        auto dump = asn1_dump(der);
        REQUIRE(dump);
        CHECK(dump->find(c.dotted) != std::string::npos);
    }
    SUBCASE("malformed OID contents give an empty string and no name")
    {
        for (const char *hex : {"", "80", "2a86", "8001", "2a8001"}) {
            CAPTURE(hex);
            auto b = test::unhex(hex);
            CHECK(oid_to_string(b).empty());
            CHECK(oid_name(b) == nullptr);
        }
    }
}

TEST_CASE("asn1_dump: DER violations anywhere in the tree fail with code and offset")
{
    struct bad {
        const char *why;
        const char *hex;
        errc code;
        std::size_t offset;
    };
    constexpr bad cases[] = {
        {"empty input", "", errc::der_truncated, 0},
        {"trailing byte after the document", "300000", errc::der_trailing_data, 2},
        {"second top-level element", "30000500", errc::der_trailing_data, 2},
        {"indefinite length inside", "3004 3080 0000", errc::der_indefinite_length, 3},
        {"non-minimal INTEGER inside", "3004 02020001", errc::der_non_minimal_integer, 2},
        {"non-minimal ENUMERATED", "0a020001", errc::der_non_minimal_integer, 0},
        {"empty INTEGER", "3002 0200", errc::der_empty_integer, 2},
        {"BOOLEAN 0x01 is not DER TRUE", "3003 010101", errc::der_non_minimal_integer, 2},
        {"BOOLEAN of two octets", "3004 010200ff", errc::der_non_minimal_integer, 2},
        {"BOOLEAN TRUE and FALSE", "3006 0101ff 010100", errc::ok, 0},
        {"NULL with content", "3003 050100", errc::der_bad_null, 2},
        {"bad OID", "3004 06022a86", errc::der_bad_oid, 2},
        {"BIT STRING without unused-bits octet", "3002 0300", errc::der_bad_bit_string, 2},
        {"BIT STRING with 8 unused bits", "3004 030208ff", errc::der_bad_bit_string, 2},
        {"BIT STRING with unused bits but no octets", "3003 030101", errc::der_bad_bit_string, 2},
        {"BIT STRING with non-zero unused bits", "3004 030201ff", errc::der_bad_bit_string, 2},
        {"BIT STRING with zero unused bits", "3004 030201fe", errc::ok, 0},
        {"high tag number inside", "3003 1f0100", errc::der_high_tag_number, 2},
        {"child runs past its parent", "3003 0402aabb", errc::der_truncated, 2},
        {"constructed OCTET STRING", "3004 24020400", errc::der_unexpected_tag, 2},
    };
    for (const auto &c : cases) {
        CAPTURE(c.why);
        auto r = asn1_dump(test::unhex(c.hex));
        if (c.code == errc::ok) {
            CHECK(r.ok());
            continue;
        }
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == c.code);
        CHECK(r.err().offset == c.offset);
    }
    SUBCASE("nesting: max_depth nested SEQUENCEs are fine, one more is not")
    {
        auto nest = [](std::size_t n) {
            std::vector<std::uint8_t> v;
            for (std::size_t i = 0; i < n; ++i) {
                v.push_back(0x30);
                v.push_back(static_cast<std::uint8_t>(2 * (n - 1 - i)));
            }
            return v;
        };
        auto ok = asn1_dump(nest(der::max_depth));
        REQUIRE(ok);
        CHECK(parse_lines(*ok).back().depth == der::max_depth - 1);
        auto deep = asn1_dump(nest(der::max_depth + 1));
        REQUIRE_FALSE(deep);
        CHECK(deep.err().code == errc::der_too_deep);
        CHECK(deep.err().offset == 2 * der::max_depth);
    }
    SUBCASE("every strict prefix of a certificate fails")
    {
        const auto cert = test::read_file(test::key_path(2048, 65537, "cert.der"));
        for (std::size_t cut = 0; cut < cert.size(); ++cut) {
            auto r = asn1_dump(std::span(cert.data(), cut));
            REQUIRE_FALSE(r);
            CHECK(r.err().code == errc::der_truncated);
        }
    }
    SUBCASE("text is escaped and cut")
    {
        auto r = asn1_dump(test::unhex("0c 05 61 5c 0a c3 a9"));
        REQUIRE(r);
        CHECK(our_value(parse_lines(*r)[0].rest) == "a\\\\\\x0a\\xc3\\xa9");
        std::vector<std::uint8_t> long_text = {0x16, 100};
        long_text.resize(102, 'x');
        auto l = asn1_dump(long_text);
        REQUIRE(l);
        CHECK(our_value(parse_lines(*l)[0].rest) == std::string(64, 'x') + "...");
    }
}
