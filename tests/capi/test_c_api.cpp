// The C interface (twoleg.h) against the openssl command: signatures must be
// byte-identical to `openssl dgst -sha256 -sign`, openssl must accept what the
// C API signs, and every documented status path must give its code.
#include <doctest/doctest.h>

#include "twoleg/twoleg.h"
#include "twoleg/doctor.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/http_date.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "twoleg/error.hpp"

namespace {

struct key_deleter {
    void operator()(twoleg_key *k) const noexcept { twoleg_key_free(k); }
};
using key_ptr = std::unique_ptr<twoleg_key, key_deleter>;

struct response_deleter {
    void operator()(twoleg_token_response *r) const noexcept { twoleg_token_response_free(r); }
};
using response_ptr = std::unique_ptr<twoleg_token_response, response_deleter>;

key_ptr load(const std::string &path)
{
    const auto data = test::read_file(path);
    twoleg_key *k = nullptr;
    const int status = twoleg_key_load(data.data(), data.size(), &k);
    REQUIRE_MESSAGE(status == TWOLEG_OK, path << ": " << twoleg_status_message(status));
    REQUIRE(k != nullptr);
    return key_ptr(k);
}

std::string file_in_tmp(const std::string &name) { return test::temp_dir() + "/" + name; }

std::vector<std::uint8_t> openssl_sign(const std::string &key_path, const std::vector<std::uint8_t> &msg)
{
    const std::string in = file_in_tmp("msg.bin"), sig = file_in_tmp("sig.bin");
    test::write_file(in, msg);
    const auto r = test::run("openssl dgst -sha256 -sign " + test::shell_quote(key_path) + " -out " +
                             test::shell_quote(sig) + " " + test::shell_quote(in));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return test::read_file(sig);
}

bool openssl_verifies(const std::string &pub_path, std::string_view data, const std::vector<std::uint8_t> &sig)
{
    const std::string in = file_in_tmp("verify-in.bin"), sig_file = file_in_tmp("verify-sig.bin");
    test::write_file(in, data);
    test::write_file(sig_file, sig);
    const auto r = test::run("openssl dgst -sha256 -verify " + test::shell_quote(pub_path) + " -signature " +
                             test::shell_quote(sig_file) + " " + test::shell_quote(in));
    return r.status == 0 && r.out.find("Verified OK") != std::string::npos;
}

/// base64url (no padding) decoded by the openssl command, not by twoleg.
std::vector<std::uint8_t> openssl_base64url_decode(std::string text)
{
    for (char &c : text) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
    }
    while (text.size() % 4 != 0) text += '=';
    const std::string in = file_in_tmp("b64.txt");
    test::write_file(in, text + "\n");
    const auto r = test::run("openssl base64 -d -A -in " + test::shell_quote(in));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return test::bytes(r.out);
}

std::string as_text(const std::vector<std::uint8_t> &b) { return std::string(b.begin(), b.end()); }

struct jwt_parts {
    std::string header_b64, claims_b64, signature_b64;
};

jwt_parts split_jwt(const std::string &jwt)
{
    const auto first = jwt.find('.');
    const auto second = jwt.find('.', first + 1);
    REQUIRE(first != std::string::npos);
    REQUIRE(second != std::string::npos);
    REQUIRE(jwt.find('.', second + 1) == std::string::npos);
    return {jwt.substr(0, first), jwt.substr(first + 1, second - first - 1), jwt.substr(second + 1)};
}

/// Calls a buffer-convention function twice: size query, then the real call.
template <class Call>
std::string fetch_text(Call call)
{
    std::size_t needed = 12345;
    REQUIRE(call(nullptr, 0, &needed) == TWOLEG_E_BUFFER_TOO_SMALL);
    REQUIRE(needed > 1);
    std::string buf(needed, 'x');
    std::size_t got = 0;
    const int status = call(buf.data(), buf.size(), &got);
    REQUIRE_MESSAGE(status == TWOLEG_OK, twoleg_status_message(status));
    REQUIRE(got == needed);
    REQUIRE(buf[needed - 1] == '\0');
    REQUIRE(std::strlen(buf.c_str()) == needed - 1);
    buf.resize(needed - 1);
    return buf;
}

struct account_file {
    std::string client_email, private_key_id;
};

account_file read_account(const std::string &path)
{
    const auto j = nlohmann::json::parse(test::read_text(path));
    return {j.at("client_email").get<std::string>(), j.at("private_key_id").get<std::string>()};
}

std::string key_base(unsigned bits, unsigned e) { return test::key_path(bits, e, "pkcs8.pem"); }

constexpr std::int64_t fixed_iat = 1700000000;
const char *const token_uri = "https://oauth2.googleapis.com/token";
const char *const two_scopes =
    "https://www.googleapis.com/auth/spreadsheets.readonly https://www.googleapis.com/auth/drive.readonly";

std::string assertion_for(const twoleg_key *key, const twoleg_assertion_options &opts)
{
    return fetch_text([&](char *out, std::size_t size, std::size_t *len) {
        return twoleg_assertion(key, &opts, out, size, len, nullptr);
    });
}

} // namespace

TEST_CASE("twoleg_sign_rs256 is byte-identical to openssl dgst -sha256 -sign for every test key")
{
    const std::vector<std::size_t> lengths = {0, 1, 55, 64, 1000};
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            CAPTURE(bits);
            CAPTURE(e);
            for (const char *form : {"pkcs1.pem", "pkcs8.der", "sa.json"}) {
                CAPTURE(form);
                key_ptr key = load(test::key_path(bits, e, form));
                CHECK(twoleg_key_is_private(key.get()) == 1);
                CHECK(twoleg_key_size(key.get()) == (twoleg_key_bits(key.get()) + 7) / 8);
                const std::size_t len = std::strcmp(form, "pkcs1.pem") == 0 ? 55 : lengths[bits % 5];
                const auto msg = test::pseudo_random_bytes(len, bits * 7 + e);
                std::vector<std::uint8_t> sig(twoleg_key_size(key.get()));
                REQUIRE(twoleg_sign_rs256(key.get(), msg.data(), msg.size(), sig.data(), sig.size()) == TWOLEG_OK);
                CHECK(test::hex(sig) == test::hex(openssl_sign(key_base(bits, e), msg)));
            }
        }
    }
}

