// The C interface of the user-consent flow (twoleg.h): client secrets, state
// and PKCE (RFC 7636 appendix B), the authorization URL (compared with
// google_auth_oauthlib), redirects, the three bodies (compared with
// oauthlib), token-response's refresh fields, and ID tokens against a JWK Set
// (made and signed by PyJWT). Each also walks the buffer convention.
#include <doctest/doctest.h>

#include "twoleg/twoleg.h"

#include <algorithm>
#include <memory>
#include <string>

#include "test_support.hpp"

namespace {

const std::string client_json =
    R"({"installed":{"client_id":"123-c.apps.googleusercontent.com","client_secret":"GOCSPX-c+api",)"
    R"("redirect_uris":["http://127.0.0.1:8765/cb"],"project_id":"p","auth_uri":"https://accounts.google.com/o/oauth2/auth",)"
    R"("token_uri":"https://oauth2.googleapis.com/token"}})";

struct client_deleter {
    void operator()(twoleg_client *c) const noexcept { twoleg_client_free(c); }
};
using client_ptr = std::unique_ptr<twoleg_client, client_deleter>;

client_ptr load_client()
{
    twoleg_client *c = nullptr;
    twoleg_error_info info{};
    REQUIRE(twoleg_client_load(client_json.data(), client_json.size(), &c, &info) == TWOLEG_OK);
    return client_ptr(c);
}

/// Calls f(out, size, &len, info) twice, the first time to learn the size.
template <class F>
std::string text_of(F f, int expect = TWOLEG_OK)
{
    size_t len = 0;
    twoleg_error_info info{};
    const int first = f(nullptr, 0, &len, &info);
    if (expect != TWOLEG_OK) {
        CHECK(first == expect);
        CHECK(len == 0);
        return {};
    }
    REQUIRE(first == TWOLEG_E_BUFFER_TOO_SMALL);
    std::string out(len, 'x');
    REQUIRE(f(out.data(), out.size(), &len, &info) == TWOLEG_OK);
    out.resize(len - 1);
    return out;
}

/// Runs python with the given program and arguments; true if it printed "ok".
bool python_says_ok(const std::string &program, const std::vector<std::string> &args)
{
    std::string cmd("/usr/bin/python3 -c ");
    cmd += test::shell_quote(program);
    for (const auto &a : args) {
        cmd += ' ';
        cmd += test::shell_quote(a);
    }
    const auto r = test::run(cmd);
    if (r.out != "ok\n") MESSAGE(r.out << r.err);
    return r.out == "ok\n";
}

} // namespace

