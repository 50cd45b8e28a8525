// JWK output and RFC 7638 thumbprints: the RFC 7638 §3.1 RSA example
// (thumbprint byte-exact), RSA JWKs of openssl-made keys against openssl's
// modulus, and the member order of EC JWKs.
#include <doctest/doctest.h>

#include <string>

#include "key_test_helpers.hpp"
#include "test_support.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/jwk.hpp"
#include "twoleg/key_loader.hpp"

using namespace twoleg;

namespace {
// RFC 7638 §3.1 (the RSA key of RFC 7517 appendix A.1).
const char *rfc7638_n =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknj"
    "hMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQ"
    "vRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzK"
    "nqDKgw";
const char *rfc7638_thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
} // namespace

TEST_CASE("RFC 7638 section 3.1: the RSA example's thumbprint, byte-exact")
{
    const std::string jwk = std::string(R"({"kty":"RSA","n":")") + rfc7638_n + R"(","e":"AQAB","alg":"RS256","kid":"2011-04-29"})";
    auto parsed = parse_jwk(jwk);
    REQUIRE(parsed.ok());
    CHECK_FALSE(parsed->is_ec);
    CHECK(jwk_thumbprint(parsed->rsa_public) == rfc7638_thumbprint);
    // The hash input of RFC 7638 §3.1: required members only, lexicographic, no whitespace.
    CHECK(jwk_public_json(parsed->rsa_public) == std::string(R"({"e":"AQAB","kty":"RSA","n":")") + rfc7638_n + "\"}");
    CHECK(jwk_public_json(parsed->rsa_public, rfc7638_thumbprint) ==
          std::string(R"({"e":"AQAB","kid":")") + rfc7638_thumbprint + R"(","kty":"RSA","n":")" + rfc7638_n + "\"}");
    // Through load_key too.
    auto loaded = load_key(test::bytes(jwk));
    REQUIRE(loaded.ok());
    CHECK(loaded->format == key_format::jwk_json);
    CHECK(loaded->type == key_type::rsa);
}

TEST_CASE("RSA JWKs of openssl-made keys carry openssl's modulus and exponent")
{
    for (unsigned bits : {2048u, 3072u}) {
        const auto numbers = test::openssl_rsa_numbers(test::key_path(bits, 65537, "pkcs8.pem"));
        auto key = load_public_key(test::read_file(test::key_path(bits, 65537, "spki.pem")));
        REQUIRE(key.ok());
        const std::string expected = R"({"e":")" + base64url_encode(test::strip_zeros(numbers.at("publicexponent"))) +
                                     R"(","kty":"RSA","n":")" +
                                     base64url_encode(test::strip_zeros(numbers.at("modulus"))) + "\"}";
        CHECK(jwk_public_json(*key) == expected);
    }
}

TEST_CASE("EC JWKs: crv, kty, x, y in that order; kid in its lexicographic place")
{
    auto key = ec_private_key::from_scalar(test::unhex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
    REQUIRE(key.ok());
    const std::string x = base64url_encode(test::unhex("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"));
    const std::string y = base64url_encode(test::unhex("7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"));
    const std::string json = jwk_public_json(key->public_key());
    CHECK(json == R"({"crv":"P-256","kty":"EC","x":")" + x + R"(","y":")" + y + "\"}");
    CHECK(jwk_public_json(key->public_key(), "K") == R"({"crv":"P-256","kid":"K","kty":"EC","x":")" + x + R"(","y":")" + y + "\"}");
    CHECK(jwk_thumbprint(key->public_key()) == base64url_encode(sha256_hash(json)));
    auto round = parse_jwk(json);
    REQUIRE(round.ok());
    CHECK(round->is_ec);
    CHECK(round->ec_public.uncompressed_point() == key->public_key().uncompressed_point());
}