TEST_CASE("messages of every length class sign like openssl (2048-bit, e = 65537)")
{
    key_ptr key = load(test::key_path(2048, 65537, "sa.json"));
    for (std::size_t len : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 100000u}) {
        CAPTURE(len);
        const auto msg = test::pseudo_random_bytes(len, len + 1);
        std::vector<std::uint8_t> sig(256);
        // msg may be NULL for an empty message.
        REQUIRE(twoleg_sign_rs256(key.get(), len ? msg.data() : nullptr, len, sig.data(), sig.size()) == TWOLEG_OK);
        CHECK(test::hex(sig) == test::hex(openssl_sign(key_base(2048, 65537), msg)));
        CHECK(openssl_verifies(test::key_path(2048, 65537, "spki.pem"), as_text(msg), sig));
    }
}

TEST_CASE("twoleg_verify_rs256 accepts openssl's signatures with every public form and rejects altered ones")
{
    const auto msg = test::bytes("the message openssl signed");
    for (unsigned bits : {1024u, 2049u, 4096u}) {
        CAPTURE(bits);
        const auto sig = openssl_sign(key_base(bits, 3), msg);
        for (const char *form : {"spki.pem", "spki.der", "rsapub.pem", "rsapub.der", "cert.pem", "cert.der",
                                 "pkcs1.pem", "sa.json"}) {
            CAPTURE(form);
            key_ptr key = load(test::key_path(bits, 3, form));
            CHECK(twoleg_verify_rs256(key.get(), msg.data(), msg.size(), sig.data(), sig.size()) == TWOLEG_OK);

            auto flipped = sig;
            flipped[flipped.size() / 2] ^= 0x01;
            CHECK(twoleg_verify_rs256(key.get(), msg.data(), msg.size(), flipped.data(), flipped.size()) ==
                  TWOLEG_E_VERIFY);
            auto other = msg;
            other.back() ^= 0x20;
            CHECK(twoleg_verify_rs256(key.get(), other.data(), other.size(), sig.data(), sig.size()) ==
                  TWOLEG_E_VERIFY);
            // Wrong lengths are invalid signatures, not usage errors.
            CHECK(twoleg_verify_rs256(key.get(), msg.data(), msg.size(), sig.data(), sig.size() - 1) ==
                  TWOLEG_E_VERIFY);
            auto longer = sig;
            longer.insert(longer.begin(), 0);
            CHECK(twoleg_verify_rs256(key.get(), msg.data(), msg.size(), longer.data(), longer.size()) ==
                  TWOLEG_E_VERIFY);
            CHECK(twoleg_verify_rs256(key.get(), msg.data(), msg.size(), nullptr, 0) == TWOLEG_E_VERIFY);
        }
    }
}

TEST_CASE("public keys load but cannot sign")
{
    key_ptr key = load(test::key_path(2048, 65537, "cert.pem"));
    CHECK(twoleg_key_is_private(key.get()) == 0);
    CHECK(twoleg_key_size(key.get()) == 256);
    CHECK(twoleg_key_bits(key.get()) == 2048);
    CHECK(twoleg_key_client_email(key.get()) == nullptr);
    std::vector<std::uint8_t> sig(256, 0xAA);
    CHECK(twoleg_sign_rs256(key.get(), "x", 1, sig.data(), sig.size()) == TWOLEG_E_KEY_WRONG_KIND);
    CHECK(sig == std::vector<std::uint8_t>(256, 0));
}

