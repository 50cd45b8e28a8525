// Tests for twoleg/pem.hpp: every test key's PEM decodes to the DER openssl
// wrote; line ends, line widths and leading text are accepted; armour, base64
// and encryption problems fail with their code and the byte offset in the text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "test_support.hpp"
#include "twoleg/pem.hpp"

using namespace twoleg;

namespace {

struct pem_form {
    const char *pem;
    const char *der;
    const char *label;
};

constexpr pem_form forms[] = {
    {"pkcs1.pem", "pkcs1.der", "RSA PRIVATE KEY"}, {"pkcs8.pem", "pkcs8.der", "PRIVATE KEY"},
    {"spki.pem", "spki.der", "PUBLIC KEY"},        {"rsapub.pem", "rsapub.der", "RSA PUBLIC KEY"},
    {"cert.pem", "cert.der", "CERTIFICATE"},
};

std::string to_crlf(const std::string &s)
{
    std::string out;
    for (char c : s) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

/// The base64 characters of an openssl PEM file (between the armour lines).
std::string body_of(const std::string &pem)
{
    std::size_t start = pem.find('\n') + 1;
    std::size_t end = pem.find("-----END ");
    std::string b;
    for (std::size_t i = start; i < end; ++i)
        if (pem[i] != '\n') b += pem[i];
    return b;
}

std::string wrap(std::string_view label, const std::string &body, std::size_t width, const char *eol = "\n")
{
    std::string out = "-----BEGIN " + std::string(label) + "-----" + eol;
    for (std::size_t i = 0; i < body.size(); i += width) out += body.substr(i, width) + eol;
    out += "-----END " + std::string(label) + "-----" + eol;
    return out;
}

void check_error(const result<pem_block> &r, errc code, std::size_t offset)
{
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == code);
    CHECK(r.err().offset == offset);
}

/// The DER openssl writes for a test key's form. The build's pkcs8.der is not
/// used: `openssl pkey -outform DER` (OpenSSL 3.0) writes the traditional
/// PKCS#1 structure there, so the PKCS#8 DER is made here by `openssl pkcs8`.
std::vector<std::uint8_t> openssl_der(unsigned bits, unsigned e, std::string_view der_form)
{
    if (der_form != "pkcs8.der") return test::read_file(test::key_path(bits, e, der_form));
    const std::string out = test::temp_dir() + "/pkcs8-" + std::to_string(bits) + "-" + std::to_string(e) + ".der";
    auto r = test::run("openssl pkcs8 -topk8 -nocrypt -in " + test::shell_quote(test::key_path(bits, e, "pkcs8.pem")) +
                       " -outform DER -out " + test::shell_quote(out));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return test::read_file(out);
}

const std::string key_text = test::read_text(test::key_path(1024, 65537, "pkcs1.pem"));
const std::vector<std::uint8_t> key_der = test::read_file(test::key_path(1024, 65537, "pkcs1.der"));

} // namespace

TEST_CASE("pem: every openssl-written PEM file decodes to the DER file openssl wrote")
{
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            for (const auto &f : forms) {
                const std::string path = test::key_path(bits, e, f.pem);
                CAPTURE(path);
                const std::string text = test::read_text(path);
                const auto der = openssl_der(bits, e, f.der);
                CHECK(looks_like_pem(text));
                auto r = pem_decode(text);
                REQUIRE_MESSAGE(r, (r ? std::string() : r.err().message()));
                CHECK(r->label == f.label);
                CHECK(r->der == der);
                // CRLF line ends decode the same.
                auto crlf = pem_decode(to_crlf(text));
                REQUIRE(crlf);
                CHECK(crlf->der == der);
                // pem_encode reproduces openssl's text byte for byte.
                CHECK(pem_encode(f.label, der) == text);
            }
        }
    }
}