TEST_CASE("C API: client secrets load, fields, and a service-account file refused")
{
    auto c = load_client();
    CHECK(std::string(twoleg_client_field(c.get(), TWOLEG_CLIENT_ID)) == "123-c.apps.googleusercontent.com");
    CHECK(std::string(twoleg_client_field(c.get(), TWOLEG_CLIENT_AUTH_URI)) == "https://accounts.google.com/o/oauth2/auth");
    CHECK(std::string(twoleg_client_field(c.get(), TWOLEG_CLIENT_TOKEN_URI)) == "https://oauth2.googleapis.com/token");
    CHECK(std::string(twoleg_client_field(c.get(), TWOLEG_CLIENT_REDIRECT_URI)) == "http://127.0.0.1:8765/cb");
    CHECK(std::string(twoleg_client_field(c.get(), TWOLEG_CLIENT_KIND)) == "installed");
    CHECK(twoleg_client_field(c.get(), 99) == nullptr);
    CHECK(twoleg_client_field(nullptr, TWOLEG_CLIENT_ID) == nullptr);
    const auto sa = test::read_file(test::key_path(2048, 65537, "sa.json"));
    twoleg_client *out = reinterpret_cast<twoleg_client *>(1);
    twoleg_error_info info{};
    CHECK(twoleg_client_load(sa.data(), sa.size(), &out, &info) == TWOLEG_E_JSON_NOT_CLIENT_SECRET);
    CHECK(out == nullptr);
    CHECK(std::string(info.message).find("service-account") != std::string::npos);
    CHECK(twoleg_client_load(nullptr, 1, &out, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    twoleg_client_free(nullptr);
}

TEST_CASE("C API: state and verifier from the caller's random function; RFC 7636 appendix B")
{
    static const unsigned char octets[32] = {116, 24,  223, 180, 151, 153, 224, 37,  79,  250, 96,
                                             125, 216, 173, 187, 186, 22,  212, 37,  77,  105, 214,
                                             191, 240, 91,  88,  5,   88,  83,  132, 141, 121};
    twoleg_random_fn appendix_b = [](void *, unsigned char *out, size_t len) -> int {
        if (len != sizeof octets) return -1;
        std::copy(octets, octets + len, out);
        return 0;
    };
    const std::string verifier = text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_random(TWOLEG_OAUTH_CODE_VERIFIER, appendix_b, nullptr, o, n, l, i);
    });
    CHECK(verifier == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    CHECK(text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
              return twoleg_oauth_code_challenge(verifier.c_str(), o, n, l, i);
          }) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) { return twoleg_oauth_code_challenge("short", o, n, l, i); },
            TWOLEG_E_INVALID_ARGUMENT);
    // The state asks for 24 octets: appendix_b refuses that length, which must fail, not fall back.
    text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_random(TWOLEG_OAUTH_STATE, appendix_b, nullptr, o, n, l, i);
    }, TWOLEG_E_RANDOM_FAILURE);
    const std::string s1 = text_of([](char *o, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_random(TWOLEG_OAUTH_STATE, nullptr, nullptr, o, n, l, i);
    });
    CHECK(s1.size() == 32);
    text_of([](char *o, size_t n, size_t *l, twoleg_error_info *i) { return twoleg_oauth_random(7, nullptr, nullptr, o, n, l, i); },
            TWOLEG_E_INVALID_ARGUMENT);
}

TEST_CASE("C API: authorization URL equals google_auth_oauthlib's, parameter for parameter")
{
    auto c = load_client();
    const char *scopes[] = {"openid", "https://www.googleapis.com/auth/drive.file"};
    twoleg_authorization_options o;
    twoleg_authorization_options_init(&o);
    o.scopes = scopes;
    o.scope_count = 2;
    o.state = "st/ate+1";
    o.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    o.access_type = "offline";
    o.prompt = "consent select_account";
    o.login_hint = "ann@example.com";
    o.include_granted_scopes = 1;
    o.granular_consent = 1;
    const std::string url = text_of([&](char *out, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_authorization_url(c.get(), &o, out, n, l, i);
    });
    CHECK(python_says_ok(R"(
import json, sys, urllib.parse
from google_auth_oauthlib.flow import Flow
flow = Flow.from_client_config(json.loads(sys.argv[1]), scopes=["openid", "https://www.googleapis.com/auth/drive.file"],
    redirect_uri="http://127.0.0.1:8765/cb", state="st/ate+1", code_verifier="dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    autogenerate_code_verifier=False)
theirs, _ = flow.authorization_url(access_type="offline", prompt="consent select_account", login_hint="ann@example.com",
    include_granted_scopes="true", enable_granular_consent="true")
q = lambda u: sorted(urllib.parse.parse_qsl(urllib.parse.urlsplit(u).query, strict_parsing=True))
print("ok" if q(theirs) == q(sys.argv[2]) else (q(theirs), q(sys.argv[2])))
)",
                         {client_json, url}));
    o.granular_consent = 2;
    text_of([&](char *out, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_authorization_url(c.get(), &o, out, n, l, i);
    }, TWOLEG_E_INVALID_ARGUMENT);
    o.granular_consent = -1;
    o.scope_count = 0;
    text_of([&](char *out, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_authorization_url(c.get(), &o, out, n, l, i);
    }, TWOLEG_E_INVALID_ARGUMENT);
    o.struct_size = 1;
    text_of([&](char *out, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_authorization_url(c.get(), &o, out, n, l, i);
    }, TWOLEG_E_INVALID_ARGUMENT);
}