TEST_CASE("NULL arguments and wrong sizes give TWOLEG_E_INVALID_ARGUMENT and leave nothing behind")
{
    key_ptr key = load(test::key_path(2048, 65537, "pkcs1.der"));
    const std::size_t k = twoleg_key_size(key.get());
    std::vector<std::uint8_t> sig(k + 1, 0xAA);

    twoleg_key *out = reinterpret_cast<twoleg_key *>(&sig);  // must be reset to NULL
    CHECK(twoleg_key_load(nullptr, 10, &out) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(out == nullptr);
    CHECK(twoleg_key_load("x", 1, nullptr) == TWOLEG_E_INVALID_ARGUMENT);

    CHECK(twoleg_sign_rs256(nullptr, "x", 1, sig.data(), k) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_sign_rs256(key.get(), nullptr, 1, sig.data(), k) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_sign_rs256(key.get(), "x", 1, nullptr, k) == TWOLEG_E_INVALID_ARGUMENT);
    for (std::size_t wrong : {std::size_t{0}, k - 1, k + 1}) {
        CAPTURE(wrong);
        std::fill(sig.begin(), sig.end(), 0xAA);
        CHECK(twoleg_sign_rs256(key.get(), "x", 1, sig.data(), wrong) == TWOLEG_E_INVALID_ARGUMENT);
        for (std::size_t i = 0; i < wrong; ++i) REQUIRE(sig[i] == 0);
    }

    CHECK(twoleg_verify_rs256(nullptr, "x", 1, sig.data(), k) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_verify_rs256(key.get(), nullptr, 1, sig.data(), k) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_verify_rs256(key.get(), "x", 1, nullptr, k) == TWOLEG_E_INVALID_ARGUMENT);

    CHECK(twoleg_key_size(nullptr) == 0);
    CHECK(twoleg_key_bits(nullptr) == 0);
    CHECK(twoleg_key_is_private(nullptr) == 0);
    CHECK(twoleg_key_client_email(nullptr) == nullptr);
    CHECK(twoleg_key_set_random(nullptr, nullptr, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    twoleg_key_free(nullptr);
    twoleg_token_response_free(nullptr);

    std::size_t len = 99;
    char buf[8];
    CHECK(twoleg_assertion(nullptr, nullptr, buf, sizeof buf, &len, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_assertion(key.get(), nullptr, buf, sizeof buf, nullptr, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_assertion(key.get(), nullptr, nullptr, 8, &len, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_token_request(nullptr, nullptr, buf, sizeof buf, &len, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_jwt_verify(nullptr, "a.b.c", 5, nullptr, buf, sizeof buf, &len, nullptr) ==
          TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_jwt_verify(key.get(), nullptr, 5, nullptr, buf, sizeof buf, &len, nullptr) ==
          TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_jwt_verify(key.get(), "a.b.c", 5, nullptr, buf, sizeof buf, nullptr, nullptr) ==
          TWOLEG_E_INVALID_ARGUMENT);
    twoleg_token_response *resp = nullptr;
    CHECK(twoleg_token_response_parse(nullptr, 3, nullptr, nullptr, &resp, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_token_response_parse("{}", 2, nullptr, nullptr, nullptr, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_token_response_field(nullptr, TWOLEG_FIELD_ACCESS_TOKEN) == nullptr);
    CHECK(twoleg_token_response_expires_in(nullptr) == -1);
    CHECK(twoleg_token_response_problem(nullptr) == -1);
}

TEST_CASE("malformed keys give invalid-input codes with details")
{
    struct bad_case {
        std::string data;
        int status;
    };
    const std::string pem = test::read_text(test::key_path(2048, 65537, "pkcs1.pem"));
    const auto der = test::read_file(test::key_path(2048, 65537, "pkcs8.der"));
    const std::vector<bad_case> cases = {
        {"hello, world", TWOLEG_E_KEY_UNRECOGNIZED},
        {"", 0},
        {pem.substr(0, pem.size() / 2), 0},
        {std::string(der.begin(), der.begin() + 100), 0},
        {R"({"type":"service_account"})", 0},
        {R"({"type": "service_account", "private_key": 3})", 0},
        {"{not json", 0},
    };
    for (const auto &c : cases) {
        CAPTURE(c.data.substr(0, 40));
        twoleg_key *k = reinterpret_cast<twoleg_key *>(0x1);
        twoleg_error_info info{};
        const int status = twoleg_key_load_ex(c.data.data(), c.data.size(), &k, &info);
        CHECK(k == nullptr);
        CHECK(status < 0);
        CHECK(status != TWOLEG_E_INVALID_ARGUMENT);
        if (c.status != 0) CHECK(status == c.status);
        CHECK(info.status == status);
        REQUIRE(info.message != nullptr);
        CHECK(std::strlen(info.message) > 0);
        CHECK(twoleg::category_of(static_cast<twoleg::errc>(-status)) == twoleg::error_category::invalid_input);
    }

    // A truncated DER key reports where it stopped.
    twoleg_key *k = nullptr;
    twoleg_error_info info{};
    const int status = twoleg_key_load_ex(der.data(), der.size() - 1, &k, &info);
    CHECK(status < 0);
    CHECK(k == nullptr);
    CHECK(info.status == status);

    // Success clears the info.
    const int ok = twoleg_key_load_ex(der.data(), der.size(), &k, &info);
    REQUIRE(ok == TWOLEG_OK);
    key_ptr owned(k);
    CHECK(info.status == TWOLEG_OK);
    CHECK(info.offset == TWOLEG_NO_OFFSET);
}

TEST_CASE("a service-account key remembers its file's fields")
{
    const std::string path = test::key_path(2048, 65537, "sa.json");
    const account_file acct = read_account(path);
    key_ptr key = load(path);
    REQUIRE(twoleg_key_client_email(key.get()) != nullptr);
    CHECK(std::string(twoleg_key_client_email(key.get())) == acct.client_email);
    CHECK(std::string(twoleg_key_private_key_id(key.get())) == acct.private_key_id);
    CHECK(std::string(twoleg_key_token_uri(key.get())) == token_uri);
    CHECK(std::string(twoleg_key_project_id(key.get())) == "twoleg-test");
}

TEST_CASE("assertions: exact header and claims, signature checked by openssl, size queries")
{
    const std::string path = test::key_path(2048, 65537, "sa.json");
    const account_file acct = read_account(path);
    key_ptr key = load(path);

    twoleg_assertion_options opts;
    twoleg_assertion_options_init(&opts);
    opts.scope = two_scopes;
    opts.issued_at = fixed_iat;

    const std::string jwt = assertion_for(key.get(), opts);
    const jwt_parts parts = split_jwt(jwt);
    CHECK(as_text(openssl_base64url_decode(parts.header_b64)) ==
          R"({"alg":"RS256","typ":"JWT","kid":")" + acct.private_key_id + R"("})");
    CHECK(as_text(openssl_base64url_decode(parts.claims_b64)) ==
          R"({"iss":")" + acct.client_email + R"(","scope":")" + two_scopes +
              R"(","aud":"https://oauth2.googleapis.com/token","iat":1700000000,"exp":1700003600})");
    const auto sig = openssl_base64url_decode(parts.signature_b64);
    CHECK(sig.size() == 256);
    CHECK(openssl_verifies(test::key_path(2048, 65537, "spki.pem"), parts.header_b64 + "." + parts.claims_b64, sig));

    SUBCASE("a buffer one byte short is refused and left empty")
    {
        std::size_t needed = 0;
        REQUIRE(twoleg_assertion(key.get(), &opts, nullptr, 0, &needed, nullptr) == TWOLEG_E_BUFFER_TOO_SMALL);
        CHECK(needed == jwt.size() + 1);
        std::string buf(needed - 1, 'x');
        std::size_t got = 0;
        twoleg_error_info info{};
        CHECK(twoleg_assertion(key.get(), &opts, buf.data(), buf.size(), &got, &info) == TWOLEG_E_BUFFER_TOO_SMALL);
        CHECK(got == needed);
        CHECK(buf[0] == '\0');
        CHECK(info.status == TWOLEG_E_BUFFER_TOO_SMALL);
    }

    SUBCASE("the token request carries the same assertion")
    {
        const std::string body = fetch_text([&](char *out, std::size_t size, std::size_t *len) {
            return twoleg_token_request(key.get(), &opts, out, size, len, nullptr);
        });
        const std::string prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
        REQUIRE(body.substr(0, prefix.size()) == prefix);
        CHECK(body.substr(prefix.size()) == jwt);  // base64url and '.' need no form encoding
    }

    SUBCASE("subject and lifetime")
    {
        opts.subject = "someone@example.com";
        opts.lifetime = 600;
        const jwt_parts p = split_jwt(assertion_for(key.get(), opts));
        CHECK(as_text(openssl_base64url_decode(p.claims_b64)) ==
              R"({"iss":")" + acct.client_email + R"(","sub":"someone@example.com","scope":")" + two_scopes +
                  R"(","aud":"https://oauth2.googleapis.com/token","iat":1700000000,"exp":1700000600})");
    }

    SUBCASE("self-signed JWT for an API")
    {
        opts.kind = TWOLEG_ASSERTION_SELF_SIGNED;
        opts.scope = nullptr;
        opts.audience = "https://sheets.googleapis.com/";
        const jwt_parts p = split_jwt(assertion_for(key.get(), opts));
        CHECK(as_text(openssl_base64url_decode(p.claims_b64)) ==
              R"({"iss":")" + acct.client_email + R"(","sub":")" + acct.client_email +
                  R"(","aud":"https://sheets.googleapis.com/","iat":1700000000,"exp":1700003600})");
    }

    SUBCASE("ID-token request")
    {
        opts.kind = TWOLEG_ASSERTION_ID_TOKEN;
        opts.scope = nullptr;
        opts.target_audience = "https://my-service.example.com";
        const jwt_parts p = split_jwt(assertion_for(key.get(), opts));
        CHECK(as_text(openssl_base64url_decode(p.claims_b64)) ==
              R"({"iss":")" + acct.client_email +
                  R"(","target_audience":"https://my-service.example.com","aud":"https://oauth2.googleapis.com/token","iat":1700000000,"exp":1700003600})");
    }

    SUBCASE("the clock, moved by clock_offset")
    {
        opts.issued_at = 0;
        opts.clock_offset = -100000;
        const std::int64_t before = static_cast<std::int64_t>(std::time(nullptr)) - 100000;
        const jwt_parts p = split_jwt(assertion_for(key.get(), opts));
        const std::int64_t after = static_cast<std::int64_t>(std::time(nullptr)) - 100000;
        const auto claims = nlohmann::json::parse(as_text(openssl_base64url_decode(p.claims_b64)));
        const std::int64_t iat = claims.at("iat").get<std::int64_t>();
        CHECK(iat >= before);
        CHECK(iat <= after);
        CHECK(claims.at("exp").get<std::int64_t>() == iat + 3600);
    }

    SUBCASE("refused options")
    {
        char buf[4096];
        std::size_t len = 7;
        twoleg_error_info info{};
        auto attempt = [&] {
            const int s = twoleg_assertion(key.get(), &opts, buf, sizeof buf, &len, &info);
            CHECK(len == 0);
            CHECK(buf[0] == '\0');
            CHECK(info.status == s);
            return s;
        };
        SUBCASE("lifetime above an hour") { opts.lifetime = 3601; CHECK(attempt() == TWOLEG_E_LIFETIME_TOO_LONG); }
        SUBCASE("no scope") { opts.scope = nullptr; CHECK(attempt() == TWOLEG_E_ASSERTION_BAD_OPTIONS); }
        SUBCASE("unknown kind") { opts.kind = 7; CHECK(attempt() == TWOLEG_E_INVALID_ARGUMENT); }
        SUBCASE("struct_size of another version")
        {
            opts.struct_size = sizeof opts - 8;
            CHECK(attempt() == TWOLEG_E_INVALID_ARGUMENT);
        }
    }
}

TEST_CASE("assertions from a PEM key need client_email in the options")
{
    key_ptr key = load(test::key_path(3072, 3, "pkcs1.pem"));
    twoleg_assertion_options opts;
    twoleg_assertion_options_init(&opts);
    opts.scope = "https://www.googleapis.com/auth/cloud-platform";
    opts.issued_at = fixed_iat;

    char buf[2048];
    std::size_t len = 0;
    CHECK(twoleg_assertion(key.get(), &opts, buf, sizeof buf, &len, nullptr) == TWOLEG_E_ASSERTION_BAD_OPTIONS);

    opts.client_email = "pem-signer@example.iam.gserviceaccount.com";
    const jwt_parts p = split_jwt(assertion_for(key.get(), opts));
    CHECK(as_text(openssl_base64url_decode(p.header_b64)) == R"({"alg":"RS256","typ":"JWT"})");
    CHECK(as_text(openssl_base64url_decode(p.claims_b64)) ==
          R"({"iss":"pem-signer@example.iam.gserviceaccount.com","scope":"https://www.googleapis.com/auth/cloud-platform","aud":"https://oauth2.googleapis.com/token","iat":1700000000,"exp":1700003600})");
    CHECK(openssl_verifies(test::key_path(3072, 3, "spki.pem"), p.header_b64 + "." + p.claims_b64,
                           openssl_base64url_decode(p.signature_b64)));

    opts.private_key_id = "my-kid";
    const jwt_parts q = split_jwt(assertion_for(key.get(), opts));
    CHECK(as_text(openssl_base64url_decode(q.header_b64)) == R"({"alg":"RS256","typ":"JWT","kid":"my-kid"})");
}

TEST_CASE("RS256 refuses keys below 2048 bits; public keys cannot make assertions")
{
    twoleg_assertion_options opts;
    twoleg_assertion_options_init(&opts);
    opts.scope = "https://www.googleapis.com/auth/cloud-platform";
    char buf[2048];
    std::size_t len = 0;
    key_ptr small = load(test::key_path(2047, 65537, "sa.json"));
    CHECK(twoleg_assertion(small.get(), &opts, buf, sizeof buf, &len, nullptr) == TWOLEG_E_JWT_KEY_TOO_SMALL);
    key_ptr pub = load(test::key_path(2048, 65537, "spki.der"));
    opts.client_email = "x@example.com";
    CHECK(twoleg_assertion(pub.get(), &opts, buf, sizeof buf, &len, nullptr) == TWOLEG_E_KEY_WRONG_KIND);
}

TEST_CASE("twoleg_jwt_verify: claims out, and every refusal has its code")
{
    key_ptr signer = load(test::key_path(2048, 65537, "sa.json"));
    key_ptr verifier = load(test::key_path(2048, 65537, "spki.pem"));
    const account_file acct = read_account(test::key_path(2048, 65537, "sa.json"));

    twoleg_assertion_options aopts;
    twoleg_assertion_options_init(&aopts);
    aopts.scope = "https://www.googleapis.com/auth/drive";
    aopts.issued_at = fixed_iat;
    const std::string jwt = assertion_for(signer.get(), aopts);
    const std::string expected_claims = R"({"iss":")" + acct.client_email +
        R"(","scope":"https://www.googleapis.com/auth/drive","aud":"https://oauth2.googleapis.com/token","iat":1700000000,"exp":1700003600})";

    twoleg_jwt_verify_options vopts;
    twoleg_jwt_verify_options_init(&vopts);
    vopts.now = fixed_iat + 10;
    vopts.audience = token_uri;
    vopts.issuer = acct.client_email.c_str();

    const std::string claims = fetch_text([&](char *out, std::size_t size, std::size_t *len) {
        return twoleg_jwt_verify(verifier.get(), jwt.data(), jwt.size(), &vopts, out, size, len, nullptr);
    });
    CHECK(claims == expected_claims);

    auto verify = [&](const std::string &token) {
        char buf[1024];
        std::size_t len = 5;
        twoleg_error_info info{};
        const int s = twoleg_jwt_verify(verifier.get(), token.data(), token.size(), &vopts, buf, sizeof buf, &len, &info);
        CHECK(info.status == s);
        if (s != TWOLEG_OK) {
            CHECK(len == 0);
            CHECK(buf[0] == '\0');
        }
        return s;
    };
    CHECK(verify(jwt) == TWOLEG_OK);
    SUBCASE("expired, by the real clock") { vopts.now = 0; CHECK(verify(jwt) == TWOLEG_E_JWT_EXPIRED); }
    SUBCASE("expired within the leeway")
    {
        vopts.now = fixed_iat + 3600 + 59;
        CHECK(verify(jwt) == TWOLEG_OK);
        vopts.leeway = 0;
        CHECK(verify(jwt) == TWOLEG_E_JWT_EXPIRED);
    }
    SUBCASE("not yet valid") { vopts.now = fixed_iat - 3600; CHECK(verify(jwt) == TWOLEG_E_JWT_NOT_YET_VALID); }
    SUBCASE("wrong audience") { vopts.audience = "https://example.com/"; CHECK(verify(jwt) == TWOLEG_E_JWT_WRONG_AUDIENCE); }
    SUBCASE("wrong issuer") { vopts.issuer = "else@example.com"; CHECK(verify(jwt) == TWOLEG_E_JWT_WRONG_ISSUER); }
    SUBCASE("tampered signature")
    {
        std::string bad = jwt;
        bad[bad.size() - 5] = bad[bad.size() - 5] == 'A' ? 'B' : 'A';
        CHECK(verify(bad) == TWOLEG_E_JWT_BAD_SIGNATURE);
    }
    SUBCASE("alg none")
    {
        const jwt_parts p = split_jwt(jwt);
        // {"alg":"none","typ":"JWT"} in base64url
        CHECK(verify("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + p.claims_b64 + ".") ==
              TWOLEG_E_JWT_UNSUPPORTED_ALGORITHM);
    }
    SUBCASE("not a JWT") { CHECK(verify("not-a-token") == TWOLEG_E_JWT_MALFORMED); }
    SUBCASE("the wrong key")
    {
        key_ptr other = load(test::key_path(3072, 65537, "spki.pem"));
        char buf[1024];
        std::size_t len = 0;
        CHECK(twoleg_jwt_verify(other.get(), jwt.data(), jwt.size(), &vopts, buf, sizeof buf, &len, nullptr) ==
              TWOLEG_E_JWT_BAD_SIGNATURE);
    }
    SUBCASE("verify only: a NULL claims buffer reports the size after a successful check")
    {
        std::size_t len = 0;
        CHECK(twoleg_jwt_verify(verifier.get(), jwt.data(), jwt.size(), &vopts, nullptr, 0, &len, nullptr) ==
              TWOLEG_E_BUFFER_TOO_SMALL);
        CHECK(len == expected_claims.size() + 1);
    }
    SUBCASE("bad struct_size")
    {
        vopts.struct_size = 0;
        CHECK(verify(jwt) == TWOLEG_E_INVALID_ARGUMENT);
    }
}