TEST_CASE("pem: any line width, mixed line ends, text before BEGIN, text after END")
{
    const std::string body = body_of(key_text);
    for (std::size_t width : {1u, 4u, 63u, 64u, 65u, 76u, 1000u, 100000u}) {
        CAPTURE(width);
        auto r = pem_decode(wrap("RSA PRIVATE KEY", body, width));
        REQUIRE(r);
        CHECK(r->der == key_der);
        auto r2 = pem_decode(wrap("RSA PRIVATE KEY", body, width, "\r\n"));
        REQUIRE(r2);
        CHECK(r2->der == key_der);
    }
    SUBCASE("mixed LF and CRLF")
    {
        std::string t = key_text;
        t.insert(t.find('\n', 40), "\r");
        auto r = pem_decode(t);
        REQUIRE(r);
        CHECK(r->der == key_der);
    }
    SUBCASE("text before the BEGIN line is ignored, including a BEGIN not at a line start")
    {
        std::string t = "Bag Attributes\n    friendlyName: key\nsee -----BEGIN NOT THIS-----\n" + key_text;
        CHECK(looks_like_pem(t));
        auto r = pem_decode(t);
        REQUIRE(r);
        CHECK(r->label == "RSA PRIVATE KEY");
        CHECK(r->der == key_der);
    }
    SUBCASE("a UTF-8 byte-order mark before the BEGIN line (a file saved by a Windows editor)")
    {
        const std::string t = "\xEF\xBB\xBF" + key_text;
        CHECK(looks_like_pem(t));
        auto r = pem_decode(t);
        REQUIRE(r);
        CHECK(r->label == "RSA PRIVATE KEY");
        CHECK(r->der == key_der);
        // Only a whole mark at the very start counts: other bytes before BEGIN
        // on its line still mean the line is not a BEGIN line.
        CHECK_FALSE(looks_like_pem("\xEF\xBB" + key_text));
        CHECK_FALSE(looks_like_pem("x\xEF\xBB\xBF" + key_text));
    }
    SUBCASE("only the first block is decoded; what follows END is ignored")
    {
        std::string cert = test::read_text(test::key_path(1024, 65537, "cert.pem"));
        auto r = pem_decode(key_text + cert + "trailing words");
        REQUIRE(r);
        CHECK(r->der == key_der);
    }
    SUBCASE("blanks after the dashes of BEGIN and END (RFC 7468 *WSP eol)")
    {
        std::string t = "-----BEGIN RSA PRIVATE KEY----- \t\n" + body_of(key_text) + "\n-----END RSA PRIVATE KEY-----  ";
        auto r = pem_decode(t);
        REQUIRE(r);
        CHECK(r->der == key_der);
    }
    SUBCASE("an END line without a final line end")
    {
        std::string t = key_text.substr(0, key_text.size() - 1);
        auto r = pem_decode(t);
        REQUIRE(r);
        CHECK(r->der == key_der);
    }
    SUBCASE("an empty body is an empty document")
    {
        auto r = pem_decode("-----BEGIN X-----\n-----END X-----\n");
        REQUIRE(r);
        CHECK(r->label == "X");
        CHECK(r->der.empty());
        CHECK(pem_encode("X", {}) == "-----BEGIN X-----\n-----END X-----\n");
    }
}

TEST_CASE("pem: armour errors carry their code and offset")
{
    const std::string prefix = "junk before\n";  // shifts every offset by 12
    const std::size_t p = prefix.size();
    const std::size_t end_line = key_text.find("-----END ");

    SUBCASE("no BEGIN line at all, or only in the middle of a line")
    {
        auto r = pem_decode("hello\nworld -----BEGIN RSA PRIVATE KEY-----\n");
        REQUIRE_FALSE(r);
        CHECK(r.err().code == errc::pem_no_begin);
        CHECK_FALSE(looks_like_pem("hello\nworld -----BEGIN RSA PRIVATE KEY-----\n"));
        CHECK_FALSE(looks_like_pem(std::string(key_der.begin(), key_der.end())));
    }
    SUBCASE("END label differs from BEGIN label")
    {
        std::string t = prefix + key_text;
        t.replace(p + end_line, std::string("-----END RSA PRIVATE KEY-----").size(), "-----END PRIVATE KEY-----");
        check_error(pem_decode(t), errc::pem_label_mismatch, p + end_line);
    }
    SUBCASE("missing END line")
    {
        check_error(pem_decode(prefix + key_text.substr(0, end_line)), errc::pem_no_end, p);
        check_error(pem_decode(prefix + "-----BEGIN RSA PRIVATE KEY-----"), errc::pem_no_end, p);
        check_error(pem_decode(prefix + "-----BEGIN RSA PRIVATE KEY-----\n"), errc::pem_no_end, p);
    }
    SUBCASE("malformed BEGIN lines")
    {
        check_error(pem_decode(prefix + "-----BEGIN RSA PRIVATE KEY----\nAAAA\n-----END RSA PRIVATE KEY----\n"),
                    errc::pem_malformed, p);
        check_error(pem_decode(prefix + "-----BEGIN RSA  PRIVATE KEY-----\nAAAA\n-----END RSA  PRIVATE KEY-----\n"),
                    errc::pem_malformed, p);
        check_error(pem_decode(prefix + "-----BEGIN -RSA-----\nAAAA\n-----END -RSA-----\n"), errc::pem_malformed, p);
        check_error(pem_decode(prefix + "-----BEGIN RSA\x01-----\nAAAA\n-----END RSA\x01-----\n"),
                    errc::pem_malformed, p);
    }
    SUBCASE("malformed END line, or another armour line inside the body")
    {
        std::string t = prefix + "-----BEGIN X-----\nAAAA\n-----END X----\n";
        check_error(pem_decode(t), errc::pem_malformed, p + 23);
        t = prefix + "-----BEGIN X-----\nAAAA\n-----BEGIN X-----\nAAAA\n-----END X-----\n";
        check_error(pem_decode(t), errc::pem_malformed, p + 23);
        t = prefix + "-----BEGIN X-----\nAAAA\n-----END X-----junk\n";
        check_error(pem_decode(t), errc::pem_malformed, p + 23);
    }
    SUBCASE("empty line inside the body")
    {
        std::string t = prefix + "-----BEGIN X-----\nAAAA\n\nAAAA\n-----END X-----\n";
        check_error(pem_decode(t), errc::pem_malformed, p + 23);
        t = prefix + "-----BEGIN X-----\r\nAAAA\r\n\r\nAAAA\r\n-----END X-----\r\n";
        check_error(pem_decode(t), errc::pem_malformed, p + 25);
    }
    SUBCASE("headers other than the encryption ones are malformed armour")
    {
        std::string t = prefix + "-----BEGIN X-----\nComment: hello\n\nAAAA\n-----END X-----\n";
        check_error(pem_decode(t), errc::pem_malformed, p + 18);
        // RFC 1421 Proc-Type without ENCRYPTED (an integrity-only message) is not encryption.
        t = prefix + "-----BEGIN X-----\nProc-Type: 4,MIC-CLEAR\n\nAAAA\n-----END X-----\n";
        check_error(pem_decode(t), errc::pem_malformed, p + 18);
    }
}