TEST_CASE("C API: redirects and the three bodies (bodies compared with oauthlib)")
{
    const std::string ok_url = "http://127.0.0.1:8765/cb?state=S1&code=4%2F0Ae-x&scope=openid";
    auto code_of = [](const std::string &url, const char *state, int expect = TWOLEG_OK) {
        return text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
            return twoleg_oauth_redirect_code(url.data(), url.size(), state, o, n, l, i);
        }, expect);
    };
    CHECK(code_of(ok_url, "S1") == "4/0Ae-x");
    code_of(ok_url, "S2", TWOLEG_E_OAUTH_STATE_MISMATCH);
    const std::string denied = "http://127.0.0.1:8765/cb?error=access_denied&state=S1";
    code_of(denied, "S1", TWOLEG_E_OAUTH_AUTHORIZATION_ERROR);
    CHECK(text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
              return twoleg_oauth_redirect_parameter(denied.data(), denied.size(), "error", o, n, l, i);
          }) == "access_denied");
    CHECK(text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
              return twoleg_oauth_redirect_parameter(ok_url.data(), ok_url.size(), "error", o, n, l, i);
          }).empty());
    code_of("http://x/?code=%zz&state=S1", "S1", TWOLEG_E_OAUTH_BAD_REDIRECT);

    auto c = load_client();
    const std::string exchange = text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_exchange_body(c.get(), "4/0Ae-x", "http://127.0.0.1:8765/cb",
                                          "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", o, n, l, i);
    });
    const char *scopes[] = {"openid", "email"};
    const std::string refresh = text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_refresh_body(c.get(), "1//0g-rt", scopes, 2, o, n, l, i);
    });
    CHECK(python_says_ok(R"(
import sys, urllib.parse
from oauthlib.oauth2 import WebApplicationClient
c = WebApplicationClient("123-c.apps.googleusercontent.com")
a = c.prepare_request_body(code="4/0Ae-x", redirect_uri="http://127.0.0.1:8765/cb", client_secret="GOCSPX-c+api",
    code_verifier="dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
b = c.prepare_refresh_body(refresh_token="1//0g-rt", scope=["openid", "email"],
    client_id="123-c.apps.googleusercontent.com", client_secret="GOCSPX-c+api")
q = lambda s: sorted(urllib.parse.parse_qsl(s, strict_parsing=True))
print("ok" if q(a) == q(sys.argv[1]) and q(b) == q(sys.argv[2]) else (q(a), q(sys.argv[1]), q(b), q(sys.argv[2])))
)",
                         {exchange, refresh}));
    CHECK(text_of([](char *o, size_t n, size_t *l, twoleg_error_info *i) {
              return twoleg_oauth_revoke_body("1//0g-rt", o, n, l, i);
          }) == "token=1%2F%2F0g-rt");
    text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_exchange_body(c.get(), "", "r", nullptr, o, n, l, i);
    }, TWOLEG_E_INVALID_ARGUMENT);
    text_of([&](char *o, size_t n, size_t *l, twoleg_error_info *i) {
        return twoleg_oauth_refresh_body(c.get(), "t", nullptr, 1, o, n, l, i);
    }, TWOLEG_E_INVALID_ARGUMENT);
}

TEST_CASE("C API: token response refresh fields")
{
    const std::string body =
        R"({"access_token":"ya29.a","expires_in":3599,"refresh_token":"1//0g","refresh_token_expires_in":604799,)"
        R"("scope":"openid","token_type":"Bearer"})";
    twoleg_token_response *r = nullptr;
    REQUIRE(twoleg_token_response_parse(body.data(), body.size(), nullptr, nullptr, &r, nullptr) == TWOLEG_OK);
    CHECK(std::string(twoleg_token_response_field(r, TWOLEG_FIELD_REFRESH_TOKEN)) == "1//0g");
    CHECK(twoleg_token_response_refresh_token_expires_in(r) == 604799);
    twoleg_token_response_free(r);
    const std::string revoked = R"({"error":"invalid_grant","error_description":"Token has been expired or revoked."})";
    REQUIRE(twoleg_token_response_parse(revoked.data(), revoked.size(), nullptr, nullptr, &r, nullptr) == TWOLEG_OK);
    CHECK(twoleg_token_response_problem(r) == TWOLEG_PROBLEM_GRANT_REJECTED);
    CHECK(twoleg_token_response_refresh_token_expires_in(r) == -1);
    twoleg_token_response_free(r);
}