TEST_CASE("token responses: fields, problems and advice")
{
    key_ptr key = load(test::key_path(2048, 65537, "sa.json"));
    const account_file acct = read_account(test::key_path(2048, 65537, "sa.json"));
    auto parse = [&](const std::string &body, const char *date = nullptr) {
        twoleg_token_response *r = nullptr;
        twoleg_error_info info{};
        const int s = twoleg_token_response_parse(body.data(), body.size(), key.get(), date, &r, &info);
        CHECK(info.status == s);
        if (s != TWOLEG_OK) CHECK(r == nullptr);
        return std::make_pair(s, response_ptr(r));
    };

    SUBCASE("a token")
    {
        auto [s, r] = parse(R"({"access_token":"ya29.c.secret","expires_in":3599,"token_type":"Bearer"})");
        REQUIRE(s == TWOLEG_OK);
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_ACCESS_TOKEN)) == "ya29.c.secret");
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_TOKEN_TYPE)) == "Bearer");
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_ID_TOKEN)).empty());
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_ERROR)).empty());
        CHECK(twoleg_token_response_field(r.get(), -1) == nullptr);
        CHECK(twoleg_token_response_field(r.get(), TWOLEG_FIELD_REFRESH_TOKEN + 1) == nullptr);
        CHECK(twoleg_token_response_expires_in(r.get()) == 3599);
        CHECK(twoleg_token_response_problem(r.get()) == TWOLEG_PROBLEM_NONE);
    }
    SUBCASE("Invalid JWT Signature")
    {
        auto [s, r] = parse(R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})");
        REQUIRE(s == TWOLEG_OK);
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_ERROR)) == "invalid_grant");
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_ERROR_DESCRIPTION)) ==
              "Invalid JWT Signature.");
        CHECK(twoleg_token_response_expires_in(r.get()) == -1);
        CHECK(twoleg_token_response_problem(r.get()) == TWOLEG_PROBLEM_KEY_REJECTED);
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_ADVICE)).size() > 10);
    }
    SUBCASE("unauthorized_client")
    {
        auto [s, r] = parse(
            R"({"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."})");
        REQUIRE(s == TWOLEG_OK);
        CHECK(twoleg_token_response_problem(r.get()) == TWOLEG_PROBLEM_DELEGATION_DENIED);
    }
    SUBCASE("an API's 403 names the account to share with")
    {
        auto [s, r] = parse(
            R"({"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}})");
        REQUIRE(s == TWOLEG_OK);
        CHECK(twoleg_token_response_problem(r.get()) == TWOLEG_PROBLEM_NOT_SHARED);
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_ERROR)) == "PERMISSION_DENIED");
        CHECK(std::string(twoleg_token_response_field(r.get(), TWOLEG_FIELD_ADVICE)).find(acct.client_email) !=
              std::string::npos);
    }
    SUBCASE("malformed bodies")
    {
        CHECK(parse("not json").first == TWOLEG_E_TOKEN_RESPONSE_MALFORMED);
        CHECK(parse(R"({"access_token":5})").first == TWOLEG_E_TOKEN_RESPONSE_MALFORMED);
        CHECK(parse("").first == TWOLEG_E_TOKEN_RESPONSE_MALFORMED);
    }
    SUBCASE("a bad Date header is refused, not ignored")
    {
        CHECK(parse(R"({"error":"invalid_grant","error_description":"Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."})",
                    "yesterday")
                  .first < 0);
    }
}

