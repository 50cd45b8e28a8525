// The C API with P-256 keys: loading every form through twoleg_key_load_ex,
// twoleg_key_type, twoleg_sign / twoleg_verify (openssl verifies the DER form
// of the raw signature, twoleg verifies openssl's), the RS256 functions
// refusing EC keys, twoleg_jwk and twoleg_jwk_thumbprint against jwcrypto,
// twoleg_dpop_proof verified by twoleg_jwt_verify and by PyJWT, and the
// buffer and size-query conventions.
#include <doctest/doctest.h>

#include "twoleg/twoleg.h"

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "twoleg/ecdsa.hpp"

namespace {

struct key_deleter {
    void operator()(twoleg_key *k) const noexcept { twoleg_key_free(k); }
};
using key_ptr = std::unique_ptr<twoleg_key, key_deleter>;

key_ptr load_bytes(const std::vector<std::uint8_t> &data)
{
    twoleg_key *k = nullptr;
    twoleg_error_info info{};
    const int status = twoleg_key_load_ex(data.data(), data.size(), &k, &info);
    REQUIRE_MESSAGE(status == TWOLEG_OK, twoleg_status_message(status) << ": " << (info.message ? info.message : ""));
    return key_ptr(k);
}

struct ec_files {
    std::string dir, key, pub, cert;
};

const ec_files &files()
{
    static const ec_files f = [] {
        ec_files e;
        e.dir = test::temp_dir();
        e.key = e.dir + "/ec.pem";
        e.pub = e.dir + "/ec.pub";
        e.cert = e.dir + "/ec.crt";
        REQUIRE(test::run("openssl ecparam -name prime256v1 -genkey -noout -out " + e.key).status == 0);
        REQUIRE(test::run("openssl ec -in " + e.key + " -pubout -out " + e.pub + " 2>/dev/null").status == 0);
        REQUIRE(test::run("openssl req -x509 -new -subj /CN=c -days 2 -key " + e.key + " -out " + e.cert).status == 0);
        return e;
    }();
    return f;
}

std::string text_of(int (*fn)(const twoleg_key *, char *, size_t, size_t *, twoleg_error_info *), const twoleg_key *k)
{
    size_t len = 0;
    REQUIRE(fn(k, nullptr, 0, &len, nullptr) == TWOLEG_E_BUFFER_TOO_SMALL);
    std::string out(len, '\0');
    REQUIRE(fn(k, out.data(), out.size(), &len, nullptr) == TWOLEG_OK);
    out.resize(len - 1);
    return out;
}

} // namespace

