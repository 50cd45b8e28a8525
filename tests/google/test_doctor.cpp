// doctor: a table of key files built here from openssl-made keys and
// certificates, each with the exact list of checks and statuses it must get.
// Published-key documents are made by the openssl command (certificates,
// including an expired one from `openssl ca`) and by coreutils (JWK numbers
// from `openssl rsa -modulus`), never by twoleg.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "key_test_helpers.hpp"
#include "test_support.hpp"
#include "twoleg/doctor.hpp"

namespace {

using json = nlohmann::json;
using twoleg::check_status;

std::string replace_all(std::string s, const std::string &from, const std::string &to)
{
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

std::string shell_out(const std::string &command)
{
    auto r = test::run(command);
    REQUIRE_MESSAGE(r.status == 0, (command + ": " + r.err));
    return r.out;
}

/// The keys, certificates and documents every row uses, made once.
struct fixture {
    std::string key_pem = test::key_path(2048, 65537, "pkcs8.pem");
    std::string other_pem = test::key_path(3072, 65537, "pkcs8.pem");
    json file = json::parse(test::read_text(test::key_path(2048, 65537, "sa.json")));
    std::string kid = file.at("private_key_id").get<std::string>();
    std::string other_kid = std::string(40, 'b');
    std::string cert, other_cert, expired_cert;
    std::string jwk, other_jwk;

    fixture()
    {
        const std::string dir = test::temp_dir();
        cert = test::read_text(test::key_path(2048, 65537, "cert.pem"));  // openssl req -x509 -days 30
        other_cert = test::read_text(test::key_path(3072, 65537, "cert.pem"));
        test::openssl_certificate_between(key_pem, "20200101000000Z", "20210101000000Z", dir + "/expired.pem");
        expired_cert = test::read_text(dir + "/expired.pem");
        jwk = jwk_of(key_pem, kid);
        other_jwk = jwk_of(other_pem, other_kid);
    }

    /// {"kty":"RSA", "kid", "n", "e", ...} with n and e by openssl + xxd + basenc.
    static std::string jwk_of(const std::string &pem, const std::string &kid)
    {
        const std::string n = shell_out("openssl rsa -in " + test::shell_quote(pem) +
                                        " -noout -modulus | cut -d= -f2 | xxd -r -p | basenc --base64url | tr -d '=\\n'");
        const std::string e = shell_out("printf 010001 | xxd -r -p | basenc --base64url | tr -d '=\\n'");
        json j = {{"kty", "RSA"}, {"alg", "RS256"}, {"use", "sig"}, {"kid", kid}, {"n", n}, {"e", e}};
        return j.dump();
    }

    std::string x509_map(std::initializer_list<std::pair<std::string, std::string>> entries) const
    {
        json m = json::object();
        for (const auto &[k, pem] : entries) m[k] = pem;
        return m.dump(2);
    }
    std::string jwk_set(std::initializer_list<std::string> jwks) const
    {
        std::string s = "{\"keys\": [";
        bool first = true;
        for (const auto &j : jwks) {
            if (!first) s += ", ";
            s += j;
            first = false;
        }
        return s + "]}";
    }
};

const fixture &fx()
{
    static const fixture f;
    return f;
}

/// "id=status id=status ..." in report order.
std::string statuses(const twoleg::doctor_report &r)
{
    std::string s;
    for (const auto &c : r.checks) {
        if (!s.empty()) s += ' ';
        s += c.id + "=" + twoleg::check_status_name(c.status);
    }
    return s;
}

std::string with(void (*change)(json &)) 
{
    json f = fx().file;
    change(f);
    return f.dump(2);
}

constexpr const char *all_ok =
    "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=ok";

} // namespace

TEST_CASE("the table of key files: each gets exactly its checks and statuses")
{
    const fixture &f = fx();
    const std::string clean = f.file.dump(2);
    const std::string map = f.x509_map({{f.kid, f.cert}, {f.other_kid, f.other_cert}});
    const std::string jwks = f.jwk_set({f.other_jwk, f.jwk});
    struct row {
        const char *what;
        std::string file;
        std::optional<std::string> published;
        const char *expected;
        const char *check;     // the check whose message is looked at
        std::string fragment;  // ... and must contain this
    };
    std::string pem_lines = f.file.at("private_key").get<std::string>();
    const row rows[] = {
        {"clean, with the x509 map", clean, map, all_ok, "published-key", "registered for " +
             f.file.at("client_email").get<std::string>() + " as " + f.kid},
        {"clean, with the JWK Set", clean, jwks, all_ok, "published-key", "as " + f.kid},
        {"clean, without a document", clean, std::nullopt,
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=warn",
         "published-key",
         "curl -fsS -o certs.json https://www.googleapis.com/service_accounts/v1/metadata/x509/" +
             f.file.at("client_email").get<std::string>()},
        {"deleted: missing from the map", clean, f.x509_map({{f.other_kid, f.other_cert}}),
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=fail",
         "published-key", "not (or no longer) registered"},
        {"deleted: missing from the JWK Set", clean, f.jwk_set({f.other_jwk}),
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=fail",
         "published-key", "deleted or rotated; create a new key"},
        {"deleted: its id now holds another key", clean, f.x509_map({{f.kid, f.other_cert}}),
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=fail",
         "published-key", "not (or no longer) registered"},
        {"registered under another id", clean, f.x509_map({{f.other_kid, f.cert}}),
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=fail",
         "published-key", "under the id " + f.other_kid + ", not " + f.kid},
        {"registered under another id (JWK Set)", clean, f.jwk_set({fixture::jwk_of(f.key_pem, "1234")}),
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=fail",
         "published-key", "set it to 1234"},
        {"expired certificate", clean, f.x509_map({{f.kid, f.expired_cert}}),
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=fail",
         "published-key", "expired (notAfter 2021-01-01 00:00:00 UTC)"},
        {"byte-order mark", "\xEF\xBB\xBF" + clean, map,
         "file-form=warn fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=ok",
         "file-form", "byte-order mark"},
        {"CRLF line ends", replace_all(clean, "\n", "\r\n"), map,
         "file-form=warn fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=ok",
         "file-form", "CRLF"},
        {"CRLF inside the key", with([](json &j) {
             j["private_key"] = replace_all(j["private_key"].get<std::string>(), "\n", "\r\n");
         }),
         map, "file-form=warn fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=ok",
         "file-form", "CRLF"},
        {"newlines flattened into literal \\n", with([](json &j) {
             j["private_key"] = replace_all(j["private_key"].get<std::string>(), "\n", "\\n");
         }),
         map, "file-form=warn fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=ok",
         "file-form", "literal \\n"},
        {"newlines flattened into spaces", with([](json &j) {
             j["private_key"] = replace_all(j["private_key"].get<std::string>(), "\n", " ");
         }),
         map, "file-form=warn fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=ok",
         "file-form", "spaces"},
        {"no private_key_id", with([](json &j) { j.erase("private_key_id"); }), map,
         "file-form=ok fields=warn key=ok key-id=warn client-email=ok token-uri=ok universe-domain=ok published-key=ok",
         "fields", "assertions will carry no kid; Google accepts that"},
        {"1024-bit key", test::read_text(test::key_path(1024, 65537, "sa.json")), std::nullopt,
         "file-form=ok fields=ok key=fail key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=warn",
         "key", "RS256 needs at least 2048 bits"},
        {"http token_uri", with([](json &j) { j["token_uri"] = "http://oauth2.googleapis.com/token"; }), map,
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=fail universe-domain=ok published-key=ok",
         "token-uri", "uses http"},
        {"foreign host", with([](json &j) { j["token_uri"] = "https://oauth2.example.com/token"; }), map,
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=fail universe-domain=ok published-key=ok",
         "token-uri", "oauth2.example.com"},
        {"older Google endpoint", with([](json &j) { j["token_uri"] = "https://accounts.google.com/o/oauth2/token"; }),
         map,
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=warn universe-domain=ok published-key=ok",
         "token-uri", "older Google endpoint"},
        {"non-default universe", with([](json &j) {
             j["universe_domain"] = "cloud.example.test";
             j["token_uri"] = "https://oauth2.cloud.example.test/token";
         }),
         map, "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=warn published-key=ok",
         "universe-domain", "only self-signed JWTs work"},
        {"non-default universe, googleapis.com token_uri", with([](json &j) { j["universe_domain"] = "cloud.example.test"; }),
         map,
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=fail universe-domain=warn published-key=ok",
         "token-uri", "oauth2.cloud.example.test"},
        {"email of another project", with([](json &j) { j["project_id"] = "another-project"; }), map,
         "file-form=ok fields=ok key=ok key-id=ok client-email=warn token-uri=ok universe-domain=ok published-key=ok",
         "client-email", "belongs to project \"twoleg-test\" but project_id says \"another-project\""},
        {"not a service-account address", with([](json &j) { j["client_email"] = "someone@gmail.com"; }), map,
         "file-form=ok fields=ok key=ok key-id=ok client-email=fail token-uri=ok universe-domain=ok published-key=ok",
         "client-email", "not a service-account address"},
        {"legacy appspot address", with([](json &j) {
             j["client_email"] = "twoleg-test@appspot.gserviceaccount.com";
         }),
         map, all_ok, "client-email", "is a service-account address"},
        {"private_key_id not as Google issues it", with([](json &j) { j["private_key_id"] = "ABCDEF"; }),
         f.x509_map({{"ABCDEF", f.cert}}),
         "file-form=ok fields=ok key=ok key-id=fail client-email=ok token-uri=ok universe-domain=ok published-key=ok",
         "key-id", "40 lowercase hex digits"},
        {"client_email missing", with([](json &j) { j.erase("client_email"); }), map,
         "file-form=ok fields=fail key=ok key-id=ok token-uri=ok universe-domain=ok", "fields",
         "\"client_email\" is missing"},
        {"private_key damaged", with([](json &j) {
             j["private_key"] = replace_all(j["private_key"].get<std::string>(), "MII", "MIJ");
         }),
         map,
         "file-form=ok fields=ok key=fail key-id=ok client-email=ok token-uri=ok universe-domain=ok", "key",
         "does not load"},
        {"a PEM key instead", pem_lines, std::nullopt, "file-form=fail", "file-form", "PEM file (PRIVATE KEY)"},
        {"a PKCS#12 file", shell_out("openssl pkcs12 -export -nocerts -inkey " + test::shell_quote(f.key_pem) +
                                     " -passout pass:notasecret | base64 -w0"),
         std::nullopt, "file-form=fail", "file-form", "not JSON"},
        {"a user credential", R"({"type": "authorized_user", "client_id": "c", "client_secret": "s", "refresh_token": "r"})",
         std::nullopt, "file-form=fail", "file-form", "user credential"},
        {"client secrets", R"({"installed": {"client_id": "c", "client_secret": "s"}})", std::nullopt,
         "file-form=fail", "file-form", "OAuth client secrets"},
        {"truncated JSON", clean.substr(0, 200), std::nullopt, "file-form=fail", "file-form", "JSON ends early"},
        {"empty file", "", std::nullopt, "file-form=fail", "file-form", "empty"},
        {"document that is not a key set", clean, std::string(R"({"a": 1})"),
         "file-form=ok fields=ok key=ok key-id=ok client-email=ok token-uri=ok universe-domain=ok published-key=fail",
         "published-key", "cannot be read"},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        twoleg::doctor_input in;
        in.key_file = r.file;
        if (r.published) in.published_keys = *r.published;
        const auto report = twoleg::run_doctor(in);
        CHECK(statuses(report) == r.expected);
        const auto *c = report.find(r.check);
        REQUIRE(c != nullptr);
        CHECK_MESSAGE(c->message.find(r.fragment) != std::string::npos, c->message);
        CHECK(report.ok() == (std::string(r.expected).find("=fail") == std::string::npos));
        // No message ever carries key material.
        for (const auto &check : report.checks) CHECK(check.message.find("MII") == std::string::npos);
    }
}

TEST_CASE("a PKCS#12 file as bytes is named as one")
{
    const fixture &f = fx();
    const std::string p12 = test::temp_dir() + "/key.p12";
    shell_out("openssl pkcs12 -export -nocerts -inkey " + test::shell_quote(f.key_pem) +
              " -passout pass:notasecret -out " + test::shell_quote(p12));
    const std::string bytes = test::read_text(p12);
    twoleg::doctor_input in;
    in.key_file = bytes;
    const auto report = twoleg::run_doctor(in);
    CHECK(statuses(report) == "file-form=fail");
    CHECK(report.checks[0].message.find("PKCS#12") != std::string::npos);
}

TEST_CASE("clock: the offset between Google's Date and the host's time")
{
    const std::string clean = fx().file.dump();
    struct row {
        std::int64_t host_ahead;
        check_status expected;
        const char *fragment;
    };
    const row rows[] = {
        {0, check_status::ok, "agrees"},
        {60, check_status::ok, "60 s ahead"},
        {-61, check_status::warn, "61 s behind"},
        {300, check_status::warn, "300 s ahead"},
        {7200, check_status::fail, "7200 s ahead"},
        {-301, check_status::fail, "301 s behind"},
    };
    for (const auto &r : rows) {
        INFO(r.host_ahead);
        twoleg::doctor_input in;
        in.key_file = clean;
        in.server_time = 1800000000;
        in.local_time = 1800000000 + r.host_ahead;
        const auto report = twoleg::run_doctor(in);
        const auto *c = report.find("clock");
        REQUIRE(c != nullptr);
        CHECK(c->status == r.expected);
        CHECK(c->message.find(r.fragment) != std::string::npos);
        REQUIRE(c->clock_offset.has_value());
        CHECK(*c->clock_offset == -r.host_ahead);
        if (r.expected != check_status::ok)
            CHECK(c->message.find("add " + std::to_string(-r.host_ahead) + " s") != std::string::npos);
    }
    twoleg::doctor_input none;
    none.key_file = clean;
    CHECK(twoleg::run_doctor(none).find("clock") == nullptr);
}

TEST_CASE("the JSON report has exactly file, checks [id, status, message] and ok")
{
    twoleg::doctor_input in;
    const std::string file = fx().file.dump();
    in.key_file = file;
    const std::string published = fx().x509_map({{fx().other_kid, fx().other_cert}});  // outlives the view
    in.published_keys = published;
    const auto report = twoleg::run_doctor(in);
    const json j = json::parse(twoleg::doctor_report_json(report, "sa.json"));
    REQUIRE(j.is_object());
    std::vector<std::string> members;
    for (auto it = j.begin(); it != j.end(); ++it) members.push_back(it.key());
    CHECK(members == std::vector<std::string>{"checks", "file", "ok"});  // nlohmann::json sorts them
    CHECK(j["file"] == "sa.json");
    CHECK(j["ok"] == false);
    REQUIRE(j["checks"].size() == report.checks.size());
    for (std::size_t i = 0; i < report.checks.size(); ++i) {
        const json &c = j["checks"][i];
        CHECK(c.size() == 3);
        CHECK(c["id"] == report.checks[i].id);
        CHECK(c["status"] == twoleg::check_status_name(report.checks[i].status));
        CHECK(c["message"] == report.checks[i].message);
    }
    const std::string text = twoleg::doctor_report_json(report, "sa.json");
    CHECK(text.rfind("{\"file\":\"sa.json\",\"checks\":[{\"id\":\"file-form\",\"status\":\"ok\",\"message\":", 0) == 0);
    CHECK(text.substr(text.size() - 13) == "],\"ok\":false}");
}