TEST_CASE("a caller's random source is used, and its failure stops signing")
{
    key_ptr key = load(test::key_path(2048, 3, "pkcs8.pem"));
    const auto msg = test::bytes("blinded by the caller's randomness");
    const auto expected = openssl_sign(key_base(2048, 3), msg);

    struct source_state {
        std::atomic<int> calls{0};
        bool fail = false;
    } state;
    auto fill = [](void *context, unsigned char *out, size_t len) -> int {
        auto *st = static_cast<source_state *>(context);
        ++st->calls;
        if (st->fail) return 1;
        static thread_local std::uint64_t x = 0x9e3779b97f4a7c15u;  // deterministic, fine for a test
        for (size_t i = 0; i < len; ++i) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            out[i] = static_cast<unsigned char>(x);
        }
        return 0;
    };
    REQUIRE(twoleg_key_set_random(key.get(), fill, &state) == TWOLEG_OK);
    std::vector<std::uint8_t> sig(256);
    REQUIRE(twoleg_sign_rs256(key.get(), msg.data(), msg.size(), sig.data(), sig.size()) == TWOLEG_OK);
    CHECK(state.calls.load() > 0);
    CHECK(sig == expected);  // blinding must not change the signature

    state.fail = true;
    CHECK(twoleg_sign_rs256(key.get(), msg.data(), msg.size(), sig.data(), sig.size()) == TWOLEG_E_RANDOM_FAILURE);
    CHECK(sig == std::vector<std::uint8_t>(256, 0));

    key_ptr sa = load(test::key_path(2048, 3, "sa.json"));
    REQUIRE(twoleg_key_set_random(sa.get(), fill, &state) == TWOLEG_OK);
    twoleg_assertion_options opts;
    twoleg_assertion_options_init(&opts);
    opts.scope = "s";
    char buf[2048];
    std::size_t len = 0;
    CHECK(twoleg_assertion(sa.get(), &opts, buf, sizeof buf, &len, nullptr) == TWOLEG_E_RANDOM_FAILURE);
    CHECK(buf[0] == '\0');

    REQUIRE(twoleg_key_set_random(key.get(), nullptr, nullptr) == TWOLEG_OK);  // back to the OS
    REQUIRE(twoleg_sign_rs256(key.get(), msg.data(), msg.size(), sig.data(), sig.size()) == TWOLEG_OK);
    CHECK(sig == expected);
}

