// RS256 JWT signing and verification. Known answers come from RFC 7515
// Appendix A.2 (its key is rebuilt here with the openssl command from the
// RFC's JWK, and openssl itself first checks the RFC's signature with it) and
// from the openssl command (signatures, HMACs); base64url is decoded with
// coreutils basenc where a result is inspected.
#include <doctest/doctest.h>

#include <string>

#include "test_support.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/jwt.hpp"
#include "twoleg/key_loader.hpp"

namespace {

using twoleg::errc;

// RFC 7515 Appendix A.2: the RSA key as a JWK and the example JWS.
const char *const a2_n =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-"
    "pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2Ca"
    "pHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54"
    "h4FRWyuXpoQ";
const char *const a2_e = "AQAB";
const char *const a2_d =
    "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-"
    "pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU"
    "2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1Dh"
    "OVRuOopznQ";
const char *const a2_p =
    "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKD"
    "cmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc";
const char *const a2_q =
    "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-"
    "TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc";
const char *const a2_dp =
    "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2"
    "zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0";
const char *const a2_dq =
    "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-"
    "kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU";
const char *const a2_qi =
    "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOP"
    "LUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U";
const std::string a2_header_part = "eyJhbGciOiJSUzI1NiJ9";
const std::string a2_payload_part =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const std::string a2_signature_part =
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1"
    "dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jz"
    "DwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe"
    "77Rw";
const std::string a2_token = a2_header_part + "." + a2_payload_part + "." + a2_signature_part;
const std::string a2_payload_json = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
constexpr std::int64_t a2_exp = 1300819380;

std::string padded(std::string s)
{
    while (s.size() % 4) s += '=';
    return s;
}

/// Decodes base64url with coreutils basenc, not with twoleg.
std::vector<std::uint8_t> basenc_decode(const std::string &b64url)
{
    const std::string out = test::temp_dir() + "/basenc.bin";
    auto r = test::run("printf %s " + test::shell_quote(padded(b64url)) + " | basenc --base64url -d > " +
                       test::shell_quote(out));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return test::read_file(out);
}

std::string hex_of_b64url(const std::string &b64url) { return test::hex(basenc_decode(b64url)); }

struct a2_files {
    std::string public_pem;   // SPKI built from n and e only
    std::string private_pem;  // PKCS#8 built from all the JWK's members
};

/// Builds the A.2 keys with `openssl asn1parse -genconf` and checks them with openssl.
const a2_files &a2_keys()
{
    static const a2_files files = [] {
        const std::string dir = test::temp_dir();
        a2_files f{dir + "/a2-public.pem", dir + "/a2-private.pem"};
        test::write_file(dir + "/a2-public.cnf", "asn1=SEQUENCE:key\n[key]\nn=INTEGER:0x" + hex_of_b64url(a2_n) +
                                                     "\ne=INTEGER:0x" + hex_of_b64url(a2_e) + "\n");
        test::write_file(dir + "/a2-private.cnf",
                         "asn1=SEQUENCE:key\n[key]\nversion=INTEGER:0\nn=INTEGER:0x" + hex_of_b64url(a2_n) +
                             "\ne=INTEGER:0x" + hex_of_b64url(a2_e) + "\nd=INTEGER:0x" + hex_of_b64url(a2_d) +
                             "\np=INTEGER:0x" + hex_of_b64url(a2_p) + "\nq=INTEGER:0x" + hex_of_b64url(a2_q) +
                             "\ndp=INTEGER:0x" + hex_of_b64url(a2_dp) + "\ndq=INTEGER:0x" + hex_of_b64url(a2_dq) +
                             "\nqi=INTEGER:0x" + hex_of_b64url(a2_qi) + "\n");
        const std::string q_dir = test::shell_quote(dir);
        auto r = test::run("cd " + q_dir +
                           " && openssl asn1parse -genconf a2-public.cnf -noout -out a2-rsapub.der"
                           " && openssl rsa -RSAPublicKey_in -inform DER -in a2-rsapub.der -pubout -out a2-public.pem"
                           " && openssl asn1parse -genconf a2-private.cnf -noout -out a2-pkcs1.der"
                           " && openssl rsa -inform DER -in a2-pkcs1.der -check -noout"
                           " && openssl pkey -inform DER -in a2-pkcs1.der -out a2-private.pem");
        REQUIRE_MESSAGE(r.status == 0, r.err);
        REQUIRE(r.out.find("RSA key ok") != std::string::npos);
        // openssl accepts the RFC's signature with this key: the transcription is right.
        test::write_file(dir + "/a2-input", a2_header_part + "." + a2_payload_part);
        test::write_file(dir + "/a2-sig.bin", basenc_decode(a2_signature_part));
        r = test::run("cd " + q_dir + " && openssl dgst -sha256 -verify a2-public.pem -signature a2-sig.bin a2-input");
        REQUIRE_MESSAGE(r.status == 0, (r.out + r.err));
        return f;
    }();
    return files;
}

twoleg::rsa_public_key public_key_from(const std::string &path)
{
    auto k = twoleg::load_public_key(test::read_file(path));
    REQUIRE_MESSAGE(k.ok(), (k.ok() ? std::string() : k.err().message()));
    return *k;
}

twoleg::rsa_private_key private_key_from(const std::string &path)
{
    auto k = twoleg::load_private_key(test::read_file(path));
    REQUIRE_MESSAGE(k.ok(), (k.ok() ? std::string() : k.err().message()));
    return *k;
}

twoleg::jwt_verify_options at(std::int64_t now)
{
    twoleg::jwt_verify_options o;
    o.now = now;
    return o;
}

errc verify_error(const std::string &token, const twoleg::rsa_public_key &key, const twoleg::jwt_verify_options &o)
{
    auto r = twoleg::jwt_verify_rs256(token, key, o);
    if (r.ok()) return errc::ok;
    return r.err().code;
}

std::string b64url(std::string_view text) { return twoleg::base64url_encode(text); }

/// A token signed by twoleg with the 2048-bit test key.
std::string signed_token(const std::string &header, const std::string &claims, unsigned bits = 2048)
{
    auto t = twoleg::jwt_sign_rs256(private_key_from(test::key_path(bits, 65537, "pkcs8.pem")), header, claims);
    REQUIRE_MESSAGE(t.ok(), (t.ok() ? std::string() : t.err().message()));
    return *t;
}

} // namespace

