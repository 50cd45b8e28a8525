// base64 / base64url against RFC 4648 §10, RFC 7515 / RFC 7636 examples and
// the coreutils `base64` / `basenc` commands run here; strict decoding
// against a table of rejections with the intended error code and offset.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "twoleg/base64.hpp"

namespace {

using twoleg::errc;

std::vector<std::uint8_t> octets(std::initializer_list<int> values)
{
    std::vector<std::uint8_t> out;
    for (int v : values) out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

std::string decode_error_text(const twoleg::result<std::vector<std::uint8_t>> &r)
{
    if (r) return "decoded to " + test::hex(*r);
    return r.err().message();
}

struct pair {
    std::string plain;
    std::string encoded;
};

// RFC 4648 §10.
const pair rfc4648_base64[] = {
    {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

// RFC 7515 Appendix A.1.1: the JWS Protected Header and the JWS Payload.
const std::string jws_header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
const std::string jws_header_b64u = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9";
const std::string jws_payload = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
const std::string jws_payload_b64u =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
// RFC 7515 Appendix A.1.1: the HMAC key (JWK "k") and the resulting signature,
// whose octets RFC 7636 Appendix B lists.
const std::string jws_hmac_key_b64u =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
const std::string jws_signature_b64u = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const auto jws_signature_octets = octets({116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
                                          22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121});

struct rejection {
    std::string text;
    errc code;
    std::size_t offset;
};

const rejection base64_rejections[] = {
    // characters outside the alphabet
    {"Zm9v!A==", errc::base64_bad_character, 4},
    {"Zm-v", errc::base64_bad_character, 2},
    {"Zm_v", errc::base64_bad_character, 2},
    {"A-z_4ME=", errc::base64_bad_character, 1},
    {"Zm9v Zm9v", errc::base64_bad_character, 4},
    {"Zm9v\nZm9v", errc::base64_bad_character, 4},
    {"Zm9vYmFy\r\n", errc::base64_bad_character, 8},
    {"\tZm9v", errc::base64_bad_character, 0},
    {" Zg==", errc::base64_bad_character, 0},
    {std::string("Zm\0v", 4), errc::base64_bad_character, 2},
    {"Zm9\x80", errc::base64_bad_character, 3},
    {"\xffZm9", errc::base64_bad_character, 0},
    {"Zm9v\xc3\xa9Zm", errc::base64_bad_character, 4},
    {"Zm.v", errc::base64_bad_character, 2},
    {"A-z_4MF", errc::base64_bad_character, 1},
    // padding missing, extra, incomplete, misplaced, or three '='
    {"Zg", errc::base64_bad_padding, 2},
    {"Zm8", errc::base64_bad_padding, 3},
    {"Zm9vYg", errc::base64_bad_padding, 6},
    {"Zg=", errc::base64_bad_padding, 2},
    {"Zg===", errc::base64_bad_padding, 2},
    {"Zm8==", errc::base64_bad_padding, 3},
    {"Zm9v=", errc::base64_bad_padding, 4},
    {"Zm9v====", errc::base64_bad_padding, 4},
    {"Zg==Zg==", errc::base64_bad_padding, 2},
    {"Zm9vYg==Zm9v", errc::base64_bad_padding, 6},
    {"Zm=v", errc::base64_bad_padding, 2},
    {"Zm=!", errc::base64_bad_padding, 2},
    {"Z===", errc::base64_bad_padding, 1},
    {"====", errc::base64_bad_padding, 0},
    {"=", errc::base64_bad_padding, 0},
    {"==", errc::base64_bad_padding, 0},
    // non-zero unused trailing bits
    {"Zh==", errc::base64_non_canonical, 1},
    {"QR==", errc::base64_non_canonical, 1},
    {"Zm9=", errc::base64_non_canonical, 2},
    {"Zm9vYh==", errc::base64_non_canonical, 5},
    // a length of 1 mod 4 carries a lone 6-bit character
    {"Z", errc::base64_non_canonical, 0},
    {"Zm9vY", errc::base64_non_canonical, 4},
    {"Zm9vYmFyZ", errc::base64_non_canonical, 8},
};

const rejection base64url_rejections[] = {
    {"Zm9v+A", errc::base64_bad_character, 4},
    {"Zm9v/A", errc::base64_bad_character, 4},
    {"Zg==", errc::base64_bad_character, 2},
    {"Zm8=", errc::base64_bad_character, 3},
    {"A-z_4ME=", errc::base64_bad_character, 7},
    {"=", errc::base64_bad_character, 0},
    {"Zm9v Zm9v", errc::base64_bad_character, 4},
    {"Zm9v\n", errc::base64_bad_character, 4},
    {"\rZm9v", errc::base64_bad_character, 0},
    {std::string("Zm9v\0", 5), errc::base64_bad_character, 4},
    {"Zm9v\x80", errc::base64_bad_character, 4},
    {"\xfe", errc::base64_bad_character, 0},
    {"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UifQ", errc::base64_bad_character, 40},
    {"Zh", errc::base64_non_canonical, 1},
    {"QR", errc::base64_non_canonical, 1},
    {"Zm9", errc::base64_non_canonical, 2},
    {"A-z_4MF", errc::base64_non_canonical, 6},
    {"A-z_4MH", errc::base64_non_canonical, 6},
    {"Z", errc::base64_non_canonical, 0},
    {"Zm9vY", errc::base64_non_canonical, 4},
    {"A-z_4MEAA", errc::base64_non_canonical, 8},
};

std::string strip_padding(std::string s)
{
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}

} // namespace

TEST_CASE("RFC 4648 section 10 vectors, base64 and base64url")
{
    for (const auto &v : rfc4648_base64) {
        CAPTURE(v.plain);
        const auto plain = test::bytes(v.plain);
        CHECK(twoleg::base64_encode(plain) == v.encoded);
        CHECK(twoleg::base64url_encode(plain) == strip_padding(v.encoded));
        CHECK(twoleg::base64url_encode(std::string_view(v.plain)) == strip_padding(v.encoded));

        const auto d = twoleg::base64_decode(v.encoded);
        REQUIRE_MESSAGE(d.ok(), decode_error_text(d));
        CHECK(*d == plain);
        const auto u = twoleg::base64url_decode(strip_padding(v.encoded));
        REQUIRE_MESSAGE(u.ok(), decode_error_text(u));
        CHECK(*u == plain);
    }
}

TEST_CASE("JWS and PKCE examples (RFC 7515, RFC 7636): base64url with '-' and '_'")
{
    // RFC 7515 Appendix C (also RFC 7636 Appendix A).
    const auto c_octets = octets({3, 236, 255, 224, 193});
    CHECK(twoleg::base64url_encode(c_octets) == "A-z_4ME");
    CHECK(twoleg::base64_encode(c_octets) == "A+z/4ME=");
    auto c = twoleg::base64url_decode("A-z_4ME");
    REQUIRE_MESSAGE(c.ok(), decode_error_text(c));
    CHECK(*c == c_octets);
    auto c_std = twoleg::base64_decode("A+z/4ME=");
    REQUIRE_MESSAGE(c_std.ok(), decode_error_text(c_std));
    CHECK(*c_std == c_octets);

    // RFC 7515 Appendix A.1.1.
    CHECK(twoleg::base64url_encode(jws_header) == jws_header_b64u);
    CHECK(twoleg::base64url_encode(jws_payload) == jws_payload_b64u);
    auto h = twoleg::base64url_decode(jws_header_b64u);
    REQUIRE(h.ok());
    CHECK(*h == test::bytes(jws_header));
    auto p = twoleg::base64url_decode(jws_payload_b64u);
    REQUIRE(p.ok());
    CHECK(*p == test::bytes(jws_payload));
    CHECK(twoleg::base64url_encode(jws_signature_octets) == jws_signature_b64u);
    auto s = twoleg::base64url_decode(jws_signature_b64u);
    REQUIRE(s.ok());
    CHECK(*s == jws_signature_octets);

    // RFC 7515 Section 2 and 6.3.1.2: the integers 0 and 65537.
    CHECK(twoleg::base64url_encode(octets({0})) == "AA");
    CHECK(twoleg::base64url_encode(octets({1, 0, 1})) == "AQAB");

    // RFC 7636 Appendix B: code_challenge = BASE64URL(SHA256(code_verifier)).
    const auto challenge = octets({19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8,
                                   118, 168, 120, 173, 109, 241, 68, 86, 110, 225, 137, 74, 203, 112, 249, 195});
    CHECK(twoleg::base64url_encode(challenge) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    auto ch = twoleg::base64url_decode("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    REQUIRE(ch.ok());
    CHECK(*ch == challenge);
}

TEST_CASE("RFC 7515 A.1: the decoded HMAC key reproduces the RFC's signature under openssl")
{
    // Decoding the key wrongly would give openssl a different key and a
    // different MAC than the one the RFC prints.
    auto key = twoleg::base64url_decode(jws_hmac_key_b64u);
    REQUIRE_MESSAGE(key.ok(), decode_error_text(key));
    CHECK(key->size() == 64);
    const std::string input_path = test::temp_dir() + "/jws-signing-input";
    test::write_file(input_path, jws_header_b64u + "." + jws_payload_b64u);
    const auto r = test::run("openssl dgst -sha256 -mac HMAC -macopt hexkey:" + test::hex(*key) + " -r " +
                             test::shell_quote(input_path));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.substr(0, 64) == test::hex(jws_signature_octets));
}

TEST_CASE("the whole alphabet decodes as coreutils' base64 -d decodes it")
{
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string path = test::temp_dir() + "/alphabet.b64";
    test::write_file(path, alphabet);
    const auto r = test::run("base64 -d " + test::shell_quote(path) + " | od -An -v -tx1");
    REQUIRE(r.status == 0);
    const auto expected = test::unhex(r.out);
    REQUIRE(expected.size() == 48);

    auto d = twoleg::base64_decode(alphabet);
    REQUIRE_MESSAGE(d.ok(), decode_error_text(d));
    CHECK(*d == expected);
    CHECK(twoleg::base64_encode(expected) == alphabet);

    std::string url_alphabet = alphabet;
    url_alphabet[62] = '-';
    url_alphabet[63] = '_';
    auto u = twoleg::base64url_decode(url_alphabet);
    REQUIRE_MESSAGE(u.ok(), decode_error_text(u));
    CHECK(*u == expected);
    CHECK(twoleg::base64url_encode(expected) == url_alphabet);
}

TEST_CASE("exactly the RFC 4648 alphabets are accepted, byte by byte")
{
    const std::string table1 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string table2 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int c = 0; c < 256; ++c) {
        CAPTURE(c);
        // "AAA" + c: a full group, so only the alphabet decides (and '=' is legal padding in base64).
        const std::string text = std::string("AAA") + static_cast<char>(c);
        const auto b = twoleg::base64_decode(text);
        const auto u = twoleg::base64url_decode(text);
        const std::size_t v1 = table1.find(static_cast<char>(c));
        const std::size_t v2 = table2.find(static_cast<char>(c));
        if (v1 != std::string::npos) {
            REQUIRE(b.ok());
            CHECK(*b == octets({0, 0, static_cast<int>(v1)}));
        } else if (c == '=') {
            REQUIRE(b.ok());
            CHECK(*b == octets({0, 0}));
        } else {
            REQUIRE_FALSE(b.ok());
            CHECK(b.err().code == errc::base64_bad_character);
            CHECK(b.err().offset == 3);
        }
        if (v2 != std::string::npos) {
            REQUIRE(u.ok());
            CHECK(*u == octets({0, 0, static_cast<int>(v2)}));
        } else {
            REQUIRE_FALSE(u.ok());
            CHECK(u.err().code == errc::base64_bad_character);
            CHECK(u.err().offset == 3);
        }
    }
}

TEST_CASE("base64_decode rejections: code and offset")
{
    for (const auto &r : base64_rejections) {
        CAPTURE(test::hex(test::bytes(r.text)));
        const auto d = twoleg::base64_decode(r.text);
        REQUIRE_MESSAGE(!d.ok(), decode_error_text(d));
        CHECK(d.err().code == r.code);
        CHECK(d.err().offset == r.offset);
        CHECK(d.err().message().find("(at byte " + std::to_string(r.offset) + ")") != std::string::npos);
    }
}

TEST_CASE("base64url_decode rejections: code and offset")
{
    for (const auto &r : base64url_rejections) {
        CAPTURE(test::hex(test::bytes(r.text)));
        const auto d = twoleg::base64url_decode(r.text);
        REQUIRE_MESSAGE(!d.ok(), decode_error_text(d));
        CHECK(d.err().code == r.code);
        CHECK(d.err().offset == r.offset);
    }
}

TEST_CASE("non-canonical trailing bits: each unused bit on its own is rejected")
{
    // "AA==" / "AAA=" are canonical; setting any of the unused low bits of
    // the last character makes the text non-canonical.
    const std::string table1 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int v = 0; v < 64; ++v) {
        CAPTURE(v);
        const char last = table1[static_cast<std::size_t>(v)];
        const auto two = twoleg::base64_decode(std::string("A") + last + "==");
        const auto three = twoleg::base64_decode(std::string("AA") + last + "=");
        if (v % 16 == 0) CHECK(two.ok());
        else {
            REQUIRE_FALSE(two.ok());
            CHECK(two.err().code == errc::base64_non_canonical);
            CHECK(two.err().offset == 1);
        }
        if (v % 4 == 0) CHECK(three.ok());
        else {
            REQUIRE_FALSE(three.ok());
            CHECK(three.err().code == errc::base64_non_canonical);
            CHECK(three.err().offset == 2);
        }
    }
}

TEST_CASE("random data: encodings equal coreutils' base64 and basenc --base64url")
{
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= 40; ++n) lengths.push_back(n);
    lengths.push_back(1000);
    lengths.push_back(1001);
    lengths.push_back(1002);
    for (std::size_t n : lengths) {
        CAPTURE(n);
        const auto data = test::pseudo_random_bytes(n, 300 + n);
        const std::string path = test::temp_dir() + "/random-" + std::to_string(n);
        test::write_file(path, data);
        const auto r = test::run("base64 -w0 " + test::shell_quote(path) + "; echo; basenc --base64url -w0 " +
                                 test::shell_quote(path) + "; echo");
        REQUIRE_MESSAGE(r.status == 0, r.err);
        const std::size_t nl = r.out.find('\n');
        REQUIRE(nl != std::string::npos);
        const std::string expected_b64 = r.out.substr(0, nl);
        const std::string expected_b64u = strip_padding(r.out.substr(nl + 1, r.out.find('\n', nl + 1) - nl - 1));

        CHECK(twoleg::base64_encode(data) == expected_b64);
        CHECK(twoleg::base64url_encode(data) == expected_b64u);
        const auto d = twoleg::base64_decode(expected_b64);
        REQUIRE_MESSAGE(d.ok(), decode_error_text(d));
        CHECK(*d == data);
        const auto u = twoleg::base64url_decode(expected_b64u);
        REQUIRE_MESSAGE(u.ok(), decode_error_text(u));
        CHECK(*u == data);
    }
}

TEST_CASE("round trip on random data (extra)")
{
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        const auto data = test::pseudo_random_bytes(seed % 97, seed);
        const auto d = twoleg::base64_decode(twoleg::base64_encode(data));
        const auto u = twoleg::base64url_decode(twoleg::base64url_encode(data));
        REQUIRE(d.ok());
        REQUIRE(u.ok());
        CHECK(*d == data);
        CHECK(*u == data);
    }
}