TEST_CASE("one key signs from several threads at once")
{
    key_ptr key = load(test::key_path(2048, 65537, "sa.json"));
    std::vector<std::vector<std::uint8_t>> messages, expected;
    for (int i = 0; i < 4; ++i) {
        messages.push_back(test::pseudo_random_bytes(100 + i, 40 + i));
        expected.push_back(openssl_sign(key_base(2048, 65537), messages.back()));
    }
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            std::vector<std::uint8_t> sig(256);
            for (int round = 0; round < 10; ++round) {
                const auto &m = messages[(t + round) % 4];
                if (twoleg_sign_rs256(key.get(), m.data(), m.size(), sig.data(), sig.size()) != TWOLEG_OK ||
                    sig != expected[(t + round) % 4])
                    ++mismatches;
            }
        });
    }
    for (auto &th : threads) th.join();
    CHECK(mismatches.load() == 0);
}

TEST_CASE("twoleg_status_message covers every code and only those")
{
    for (int code = 0; code <= 200; ++code) {
        CAPTURE(code);
        const std::string text = twoleg::default_message(static_cast<twoleg::errc>(code));
        const std::string c_text = twoleg_status_message(-code);
        if (text == "unknown error") CHECK(c_text == "unknown status");
        else CHECK(c_text == text);
    }
    for (int status : {1, 5, 1000, -1000, -1001, INT_MIN, INT_MAX})
        CHECK(std::string(twoleg_status_message(status)) == "unknown status");
    CHECK(std::string(twoleg_status_message(TWOLEG_OK)) == "success");

    const int every_macro[] = {
        TWOLEG_E_INVALID_ARGUMENT, TWOLEG_E_BUFFER_TOO_SMALL, TWOLEG_E_NOT_IMPLEMENTED, TWOLEG_E_INTERNAL,
        TWOLEG_E_OUT_OF_MEMORY, TWOLEG_E_IO, TWOLEG_E_RANDOM_FAILURE, TWOLEG_E_INPUT_TOO_LARGE,
        TWOLEG_E_BASE64_BAD_CHARACTER, TWOLEG_E_BASE64_BAD_PADDING, TWOLEG_E_BASE64_NON_CANONICAL,
        TWOLEG_E_PEM_NO_BEGIN, TWOLEG_E_PEM_NO_END, TWOLEG_E_PEM_LABEL_MISMATCH, TWOLEG_E_PEM_MALFORMED,
        TWOLEG_E_PEM_ENCRYPTED, TWOLEG_E_DER_TRUNCATED, TWOLEG_E_DER_INDEFINITE_LENGTH,
        TWOLEG_E_DER_NON_MINIMAL_LENGTH, TWOLEG_E_DER_LENGTH_TOO_LONG, TWOLEG_E_DER_HIGH_TAG_NUMBER,
        TWOLEG_E_DER_UNEXPECTED_TAG, TWOLEG_E_DER_NON_MINIMAL_INTEGER, TWOLEG_E_DER_NEGATIVE_INTEGER,
        TWOLEG_E_DER_EMPTY_INTEGER, TWOLEG_E_DER_TRAILING_DATA, TWOLEG_E_DER_TOO_DEEP, TWOLEG_E_DER_BAD_OID,
        TWOLEG_E_DER_BAD_NULL, TWOLEG_E_DER_BAD_BIT_STRING, TWOLEG_E_DER_INTEGER_TOO_LARGE, TWOLEG_E_DER_BAD_TIME,
        TWOLEG_E_KEY_WRONG_KIND, TWOLEG_E_KEY_UNSUPPORTED_VERSION, TWOLEG_E_KEY_MULTI_PRIME,
        TWOLEG_E_KEY_UNSUPPORTED_ALGORITHM, TWOLEG_E_KEY_SIZE_UNSUPPORTED, TWOLEG_E_KEY_INCONSISTENT,
        TWOLEG_E_KEY_BAD_PUBLIC_EXPONENT, TWOLEG_E_KEY_UNRECOGNIZED, TWOLEG_E_JSON_MALFORMED,
        TWOLEG_E_JSON_NOT_SERVICE_ACCOUNT, TWOLEG_E_JSON_MISSING_FIELD, TWOLEG_E_JSON_BAD_FIELD,
        TWOLEG_E_VERIFY, TWOLEG_E_SIGN_FAULT, TWOLEG_E_MESSAGE_OUT_OF_RANGE, TWOLEG_E_JWT_MALFORMED,
        TWOLEG_E_JWT_UNSUPPORTED_ALGORITHM, TWOLEG_E_JWT_BAD_SIGNATURE, TWOLEG_E_JWT_EXPIRED,
        TWOLEG_E_JWT_NOT_YET_VALID, TWOLEG_E_JWT_WRONG_AUDIENCE, TWOLEG_E_JWT_WRONG_ISSUER,
        TWOLEG_E_JWT_KEY_TOO_SMALL, TWOLEG_E_LIFETIME_TOO_LONG, TWOLEG_E_ASSERTION_BAD_OPTIONS,
        TWOLEG_E_TOKEN_RESPONSE_MALFORMED,
    };
    std::vector<std::string> seen;
    for (int status : every_macro) {
        CAPTURE(status);
        CHECK(status < 0);
        const std::string text = twoleg_status_message(status);
        CHECK(text != "unknown status");
        for (const auto &other : seen) CHECK(other != text);
        seen.push_back(text);
    }
    CHECK(std::string(twoleg_status_message(TWOLEG_E_VERIFY)) == "signature verification failed");
    CHECK(TWOLEG_E_VERIFY == -static_cast<int>(twoleg::errc::verify_failed));
}