TEST_CASE("RFC 7515 A.2 verifies at a time before its exp, and is expired after it")
{
    auto key = public_key_from(a2_keys().public_pem);
    CHECK(key.modulus_bits() == 2048);
    auto r = twoleg::jwt_verify_rs256(a2_token, key, at(1300819000));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.err().message()));
    CHECK(r->header_json == "{\"alg\":\"RS256\"}");
    CHECK(r->claims_json == a2_payload_json);
    CHECK(test::bytes(r->claims_json) == basenc_decode(a2_payload_part));

    CHECK(verify_error(a2_token, key, {}) == errc::jwt_expired);  // the system clock is past 2011
    // The default leeway is 60 s: valid until exp + 59, expired from exp + 60.
    CHECK(verify_error(a2_token, key, at(a2_exp + 59)) == errc::ok);
    CHECK(verify_error(a2_token, key, at(a2_exp + 60)) == errc::jwt_expired);
    auto strict = at(a2_exp - 1);
    strict.leeway = 0;
    CHECK(verify_error(a2_token, key, strict) == errc::ok);
    strict.now = a2_exp;
    CHECK(verify_error(a2_token, key, strict) == errc::jwt_expired);

    // The private key's public half and an injected clock work the same way.
    auto from_private = private_key_from(a2_keys().private_pem).public_key();
    twoleg::jwt_verify_options clocked;
    clocked.clock.now = [](void *) noexcept -> std::int64_t { return 1300819000; };
    CHECK(verify_error(a2_token, from_private, clocked) == errc::ok);
}