TEST_CASE("C API: P-256 keys load, sign and verify; openssl agrees both ways")
{
    const auto &f = files();
    key_ptr priv = load_bytes(test::read_file(f.key));
    key_ptr pub = load_bytes(test::read_file(f.pub));
    key_ptr cert = load_bytes(test::read_file(f.cert));
    CHECK(twoleg_key_type(priv.get()) == TWOLEG_KEY_EC_P256);
    CHECK(twoleg_key_type(pub.get()) == TWOLEG_KEY_EC_P256);
    CHECK(twoleg_key_type(nullptr) == 0);
    CHECK(twoleg_key_is_private(priv.get()) == 1);
    CHECK(twoleg_key_is_private(pub.get()) == 0);
    CHECK(twoleg_key_size(priv.get()) == 64);
    CHECK(twoleg_key_bits(priv.get()) == 256);

    const std::string msg = "message for the C API";
    size_t sig_len = 99;
    CHECK(twoleg_sign(priv.get(), msg.data(), msg.size(), nullptr, 0, &sig_len) == TWOLEG_E_BUFFER_TOO_SMALL);
    CHECK(sig_len == 64);
    std::vector<unsigned char> sig(80, 0xee);
    REQUIRE(twoleg_sign(priv.get(), msg.data(), msg.size(), sig.data(), sig.size(), &sig_len) == TWOLEG_OK);
    REQUIRE(sig_len == 64);
    sig.resize(64);
    CHECK(twoleg_verify(pub.get(), msg.data(), msg.size(), sig.data(), sig.size()) == TWOLEG_OK);
    CHECK(twoleg_verify(cert.get(), msg.data(), msg.size(), sig.data(), sig.size()) == TWOLEG_OK);
    CHECK(twoleg_verify(pub.get(), msg.data(), msg.size() - 1, sig.data(), sig.size()) == TWOLEG_E_VERIFY);
    CHECK(twoleg_verify(pub.get(), msg.data(), msg.size(), sig.data(), 63) == TWOLEG_E_VERIFY);
    CHECK(twoleg_sign(pub.get(), msg.data(), msg.size(), sig.data(), sig.size(), &sig_len) == TWOLEG_E_KEY_WRONG_KIND);

    // openssl verifies the DER form; twoleg verifies openssl's signature.
    std::array<std::uint8_t, 64> raw{};
    REQUIRE(twoleg_sign(priv.get(), msg.data(), msg.size(), raw.data(), raw.size(), &sig_len) == TWOLEG_OK);
    std::array<std::uint8_t, 72> der{};
    auto der_len = twoleg::ecdsa_signature_to_der(raw, der);
    REQUIRE(der_len.ok());
    test::write_file(f.dir + "/m", msg);
    test::write_file(f.dir + "/s", std::span<const std::uint8_t>(der.data(), *der_len));
    CHECK(test::run("openssl dgst -sha256 -verify " + f.pub + " -signature " + f.dir + "/s " + f.dir + "/m").out ==
          "Verified OK\n");
    REQUIRE(test::run("openssl dgst -sha256 -sign " + f.key + " -out " + f.dir + "/t " + f.dir + "/m").status == 0);
    REQUIRE(twoleg::ecdsa_signature_from_der(test::read_file(f.dir + "/t"), raw).ok());
    CHECK(twoleg_verify(pub.get(), msg.data(), msg.size(), raw.data(), raw.size()) == TWOLEG_OK);

    // The RS256 functions refuse EC keys.
    CHECK(twoleg_sign_rs256(priv.get(), msg.data(), msg.size(), sig.data(), 64) == TWOLEG_E_KEY_UNSUPPORTED_ALGORITHM);
    CHECK(twoleg_verify_rs256(pub.get(), msg.data(), msg.size(), sig.data(), 64) == TWOLEG_E_KEY_UNSUPPORTED_ALGORITHM);
}

TEST_CASE("C API: twoleg_sign with an RSA key equals twoleg_sign_rs256 and openssl")
{
    key_ptr rsa = load_bytes(test::read_file(test::key_path(2048, 65537, "pkcs8.pem")));
    CHECK(twoleg_key_type(rsa.get()) == TWOLEG_KEY_RSA);
    std::vector<unsigned char> a(256), b(256);
    size_t len = 0;
    REQUIRE(twoleg_sign(rsa.get(), "abc", 3, a.data(), a.size(), &len) == TWOLEG_OK);
    CHECK(len == 256);
    REQUIRE(twoleg_sign_rs256(rsa.get(), "abc", 3, b.data(), b.size()) == TWOLEG_OK);
    CHECK(a == b);
    CHECK(twoleg_verify(rsa.get(), "abc", 3, a.data(), a.size()) == TWOLEG_OK);
}

TEST_CASE("C API: JWK and thumbprint agree with jwcrypto")
{
    const auto &f = files();
    for (const std::string &path : {f.key, f.pub, test::key_path(2048, 65537, "spki.pem")}) {
        CAPTURE(path);
        key_ptr k = load_bytes(test::read_file(path));
        const std::string thumb = text_of(twoleg_jwk_thumbprint, k.get());
        auto theirs = test::run("/usr/bin/python3 -c 'import sys; from jwcrypto import jwk; "
                                "print(jwk.JWK.from_pem(open(sys.argv[1],\"rb\").read()).thumbprint())' " +
                                test::shell_quote(path));
        REQUIRE(theirs.status == 0);
        CHECK(thumb + "\n" == theirs.out);
        size_t len = 0;
        REQUIRE(twoleg_jwk(k.get(), 1, nullptr, 0, &len, nullptr) == TWOLEG_E_BUFFER_TOO_SMALL);
        std::string jwk(len, '\0');
        REQUIRE(twoleg_jwk(k.get(), 1, jwk.data(), jwk.size(), &len, nullptr) == TWOLEG_OK);
        jwk.resize(len - 1);
        CHECK(jwk.find("\"kid\":\"" + thumb + "\"") != std::string::npos);
    }
}

