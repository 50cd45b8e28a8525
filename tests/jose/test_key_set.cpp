// key_set: the documents Google publishes for a service account — the kid ->
// certificate map and the JWK Set — read into the keys openssl wrote; every
// malformed document refused with its own reason.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "key_test_helpers.hpp"
#include "test_support.hpp"
#include "twoleg/key_set.hpp"

namespace {

using json = nlohmann::json;
using twoleg::errc;

std::string sh(const std::string &command)
{
    auto r = test::run(command);
    REQUIRE_MESSAGE(r.status == 0, (command + ": " + r.err));
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
}

/// SHA-256 of the certificate's / key's SubjectPublicKeyInfo, by openssl.
std::string openssl_spki_sha256_of_key(const std::string &pem)
{
    return sh("openssl pkey -in " + test::shell_quote(pem) + " -pubout -outform DER | sha256sum | cut -c1-64");
}

/// base64url of the modulus, by openssl, xxd and basenc.
std::string modulus_b64url(const std::string &pem)
{
    return sh("openssl rsa -in " + test::shell_quote(pem) +
              " -noout -modulus | cut -d= -f2 | xxd -r -p | basenc --base64url | tr -d '=\\n'");
}

json rsa_jwk(const std::string &kid, const std::string &pem)
{
    return {{"kty", "RSA"}, {"kid", kid}, {"n", modulus_b64url(pem)}, {"e", "AQAB"}, {"alg", "RS256"}, {"use", "sig"}};
}

} // namespace

TEST_CASE("a kid -> certificate map: each certificate's key and validity")
{
    const std::string key = test::key_path(2048, 65537, "pkcs8.pem");
    const std::string other = test::key_path(3072, 65537, "pkcs8.pem");
    const std::string dir = test::temp_dir();
    test::openssl_certificate_between(key, "20240102030405Z", "20520607080910Z", dir + "/a.pem");
    const json doc = {{"aaaa", test::read_text(dir + "/a.pem")},
                      {"bbbb", test::read_text(test::key_path(3072, 65537, "cert.pem"))}};
    auto set = twoleg::parse_key_set(doc.dump(2));
    REQUIRE_MESSAGE(set.ok(), set.err().message());
    CHECK(set->form == twoleg::key_set_form::x509_map);
    REQUIRE(set->keys.size() == 2);
    const auto *a = set->find_kid("aaaa");
    const auto *b = set->find_kid("bbbb");
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    CHECK(set->find_kid("cccc") == nullptr);
    CHECK(test::hex(a->public_key.spki_sha256()) == openssl_spki_sha256_of_key(key));
    CHECK(test::hex(b->public_key.spki_sha256()) == openssl_spki_sha256_of_key(other));
    REQUIRE(a->validity.has_value());
    CHECK(a->validity->not_before == std::stoll(sh("date -u -d '2024-01-02 03:04:05 UTC' +%s")));
    CHECK(a->validity->not_after == std::stoll(sh("date -u -d '2052-06-07 08:09:10 UTC' +%s")));
}

TEST_CASE("a JWK Set: RSA signing keys, others skipped")
{
    const std::string key = test::key_path(2048, 65537, "pkcs8.pem");
    json ec = {{"kty", "EC"}, {"kid", "ec"}, {"crv", "P-256"}, {"x", "AA"}, {"y", "AA"}};
    json enc = rsa_jwk("enc", key);
    enc["use"] = "enc";
    json no_kid = rsa_jwk("", key);
    no_kid.erase("kid");
    const json doc = {{"keys", json::array({ec, rsa_jwk("k1", key), enc, no_kid})}};
    auto set = twoleg::parse_key_set(doc.dump());
    REQUIRE_MESSAGE(set.ok(), set.err().message());
    CHECK(set->form == twoleg::key_set_form::jwk_set);
    REQUIRE(set->keys.size() == 2);
    CHECK(set->keys[0].kid == "k1");
    CHECK(set->keys[1].kid.empty());
    CHECK_FALSE(set->keys[0].validity.has_value());
    CHECK(test::hex(set->keys[0].public_key.spki_sha256()) == openssl_spki_sha256_of_key(key));

    auto empty_map = twoleg::parse_key_set("{}");
    REQUIRE(empty_map.ok());
    CHECK(empty_map->keys.empty());
    auto empty_set = twoleg::parse_key_set(R"({"keys": []})");
    REQUIRE(empty_set.ok());
    CHECK(empty_set->form == twoleg::key_set_form::jwk_set);
}