TEST_CASE("signing the RFC 7515 A.2 input with its key reproduces the RFC's token")
{
    auto key = private_key_from(a2_keys().private_pem);
    auto t = twoleg::jwt_sign_rs256(key, "{\"alg\":\"RS256\"}", a2_payload_json);
    REQUIRE(t.ok());
    CHECK(*t == a2_token);
}

TEST_CASE("tampering is refused as a bad signature")
{
    auto key = public_key_from(a2_keys().public_pem);
    const auto o = at(1300819000);
    // The payload with exp one second later, signature unchanged.
    const std::string later = "{\"iss\":\"joe\",\r\n \"exp\":1300819381,\r\n \"http://example.com/is_root\":true}";
    CHECK(verify_error(a2_header_part + "." + b64url(later) + "." + a2_signature_part, key, o) == errc::jwt_bad_signature);
    // The payload re-encoded without the CR LFs: same claims, other bytes.
    const std::string compact = "{\"iss\":\"joe\",\"exp\":1300819380,\"http://example.com/is_root\":true}";
    CHECK(verify_error(a2_header_part + "." + b64url(compact) + "." + a2_signature_part, key, o) == errc::jwt_bad_signature);
    // A header with typ added.
    CHECK(verify_error(b64url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + a2_payload_part + "." + a2_signature_part, key,
                       o) == errc::jwt_bad_signature);
    // One signature character changed ('c' -> 'd' keeps the encoding canonical).
    std::string sig = a2_signature_part;
    sig[0] = 'd';
    CHECK(verify_error(a2_header_part + "." + a2_payload_part + "." + sig, key, o) == errc::jwt_bad_signature);
    // A signature one byte short (still canonical base64url).
    auto bytes = basenc_decode(a2_signature_part);
    bytes.pop_back();
    CHECK(verify_error(a2_header_part + "." + a2_payload_part + "." + twoleg::base64url_encode(bytes), key, o) ==
          errc::jwt_bad_signature);
    // The wrong key: the 2048-bit test key generated by openssl.
    CHECK(verify_error(a2_token, public_key_from(test::key_path(2048, 65537, "spki.pem")), o) == errc::jwt_bad_signature);
}

TEST_CASE("only RS256: alg none, HS256 keyed with the public key's PEM, and all others are refused")
{
    auto key = public_key_from(a2_keys().public_pem);
    const auto o = at(1300819000);
    // RFC 7515 A.5, the unsecured JWS.
    CHECK(verify_error("eyJhbGciOiJub25lIn0." + a2_payload_part + ".", key, o) == errc::jwt_unsupported_algorithm);
    CHECK(verify_error("eyJhbGciOiJub25lIn0." + a2_payload_part + "." + a2_signature_part, key, o) ==
          errc::jwt_unsupported_algorithm);

    // The classic key-confusion forgery: HS256 with the PEM text as the HMAC key.
    const std::string hs_input = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + a2_payload_part;
    const std::string dir = test::temp_dir();
    test::write_file(dir + "/hs-input", hs_input);
    auto mac = test::run("openssl dgst -sha256 -mac HMAC -macopt hexkey:" +
                         test::hex(test::read_file(a2_keys().public_pem)) + " -binary " +
                         test::shell_quote(dir + "/hs-input") + " > " + test::shell_quote(dir + "/hs.mac"));
    REQUIRE(mac.status == 0);
    auto mac_bytes = test::read_file(dir + "/hs.mac");
    REQUIRE(mac_bytes.size() == 32);
    CHECK(verify_error(hs_input + "." + twoleg::base64url_encode(mac_bytes), key, o) == errc::jwt_unsupported_algorithm);

    for (const char *header : {R"({"alg":"RS384"})", R"({"alg":"RS512"})", R"({"alg":"PS256"})", R"({"alg":"ES256"})",
                               R"({"alg":"rs256"})", R"({"alg":"RS256 "})", R"({"alg":1})", R"({"alg":null})",
                               R"({"alg":["RS256"]})"}) {
        CAPTURE(header);
        CHECK(verify_error(b64url(header) + "." + a2_payload_part + "." + a2_signature_part, key, o) ==
              errc::jwt_unsupported_algorithm);
    }
    CHECK(verify_error(b64url(R"({"typ":"JWT"})") + "." + a2_payload_part + "." + a2_signature_part, key, o) ==
          errc::jwt_malformed);
}

