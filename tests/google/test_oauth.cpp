// The user-consent flow's pieces that need no network: RFC 7636 appendix B,
// RFC 3986 percent-encoding, query and redirect parsing, client secrets and
// session files, the loopback redirect URI and the receiver's request parser.
// (The whole URL and the bodies are compared with google_auth_oauthlib and
// oauthlib in tests/cli/oauth_oracle.sh.)
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "google/http_request.hpp"
#include "test_support.hpp"
#include "twoleg/client_secret.hpp"
#include "twoleg/oauth_forms.hpp"
#include "twoleg/oauth_redirect.hpp"
#include "twoleg/oauth_session.hpp"
#include "twoleg/oauth_url.hpp"
#include "twoleg/percent_encoding.hpp"
#include "twoleg/service_account.hpp"

using twoleg::errc;

namespace {

bool fill_counting(void *context, std::uint8_t *out, std::size_t len) noexcept
{
    auto *n = static_cast<std::uint8_t *>(context);
    for (std::size_t i = 0; i < len; ++i) out[i] = (*n)++;
    return true;
}
bool fill_failing(void *, std::uint8_t *, std::size_t) noexcept { return false; }

} // namespace

TEST_CASE("PKCE: RFC 7636 appendix B octets give its verifier, and the verifier its challenge")
{
    // The 32 random octets of appendix B, served by a caller-supplied random source.
    static constexpr std::uint8_t octets[32] = {116, 24,  223, 180, 151, 153, 224, 37,  79,  250, 96,
                                                125, 216, 173, 187, 186, 22,  212, 37,  77,  105, 214,
                                                191, 240, 91,  88,  5,   88,  83,  132, 141, 121};
    const twoleg::random_source appendix_b{
        [](void *, std::uint8_t *out, std::size_t len) noexcept {
            if (len != sizeof octets) return false;
            std::copy(octets, octets + len, out);
            return true;
        },
        nullptr};
    auto verifier = twoleg::make_code_verifier(&appendix_b);
    REQUIRE(verifier.ok());
    CHECK(*verifier == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    CHECK(twoleg::pkce_challenge_s256(*verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    CHECK(twoleg::check_code_verifier(*verifier).ok());
}

TEST_CASE("PKCE: verifier and state come from the random source, and its failure is reported")
{
    std::uint8_t counter = 0;
    const twoleg::random_source counting{fill_counting, &counter};
    auto v = twoleg::make_code_verifier(&counting);
    REQUIRE(v.ok());
    // base64url of 00 01 02 ... 1f (32 octets): 43 characters.
    CHECK(*v == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    CHECK(twoleg::check_code_verifier(*v).ok());
    auto s = twoleg::make_state(&counting);
    REQUIRE(s.ok());
    CHECK(s->size() == 32);  // 24 octets
    const twoleg::random_source failing{fill_failing, nullptr};
    CHECK(twoleg::make_code_verifier(&failing).err().code == errc::random_failure);
    CHECK(twoleg::make_state(&failing).err().code == errc::random_failure);
    auto a = twoleg::make_state(), b = twoleg::make_state();
    REQUIRE((a.ok() && b.ok()));
    CHECK(*a != *b);
}

TEST_CASE("PKCE: code_verifier rules (RFC 7636 section 4.1)")
{
    CHECK(twoleg::check_code_verifier(std::string(43, 'a')).ok());
    CHECK(twoleg::check_code_verifier(std::string(128, '~')).ok());
    CHECK_FALSE(twoleg::check_code_verifier(std::string(42, 'a')).ok());   // too short
    CHECK_FALSE(twoleg::check_code_verifier(std::string(129, 'a')).ok());  // too long
    CHECK_FALSE(twoleg::check_code_verifier(std::string(42, 'a') + "+").ok());  // not unreserved
    CHECK_FALSE(twoleg::check_code_verifier(std::string(42, 'a') + "=").ok());
}

TEST_CASE("percent_encode keeps exactly the unreserved characters")
{
    CHECK(twoleg::percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(twoleg::percent_encode(" +/?#&=%") == "%20%2B%2F%3F%23%26%3D%25");
    CHECK(twoleg::percent_encode("\xc3\xa9\x00") == "%C3%A9");  // string literal stops at NUL
    CHECK(twoleg::percent_encode(std::string("\0\x7f\xff", 3)) == "%00%7F%FF");
    // Every byte round-trips through the strict decoder (controls excepted).
    for (int c = 0x20; c < 0x100; ++c) {
        if (c == 0x7f) continue;
        const std::string one(1, static_cast<char>(c));
        auto back = twoleg::percent_decode(twoleg::percent_encode(one), false);
        REQUIRE(back.ok());
        CHECK(*back == one);
    }
}

TEST_CASE("percent_decode is strict")
{
    struct row { const char *name; const char *in; bool plus; const char *out; std::size_t offset; };
    const row rows[] = {
        {"plain", "abc", false, "abc", 0},
        {"upper and lower hex", "%2f%2F", false, "//", 0},
        {"plus as space in queries", "a+b", true, "a b", 0},
        {"plus kept in paths", "a+b", false, "a+b", 0},
        {"lone percent", "ab%", false, nullptr, 2},
        {"one hex digit", "ab%4", false, nullptr, 2},
        {"non-hex digit", "%4g", false, nullptr, 0},
        {"encoded NUL", "a%00", false, nullptr, 1},
        {"encoded newline", "%0A", false, nullptr, 0},
        {"encoded DEL", "%7f", false, nullptr, 0},
        {"literal space", "a b", false, nullptr, 1},
        {"literal quote", "a\"", false, nullptr, 1},
        {"literal non-ASCII", "\xc3\xa9", false, nullptr, 0},
        {"literal hash", "a#b", false, nullptr, 1},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        auto d = twoleg::percent_decode(r.in, r.plus);
        if (r.out) {
            REQUIRE(d.ok());
            CHECK(*d == r.out);
        } else {
            REQUIRE_FALSE(d.ok());
            CHECK(d.err().code == errc::oauth_bad_redirect);
            CHECK(d.err().offset == r.offset);
        }
    }
}

TEST_CASE("parse_query: pairs, and every way to be ambiguous is refused")
{
    auto q = twoleg::parse_query("a=1&b=&c=x%20y+z");
    REQUIRE(q.ok());
    REQUIRE(q->size() == 3);
    CHECK(*twoleg::find_parameter(*q, "b") == "");
    CHECK(*twoleg::find_parameter(*q, "c") == "x y z");
    CHECK(twoleg::find_parameter(*q, "d") == nullptr);
    CHECK(twoleg::parse_query("")->empty());
    for (const char *bad : {"a=1&&b=2", "a=1&", "&a=1", "a", "=1", "a=1&a=2", "a=%zz", "st%61te=1&state=2"}) {
        CAPTURE(bad);
        CHECK(twoleg::parse_query(bad).err().code == errc::oauth_bad_redirect);
    }
    std::string many;
    for (int i = 0; i < 65; ++i) many += (i ? "&p" : "p") + std::to_string(i) + "=1";
    CHECK_FALSE(twoleg::parse_query(many).ok());
}

TEST_CASE("redirects: code, state, error; state is checked before the error")
{
    auto ok = twoleg::parse_redirect_url(
        "http://127.0.0.1:8080/?state=xyz&code=4%2F0AeaY&scope=email%20openid&authuser=0&prompt=consent#frag");
    REQUIRE(ok.ok());
    CHECK(ok->code == "4/0AeaY");
    CHECK(ok->scope == "email openid");
    CHECK(*twoleg::accept_redirect(*ok, "xyz") == "4/0AeaY");
    CHECK(twoleg::accept_redirect(*ok, "xyZ").err().code == errc::oauth_state_mismatch);
    CHECK(twoleg::accept_redirect(*ok, "xy").err().code == errc::oauth_state_mismatch);

    auto denied = twoleg::parse_redirect_url("https://app.example/cb?error=access_denied&state=xyz");
    REQUIRE(denied.ok());
    CHECK(denied->error == "access_denied");
    CHECK(twoleg::accept_redirect(*denied, "xyz").err().code == errc::oauth_authorization_error);
    CHECK(twoleg::accept_redirect(*denied, "abc").err().code == errc::oauth_state_mismatch);

    auto no_state = twoleg::parse_redirect_url("http://127.0.0.1/?code=abc");
    REQUIRE(no_state.ok());
    CHECK(twoleg::accept_redirect(*no_state, "").err().code == errc::oauth_state_mismatch);  // even against ""

    struct row { const char *name; const char *url; std::size_t offset; };
    const row bad[] = {
        {"no query", "http://127.0.0.1:1/cb", twoleg::error::no_offset},
        {"not http", "ftp://x/?code=a&state=b", 0},
        {"neither code nor error", "http://x/?state=b", twoleg::error::no_offset},
        {"empty error", "http://x/?error=&state=b", twoleg::error::no_offset},
        {"two codes", "http://x/?code=a&code=b&state=s", 17},
        {"bad percent", "http://x/?code=a%2&state=s", 16},
        {"encoded newline in state", "http://x/?code=a&state=%0D", 23},
        {"UTF-8 in code", "http://x/?code=%C3%A9&state=s", twoleg::error::no_offset},
    };
    for (const auto &r : bad) {
        CAPTURE(r.name);
        auto p = twoleg::parse_redirect_url(r.url);
        REQUIRE_FALSE(p.ok());
        CHECK(p.err().code == errc::oauth_bad_redirect);
        CHECK(p.err().offset == r.offset);
    }
}

TEST_CASE("loopback redirect URIs (RFC 8252 section 7.3)")
{
    auto a = twoleg::parse_loopback_redirect_uri("http://127.0.0.1:8765/cb%20x");
    REQUIRE(a.ok());
    CHECK((!a->ipv6 && a->port == 8765 && a->port_given && a->path == "/cb x"));
    auto b = twoleg::parse_loopback_redirect_uri("http://[::1]:65535");
    REQUIRE(b.ok());
    CHECK((b->ipv6 && b->port == 65535 && b->path == "/"));
    auto c = twoleg::parse_loopback_redirect_uri("http://localhost");
    REQUIRE(c.ok());
    CHECK((!c->port_given && c->port == 80));
    for (const char *bad : {"https://127.0.0.1:1/", "http://127.0.0.2:1/", "http://example.com:1/", "http://127.0.0.1:0/",
                            "http://127.0.0.1:65536/", "http://127.0.0.1:123456/", "http://127.0.0.1:/",
                            "http://127.0.0.1:1/?a=b", "http://127.0.0.1:1/#x", "http://127.0.0.1.evil:1/",
                            "http://127.0.0.1:1x/", "http://127.0.0.1:1/%zz"}) {
        CAPTURE(bad);
        CHECK(twoleg::parse_loopback_redirect_uri(bad).err().code == errc::invalid_argument);
    }
}

TEST_CASE("client secrets: installed and web files, defaults, and what is refused")
{
    auto c = twoleg::parse_client_secret(
        R"({"installed":{"client_id":"id.apps.googleusercontent.com","project_id":"p","client_secret":"GOCSPX-x",)"
        R"("redirect_uris":["http://localhost"],"auth_uri":"https://accounts.google.com/o/oauth2/auth"}})");
    REQUIRE(c.ok());
    CHECK(c->kind == twoleg::oauth_client_kind::installed);
    CHECK(c->client_id == "id.apps.googleusercontent.com");
    CHECK(c->secret == "GOCSPX-x");
    CHECK(c->token_uri == "https://oauth2.googleapis.com/token");  // default
    CHECK(c->redirect_uris.size() == 1);
    auto w = twoleg::parse_client_secret(R"({"web":{"client_id":"w"}})");
    REQUIRE(w.ok());
    CHECK(w->kind == twoleg::oauth_client_kind::web);
    CHECK(w->secret.empty());
    CHECK(w->auth_uri == twoleg::default_auth_uri);

    struct row { const char *name; const char *json; errc code; const char *needle; };
    const row bad[] = {
        {"service-account file", R"({"type":"service_account","private_key":"x"})", errc::json_not_client_secret, "service-account key"},
        {"authorized user", R"({"type":"authorized_user"})", errc::json_not_client_secret, "user credential"},
        {"neither kind", R"({"other":{}})", errc::json_not_client_secret, "installed"},
        {"both kinds", R"({"installed":{"client_id":"a"},"web":{"client_id":"a"}})", errc::json_not_client_secret, "both"},
        {"not an object", R"([1])", errc::json_not_client_secret, "object"},
        {"kind not an object", R"({"web":"x"})", errc::json_bad_field, "object"},
        {"no client_id", R"({"web":{"client_secret":"s"}})", errc::json_missing_field, "client_id"},
        {"empty client_id", R"({"web":{"client_id":""}})", errc::json_bad_field, "empty"},
        {"client_id a number", R"({"web":{"client_id":1}})", errc::json_bad_field, "string"},
        {"secret a number", R"({"web":{"client_id":"a","client_secret":7}})", errc::json_bad_field, "client_secret"},
        {"secret with a newline", R"({"web":{"client_id":"a","client_secret":"s\nt"}})", errc::json_bad_field, "control"},
        {"http auth_uri", R"({"web":{"client_id":"a","auth_uri":"http://x/"}})", errc::json_bad_field, "https"},
        {"token_uri with fragment", R"({"web":{"client_id":"a","token_uri":"https://x/#f"}})", errc::json_bad_field, "fragment"},
        {"redirect_uris not array", R"({"web":{"client_id":"a","redirect_uris":"x"}})", errc::json_bad_field, "array"},
        {"redirect_uris with a number", R"({"web":{"client_id":"a","redirect_uris":[1]}})", errc::json_bad_field, "strings"},
        {"duplicate member", R"({"web":{"client_id":"a","client_id":"b"}})", errc::json_malformed, "duplicate"},
        {"malformed", R"({"web":)", errc::json_malformed, "JSON"},
        {"too deep", R"({"web":{"client_id":"a","x":[[[[[[[[[]]]]]]]]]}})", errc::json_malformed, "deeply"},
    };
    for (const auto &r : bad) {
        CAPTURE(r.name);
        auto p = twoleg::parse_client_secret(r.json);
        REQUIRE_FALSE(p.ok());
        CHECK(p.err().code == r.code);
        CHECK(p.err().message().find(r.needle) != std::string::npos);
        CHECK(p.err().message().find("GOCSPX") == std::string::npos);
    }
    CHECK(twoleg::parse_client_secret(std::string(64 * 1024 + 1, ' ')).err().code == errc::input_too_large);
    CHECK(twoleg::parse_client_secret("\xEF\xBB\xBF{\"web\":{\"client_id\":\"a\"}}").ok());  // an editor's BOM
    // The other way round: a client secrets file given as a service-account key.
    auto sa = twoleg::parse_service_account(R"({"installed":{"client_id":"a"}})");
    REQUIRE_FALSE(sa.ok());
    CHECK(sa.err().code == errc::json_not_service_account);
    CHECK(sa.err().message().find("client secrets") != std::string::npos);
}

TEST_CASE("session files round-trip and refuse what later steps cannot use")
{
    twoleg::oauth_session s;
    s.client_id = "id";
    s.redirect_uri = "http://127.0.0.1:1/";
    s.scopes = {"openid", "email"};
    s.state = "st\"ate";
    s.code_verifier = std::string(43, 'v');
    s.code = "4/code";
    const std::string text = twoleg::session_to_json(s);
    CHECK(text.back() == '\n');
    auto back = twoleg::parse_session(text);
    REQUIRE(back.ok());
    CHECK(back->state == s.state);
    CHECK(back->scopes == s.scopes);
    CHECK(back->code_verifier == s.code_verifier);
    CHECK(back->code == "4/code");
    CHECK(back->nonce.empty());

    const char *bad[] = {
        R"({"client_id":"a","redirect_uri":"r","scopes":["s"],"state":"x"})",                 // no version
        R"({"version":2,"client_id":"a","redirect_uri":"r","scopes":["s"],"state":"x"})",     // unknown version
        R"({"version":1,"redirect_uri":"r","scopes":["s"],"state":"x"})",                     // no client_id
        R"({"version":1,"client_id":"a","redirect_uri":"r","scopes":[],"state":"x"})",        // no scopes
        R"({"version":1,"client_id":"a","redirect_uri":"r","scopes":["a b"],"state":"x"})",   // not a scope
        R"({"version":1,"client_id":"a","redirect_uri":"r","scopes":["s"],"state":""})",      // empty state
        R"({"version":1,"client_id":"a","redirect_uri":"r","scopes":["s"],"state":"x","code_verifier":"short"})",
        R"({"version":1,"client_id":"a","client_id":"b","redirect_uri":"r","scopes":["s"],"state":"x"})",
        R"({"version":1,"client_id":"a","redirect_uri":"r","scopes":["s"],"state":1})",
        "not json",
    };
    for (const char *b : bad) {
        CAPTURE(b);
        CHECK_FALSE(twoleg::parse_session(b).ok());
    }
}

TEST_CASE("form bodies refuse what Google would refuse")
{
    twoleg::client_secret c;
    c.client_id = "id";
    CHECK(twoleg::exchange_body(c, "", "http://127.0.0.1:1/", "").err().code == errc::invalid_argument);
    CHECK(twoleg::exchange_body(c, "a", "", "").err().code == errc::invalid_argument);
    CHECK(twoleg::exchange_body(c, "a", "r", "short").err().code == errc::invalid_argument);
    CHECK(*twoleg::exchange_body(c, "a/b", "r", "") == "grant_type=authorization_code&code=a%2Fb&client_id=id&redirect_uri=r");
    CHECK(twoleg::refresh_body(c, "").err().code == errc::invalid_argument);
    CHECK(twoleg::refresh_body(c, "t", {"a b"}).err().code == errc::invalid_argument);
    CHECK(*twoleg::refresh_body(c, "1//t") == "grant_type=refresh_token&refresh_token=1%2F%2Ft&client_id=id");
    CHECK(twoleg::revoke_body("").err().code == errc::invalid_argument);
    CHECK(*twoleg::revoke_body("ya29.a+b") == "token=ya29.a%2Bb");
}

TEST_CASE("authorization_url refuses bad requests")
{
    twoleg::authorization_request r;
    r.client_id = "id";
    r.redirect_uri = "http://127.0.0.1:1/";
    r.scopes = {"openid"};
    r.state = std::string("s");  // (a literal assignment trips GCC 12's -Wrestrict false positive)
    CHECK(twoleg::authorization_url("https://a.example/auth?x=1", r)->rfind("https://a.example/auth?x=1&response_type=code&", 0) == 0);
    CHECK_FALSE(twoleg::authorization_url("http://a.example/auth", r).ok());
    CHECK_FALSE(twoleg::authorization_url("https://a.example/auth#f", r).ok());
    auto with = [&](auto change) {
        auto copy = r;
        change(copy);
        return twoleg::authorization_url(twoleg::default_auth_uri, copy);
    };
    CHECK_FALSE(with([](auto &x) { x.scopes.clear(); }).ok());
    CHECK_FALSE(with([](auto &x) { x.scopes = {"a b"}; }).ok());
    CHECK_FALSE(with([](auto &x) { x.scopes = {"a\"b"}; }).ok());
    CHECK_FALSE(with([](auto &x) { x.state.clear(); }).ok());
    CHECK_FALSE(with([](auto &x) { x.client_id.clear(); }).ok());
    CHECK_FALSE(with([](auto &x) { x.redirect_uri = "http://x/ y"; }).ok());
    CHECK_FALSE(with([](auto &x) { x.access_type = "forever"; }).ok());
    CHECK_FALSE(with([](auto &x) { x.prompt = {"login"}; }).ok());
    CHECK_FALSE(with([](auto &x) { x.prompt = {"none", "consent"}; }).ok());
    CHECK(with([](auto &x) { x.prompt = {"none"}; }).ok());
}

TEST_CASE("receiver request heads: accepted forms")
{
    using twoleg::detail::parse_request_head;
    auto a = parse_request_head("GET /cb%20x?code=a&state=b HTTP/1.1\r\nHost: 127.0.0.1:1\r\nUser-Agent: x\t y\r\n\r\n");
    REQUIRE(a.ok());
    CHECK(a->method == "GET");
    CHECK(a->path == "/cb x");
    CHECK(a->has_query);
    CHECK(a->query == "code=a&state=b");
    auto b = parse_request_head("HEAD / HTTP/1.0\r\n\r\n");
    REQUIRE(b.ok());
    CHECK((b->method == "HEAD" && b->path == "/" && !b->has_query && b->minor_version == 0));
    CHECK(twoleg::detail::find_head_end("GET / HTTP/1.1\r\n\r\nbody") == 18);
    CHECK(twoleg::detail::find_head_end("GET / HTTP/1.1\r\n") == 0);
    CHECK(twoleg::detail::find_head_end("GET / HTTP/1.1\nA: b\n\nx") == 21);  // ends, to be refused
    CHECK(twoleg::detail::find_head_end("GET / HTTP/1.1\r\n\r\n\n\n") == 18);
}

TEST_CASE("receiver request heads: every malformed form is refused with its offset")
{
    struct row { const char *name; std::string head; std::size_t offset; };
    const row rows[] = {
        {"no blank line", "GET / HTTP/1.1\r\n", 16},
        {"bare LF", "GET / HTTP/1.1\n\r\n", 14},
        {"bare CR", "GET / HTTP/1.1\r\r\n\r\n", 14},
        {"garbage line", "hello\r\n\r\n", 0},
        {"two spaces", "GET  / HTTP/1.1\r\n\r\n", 3},
        {"HTTP/2", "GET / HTTP/2.0\r\n\r\n", 6},
        {"lower-case version", "GET / http/1.1\r\n\r\n", 6},
        {"absolute form", "GET http://x/ HTTP/1.1\r\n\r\n", 4},
        {"asterisk", "OPTIONS * HTTP/1.1\r\n\r\n", 8},
        {"space in target", "GET /a b HTTP/1.1\r\n\r\n", 7},   // the version would be "b HTTP/1.1"
        {"fragment", "GET /#x HTTP/1.1\r\n\r\n", 5},
        {"non-ASCII", "GET /\xc3\xa9 HTTP/1.1\r\n\r\n", 5},
        {"bad percent in path", "GET /%zz HTTP/1.1\r\n\r\n", 5},
        {"method not a token", "G(T / HTTP/1.1\r\n\r\n", 1},
        {"folded header", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 22},
        {"header without colon", "GET / HTTP/1.1\r\nAb\r\n\r\n", 16},
        {"header name with space", "GET / HTTP/1.1\r\nA b: c\r\n\r\n", 17},
        {"control in value", "GET / HTTP/1.1\r\nA: \x01\r\n\r\n", 19},
        {"too large", "GET /" + std::string(8200, 'a') + " HTTP/1.1\r\n\r\n", 8192},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        auto p = twoleg::detail::parse_request_head(r.head);
        REQUIRE_FALSE(p.ok());
        CHECK(p.err().code == errc::http_bad_request);
        CHECK(p.err().offset == r.offset);
    }
    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 101; ++i) many += "A: b\r\n";
    many += "\r\n";
    CHECK(twoleg::detail::parse_request_head(many).err().code == errc::http_bad_request);
}

TEST_CASE("scopes_not_granted: what granular consent left out, email and profile in either spelling")
{
    const std::vector<std::string> asked = {"openid", "email", "profile", "https://www.googleapis.com/auth/drive.file"};
    CHECK(twoleg::scopes_not_granted(asked, "openid https://www.googleapis.com/auth/userinfo.email "
                                            "https://www.googleapis.com/auth/userinfo.profile "
                                            "https://www.googleapis.com/auth/drive.file")
              .empty());
    CHECK(twoleg::scopes_not_granted(asked, "openid email") ==
          std::vector<std::string>{"profile", "https://www.googleapis.com/auth/drive.file"});
    CHECK(twoleg::scopes_not_granted(asked, "") == asked);
    CHECK(twoleg::scopes_not_granted({"https://www.googleapis.com/auth/userinfo.email"}, "email").empty());
    CHECK(twoleg::scopes_not_granted({"a"}, "  a  ").empty());
    CHECK(twoleg::scopes_not_granted({"a"}, "ab") == std::vector<std::string>{"a"});
}
