// DPoP proofs (RFC 9449): header and claims as §4.2 lists them, the proof
// verifies as an ES256 (or RS256) JWT with the key of its own jwk header,
// htu without query and fragment, ath of RFC 9449 §7.1's example access
// token, fresh jti per proof, and refusals of malformed inputs.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "test_support.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/dpop.hpp"
#include "twoleg/jwk.hpp"
#include "twoleg/jwt.hpp"
#include "twoleg/key_loader.hpp"

using namespace twoleg;

namespace {

ec_private_key test_key()
{
    auto k = ec_private_key::from_scalar(test::unhex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
    REQUIRE(k.ok());
    return *k;
}

nlohmann::ordered_json part(const std::string &token, int index)
{
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
    const std::size_t end = token.find('.', start);
    auto decoded = base64url_decode(token.substr(start, end == std::string::npos ? std::string::npos : end - start));
    REQUIRE(decoded.ok());
    return nlohmann::ordered_json::parse(std::string(decoded->begin(), decoded->end()));
}

} // namespace

TEST_CASE("an ES256 DPoP proof: header, claims, and a signature by the key in its header")
{
    const ec_private_key key = test_key();
    dpop_options o;
    o.htm = "POST";
    o.htu = "https://oauth2.googleapis.com/token?x=1#frag";
    o.iat = 1700000000;
    o.nonce = "eyJ7S_zG.eyJH0-Z.HX4w-7v";
    // RFC 9449 §7.1: this access token has ath fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo.
    o.access_token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    auto proof = dpop_proof(key, o);
    REQUIRE(proof.ok());
    const auto header = part(*proof, 0);
    const auto claims = part(*proof, 1);
    CHECK(header.dump() == R"({"typ":"dpop+jwt","alg":"ES256","jwk":)" + jwk_public_json(key.public_key()) + "}");
    CHECK(claims["htm"] == "POST");
    CHECK(claims["htu"] == "https://oauth2.googleapis.com/token");
    CHECK(claims["iat"] == 1700000000);
    CHECK(claims["nonce"] == "eyJ7S_zG.eyJH0-Z.HX4w-7v");
    CHECK(claims["ath"] == "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    const std::string jti = claims["jti"];
    auto jti_bytes = base64url_decode(jti);
    REQUIRE(jti_bytes.ok());
    CHECK(jti_bytes->size() == 16);

    // Verifies with the key taken from the proof's own header.
    auto from_header = parse_jwk(header["jwk"].dump());
    REQUIRE(from_header.ok());
    jwt_verify_options v;
    v.require_exp = false;
    v.now = 1700000000;
    CHECK(jwt_verify_es256(*proof, from_header->ec_public, v).ok());

    // Without nonce and access token those claims are absent; jti differs every time.
    o.nonce.reset();
    o.access_token.reset();
    std::set<std::string> jtis;
    for (int i = 0; i < 8; ++i) {
        auto p = dpop_proof(key, o);
        REQUIRE(p.ok());
        const auto c = part(*p, 1);
        CHECK_FALSE(c.contains("nonce"));
        CHECK_FALSE(c.contains("ath"));
        jtis.insert(c["jti"].get<std::string>());
    }
    CHECK(jtis.size() == 8);
}

TEST_CASE("an RS256 DPoP proof with an RSA key")
{
    auto key = load_private_key(test::read_file(test::key_path(2048, 65537, "pkcs8.pem")));
    REQUIRE(key.ok());
    dpop_options o;
    o.htm = "POST";
    o.htu = "https://oauth2.googleapis.com/token";
    o.jti = "fixed-id";
    auto proof = dpop_proof(*key, o);
    REQUIRE(proof.ok());
    CHECK(part(*proof, 0)["alg"] == "RS256");
    CHECK(part(*proof, 1)["jti"] == "fixed-id");
    jwt_verify_options v;
    v.require_exp = false;
    CHECK(jwt_verify_rs256(*proof, key->public_key(), v).ok());
}

TEST_CASE("DPoP inputs are checked")
{
    const ec_private_key key = test_key();
    struct row {
        const char *what;
        std::string htm, htu;
        std::optional<std::string> nonce, jti;
    };
    const row rows[] = {
        {"empty method", "", "https://a.example/", {}, {}},
        {"method with a space", "PO ST", "https://a.example/", {}, {}},
        {"relative URL", "POST", "/token", {}, {}},
        {"ftp URL", "POST", "ftp://a.example/", {}, {}},
        {"URL without host", "POST", "https:///token", {}, {}},
        {"URL with a space", "POST", "https://a.example/t oken", {}, {}},
        {"nonce with a quote", "POST", "https://a.example/", std::string("a\"b"), {}},
        {"empty nonce", "POST", "https://a.example/", std::string(), {}},
        {"jti with a newline", "POST", "https://a.example/", {}, std::string("a\nb")},
    };
    for (const auto &r : rows) {
        CAPTURE(std::string(r.what));
        dpop_options o;
        o.htm = r.htm;
        o.htu = r.htu;
        o.nonce = r.nonce;
        o.jti = r.jti;
        auto p = dpop_proof(key, o);
        REQUIRE_FALSE(p.ok());
        CHECK(p.err().code == errc::invalid_argument);
    }
}