TEST_CASE("pem: strict base64 inside, with offsets in the text")
{
    const std::string prefix = "text\r\n";
    const std::size_t p = prefix.size();
    // The third body line of the key starts after the BEGIN line and two 65-byte lines.
    const std::size_t begin_len = std::string("-----BEGIN RSA PRIVATE KEY-----\n").size();
    const std::size_t third = p + begin_len + 2 * 65;

    SUBCASE("a character outside the alphabet")
    {
        std::string t = prefix + key_text;
        t[third + 10] = '*';
        check_error(pem_decode(t), errc::base64_bad_character, third + 10);
    }
    SUBCASE("a space inside a line, and a trailing space on a line")
    {
        std::string t = prefix + key_text;
        t[third + 5] = ' ';
        check_error(pem_decode(t), errc::base64_bad_character, third + 5);
        t = prefix + key_text;
        t.insert(third + 64, " ");
        check_error(pem_decode(t), errc::base64_bad_character, third + 64);
    }
    SUBCASE("a tab, and a lone CR, inside the body")
    {
        std::string t = prefix + key_text;
        t.insert(third, "\t");
        check_error(pem_decode(t), errc::base64_bad_character, third);
        t = prefix + key_text;
        t.insert(third + 3, "\r");
        check_error(pem_decode(t), errc::base64_bad_character, third + 3);
    }
    SUBCASE("padding and trailing bits")
    {
        // 18 bytes of BEGIN line; body "AAA" lacks its '=' (error at the end of the body).
        check_error(pem_decode("-----BEGIN X-----\nAAA\n-----END X-----\n"), errc::base64_bad_padding, 21);
        // "QR==": the unused low bits of 'R' are not zero.
        auto r = pem_decode("-----BEGIN X-----\nQR==\n-----END X-----\n");
        REQUIRE_FALSE(r);
        CHECK(r.err().code == errc::base64_non_canonical);
        auto ok = pem_decode("-----BEGIN X-----\nQQ==\n-----END X-----\n");
        REQUIRE(ok);
        CHECK(ok->der == std::vector<std::uint8_t>{'A'});
        // Padding in the middle of the joined body.
        auto mid = pem_decode("-----BEGIN X-----\nQQ==\nQQ==\n-----END X-----\n");
        REQUIRE_FALSE(mid);
        CHECK(mid.err().code == errc::base64_bad_padding);
        CHECK(mid.err().offset >= 18);
        CHECK(mid.err().offset < 28);
    }
}