TEST_CASE("key files without private_key_id, and another universe, through the C API")
{
    auto j = nlohmann::json::parse(test::read_text(test::key_path(2048, 65537, "sa.json")));
    j.erase("private_key_id");
    j["universe_domain"] = "cloud.example.test";
    const std::string path = test::temp_dir() + "/universe.json";
    test::write_file(path, j.dump());
    key_ptr key = load(path);
    CHECK(std::string(twoleg_key_private_key_id(key.get())).empty());

    twoleg_assertion_options opts;
    twoleg_assertion_options_init(&opts);
    opts.scope = "https://www.googleapis.com/auth/cloud-platform";
    opts.issued_at = fixed_iat;
    char buf[4096];
    std::size_t len = 0;
    twoleg_error_info info{};
    CHECK(twoleg_assertion(key.get(), &opts, buf, sizeof buf, &len, &info) == TWOLEG_E_ASSERTION_BAD_OPTIONS);
    CHECK(std::string(info.message).find("universe_domain") != std::string::npos);
    CHECK(twoleg_token_request(key.get(), &opts, buf, sizeof buf, &len, &info) == TWOLEG_E_ASSERTION_BAD_OPTIONS);

    opts.kind = TWOLEG_ASSERTION_SELF_SIGNED;
    REQUIRE(twoleg_assertion(key.get(), &opts, buf, sizeof buf, &len, &info) == TWOLEG_OK);
    const std::string jwt(buf);
    CHECK(jwt.substr(0, jwt.find('.')) == twoleg::base64url_encode(std::string_view(R"({"alg":"RS256","typ":"JWT"})")));
}