TEST_CASE("RS256 needs a key of at least 2048 bits, for signing and for verifying")
{
    const std::string claims = R"({"iss":"x","exp":4102444800})";
    for (unsigned bits : {1024u, 2047u}) {
        CAPTURE(bits);
        auto priv = private_key_from(test::key_path(bits, 65537, "pkcs8.pem"));
        auto s = twoleg::jwt_sign_rs256(priv, R"({"alg":"RS256"})", claims);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::jwt_key_too_small);

        // A token openssl signed with the small key is refused before any arithmetic.
        const std::string dir = test::temp_dir();
        const std::string input = b64url(R"({"alg":"RS256"})") + "." + b64url(claims);
        test::write_file(dir + "/small-input", input);
        auto r = test::run("openssl dgst -sha256 -sign " + test::shell_quote(test::key_path(bits, 65537, "pkcs8.pem")) +
                           " -out " + test::shell_quote(dir + "/small.sig") + " " + test::shell_quote(dir + "/small-input"));
        REQUIRE(r.status == 0);
        const std::string token = input + "." + twoleg::base64url_encode(test::read_file(dir + "/small.sig"));
        CHECK(verify_error(token, public_key_from(test::key_path(bits, 65537, "spki.pem")), at(0)) ==
              errc::jwt_key_too_small);
    }
    // 2049 and 4096 bits are fine.
    for (unsigned bits : {2049u, 4096u}) {
        auto t = signed_token(R"({"alg":"RS256"})", claims, bits);
        CHECK(verify_error(t, public_key_from(test::key_path(bits, 65537, "spki.pem")), at(0)) == errc::ok);
    }
}

TEST_CASE("a token twoleg signs verifies with openssl")
{
    const std::string token = signed_token(R"({"alg":"RS256","typ":"JWT"})", R"({"iss":"me","exp":4102444800})");
    const std::size_t dot = token.rfind('.');
    const std::string dir = test::temp_dir();
    test::write_file(dir + "/own-input", token.substr(0, dot));
    test::write_file(dir + "/own.sig", basenc_decode(token.substr(dot + 1)));
    auto r = test::run("openssl dgst -sha256 -verify " + test::shell_quote(test::key_path(2048, 65537, "spki.pem")) +
                       " -signature " + test::shell_quote(dir + "/own.sig") + " " + test::shell_quote(dir + "/own-input"));
    CHECK_MESSAGE(r.status == 0, (r.out + r.err));
}

