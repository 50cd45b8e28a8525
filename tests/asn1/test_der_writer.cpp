// Tests for twoleg/der_writer.hpp and twoleg/oid.hpp. The expected encodings
// come from the openssl command (`asn1parse -genstr` / `-genconf`), run here,
// and every written document is read back by the strict reader.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "test_support.hpp"
#include "twoleg/asn1_dump.hpp"
#include "twoleg/der.hpp"
#include "twoleg/der_writer.hpp"
#include "twoleg/oid.hpp"

using namespace twoleg;

namespace {

/// DER that `openssl asn1parse -genstr SPEC` produces.
std::vector<std::uint8_t> openssl_genstr(const std::string &spec)
{
    const std::string out = test::temp_dir() + "/genstr.der";
    auto r = test::run("openssl asn1parse -genstr " + test::shell_quote(spec) + " -out " + test::shell_quote(out));
    REQUIRE_MESSAGE(r.status == 0, std::string(spec + ": " + r.err));
    return test::read_file(out);
}

/// DER that `openssl asn1parse -genconf` produces for a configuration text.
std::vector<std::uint8_t> openssl_genconf(const std::string &conf)
{
    const std::string dir = test::temp_dir();
    test::write_file(dir + "/gen.cnf", conf);
    auto r = test::run("openssl asn1parse -genconf " + test::shell_quote(dir + "/gen.cnf") + " -out " +
                       test::shell_quote(dir + "/gen.der"));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return test::read_file(dir + "/gen.der");
}

std::vector<std::uint8_t> bytes_of_hex(const std::string &hex)
{
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

std::string hex_of(std::size_t n, unsigned seed)
{
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        static const char digits[] = "0123456789abcdef";
        const unsigned v = (seed + 37 * i * i + 11 * i) & 0xff;
        s += digits[v >> 4];
        s += digits[v & 15];
    }
    return s;
}

} // namespace

TEST_CASE("add_unsigned_integer: minimal INTEGERs equal openssl's, at every sign-bit and length edge")
{
    const char *values[] = {"0", "1", "7f", "80", "ff", "0100", "7fff", "8000", "ffff", "010000", "00ff", "0000",
                            "deadbeefcafef00d"};
    for (const char *v : values) {
        CAPTURE(v);
        std::vector<std::uint8_t> got;
        der::writer w(got);
        w.add_unsigned_integer(bytes_of_hex(std::string(v).size() % 2 ? std::string("0") + v : v));
        CHECK(got == openssl_genstr(std::string("INTEGER:0x") + v));
    }
    // Magnitudes whose encodings need one, two and three length octets.
    for (std::size_t n : {126u, 127u, 128u, 255u, 256u, 300u, 4000u}) {
        CAPTURE(n);
        const std::string h = "c3" + hex_of(n - 1, static_cast<unsigned>(n));
        std::vector<std::uint8_t> got;
        der::writer w(got);
        w.add_unsigned_integer(bytes_of_hex(h));
        CHECK(got == openssl_genstr("INTEGER:0x" + h));
        der::cursor c(got);
        auto read = c.read_unsigned_integer();
        REQUIRE(read.ok());
        CHECK(std::vector<std::uint8_t>(read->begin(), read->end()) == bytes_of_hex(h));
    }
    std::vector<std::uint8_t> small;
    der::writer w(small);
    w.add_small_unsigned_integer(0);
    w.add_small_unsigned_integer(65537);
    w.add_small_unsigned_integer(~0ull);
    std::vector<std::uint8_t> expected = openssl_genstr("INTEGER:0");
    const auto e2 = openssl_genstr("INTEGER:65537"), e3 = openssl_genstr("INTEGER:0xffffffffffffffff");
    expected.insert(expected.end(), e2.begin(), e2.end());
    expected.insert(expected.end(), e3.begin(), e3.end());
    CHECK(small == expected);
}

TEST_CASE("primitive elements and nested SEQUENCEs equal openssl -genconf output")
{
    const std::string octets = hex_of(200, 5), bits = hex_of(40, 9), big = hex_of(70000, 3);
    const std::string conf = "asn1=SEQUENCE:top\n[top]\na=INTEGER:0x0102\nb=NULL\nc=OID:1.2.840.113549.1.1.1\n"
                             "d=FORMAT:HEX,OCTETSTRING:" + octets + "\ne=FORMAT:HEX,BITSTRING:" + bits +
                             "\nf=SEQUENCE:inner\n[inner]\ng=FORMAT:HEX,OCTETSTRING:" + big +
                             "\nh=SEQUENCE:empty\n[empty]\n";
    std::vector<std::uint8_t> got;
    der::writer w(got);
    const auto top = w.begin(der::tag::sequence);
    w.add_unsigned_integer(bytes_of_hex("0102"));
    w.add_null();
    w.add_oid(oid::rsa_encryption);
    w.add_octet_string(bytes_of_hex(octets));
    w.add_bit_string(bytes_of_hex(bits));
    const auto inner = w.begin(der::tag::sequence);
    w.add_octet_string(bytes_of_hex(big));
    const auto empty = w.begin(der::tag::sequence);
    w.end(empty);
    w.end(inner);
    w.end(top);
    CHECK(got == openssl_genconf(conf));
    // What the writer writes, the strict reader reads, with nothing left over.
    CHECK(asn1_dump(got).ok());
}

TEST_CASE("writing appends after what the vector already holds, and add_encoded copies DER as it is")
{
    std::vector<std::uint8_t> out{0xaa, 0xbb};
    der::writer w(out);
    const auto null = openssl_genstr("NULL");
    w.add_encoded(null);
    w.add_element(der::tag::context_primitive(0), bytes_of_hex("01"));
    CHECK(out == std::vector<std::uint8_t>{0xaa, 0xbb, null[0], null[1], 0x80, 0x01, 0x01});
}

