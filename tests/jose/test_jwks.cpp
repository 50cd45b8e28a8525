// Key sets chosen by kid: the RFC 7515 appendix A.2 key written as a JWK
// (RFC 7517) verifies the appendix's token, and a table of malformed sets.
// (Sets made by openssl and tokens signed by PyJWT: tests/cli/oauth_id_token.sh.)
#include <doctest/doctest.h>

#include <string>

#include "twoleg/jwks.hpp"

using twoleg::errc;

namespace {

// RFC 7515 appendix A.2: the RSA key's n and e, and the signed token.
const std::string a2_n = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
const std::string a2_token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
const std::string a2_jwk = R"({"kty":"RSA","kid":"a2","use":"sig","alg":"RS256","n":")" + a2_n + R"(","e":"AQAB"})";

} // namespace

TEST_CASE("JWK Set: the RFC 7515 A.2 key verifies the appendix's token")
{
    auto set = twoleg::parse_jwks(R"({"keys":[{"kty":"EC","crv":"P-256","kid":"ec","x":"AA","y":"AA"},)"
                                  R"({"kty":"RSA","kid":"enc","use":"enc","n":"AQAB","e":"AQAB"},)" +
                                  a2_jwk + "]}");
    REQUIRE_MESSAGE(set.ok(), (set.ok() ? "" : set.err().message()));
    CHECK(set->keys.size() == 1);  // the EC key and the encryption key are skipped
    const twoleg::rsa_public_key *key = set->find("a2");
    REQUIRE(key != nullptr);
    CHECK(key->modulus_bits() == 2048);
    CHECK(set->find("ec") == nullptr);
    twoleg::jwt_verify_options options;
    options.now = 1300819000;
    CHECK(twoleg::jwt_verify_rs256(a2_token, *key, options).ok());
    // The appendix's header has no kid: a key set cannot choose a key for it.
    auto by_set = twoleg::jwt_verify_with_kid_key_set(a2_token, *set, options);
    REQUIRE_FALSE(by_set.ok());
    CHECK(by_set.err().code == errc::jwt_malformed);
    CHECK(twoleg::jwt_header_kid(a2_token).err().code == errc::jwt_malformed);
}

TEST_CASE("JWK Sets and certificate maps: malformed sets are refused")
{
    struct row { const char *name; std::string json; errc code; };
    const row rows[] = {
        {"no keys member", R"({"k":[]})", errc::jwks_malformed},
        {"keys not an array", R"({"keys":{}})", errc::jwks_malformed},
        {"empty", R"({"keys":[]})", errc::jwks_malformed},
        {"only non-RSA keys", R"({"keys":[{"kty":"EC","kid":"x"}]})", errc::jwks_malformed},
        {"no kty", R"({"keys":[{"kid":"x"}]})", errc::jwks_malformed},
        {"no kid", R"({"keys":[{"kty":"RSA","n":")" + a2_n + R"(","e":"AQAB"}]})", errc::jwks_malformed},
        {"empty kid", R"({"keys":[{"kty":"RSA","kid":"","n":")" + a2_n + R"(","e":"AQAB"}]})", errc::jwks_malformed},
        {"kid twice", R"({"keys":[)" + a2_jwk + "," + a2_jwk + "]}", errc::jwks_malformed},
        {"n with a leading zero", R"({"keys":[{"kty":"RSA","kid":"x","n":"AA)" + a2_n.substr(0, 2) + R"(","e":"AQAB"}]})",
         errc::jwks_malformed},
        {"e with a leading zero", R"({"keys":[{"kty":"RSA","kid":"x","n":")" + a2_n + R"(","e":"AAEAAQ"}]})", errc::jwks_malformed},
        {"n padded", R"({"keys":[{"kty":"RSA","kid":"x","n":")" + a2_n + R"(=","e":"AQAB"}]})", errc::jwks_malformed},
        {"n a number", R"({"keys":[{"kty":"RSA","kid":"x","n":1,"e":"AQAB"}]})", errc::jwks_malformed},
        {"modulus too small", R"({"keys":[{"kty":"RSA","kid":"x","n":"AQAB","e":"AQAB"}]})", errc::key_size_unsupported},
        {"duplicate member", R"({"keys":[],"keys":[]})", errc::jwks_malformed},
        {"not JSON", "keys", errc::jwks_malformed},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        auto s = twoleg::parse_jwks(r.json);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == r.code);
    }
    std::string many = R"({"keys":[)";
    for (int i = 0; i < 65; ++i)
        many += std::string(i ? "," : "") + R"({"kty":"RSA","kid":"k)" + std::to_string(i) + R"(","n":")" + a2_n + R"(","e":"AQAB"})";
    many += "]}";
    CHECK(twoleg::parse_jwks(many).err().code == errc::jwks_malformed);

    CHECK(twoleg::parse_x509_cert_map("{}").err().code == errc::jwks_malformed);
    CHECK(twoleg::parse_x509_cert_map(R"({"keys":[]})").err().code == errc::jwks_malformed);
    CHECK(twoleg::parse_x509_cert_map(R"({"a":1})").err().code == errc::jwks_malformed);
    CHECK(twoleg::parse_x509_cert_map(R"({"":"x"})").err().code == errc::jwks_malformed);
    CHECK_FALSE(twoleg::parse_x509_cert_map(R"({"a":"not pem"})").ok());
    CHECK(twoleg::parse_x509_cert_map(R"({"a":"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"})").err().code ==
          errc::jwks_malformed);
}