TEST_CASE("C API: ID tokens against a JWK Set made and signed by PyJWT")
{
    const std::string key = test::key_path(2048, 65537, "pkcs8.pem");
    const auto made = test::run("/usr/bin/python3 -c " + test::shell_quote(R"(
import json, sys, jwt
from jwt.algorithms import RSAAlgorithm
from cryptography.hazmat.primitives.serialization import load_pem_private_key
pem = open(sys.argv[1], "rb").read()
jwk = json.loads(RSAAlgorithm.to_jwk(load_pem_private_key(pem, None).public_key()))
jwk["kid"] = "t1"
print(json.dumps({"keys": [jwk]}))
claims = {"iss": "accounts.google.com", "aud": "c", "exp": 4102444800, "nonce": "n1", "hd": "example.com"}
print(jwt.encode(claims, pem, algorithm="RS256", headers={"kid": "t1"}))
print(jwt.encode(claims, pem, algorithm="RS256", headers={"kid": "t2"}))
)") + " " + test::shell_quote(key));
    REQUIRE_MESSAGE(made.status == 0, made.err);
    const auto l1 = made.out.find('\n'), l2 = made.out.find('\n', l1 + 1), l3 = made.out.find('\n', l2 + 1);
    const std::string jwks = made.out.substr(0, l1), token = made.out.substr(l1 + 1, l2 - l1 - 1),
                      unknown = made.out.substr(l2 + 1, l3 - l2 - 1);
    twoleg_jwks *set = nullptr;
    REQUIRE(twoleg_jwks_load(jwks.data(), jwks.size(), TWOLEG_JWKS_SET, &set, nullptr) == TWOLEG_OK);
    CHECK(twoleg_jwks_count(set) == 1);
    const char *issuers[] = {"https://accounts.google.com", "accounts.google.com"};
    twoleg_id_token_checks checks;
    twoleg_id_token_checks_init(&checks);
    checks.issuers = issuers;
    checks.issuer_count = 2;
    checks.nonce = "n1";
    checks.hosted_domain = "example.com";
    twoleg_jwt_verify_options o;
    twoleg_jwt_verify_options_init(&o);
    o.audience = "c";
    auto verify = [&](const std::string &t, int expect) {
        return text_of([&](char *out, size_t n, size_t *len, twoleg_error_info *i) {
            return twoleg_jwt_verify_jwks(set, t.data(), t.size(), &o, &checks, out, n, len, i);
        }, expect);
    };
    CHECK(verify(token, TWOLEG_OK).find("\"hd\":\"example.com\"") != std::string::npos);
    verify(unknown, TWOLEG_E_JWT_UNKNOWN_KID);
    checks.nonce = "other";
    verify(token, TWOLEG_E_JWT_WRONG_NONCE);
    checks.nonce = nullptr;
    checks.hosted_domain = "other.example";
    verify(token, TWOLEG_E_JWT_WRONG_HOSTED_DOMAIN);
    checks.hosted_domain = nullptr;
    checks.issuer_count = 1;
    verify(token, TWOLEG_E_JWT_WRONG_ISSUER);
    checks.struct_size = 3;
    verify(token, TWOLEG_E_INVALID_ARGUMENT);
    twoleg_jwks_free(set);
    twoleg_jwks *none = reinterpret_cast<twoleg_jwks *>(1);
    CHECK(twoleg_jwks_load(jwks.data(), jwks.size(), 5, &none, nullptr) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(none == nullptr);
    CHECK(twoleg_jwks_load("{\"keys\":[]}", 11, TWOLEG_JWKS_SET, &none, nullptr) == TWOLEG_E_JWKS_MALFORMED);
}
