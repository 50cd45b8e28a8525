// service_account: the JSON key files of the test keys, repairs of flattened
// private_key values, and every way a file can fail to be a service-account key.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "key_test_helpers.hpp"
#include "test_support.hpp"
#include "twoleg/service_account.hpp"

using namespace twoleg;
using json = nlohmann::json;

namespace {

json base_file(unsigned bits = 2048, unsigned e = 65537)
{
    return json::parse(test::read_text(test::key_path(bits, e, "sa.json")));
}

errc error_of(const std::string &text)
{
    auto a = parse_service_account(text);
    return a ? errc::ok : a.err().code;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to)
{
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

} // namespace

TEST_CASE("the service-account files of every test key load with openssl's numbers")
{
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            CAPTURE(bits);
            CAPTURE(e);
            const std::string path = test::key_path(bits, e, "sa.json");
            const json file = json::parse(test::read_text(path));
            auto a = parse_service_account(test::read_text(path));
            REQUIRE_MESSAGE(a.ok(), a.err().message());
            CHECK(a->client_email == "signer-" + std::to_string(bits) + "-e" + std::to_string(e) +
                                         "@twoleg-test.iam.gserviceaccount.com");
            CHECK(a->private_key_id == file["private_key_id"].get<std::string>());
            CHECK(a->private_key_id.size() == 40);
            CHECK(a->project_id == "twoleg-test");
            CHECK(a->token_uri == "https://oauth2.googleapis.com/token");
            CHECK(a->client_id == file["client_id"].get<std::string>());
            CHECK(a->notes.empty());
            auto numbers = test::openssl_rsa_numbers(test::key_path(bits, e, "pkcs8.pem"));
            CHECK(a->key.public_key().modulus() == numbers.at("modulus"));
            CHECK(a->key.public_key().public_exponent() == numbers.at("publicexponent"));
        }
    }
}

TEST_CASE("optional fields: token_uri defaults, a PKCS#1 private_key is accepted")
{
    json f = base_file();
    f.erase("token_uri");
    f.erase("project_id");
    f.erase("client_id");
    f["private_key"] = test::read_text(test::key_path(2048, 65537, "pkcs1.pem"));
    auto a = parse_service_account(f.dump());
    REQUIRE_MESSAGE(a.ok(), a.err().message());
    CHECK(a->token_uri == default_token_uri);
    CHECK(a->project_id.empty());
    CHECK(looks_like_json(f.dump()));
    CHECK(looks_like_json("\xEF\xBB\xBF \n {"));
    CHECK_FALSE(looks_like_json("[{}]"));
    CHECK_FALSE(looks_like_json("-----BEGIN"));
}

TEST_CASE("a private_key whose line breaks were flattened is repaired, with a note")
{
    const std::string pem = test::read_text(test::key_path(2048, 65537, "pkcs8.pem"));
    const auto expected_modulus = test::openssl_rsa_numbers(test::key_path(2048, 65537, "pkcs8.pem")).at("modulus");
    struct row {
        const char *what;
        std::string private_key;
        const char *note_fragment;
    };
    const row rows[] = {
        {"literal backslash-n", replace_all(pem, "\n", "\\n"), "\\n"},
        {"literal backslash-r backslash-n", replace_all(pem, "\n", "\\r\\n"), "\\n"},
        {"spaces", replace_all(pem, "\n", " "), "spaces"},
        {"nothing at all", replace_all(pem, "\n", ""), "spaces"},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        REQUIRE(r.private_key.find('\n') == std::string::npos);
        json f = base_file();
        f["private_key"] = r.private_key;
        auto a = parse_service_account(f.dump());
        REQUIRE_MESSAGE(a.ok(), a.err().message());
        CHECK(a->key.public_key().modulus() == expected_modulus);
        REQUIRE(a->notes.size() == 1);
        CHECK(a->notes[0].find(r.note_fragment) != std::string::npos);
    }
}

TEST_CASE("a file without private_key_id loads, with a note that assertions carry no kid")
{
    json f = base_file();
    f.erase("private_key_id");
    auto a = parse_service_account(f.dump());
    REQUIRE_MESSAGE(a.ok(), a.err().message());
    CHECK(a->private_key_id.empty());
    REQUIRE(a->notes.size() == 1);
    CHECK(a->notes[0].find("no private_key_id") != std::string::npos);
    CHECK(a->notes[0].find("kid") != std::string::npos);
}

TEST_CASE("universe_domain is read, and defaults to googleapis.com")
{
    json f = base_file();
    f.erase("universe_domain");
    auto absent = parse_service_account(f.dump());
    REQUIRE(absent.ok());
    CHECK(absent->universe_domain == "googleapis.com");
    f["universe_domain"] = "example-cloud.test";
    auto other = parse_service_account(f.dump());
    REQUIRE(other.ok());
    CHECK(other->universe_domain == "example-cloud.test");
    CHECK(other->notes.empty());
}