TEST_CASE("twoleg_doctor: the JSON report through a caller buffer, the same as the C++ report")
{
    const std::string file = test::read_text(test::key_path(2048, 65537, "sa.json"));
    const std::string other_cert = test::read_text(test::key_path(3072, 65537, "cert.pem"));
    const std::string deleted_map = nlohmann::json({{std::string(40, 'c'), other_cert}}).dump();
    twoleg_doctor_options opts;
    twoleg_doctor_options_init(&opts);
    opts.file_name = "sa.json";
    opts.published_keys = deleted_map.data();
    opts.published_keys_len = deleted_map.size();
    opts.http_date = "Fri, 15 Jan 2027 08:00:00 GMT";
    opts.local_time = 1800000000 + 7200;  // compared with that date below
    int checks_ok = -1;
    const std::string report = fetch_text([&](char *out, std::size_t size, std::size_t *len) {
        return twoleg_doctor(file.data(), file.size(), &opts, out, size, len, &checks_ok, nullptr);
    });
    CHECK(checks_ok == 0);

    twoleg::doctor_input in;
    in.key_file = file;
    in.published_keys = deleted_map;
    in.server_time = twoleg::parse_http_date("Fri, 15 Jan 2027 08:00:00 GMT").value();
    in.local_time = 1800000000 + 7200;
    CHECK(report == twoleg::doctor_report_json(twoleg::run_doctor(in), "sa.json"));
    const auto j = nlohmann::json::parse(report);
    CHECK(j["ok"] == false);
    CHECK(j["checks"].back()["id"] == "clock");
    bool saw_deleted = false;
    for (const auto &c : j["checks"])
        if (c["id"] == "published-key") saw_deleted = c["status"] == "fail";
    CHECK(saw_deleted);

    // A clean file with defaults: every check passes but the published key (not given).
    std::size_t len = 0;
    std::string buf(8192, 'x');
    REQUIRE(twoleg_doctor(file.data(), file.size(), nullptr, buf.data(), buf.size(), &len, &checks_ok, nullptr) ==
            TWOLEG_OK);
    CHECK(checks_ok == 1);
    CHECK(nlohmann::json::parse(buf.c_str())["ok"] == true);

    // Not a key file: still a report (file-form fail), not an error.
    REQUIRE(twoleg_doctor("-----BEGIN", 10, nullptr, buf.data(), buf.size(), &len, &checks_ok, nullptr) == TWOLEG_OK);
    CHECK(checks_ok == 0);

    twoleg_error_info info{};
    CHECK(twoleg_doctor(file.data(), file.size(), nullptr, nullptr, 0, nullptr, nullptr, &info) ==
          TWOLEG_E_INVALID_ARGUMENT);
    CHECK(twoleg_doctor(nullptr, 5, nullptr, buf.data(), buf.size(), &len, nullptr, &info) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(buf[0] == '\0');
    CHECK(len == 0);
    twoleg_doctor_options bad = opts;
    bad.struct_size = 3;
    CHECK(twoleg_doctor(file.data(), file.size(), &bad, buf.data(), buf.size(), &len, nullptr, &info) ==
          TWOLEG_E_INVALID_ARGUMENT);
    bad = opts;
    bad.http_date = "yesterday";
    CHECK(twoleg_doctor(file.data(), file.size(), &bad, buf.data(), buf.size(), &len, nullptr, &info) ==
          TWOLEG_E_INVALID_ARGUMENT);
    CHECK(std::string(info.message).find("HTTP date") != std::string::npos);
    CHECK(twoleg_doctor(file.data(), file.size(), nullptr, buf.data(), 5, &len, nullptr, &info) ==
          TWOLEG_E_BUFFER_TOO_SMALL);
    CHECK(buf[0] == '\0');
}

TEST_CASE("twoleg_version is the project's version string")
{
    const std::string v = twoleg_version();
    REQUIRE(!v.empty());
    CHECK(v.find_first_not_of("0123456789.") == std::string::npos);
    CHECK(std::count(v.begin(), v.end(), '.') == 2);
}

TEST_CASE("twoleg_key_load_with_password: PKCS#12 and encrypted PKCS#8 made by openssl")
{
    const std::string dir = test::temp_dir();
    const std::string plain = test::key_path(2048, 65537, "pkcs8.pem");
    const auto made = test::run("OPENSSL_CONF=/dev/null openssl req -new -x509 -key " + plain +
                                " -subj /CN=1234 -days 1 -out " + dir + "/c.pem && "
                                "OPENSSL_CONF=/dev/null openssl pkcs12 -export -legacy -inkey " + plain + " -in " + dir +
                                "/c.pem -passout pass:notasecret -out " + dir + "/k.p12 && "
                                "OPENSSL_CONF=/dev/null openssl pkcs8 -topk8 -v2 aes-128-cbc -in " + plain +
                                " -passout pass:s3cret -out " + dir + "/k.enc.pem");
    REQUIRE_MESSAGE(made.status == 0, made.err);
    const auto p12 = test::read_file(dir + "/k.p12");
    const auto enc = test::read_file(dir + "/k.enc.pem");
    const auto plain_bytes = test::read_file(plain);
    key_ptr reference(nullptr);
    {
        twoleg_key *k = nullptr;
        REQUIRE(twoleg_key_load(plain_bytes.data(), plain_bytes.size(), &k) == TWOLEG_OK);
        reference.reset(k);
    }
    const std::vector<std::uint8_t> msg{'m'};
    auto signature_of = [&](const twoleg_key *k) {
        std::vector<unsigned char> sig(twoleg_key_size(k));
        REQUIRE(twoleg_sign_rs256(k, msg.data(), msg.size(), sig.data(), sig.size()) == TWOLEG_OK);
        return sig;
    };

    struct row {
        const char *what;
        const std::vector<std::uint8_t> &data;
        const char *password;  // nullptr: none given
        int status;
    };
    const row rows[] = {
        {"p12, its password", p12, "notasecret", TWOLEG_OK},
        {"p12, no password (notasecret is tried)", p12, nullptr, TWOLEG_OK},
        {"p12, a wrong password", p12, "notasecret!", TWOLEG_E_KEY_WRONG_PASSWORD},
        {"pkcs8, its password", enc, "s3cret", TWOLEG_OK},
        {"pkcs8, a wrong password", enc, "s3cret ", TWOLEG_E_KEY_WRONG_PASSWORD},
        {"pkcs8, no password", enc, nullptr, TWOLEG_E_KEY_PASSWORD_REQUIRED},
        {"plain key, a password is ignored", plain_bytes, "anything", TWOLEG_OK},
    };
    for (const auto &r : rows) {
        CAPTURE(std::string(r.what));
        twoleg_key *k = reinterpret_cast<twoleg_key *>(0x1);
        twoleg_error_info info{};
        const int status = twoleg_key_load_with_password(r.data.data(), r.data.size(), r.password,
                                                         r.password ? std::strlen(r.password) : 0, &k, &info);
        CHECK(status == r.status);
        CHECK(info.status == status);
        key_ptr owned(status == TWOLEG_OK ? k : nullptr);
        if (status != TWOLEG_OK) {
            CHECK(k == nullptr);
            CHECK(info.offset == TWOLEG_NO_OFFSET);
            if (status == TWOLEG_E_KEY_WRONG_PASSWORD)
                CHECK(std::string(info.message) == "wrong password, or the file is damaged: the integrity check failed");
            continue;
        }
        CHECK(twoleg_key_is_private(k) == 1);
        CHECK(signature_of(k) == signature_of(reference.get()));
    }

    twoleg_key *k = nullptr;
    CHECK(twoleg_key_load_with_password(p12.data(), p12.size(), nullptr, 3, &k, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(k == nullptr);
    CHECK(twoleg_key_load_with_password(nullptr, 0, "x", 1, &k, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    // Not NUL-terminated: only password_len bytes count.
    const char padded[] = {'n', 'o', 't', 'a', 's', 'e', 'c', 'r', 'e', 't', 'X'};
    REQUIRE(twoleg_key_load_with_password(p12.data(), p12.size(), padded, 10, &k, nullptr) == TWOLEG_OK);
    key_ptr owned(k);
}