TEST_CASE("time claims: exp, nbf and iat with the leeway")
{
    auto key = public_key_from(test::key_path(2048, 65537, "spki.pem"));
    const std::string h = R"({"alg":"RS256"})";
    const std::int64_t now = 1700000000;
    struct row {
        const char *why;
        std::string claims;
        errc expected;
    };
    const row rows[] = {
        {"valid", R"({"iat":1700000000,"nbf":1700000000,"exp":1700003600})", errc::ok},
        {"exp fractional", R"({"exp":1700000000.5})", errc::ok},  // within the leeway
        {"exp long past", R"({"exp":1600000000})", errc::jwt_expired},
        {"exp exactly now + leeway", R"({"exp":1699999940})", errc::jwt_expired},
        {"exp one second inside the leeway", R"({"exp":1699999941})", errc::ok},
        {"nbf in the future", R"({"nbf":1700000061,"exp":1700003600})", errc::jwt_not_yet_valid},
        {"nbf within the leeway", R"({"nbf":1700000060,"exp":1700003600})", errc::ok},
        {"iat in the future", R"({"iat":1700000061,"exp":1700003600})", errc::jwt_not_yet_valid},
        {"iat within the leeway", R"({"iat":1700000060,"exp":1700003600})", errc::ok},
        {"no exp", R"({"iat":1700000000})", errc::jwt_malformed},
        {"exp a string", R"({"exp":"1700003600"})", errc::jwt_malformed},
        {"nbf a boolean", R"({"exp":1700003600,"nbf":true})", errc::jwt_malformed},
        {"iat null", R"({"exp":1700003600,"iat":null})", errc::jwt_malformed},
        {"exp huge", R"({"exp":1e300})", errc::ok},
        {"exp huge unsigned", R"({"exp":18446744073709551615})", errc::ok},
        {"exp hugely negative", R"({"exp":-1e300})", errc::jwt_expired},
        {"claims not an object", R"([1,2])", errc::jwt_malformed},
        {"claims not JSON", R"({"exp":)", errc::jwt_malformed},
        {"claims with a duplicate", R"({"exp":1,"exp":1700003600})", errc::jwt_malformed},
        {"claims too deep", std::string(40, '[') + std::string(40, ']'), errc::jwt_malformed},
        {"claims with invalid UTF-8", "{\"exp\":1700003600,\"x\":\"\xff\"}", errc::jwt_malformed},
    };
    for (const auto &r : rows) {
        CAPTURE(r.why);
        CHECK(verify_error(signed_token(h, r.claims), key, at(now)) == r.expected);
    }
    auto lax = at(now);
    lax.require_exp = false;
    CHECK(verify_error(signed_token(h, R"({"iat":1700000000})"), key, lax) == errc::ok);
    auto bad_leeway = at(now);
    bad_leeway.leeway = -1;
    CHECK(verify_error(signed_token(h, R"({"exp":1700003600})"), key, bad_leeway) == errc::invalid_argument);
}