TEST_CASE("malformed documents are refused, each with its reason")
{
    const std::string key = test::key_path(2048, 65537, "pkcs8.pem");
    const std::string cert = test::read_text(test::key_path(2048, 65537, "cert.pem"));
    const json good = rsa_jwk("k", key);
    auto jwks = [](json keys) { return json{{"keys", keys}}.dump(); };
    auto changed = [&](auto change) {
        json j = good;
        change(j);
        return jwks(json::array({j}));
    };
    json many = json::array();
    for (int i = 0; i <= 256; ++i) {
        json j = good;
        j["kid"] = std::to_string(i);
        many.push_back(j);
    }
    struct row {
        const char *what;
        std::string text;
        errc expected;
        const char *fragment;
    };
    const row rows[] = {
        {"the same kid twice (JWK Set)", jwks(json::array({good, good})), errc::json_bad_field, "same key id"},
        {"the same kid twice (map)", "{\"a\": " + json(cert).dump() + ", \"a\": " + json(cert).dump() + "}",
         errc::json_malformed, "twice"},
        {"n with a leading zero octet", changed([](json &j) { j["n"] = "AA" + j["n"].get<std::string>(); }),
         errc::json_bad_field, "leading zero"},
        {"e with a leading zero octet", changed([](json &j) { j["e"] = "AAEAAQ"; }), errc::json_bad_field,
         "leading zero"},
        {"n missing", changed([](json &j) { j.erase("n"); }), errc::json_bad_field, "\"n\""},
        {"n not base64url", changed([](json &j) { j["n"] = "a+b/"; }), errc::base64_bad_character, "\"n\""},
        {"n a number", changed([](json &j) { j["n"] = 5; }), errc::json_bad_field, "\"n\""},
        {"no kty", changed([](json &j) { j.erase("kty"); }), errc::json_bad_field, "kty"},
        {"kid a number", changed([](json &j) { j["kid"] = 1; }), errc::json_bad_field, "kid"},
        {"a key that is not an object", jwks(json::array({1})), errc::json_bad_field, "objects"},
        {"even e", changed([](json &j) { j["e"] = "AQAA"; }), errc::key_bad_public_exponent, nullptr},
        {"more than 256 keys", jwks(many), errc::input_too_large, "256"},
        {"a map value that is not a string", R"({"a": 1})", errc::json_bad_field, "neither a JWK Set"},
        {"a map value that is not PEM", R"({"a": "hello"})", errc::pem_no_begin, "not a PEM certificate"},
        {"a map value that is a public key",
         json{{"a", test::read_text(test::key_path(2048, 65537, "spki.pem"))}}.dump(), errc::key_wrong_kind,
         "not a CERTIFICATE"},
        {"a certificate cut short",
         json{{"a", "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"}}.dump(), errc::der_truncated,
         nullptr},
        {"not an object", "[]", errc::json_bad_field, "not a JSON object"},
        {"malformed JSON", "{\"keys\": [", errc::json_malformed, nullptr},
        {"nested too deeply", R"({"keys": [{"kty": {"a": {"b": 1}}}]})", errc::json_malformed, "deeply"},
        {"larger than 1 MiB", "{\"a\": \"" + std::string(twoleg::key_set_max_bytes, 'a') + "\"}",
         errc::input_too_large, nullptr},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        auto set = twoleg::parse_key_set(r.text);
        REQUIRE_FALSE(set.ok());
        CHECK(set.err().code == r.expected);
        if (r.fragment) CHECK(set.err().message().find(r.fragment) != std::string::npos);
    }
}