TEST_CASE("oid.hpp constants are the encodings openssl gives their dotted forms, and the table names them")
{
    struct row {
        std::span<const std::uint8_t> der;
        const char *dotted;
        const char *name;  // nullptr: not in the name table
    };
    const row rows[] = {
        {oid::rsa_encryption, "1.2.840.113549.1.1.1", "rsaEncryption"},
        {oid::rsassa_pss, "1.2.840.113549.1.1.10", "rsassaPss"},
        {oid::ec_public_key, "1.2.840.10045.2.1", "id-ecPublicKey"},
        {oid::prime256v1, "1.2.840.10045.3.1.7", "prime256v1"},
        {oid::dsa, "1.2.840.10040.4.1", nullptr},
        {oid::x25519, "1.3.101.110", nullptr},
        {oid::x448, "1.3.101.111", nullptr},
        {oid::ed25519, "1.3.101.112", "Ed25519"},
        {oid::ed448, "1.3.101.113", nullptr},
        {oid::pkcs5, "1.2.840.113549.1.5", nullptr},
        {oid::pkcs12_pbe, "1.2.840.113549.1.12.1", nullptr},
        {oid::pbkdf2, "1.2.840.113549.1.5.12", "PBKDF2"},
        {oid::pbes2, "1.2.840.113549.1.5.13", "PBES2"},
        {oid::pbmac1, "1.2.840.113549.1.5.14", "PBMAC1"},
        {oid::scrypt, "1.3.6.1.4.1.11591.4.11", "scrypt"},
        {oid::rsadsi_digest, "1.2.840.113549.2", nullptr},
        {oid::md2, "1.2.840.113549.2.2", nullptr},
        {oid::md5, "1.2.840.113549.2.5", "md5"},
        {oid::hmac_with_sha1, "1.2.840.113549.2.7", "hmacWithSHA1"},
        {oid::hmac_with_sha224, "1.2.840.113549.2.8", "hmacWithSHA224"},
        {oid::hmac_with_sha256, "1.2.840.113549.2.9", "hmacWithSHA256"},
        {oid::hmac_with_sha384, "1.2.840.113549.2.10", "hmacWithSHA384"},
        {oid::hmac_with_sha512, "1.2.840.113549.2.11", "hmacWithSHA512"},
        {oid::sha1, "1.3.14.3.2.26", "sha1"},
        {oid::sha224, "2.16.840.1.101.3.4.2.4", "sha224"},
        {oid::sha256, "2.16.840.1.101.3.4.2.1", "sha256"},
        {oid::sha384, "2.16.840.1.101.3.4.2.2", "sha384"},
        {oid::sha512, "2.16.840.1.101.3.4.2.3", "sha512"},
        {oid::aes128_cbc, "2.16.840.1.101.3.4.1.2", "aes-128-cbc"},
        {oid::aes192_cbc, "2.16.840.1.101.3.4.1.22", "aes-192-cbc"},
        {oid::aes256_cbc, "2.16.840.1.101.3.4.1.42", "aes-256-cbc"},
        {oid::rc2_cbc, "1.2.840.113549.3.2", "rc2-cbc"},
        {oid::des_ede3_cbc, "1.2.840.113549.3.7", "des-ede3-cbc"},
        {oid::des_cbc, "1.3.14.3.2.7", "des-cbc"},
        {oid::pkcs7, "1.2.840.113549.1.7", nullptr},
        {oid::pkcs7_data, "1.2.840.113549.1.7.1", "pkcs7-data"},
        {oid::pkcs7_signed_data, "1.2.840.113549.1.7.2", "pkcs7-signedData"},
        {oid::pkcs7_enveloped_data, "1.2.840.113549.1.7.3", "pkcs7-envelopedData"},
        {oid::pkcs7_encrypted_data, "1.2.840.113549.1.7.6", "pkcs7-encryptedData"},
        {oid::pkcs12_bag_types, "1.2.840.113549.1.12.10.1", nullptr},
        {oid::friendly_name, "1.2.840.113549.1.9.20", "friendlyName"},
        {oid::local_key_id, "1.2.840.113549.1.9.21", "localKeyID"},
        {oid::x509_certificate, "1.2.840.113549.1.9.22.1", "x509Certificate"},
        {oid::common_name, "2.5.4.3", "commonName"},
    };
    for (const row &r : rows) {
        CAPTURE(r.dotted);
        const auto encoded = openssl_genstr(std::string("OID:") + r.dotted);
        REQUIRE(encoded.size() == r.der.size() + 2);
        CHECK(std::vector<std::uint8_t>(encoded.begin() + 2, encoded.end()) ==
              std::vector<std::uint8_t>(r.der.begin(), r.der.end()));
        CHECK(oid_to_string(r.der) == r.dotted);
        if (r.name) {
            REQUIRE(oid_name(r.der) != nullptr);
            CHECK(std::string(oid_name(r.der)) == r.name);
        }
    }
}

TEST_CASE("oid_encoding_problem: the one validator the reader and the dumper share")
{
    const std::vector<std::uint8_t> empty, leading_80{0x2a, 0x80, 0x01}, open_end{0x2a, 0x86}, fine{0x2a, 0x86, 0x48};
    CHECK(oid_encoding_problem(empty) != nullptr);
    CHECK(oid_encoding_problem(leading_80) != nullptr);
    CHECK(oid_encoding_problem(open_end) != nullptr);
    CHECK(oid_encoding_problem(fine) == nullptr);
    CHECK(oid_to_string(leading_80).empty());
}