TEST_CASE("files that are not service-account keys get the intended error")
{
    const std::string pkcs8 = test::read_text(test::key_path(2048, 65537, "pkcs8.pem"));
    auto with = [](auto change) {
        json f = base_file();
        change(f);
        return f.dump();
    };
    struct row {
        const char *what;
        std::string text;
        errc expected;
        const char *message_fragment;
    };
    const std::string authorized_user =
        R"({"type": "authorized_user", "client_id": "x.apps.googleusercontent.com", "client_secret": "s",)"
        R"( "refresh_token": "r"})";
    const row rows[] = {
        {"authorized_user", authorized_user, errc::json_not_service_account, "user credential"},
        {"external_account", with([](json &f) { f["type"] = "external_account"; }), errc::json_not_service_account,
         "workload identity"},
        {"other type", with([](json &f) { f["type"] = "service-account"; }), errc::json_not_service_account,
         "service_account"},
        {"no type", with([](json &f) { f.erase("type"); }), errc::json_not_service_account, "type"},
        {"type a number", with([](json &f) { f["type"] = 1; }), errc::json_bad_field, "type"},
        {"JSON array", "[" + base_file().dump() + "]", errc::json_not_service_account, "object"},
        {"JSON string", "\"service_account\"", errc::json_not_service_account, "object"},
        {"missing private_key", with([](json &f) { f.erase("private_key"); }), errc::json_missing_field,
         "private_key"},
        {"missing client_email", with([](json &f) { f.erase("client_email"); }), errc::json_missing_field,
         "client_email"},
        {"private_key_id empty", with([](json &f) { f["private_key_id"] = ""; }), errc::json_bad_field,
         "private_key_id"},
        {"universe_domain a number", with([](json &f) { f["universe_domain"] = 1; }), errc::json_bad_field,
         "universe_domain"},
        {"universe_domain empty", with([](json &f) { f["universe_domain"] = ""; }), errc::json_bad_field,
         "universe_domain"},
        {"private_key a number", with([](json &f) { f["private_key"] = 42; }), errc::json_bad_field, "private_key"},
        {"private_key null", with([](json &f) { f["private_key"] = nullptr; }), errc::json_bad_field,
         "private_key"},
        {"client_email an array", with([](json &f) { f["client_email"] = json::array({"a@b"}); }),
         errc::json_bad_field, "client_email"},
        {"client_email empty", with([](json &f) { f["client_email"] = ""; }), errc::json_bad_field, "client_email"},
        {"private_key_id an object", with([](json &f) { f["private_key_id"] = json::object(); }),
         errc::json_bad_field, "private_key_id"},
        {"token_uri a number", with([](json &f) { f["token_uri"] = 443; }), errc::json_bad_field, "token_uri"},
        {"project_id a bool", with([](json &f) { f["project_id"] = true; }), errc::json_bad_field, "project_id"},
        {"private_key a public key",
         with([](json &f) { f["private_key"] = test::read_text(test::key_path(2048, 65537, "spki.pem")); }),
         errc::key_wrong_kind, "PRIVATE KEY"},
        {"private_key not PEM", with([](json &f) { f["private_key"] = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"; }),
         errc::pem_no_begin, nullptr},
        {"private_key with bad base64",
         with([&](json &f) { f["private_key"] = replace_all(pkcs8, "MII", "M*I"); }), errc::base64_bad_character,
         nullptr},
        {"private_key without END", with([&](json &f) { f["private_key"] = pkcs8.substr(0, pkcs8.find("-----END")); }),
         errc::pem_no_end, nullptr},
        {"truncated JSON", base_file().dump().substr(0, 100), errc::json_malformed, nullptr},
        {"trailing garbage", base_file().dump() + " x", errc::json_malformed, nullptr},
        {"two objects", base_file().dump() + base_file().dump(), errc::json_malformed, nullptr},
        {"invalid UTF-8", "{\"type\": \"service_account\", \"x\": \"\xff\"}", errc::json_malformed, nullptr},
        {"empty input", "", errc::json_malformed, nullptr},
        {"deep nesting", std::string(100, '[') + std::string(100, ']'), errc::json_malformed, "deep"},
        {"deep nesting, unclosed", std::string(500000, '['), errc::json_malformed, "deep"},
        {"larger than 1 MiB", "{\"type\": \"" + std::string(service_account_max_bytes, 'a') + "\"}",
         errc::input_too_large, nullptr},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        auto a = parse_service_account(r.text);
        REQUIRE_FALSE(a.ok());
        CHECK(a.err().code == r.expected);
        if (r.message_fragment) CHECK(a.err().message().find(r.message_fragment) != std::string::npos);
    }
}

TEST_CASE("JSON syntax errors carry the byte offset")
{
    // The parser stops at the '1' (offset 5): a ':' was expected there.
    auto a = parse_service_account(R"({"a" 1})");
    REQUIRE_FALSE(a.ok());
    CHECK(a.err().code == errc::json_malformed);
    CHECK(a.err().offset == 5);
    // Deep nesting is reported where the limit is crossed.
    auto b = parse_service_account("{\"a\": " + std::string(40, '['));
    REQUIRE_FALSE(b.ok());
    CHECK(b.err().offset == 6 + 15);
    CHECK(error_of("{\"a\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}") == errc::json_not_service_account);
}