TEST_CASE("audience and issuer")
{
    auto key = public_key_from(test::key_path(2048, 65537, "spki.pem"));
    const std::string h = R"({"alg":"RS256"})";
    auto opts = [](const char *aud, const char *iss) {
        twoleg::jwt_verify_options o;
        o.now = 1700000000;
        if (aud) o.audience = aud;
        if (iss) o.issuer = iss;
        return o;
    };
    const std::string single = signed_token(h, R"({"iss":"me","aud":"https://a.example","exp":1700003600})");
    CHECK(verify_error(single, key, opts("https://a.example", "me")) == errc::ok);
    CHECK(verify_error(single, key, opts("https://b.example", nullptr)) == errc::jwt_wrong_audience);
    CHECK(verify_error(single, key, opts("https://a.example/", nullptr)) == errc::jwt_wrong_audience);
    CHECK(verify_error(single, key, opts(nullptr, "you")) == errc::jwt_wrong_issuer);
    CHECK(verify_error(single, key, opts(nullptr, nullptr)) == errc::ok);

    const std::string list = signed_token(h, R"({"aud":["x","https://a.example"],"exp":1700003600})");
    CHECK(verify_error(list, key, opts("https://a.example", nullptr)) == errc::ok);
    CHECK(verify_error(list, key, opts("y", nullptr)) == errc::jwt_wrong_audience);
    CHECK(verify_error(list, key, opts(nullptr, "me")) == errc::jwt_wrong_issuer);  // no iss at all

    CHECK(verify_error(signed_token(h, R"({"exp":1700003600})"), key, opts("a", nullptr)) == errc::jwt_wrong_audience);
    CHECK(verify_error(signed_token(h, R"({"aud":7,"exp":1700003600})"), key, opts("a", nullptr)) == errc::jwt_malformed);
    CHECK(verify_error(signed_token(h, R"({"aud":["a",7],"exp":1700003600})"), key, opts("a", nullptr)) ==
          errc::jwt_malformed);
    CHECK(verify_error(signed_token(h, R"({"iss":1,"exp":1700003600})"), key, opts(nullptr, "1")) == errc::jwt_malformed);
}

TEST_CASE("malformed tokens are refused with jwt_malformed (or input_too_large) and an offset")
{
    auto key = public_key_from(a2_keys().public_pem);
    const auto o = at(1300819000);
    const std::string h = a2_header_part, p = a2_payload_part, s = a2_signature_part;
    struct row {
        const char *why;
        std::string token;
    };
    const row rows[] = {
        {"empty", ""},
        {"one part", h},
        {"two parts", h + "." + p},
        {"four parts", h + "." + p + "." + s + ".x"},
        {"empty header", "." + p + "." + s},
        {"empty signature", h + "." + p + "."},
        {"padding in the header", h + "=." + p + "." + s},
        {"base64 '+' in the payload", h + "." + p.substr(0, 10) + "+" + p.substr(11) + "." + s},
        {"white space", h + ". " + p + "." + s},
        {"trailing newline", h + "." + p + "." + s + "\n"},
        {"non-canonical trailing bits", h + "." + p.substr(0, p.size() - 1) + "R." + s},
        {"header not JSON", b64url("{alg:RS256}") + "." + p + "." + s},
        {"header an array", b64url("[\"RS256\"]") + "." + p + "." + s},
        {"header with a duplicate alg", b64url(R"({"alg":"RS256","alg":"none"})") + "." + p + "." + s},
        {"header with a BOM", b64url("\xef\xbb\xbf{\"alg\":\"RS256\"}") + "." + p + "." + s},
        {"header with crit", b64url(R"({"alg":"RS256","crit":["exp"],"exp":1})") + "." + p + "." + s},
    };
    for (const auto &r : rows) {
        CAPTURE(r.why);
        auto v = twoleg::jwt_verify_rs256(r.token, key, o);
        REQUIRE_FALSE(v.ok());
        CHECK(v.err().code == errc::jwt_malformed);
    }
    auto bad_char = twoleg::jwt_verify_rs256(h + "." + p.substr(0, 10) + "+" + p.substr(11) + "." + s, key, o);
    REQUIRE_FALSE(bad_char.ok());
    CHECK(bad_char.err().offset == h.size() + 1 + 10);

    const std::string huge = h + "." + std::string(twoleg::jwt_max_token_bytes, 'A') + "." + s;
    auto big = twoleg::jwt_verify_rs256(huge, key, o);
    REQUIRE_FALSE(big.ok());
    CHECK(big.err().code == errc::input_too_large);
}

TEST_CASE("jwt_read_time_claims: the RFC 7515 A.2 token's exp, without verifying")
{
    auto t = twoleg::jwt_read_time_claims(a2_token);
    REQUIRE(t.ok());
    REQUIRE(t->exp.has_value());
    CHECK(*t->exp == a2_exp);
    CHECK_FALSE(t->nbf.has_value());
    CHECK_FALSE(t->iat.has_value());
    // Nothing is verified: a token with its signature cut off reads the same.
    const std::string unsigned_token = std::string(a2_token).substr(0, std::string(a2_token).rfind('.') + 1) + "x";
    auto u = twoleg::jwt_read_time_claims(unsigned_token);
    REQUIRE(u.ok());
    CHECK(u->exp == t->exp);
    // Times that are not numbers stay empty; malformed tokens are refused.
    const std::string claims = twoleg::base64url_encode(std::string_view(R"({"exp":"soon","nbf":17,"iat":1.5})"));
    auto v = twoleg::jwt_read_time_claims("e30." + claims + ".x");
    REQUIRE(v.ok());
    CHECK_FALSE(v->exp.has_value());
    CHECK(v->nbf == std::optional<std::int64_t>(17));
    CHECK(v->iat == std::optional<std::int64_t>(1));
    CHECK(twoleg::jwt_read_time_claims("no-dots").err().code == errc::jwt_malformed);
    CHECK(twoleg::jwt_read_time_claims("a.!!.b").err().code == errc::jwt_malformed);
    CHECK(twoleg::jwt_read_time_claims("a." + twoleg::base64url_encode(std::string_view("[1]")) + ".b").err().code ==
          errc::jwt_malformed);
}
