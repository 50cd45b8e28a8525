// pem_decode_key: the PEM forms of encrypted keys, as the openssl command
// writes them (the label ENCRYPTED PRIVATE KEY; Proc-Type and DEK-Info
// headers), and the header shapes it refuses.
#include <doctest/doctest.h>

#include <string>

#include "test_support.hpp"
#include "twoleg/pem.hpp"

using twoleg::errc;
using twoleg::pem_decode_key;

namespace {

std::string to_crlf(const std::string &s)
{
    std::string out;
    for (char c : s) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

} // namespace

TEST_CASE("pem_decode_key: the encrypted forms openssl writes, headers read exactly")
{
    const std::string dir = test::temp_dir();
    const std::string plain = test::shell_quote(test::key_path(1024, 65537, "pkcs8.pem"));
    const std::string trad = dir + "/trad.pem", p8 = dir + "/p8.pem";
    auto g = test::run("openssl rsa -in " + plain + " -aes128 -traditional -passout pass:x -out " + test::shell_quote(trad) +
                       " && openssl pkcs8 -topk8 -in " + plain + " -v2 aes-256-cbc -passout pass:x -out " +
                       test::shell_quote(p8));
    REQUIRE_MESSAGE(g.status == 0, g.err);

    const std::string text = test::read_text(trad);
    const std::size_t dek = text.find("DEK-Info: ");
    REQUIRE(dek != std::string::npos);
    const std::string dek_value = text.substr(dek + 10, text.find('\n', dek) - dek - 10);
    for (const std::string &t : {text, to_crlf(text)}) {
        auto r = pem_decode_key(t);
        REQUIRE(r);
        CHECK(r->label == "RSA PRIVATE KEY");
        CHECK(r->dek_info == dek_value);
        CHECK(r->der.size() % 16 == 0);
    }
    // The body is the base64 after the empty line, as openssl base64 -d reads it.
    const std::string body_file = dir + "/body.b64";
    test::write_file(body_file, text.substr(text.find("\n\n") + 2, text.find("-----END") - text.find("\n\n") - 2));
    auto decoded = test::run("openssl base64 -d -in " + test::shell_quote(body_file) + " | od -An -tx1 | tr -d ' \\n'");
    REQUIRE(decoded.status == 0);
    CHECK(test::hex(pem_decode_key(text)->der) == decoded.out);

    auto r8 = pem_decode_key(test::read_text(p8));
    REQUIRE(r8);
    CHECK(r8->label == "ENCRYPTED PRIVATE KEY");
    CHECK(r8->dek_info.empty());

    auto armoured = [](const char *headers) {
        std::string t = "-----BEGIN RSA PRIVATE KEY-----\n";
        t += headers;
        t += "AAAA\n-----END RSA PRIVATE KEY-----\n";
        return t;
    };
    struct row {
        const char *what;
        std::string text;
        errc expected;
    };
    const row rows[] = {
        {"Proc-Type other than 4,ENCRYPTED", armoured("Proc-Type: 4,MIC-ONLY\nDEK-Info: AES-128-CBC,00\n\n"),
         errc::pem_malformed},
        {"Proc-Type without DEK-Info", armoured("Proc-Type: 4,ENCRYPTED\n\n"), errc::pem_malformed},
        {"DEK-Info without an empty line after it", armoured("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n"),
         errc::pem_malformed},
        {"DEK-Info first", armoured("DEK-Info: AES-128-CBC,00\n\n"), errc::pem_malformed},
        {"another header", armoured("Comment: hello\n\n"), errc::pem_malformed},
    };
    for (const auto &r : rows) {
        INFO(std::string(r.what));
        auto d = pem_decode_key(r.text);
        REQUIRE_FALSE(d.ok());
        CHECK(d.err().code == r.expected);
    }
}