TEST_CASE("C API: DPoP proofs verify with twoleg_jwt_verify and PyJWT")
{
    const auto &f = files();
    key_ptr priv = load_bytes(test::read_file(f.key));
    key_ptr pub = load_bytes(test::read_file(f.pub));
    twoleg_dpop_options o;
    twoleg_dpop_options_init(&o);
    o.htm = "POST";
    o.htu = "https://oauth2.googleapis.com/token";
    o.nonce = "server-nonce";
    size_t len = 0;
    REQUIRE(twoleg_dpop_proof(priv.get(), &o, nullptr, 0, &len, nullptr) == TWOLEG_E_BUFFER_TOO_SMALL);
    std::string proof(len, '\0');
    REQUIRE(twoleg_dpop_proof(priv.get(), &o, proof.data(), proof.size(), &len, nullptr) == TWOLEG_OK);
    proof.resize(len - 1);

    twoleg_jwt_verify_options v;
    twoleg_jwt_verify_options_init(&v);
    v.allow_missing_exp = 1;
    std::vector<char> claims(4096);
    size_t claims_len = 0;
    CHECK(twoleg_jwt_verify(pub.get(), proof.data(), proof.size(), &v, claims.data(), claims.size(), &claims_len,
                            nullptr) == TWOLEG_OK);
    CHECK(std::string(claims.data()).find("\"nonce\":\"server-nonce\"") != std::string::npos);

    test::write_file(f.dir + "/proof", proof);
    auto py = test::run("/usr/bin/python3 -c 'import sys, json, jwt; from jwt.algorithms import ECAlgorithm; "
                        "t = open(sys.argv[1]).read(); h = jwt.get_unverified_header(t); "
                        "print(jwt.decode(t, key=ECAlgorithm.from_jwk(json.dumps(h[\"jwk\"])), algorithms=[\"ES256\"])[\"htm\"])' " +
                        f.dir + "/proof");
    CHECK(py.status == 0);
    CHECK(py.out == "POST\n");

    // Refusals: public key, missing htm, bad struct_size, malformed htu.
    twoleg_error_info info{};
    CHECK(twoleg_dpop_proof(pub.get(), &o, proof.data(), proof.size(), &len, &info) == TWOLEG_E_KEY_WRONG_KIND);
    CHECK(len == 0);
    twoleg_dpop_options bad = o;
    bad.htm = nullptr;
    CHECK(twoleg_dpop_proof(priv.get(), &bad, proof.data(), proof.size(), &len, &info) == TWOLEG_E_INVALID_ARGUMENT);
    bad = o;
    bad.struct_size = 3;
    CHECK(twoleg_dpop_proof(priv.get(), &bad, proof.data(), proof.size(), &len, &info) == TWOLEG_E_INVALID_ARGUMENT);
    bad = o;
    bad.htu = "not a url";
    CHECK(twoleg_dpop_proof(priv.get(), &bad, proof.data(), proof.size(), &len, &info) == TWOLEG_E_INVALID_ARGUMENT);
    CHECK(std::string(info.message).find("htu") != std::string::npos);
}

TEST_CASE("C API: hostile EC keys are refused with their codes")
{
    const auto &f = files();
    const std::string p384 = f.dir + "/p384.pem";
    REQUIRE(test::run("openssl ecparam -name secp384r1 -genkey -noout -out " + p384).status == 0);
    const auto data = test::read_file(p384);
    twoleg_key *k = nullptr;
    twoleg_error_info info{};
    CHECK(twoleg_key_load_ex(data.data(), data.size(), &k, &info) == TWOLEG_E_KEY_UNSUPPORTED_CURVE);
    CHECK(k == nullptr);
    CHECK(std::string(info.message).find("P-384") != std::string::npos);
    CHECK(std::string(twoleg_status_message(TWOLEG_E_KEY_INVALID_POINT)) == "not a valid P-256 public point");
}

