// key_loader: every form of every test key is detected and loads to openssl's
// numbers; keys written by openssl genrsa / rsa -traditional / pkcs8 -topk8
// load; wrong-kind inputs get the helpful errors. (Malformed inputs:
// test_malformed_keys.cpp.)
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "key_test_helpers.hpp"
#include "test_support.hpp"
#include "twoleg/key_loader.hpp"

using namespace twoleg;
using bytes = std::vector<std::uint8_t>;

namespace {

std::string openssl_spki_sha256(const std::string &key_path, bool public_input)
{
    auto r = test::run("openssl pkey " + std::string(public_input ? "-pubin " : "") + "-in " +
                       test::shell_quote(key_path) + " -pubout -outform DER | sha256sum");
    REQUIRE(r.status == 0);
    return r.out.substr(0, 64);
}

/// Runs "openssl SUBCOMMAND ARGS" with "-out FILE" (in the test's temporary
/// directory) placed right after SUBCOMMAND; returns the path of FILE.
std::string openssl_make(const std::string &file, const std::string &command)
{
    const std::string path = test::temp_dir() + "/" + file;
    const std::size_t after_subcommand = command.find(' ', command.find(' ') + 1);
    auto r = test::run(command.substr(0, after_subcommand) + " -out " + test::shell_quote(path) +
                       command.substr(after_subcommand));
    REQUIRE_MESSAGE(r.status == 0, std::string(command + ": " + r.err));
    return path;
}

struct form {
    const char *file;
    key_format format;
    bool is_private;
};

const form forms[] = {
    {"pkcs1.pem", key_format::pkcs1_private_pem, true},
    {"pkcs1.der", key_format::pkcs1_private_der, true},
    {"pkcs8.pem", key_format::pkcs8_private_pem, true},
    {"spki.pem", key_format::spki_pem, false},
    {"spki.der", key_format::spki_der, false},
    {"rsapub.pem", key_format::pkcs1_public_pem, false},
    {"rsapub.der", key_format::pkcs1_public_der, false},
    {"cert.pem", key_format::certificate_pem, false},
    {"cert.der", key_format::certificate_der, false},
    {"sa.json", key_format::service_account_json, true},
};

void check_loaded(const loaded_key &k, const test::openssl_numbers &n, const std::string &fingerprint)
{
    CHECK(k.public_key.modulus_bits() == n.bits);
    CHECK(k.public_key.modulus() == n.at("modulus"));
    CHECK(k.public_key.public_exponent() == n.at("publicexponent"));
    CHECK(test::hex(k.public_key.spki_sha256()) == fingerprint);
    if (k.private_key) CHECK(k.private_key->public_key().spki_der() == k.public_key.spki_der());
}

} // namespace

TEST_CASE("every form of every test key is detected and loads")
{
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            CAPTURE(bits);
            CAPTURE(e);
            const auto n = test::openssl_rsa_numbers(test::key_path(bits, e, "pkcs8.pem"));
            const std::string fingerprint = openssl_spki_sha256(test::key_path(bits, e, "spki.pem"), true);
            for (const auto &f : forms) {
                INFO(f.file);
                auto k = load_key(test::read_file(test::key_path(bits, e, f.file)));
                REQUIRE_MESSAGE(k.ok(), k.err().message());
                CHECK(std::string(key_format_name(k->format)) == key_format_name(f.format));
                CHECK(k->is_private() == f.is_private);
                CHECK(k->account.has_value() == (f.format == key_format::service_account_json));
                check_loaded(*k, n, fingerprint);

                auto pub = load_public_key(test::read_file(test::key_path(bits, e, f.file)));
                REQUIRE(pub.ok());
                CHECK(pub->spki_der() == k->public_key.spki_der());
            }
            // The build's pkcs8.der comes from `openssl pkey -outform DER`, which OpenSSL 3.0
            // writes as PKCS#1 for RSA keys; real PKCS#8 DER comes from `openssl pkcs8 -topk8`.
            const std::string topk8 =
                openssl_make("topk8.der", "openssl pkcs8 -topk8 -nocrypt -outform DER -in " +
                                              test::shell_quote(test::key_path(bits, e, "pkcs1.pem")));
            auto k8 = load_key(test::read_file(topk8));
            REQUIRE_MESSAGE(k8.ok(), k8.err().message());
            CHECK(k8->format == key_format::pkcs8_private_der);
            check_loaded(*k8, n, fingerprint);
            auto pkey_der = load_key(test::read_file(test::key_path(bits, e, "pkcs8.der")));
            REQUIRE(pkey_der.ok());
            CHECK(pkey_der->is_private());
            check_loaded(*pkey_der, n, fingerprint);
        }
    }
}