TEST_CASE("pem: body size limit")
{
    std::string line(64, 'A');
    line += '\n';
    // The body is measured from the start of its first line to the end of its last.
    const std::size_t fits = (pem_max_body_bytes + 1) / line.size();
    std::string body;
    for (std::size_t i = 0; i < fits; ++i) body += line;
    auto ok = pem_decode("-----BEGIN X-----\n" + body + "-----END X-----\n");
    REQUIRE_MESSAGE(ok, (ok ? std::string() : ok.err().message()));
    CHECK(ok->der.size() == fits * 48);

    auto big = pem_decode("-----BEGIN X-----\n" + body + line + "-----END X-----\n");
    REQUIRE_FALSE(big);
    CHECK(big.err().code == errc::input_too_large);
    CHECK(big.err().offset == 18 + pem_max_body_bytes);

    // 16 MiB on a single line, never terminated: refused at the limit.
    std::string huge = "-----BEGIN X-----\n" + std::string(16u << 20, 'A');
    auto h = pem_decode(huge);
    REQUIRE_FALSE(h);
    CHECK(h.err().code == errc::input_too_large);
}

TEST_CASE("pem: encrypted keys written by openssl are refused with advice on decrypting them")
{
    const std::string dir = test::temp_dir();
    const std::string plain = test::shell_quote(test::key_path(1024, 65537, "pkcs8.pem"));

    SUBCASE("PKCS#8 EncryptedPrivateKeyInfo (label ENCRYPTED PRIVATE KEY)")
    {
        const std::string enc = dir + "/enc-pkcs8.pem";
        auto g = test::run("openssl pkcs8 -topk8 -in " + plain + " -v2 aes-256-cbc -passout pass:x -out " +
                           test::shell_quote(enc));
        REQUIRE_MESSAGE(g.status == 0, g.err);
        const std::string text = "leading text\n" + test::read_text(enc);
        REQUIRE(text.find("ENCRYPTED PRIVATE KEY") != std::string::npos);
        auto r = pem_decode(text);
        check_error(r, errc::pem_encrypted, 13);
        const std::string msg = r.err().message();
        CHECK(msg.find("encrypted") != std::string::npos);
        CHECK(msg.find("openssl pkcs8") != std::string::npos);

        // The advice works: the suggested command (plus the passphrase) yields a key we read.
        const std::string out = dir + "/dec-pkcs8.pem";
        auto d = test::run("openssl pkcs8 -in " + test::shell_quote(enc) + " -nocrypt -topk8 -out " +
                           test::shell_quote(out) + " -passin pass:x");
        REQUIRE_MESSAGE(d.status == 0, d.err);
        auto dec = pem_decode(test::read_text(out));
        REQUIRE(dec);
        CHECK(dec->der == openssl_der(1024, 65537, "pkcs8.der"));
    }
    SUBCASE("the same produced by genpkey")
    {
        const std::string enc = dir + "/enc-genpkey.pem";
        auto g = test::run("openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -aes-256-cbc "
                           "-pass pass:x -out " + test::shell_quote(enc));
        REQUIRE_MESSAGE(g.status == 0, g.err);
        check_error(pem_decode(test::read_text(enc)), errc::pem_encrypted, 0);
    }
    SUBCASE("traditional key with Proc-Type: 4,ENCRYPTED and DEK-Info headers")
    {
        const std::string enc = dir + "/enc-trad.pem";
        auto g = test::run("openssl rsa -in " + plain + " -aes256 -traditional -passout pass:x -out " +
                           test::shell_quote(enc));
        REQUIRE_MESSAGE(g.status == 0, g.err);
        const std::string text = test::read_text(enc);
        REQUIRE(text.find("Proc-Type: 4,ENCRYPTED") != std::string::npos);
        auto r = pem_decode(text);
        check_error(r, errc::pem_encrypted, text.find("Proc-Type"));
        CHECK(r.err().message().find("openssl") != std::string::npos);

        // With CRLF line ends too.
        const std::string crlf = to_crlf(text);
        check_error(pem_decode(crlf), errc::pem_encrypted, crlf.find("Proc-Type"));

        const std::string out = dir + "/dec-trad.pem";
        auto d = test::run("openssl pkcs8 -in " + test::shell_quote(enc) + " -nocrypt -topk8 -out " +
                           test::shell_quote(out) + " -passin pass:x");
        REQUIRE_MESSAGE(d.status == 0, d.err);
        auto dec = pem_decode(test::read_text(out));
        REQUIRE(dec);
        CHECK(dec->label == "PRIVATE KEY");
        CHECK(dec->der == openssl_der(1024, 65537, "pkcs8.der"));
    }
    SUBCASE("a DEK-Info header alone is also encryption")
    {
        auto r = pem_decode("-----BEGIN RSA PRIVATE KEY-----\nDEK-Info: AES-256-CBC,00\n\nAAAA\n"
                            "-----END RSA PRIVATE KEY-----\n");
        check_error(r, errc::pem_encrypted, 32);
    }
}