TEST_CASE("C API: P-256 keys in encrypted containers made by openssl load with twoleg_key_load_with_password")
{
    const auto &f = files();
    const std::string d = f.dir + "/enc-";
    const std::string legacy = " -provider default -provider legacy";
    // name | command writing it, password "s3cret"
    const std::pair<const char *, std::string> made[] = {
        {"p8-aes256.pem", "openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in " + f.key +
                              " -passout pass:s3cret -out " + d + "p8-aes256.pem"},
        {"p8-v1.der", "openssl pkcs8 -topk8" + legacy + " -v1 PBE-SHA1-3DES -outform DER -in " + f.key +
                          " -passout pass:s3cret -out " + d + "p8-v1.der"},
        {"sec1-aes256.pem",
         "openssl ec -aes256 -in " + f.key + " -passout pass:s3cret -out " + d + "sec1-aes256.pem 2>/dev/null"},
        {"default.p12", "openssl pkcs12 -export -inkey " + f.key + " -in " + f.cert + " -passout pass:s3cret -out " +
                            d + "default.p12"},
        {"legacy.p12", "openssl pkcs12 -export -legacy -inkey " + f.key + " -in " + f.cert +
                           " -passout pass:s3cret -out " + d + "legacy.p12"},
    };
    key_ptr reference = load_bytes(test::read_file(f.key));
    const std::string want_jwk = text_of([](const twoleg_key *k, char *o, size_t n, size_t *l,
                                            twoleg_error_info *i) { return twoleg_jwk(k, 0, o, n, l, i); },
                                         reference.get());
    const std::string msg = "signed with a decrypted key";
    for (const auto &[name, command] : made) {
        CAPTURE(std::string(name));
        const auto r = test::run("OPENSSL_CONF=/dev/null " + command);
        REQUIRE_MESSAGE(r.status == 0, r.err);
        const auto data = test::read_file(d + name);

        twoleg_key *k = reinterpret_cast<twoleg_key *>(0x1);
        twoleg_error_info info{};
        REQUIRE(twoleg_key_load_with_password(data.data(), data.size(), "s3cret", 6, &k, &info) == TWOLEG_OK);
        key_ptr key(k);
        CHECK(twoleg_key_type(k) == TWOLEG_KEY_EC_P256);
        CHECK(twoleg_key_is_private(k) == 1);
        CHECK(twoleg_key_bits(k) == 256);
        CHECK(text_of([](const twoleg_key *x, char *o, size_t n, size_t *l,
                         twoleg_error_info *i) { return twoleg_jwk(x, 0, o, n, l, i); },
                      k) == want_jwk);
        std::array<std::uint8_t, 64> raw{};
        size_t sig_len = 0;
        REQUIRE(twoleg_sign(k, msg.data(), msg.size(), raw.data(), raw.size(), &sig_len) == TWOLEG_OK);
        CHECK(twoleg_verify(reference.get(), msg.data(), msg.size(), raw.data(), raw.size()) == TWOLEG_OK);

        // A wrong password: the one message, no offset; none: password required (the .p12 files
        // try "notasecret" and the empty password first).
        k = reinterpret_cast<twoleg_key *>(0x1);
        CHECK(twoleg_key_load_with_password(data.data(), data.size(), "s3cre", 5, &k, &info) ==
              TWOLEG_E_KEY_WRONG_PASSWORD);
        CHECK(k == nullptr);
        CHECK(info.offset == TWOLEG_NO_OFFSET);
        CHECK(std::string(info.message) == "wrong password, or the file is damaged: the integrity check failed");
        CHECK(std::string(info.message).find("s3cre") == std::string::npos);
        CHECK(twoleg_key_load_with_password(data.data(), data.size(), nullptr, 0, &k, &info) ==
              TWOLEG_E_KEY_PASSWORD_REQUIRED);
        CHECK(k == nullptr);
    }

    // Another curve inside the container is named, as for an unencrypted key.
    REQUIRE(test::run("OPENSSL_CONF=/dev/null openssl ecparam -name secp384r1 -genkey -noout | OPENSSL_CONF=/dev/null "
                      "openssl pkcs8 -topk8 -v2 aes-128-cbc -passout pass:s3cret -out " + d + "p384.pem")
                .status == 0);
    const auto p384 = test::read_file(d + "p384.pem");
    twoleg_key *k = nullptr;
    twoleg_error_info info{};
    CHECK(twoleg_key_load_with_password(p384.data(), p384.size(), "s3cret", 6, &k, &info) ==
          TWOLEG_E_KEY_UNSUPPORTED_CURVE);
    CHECK(k == nullptr);
    CHECK(std::string(info.message).find("P-384") != std::string::npos);
}