TEST_CASE("keys written by openssl genrsa, rsa -traditional and pkcs8 -topk8 load")
{
    const std::string genrsa = openssl_make("genrsa.pem", "openssl genrsa 2048");
    const std::string genrsa3 = openssl_make("genrsa3.pem", "openssl genrsa -3 1024");
    for (const std::string &key : {genrsa, genrsa3}) {
        CAPTURE(key);
        const auto n = test::openssl_rsa_numbers(key);
        const std::string fingerprint = openssl_spki_sha256(key, false);
        struct variant {
            const char *what;
            std::string command;
            key_format format;
        };
        const std::string in = " -in " + test::shell_quote(key);
        const variant variants[] = {
            {"genrsa output", "cp " + test::shell_quote(key) + " ", key_format::pkcs8_private_pem},
            {"rsa -traditional", "openssl rsa -traditional" + in, key_format::pkcs1_private_pem},
            {"rsa -traditional DER", "openssl rsa -traditional -outform DER" + in, key_format::pkcs1_private_der},
            {"pkcs8 -topk8 -nocrypt", "openssl pkcs8 -topk8 -nocrypt" + in, key_format::pkcs8_private_pem},
            {"pkcs8 -topk8 -nocrypt DER", "openssl pkcs8 -topk8 -nocrypt -outform DER" + in,
             key_format::pkcs8_private_der},
            {"rsa -pubout", "openssl rsa -pubout" + in, key_format::spki_pem},
            {"rsa -RSAPublicKey_out", "openssl rsa -RSAPublicKey_out" + in, key_format::pkcs1_public_pem},
            {"req -x509", "openssl req -x509 -new -subj /CN=loader -days 2 -key " + test::shell_quote(key),
             key_format::certificate_pem},
        };
        for (const auto &v : variants) {
            INFO(v.what);
            std::string path;
            if (std::string(v.command).rfind("cp ", 0) == 0) {
                path = key;
            } else {
                path = openssl_make("variant", v.command);
            }
            auto k = load_key(test::read_file(path));
            REQUIRE_MESSAGE(k.ok(), k.err().message());
            CHECK(k->format == v.format);
            check_loaded(*k, n, fingerprint);
        }
    }
}

TEST_CASE("PEM with text before BEGIN, CRLF line ends and other line widths")
{
    const std::string pem = test::read_text(test::key_path(2048, 65537, "pkcs1.pem"));
    const auto modulus = test::openssl_rsa_numbers(test::key_path(2048, 65537, "pkcs1.pem")).at("modulus");
    std::string crlf;
    for (char c : pem) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    // The same key re-wrapped at 76 columns by `openssl base64` (a different encoder).
    const std::string der = test::key_path(2048, 65537, "pkcs1.der");
    auto b64 = test::run("openssl base64 -e -in " + test::shell_quote(der) + " | tr -d '\\n' | fold -w 76");
    REQUIRE(b64.status == 0);
    const std::string wide = "-----BEGIN RSA PRIVATE KEY-----\n" + b64.out + "\n-----END RSA PRIVATE KEY-----\n";
    for (const std::string &text : {"Bag Attributes: some text\nsubject=/CN=x\n" + pem, crlf, wide}) {
        auto k = load_key(test::bytes(text));
        REQUIRE_MESSAGE(k.ok(), k.err().message());
        CHECK(k->format == key_format::pkcs1_private_pem);
        CHECK(k->public_key.modulus() == modulus);
    }
}

TEST_CASE("wrong kinds get helpful errors")
{
    auto key = [](const char *form) { return test::read_file(test::key_path(2048, 65537, form)); };
    for (const char *form : {"cert.pem", "cert.der"}) {
        auto k = load_private_key(key(form));
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == errc::key_wrong_kind);
        CHECK(k.err().message() == "this is a certificate, not a private key");
    }
    for (const char *form : {"spki.pem", "spki.der", "rsapub.pem", "rsapub.der"}) {
        auto k = load_private_key(key(form));
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == errc::key_wrong_kind);
        CHECK(k.err().message() == "this is a public key, not a private key");
    }
    for (const char *form : {"pkcs1.pem", "pkcs1.der", "pkcs8.pem", "pkcs8.der", "sa.json"})
        CHECK(load_private_key(key(form)).ok());
}

TEST_CASE("format names are stable")
{
    CHECK(std::string(key_format_name(key_format::pkcs1_private_pem)) == "pkcs1-pem");
    CHECK(std::string(key_format_name(key_format::pkcs8_private_pem)) == "pkcs8-pem");
    CHECK(std::string(key_format_name(key_format::spki_pem)) == "spki-pem");
    CHECK(std::string(key_format_name(key_format::pkcs1_public_pem)) == "rsa-public-key-pem");
    CHECK(std::string(key_format_name(key_format::certificate_pem)) == "certificate-pem");
    CHECK(std::string(key_format_name(key_format::pkcs1_private_der)) == "pkcs1-der");
    CHECK(std::string(key_format_name(key_format::pkcs8_private_der)) == "pkcs8-der");
    CHECK(std::string(key_format_name(key_format::spki_der)) == "spki-der");
    CHECK(std::string(key_format_name(key_format::pkcs1_public_der)) == "rsa-public-key-der");
    CHECK(std::string(key_format_name(key_format::certificate_der)) == "certificate-der");
    CHECK(std::string(key_format_name(key_format::service_account_json)) == "service-account-json");
}

TEST_CASE("service-account notes reach the loaded key")
{
    std::string text = test::read_text(test::key_path(2048, 65537, "sa.json"));
    // In the file the key's line breaks are JSON escapes "\n"; make them literal "\\n".
    std::string flattened;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "\\n") == 0) {
            flattened += "\\\\n";
            ++i;
        } else {
            flattened += text[i];
        }
    }
    auto k = load_key(test::bytes(flattened));
    REQUIRE_MESSAGE(k.ok(), k.err().message());
    REQUIRE(k->notes.size() == 1);
    REQUIRE(k->account.has_value());
    CHECK(k->account->notes == k->notes);
}
