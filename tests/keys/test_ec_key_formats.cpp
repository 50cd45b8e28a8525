// P-256 keys through load_key in every form openssl writes (SEC 1 PEM, with
// and without a preceding EC PARAMETERS block, and DER; PKCS#8 PEM and DER;
// SubjectPublicKeyInfo uncompressed and compressed; certificates; JWK built
// from openssl's numbers), each compared with the private scalar and the
// point `openssl ec -text` prints; the PKCS#8 twoleg writes read back by
// openssl; and a table of hostile keys, one row per defect, each refused with
// its own error code.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "key_test_helpers.hpp"
#include "test_support.hpp"
#include "twoleg/base64.hpp"
#include "twoleg/ec_key_formats.hpp"
#include "twoleg/key_loader.hpp"

namespace {

using namespace twoleg;
using bytes = std::vector<std::uint8_t>;

/// d and the uncompressed point as `openssl ec -text -noout` prints them.
struct openssl_ec_numbers {
    bytes d, point;
};

bytes colon_hex_after(const std::string &text, const std::string &label)
{
    auto at = text.find(label);
    REQUIRE(at != std::string::npos);
    std::string hex;
    for (std::size_t i = at + label.size(); i < text.size(); ++i) {
        const char c = text[i];
        if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
        else if (c == ':' || c == ' ' || c == '\n') continue;
        else break;
    }
    // the last hex run may have swallowed the start of the next label ("ASN1")
    if (hex.size() % 2) hex.pop_back();
    return test::unhex(hex);
}

openssl_ec_numbers openssl_numbers(const std::string &path)
{
    auto r = test::run("openssl ec -in " + test::shell_quote(path) + " -text -noout 2>/dev/null");
    REQUIRE(r.status == 0);
    openssl_ec_numbers n;
    n.d = colon_hex_after(r.out, "priv:");
    n.point = colon_hex_after(r.out, "pub:");
    while (n.d.size() < 32) n.d.insert(n.d.begin(), 0);
    REQUIRE(n.point.size() == 65);
    return n;
}

bytes run_openssl(const std::string &command)
{
    const std::string out = test::temp_dir() + "/openssl-out";
    auto r = test::run(command + " -out " + out + " 2>/dev/null");
    REQUIRE(r.status == 0);
    return test::read_file(out);
}

std::string write_temp(const std::string &name, const bytes &data)
{
    const std::string path = test::temp_dir() + "/" + name;
    test::write_file(path, data);
    return path;
}

bytes point_of(const loaded_key &k)
{
    const auto p = k.ec_public.uncompressed_point();
    return bytes(p.begin(), p.end());
}

errc load_error(const bytes &input)
{
    auto k = load_key(input);
    if (k) return errc::ok;
    return k.err().code;
}

std::string load_message(const bytes &input)
{
    auto k = load_key(input);
    return k ? std::string() : k.err().message();
}

std::string b64u(std::span<const std::uint8_t> b) { return base64url_encode(b); }

} // namespace

TEST_CASE("every P-256 key form openssl writes loads, with openssl's d and point")
{
    const std::string dir = test::temp_dir();
    const std::string key = dir + "/ecparam-genkey.pem";
    // `openssl ecparam -genkey` writes EC PARAMETERS, then EC PRIVATE KEY.
    REQUIRE(test::run("openssl ecparam -name prime256v1 -genkey -out " + key).status == 0);
    REQUIRE(test::read_text(key).find("BEGIN EC PARAMETERS") != std::string::npos);
    const openssl_ec_numbers n = openssl_numbers(key);
    const std::string in = " -in " + key;
    struct form {
        const char *what;
        bytes input;
        key_format format;
        bool is_private;
    };
    const bytes sec1_pem = run_openssl("openssl ec" + in);
    const std::string sec1_path = write_temp("sec1.pem", sec1_pem);
    const form forms[] = {
        {"EC PARAMETERS + EC PRIVATE KEY", test::read_file(key), key_format::sec1_private_pem, true},
        {"SEC 1 PEM", sec1_pem, key_format::sec1_private_pem, true},
        {"SEC 1 DER", run_openssl("openssl ec -outform DER" + in), key_format::sec1_private_der, true},
        {"SEC 1 PEM without the public key", run_openssl("openssl ec -no_public" + in), key_format::sec1_private_pem,
         true},
        {"PKCS#8 PEM", run_openssl("openssl pkcs8 -topk8 -nocrypt" + in), key_format::pkcs8_private_pem, true},
        {"PKCS#8 DER", run_openssl("openssl pkcs8 -topk8 -nocrypt -outform DER" + in), key_format::pkcs8_private_der,
         true},
        {"SPKI PEM", run_openssl("openssl ec -pubout" + in), key_format::spki_pem, false},
        {"SPKI DER", run_openssl("openssl ec -pubout -outform DER" + in), key_format::spki_der, false},
        {"SPKI PEM, compressed point", run_openssl("openssl ec -pubout -conv_form compressed" + in),
         key_format::spki_pem, false},
        {"SPKI DER, compressed point", run_openssl("openssl ec -pubout -outform DER -conv_form compressed" + in),
         key_format::spki_der, false},
        {"certificate PEM", run_openssl("openssl req -x509 -new -subj /CN=ec -days 2 -key " + sec1_path),
         key_format::certificate_pem, false},
        {"certificate DER", run_openssl("openssl req -x509 -new -subj /CN=ec -days 2 -outform DER -key " + sec1_path),
         key_format::certificate_der, false},
    };
    for (const auto &f : forms) {
        CAPTURE(std::string(f.what));
        auto k = load_key(f.input);
        REQUIRE_MESSAGE(k.ok(), (k.ok() ? std::string() : k.err().message()));
        CHECK(k->type == key_type::ec_p256);
        CHECK(k->format == f.format);
        CHECK(k->is_private() == f.is_private);
        CHECK(point_of(*k) == n.point);
        if (f.is_private) {
            const auto d = k->ec_private->scalar_bytes();
            CHECK(bytes(d.begin(), d.end()) == n.d);
        }
        // The RSA-only entry points keep refusing EC keys.
        auto rsa = load_public_key(f.input);
        REQUIRE_FALSE(rsa.ok());
        CHECK(rsa.err().code == errc::key_unsupported_algorithm);
    }

    // JWK with openssl's numbers, public and private.
    const std::string x = b64u(std::span(n.point).subspan(1, 32)), y = b64u(std::span(n.point).subspan(33, 32));
    const std::string pub_jwk = R"({"kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + y + R"(","kid":"k1"})";
    auto pub = load_key(test::bytes(pub_jwk));
    REQUIRE(pub.ok());
    CHECK(pub->format == key_format::jwk_json);
    CHECK_FALSE(pub->is_private());
    CHECK(point_of(*pub) == n.point);
    const std::string priv_jwk =
        R"({"kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + y + R"(","d":")" + b64u(n.d) + R"("})";
    auto priv = load_key(test::bytes(priv_jwk));
    REQUIRE(priv.ok());
    CHECK(priv->is_private());

    // The PKCS#8 twoleg writes: openssl reads it back as the same key.
    const bytes ours = ec_private_key_to_pkcs8_der(*priv->ec_private);
    const std::string ours_path = write_temp("ours.der", ours);
    CHECK(openssl_numbers(ours_path).d == n.d);
    // and it is byte for byte what openssl writes for PKCS#8.
    CHECK(ours == run_openssl("openssl pkcs8 -topk8 -nocrypt -outform DER" + in));
}

TEST_CASE("hostile EC keys: one row per defect, each with its own error")
{
    const std::string dir = test::temp_dir();
    const std::string key = dir + "/k.pem";
    REQUIRE(test::run("openssl ecparam -name prime256v1 -genkey -noout -out " + key).status == 0);
    const std::string in = " -in " + key;
    const bytes sec1 = run_openssl("openssl ec -outform DER" + in);
    const bytes spki = run_openssl("openssl ec -pubout -outform DER" + in);
    const bytes other_spki = [&] {
        const std::string other = dir + "/other.pem";
        REQUIRE(test::run("openssl ecparam -name prime256v1 -genkey -noout -out " + other).status == 0);
        return run_openssl("openssl ec -pubout -outform DER -in " + other);
    }();
    REQUIRE(sec1.size() == 121);
    REQUIRE(spki.size() == 91);
    // SEC 1 layout: 30 77 02 01 01 04 20 <d: 7..38> a0 0a <OID: 41..50> a1 44 03 42 00 <point: 56..120>
    // SPKI layout: 30 59 30 13 06 07 <ecPublicKey> 06 08 <prime256v1: 15..22> 03 42 00 <point: 26..90>
    auto with_d = [&](const bytes &d) {
        bytes out = sec1;
        std::copy(d.begin(), d.end(), out.begin() + 7);
        return out;
    };
    auto spki_with_point = [&](const bytes &point) {
        return test::der_seq({bytes(spki.begin() + 2, spki.begin() + 23), test::der_tlv(0x03, test::der_concat({{0x00}, point}))});
    };
    const bytes n = test::unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    const bytes p = test::unhex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    const bytes point(spki.begin() + 26, spki.end());
    bytes off_curve = point;
    off_curve.back() ^= 1;
    bytes x_is_p = point;
    std::copy(p.begin(), p.end(), x_is_p.begin() + 1);
    bytes bad_prefix = point;
    bad_prefix[0] = 0x05;
    bytes compressed_bad_prefix(point.begin(), point.begin() + 33);
    compressed_bad_prefix[0] = 0x01;
    bytes sec1_other_public = sec1;
    std::copy(other_spki.begin() + 26, other_spki.end(), sec1_other_public.begin() + 56);
    bytes spki_curve_unknown = spki;
    spki_curve_unknown[22] = 0x08;  // 1.2.840.10045.3.1.8: not P-256
    bytes trailing = spki;
    trailing.push_back(0);

    const std::string p384 = dir + "/p384.pem", k256 = dir + "/k256.pem", bp = dir + "/bp.pem";
    REQUIRE(test::run("openssl ecparam -name secp384r1 -genkey -noout -out " + p384).status == 0);
    REQUIRE(test::run("openssl ecparam -name secp256k1 -genkey -noout -out " + k256).status == 0);
    REQUIRE(test::run("openssl ecparam -name brainpoolP256r1 -genkey -noout -out " + bp).status == 0);

    struct row {
        const char *what;
        bytes input;
        errc expected;
        const char *fragment;
    };
    const row rows[] = {
        {"SPKI point not on the curve", spki_with_point(off_curve), errc::key_invalid_point, "not on the P-256 curve"},
        {"SPKI coordinate x = p", spki_with_point(x_is_p), errc::key_invalid_point, "below the field prime"},
        {"SPKI point at infinity (00)", spki_with_point({0x00}), errc::key_invalid_point, "infinity"},
        {"SPKI point with prefix 05", spki_with_point(bad_prefix), errc::key_invalid_point, "first octet"},
        {"SPKI compressed point with prefix 01", spki_with_point(compressed_bad_prefix), errc::key_invalid_point,
         "first octet"},
        {"SPKI point one octet short", spki_with_point(bytes(point.begin(), point.end() - 1)),
         errc::key_invalid_point, "65 octets"},
        {"SPKI with an unknown curve OID", spki_curve_unknown, errc::key_unsupported_curve, "only P-256"},
        {"SPKI with trailing data", trailing, errc::der_trailing_data, nullptr},
        {"SEC 1 with d = 0", with_d(bytes(32, 0)), errc::key_bad_private_scalar, "[1, n-1]"},
        {"SEC 1 with d = n", with_d(n), errc::key_bad_private_scalar, "[1, n-1]"},
        {"SEC 1 with d = 2^256 - 1", with_d(bytes(32, 0xff)), errc::key_bad_private_scalar, "[1, n-1]"},
        {"SEC 1 whose public key is not d*G", sec1_other_public, errc::key_inconsistent, "not d*G"},
        {"P-384 key (SEC 1)", test::read_file(p384), errc::key_unsupported_curve, "P-384"},
        {"P-384 key (PKCS#8)", run_openssl("openssl pkcs8 -topk8 -nocrypt -in " + p384), errc::key_unsupported_curve,
         "P-384"},
        {"P-384 public key", run_openssl("openssl ec -pubout -in " + p384), errc::key_unsupported_curve, "P-384"},
        {"secp256k1 key", test::read_file(k256), errc::key_unsupported_curve, "secp256k1"},
        {"brainpoolP256r1 key", run_openssl("openssl pkcs8 -topk8 -nocrypt -in " + bp), errc::key_unsupported_curve,
         "brainpool"},
        {"explicit parameters (SEC 1)", run_openssl("openssl ec -param_enc explicit" + in), errc::key_unsupported_curve,
         "explicit parameters"},
        {"explicit parameters (SPKI)", run_openssl("openssl ec -pubout -param_enc explicit" + in),
         errc::key_unsupported_curve, "explicit parameters"},
        {"EC PARAMETERS naming P-384 before a key",
         [&] {
             bytes b = run_openssl("openssl ecparam -name secp384r1");
             bytes k = test::read_file(key);
             b.insert(b.end(), k.begin(), k.end());
             return b;
         }(),
         errc::key_unsupported_curve, "P-384"},
        {"EC PARAMETERS alone", run_openssl("openssl ecparam -name prime256v1"), errc::key_wrong_kind,
         "EC PRIVATE KEY block is missing"},
    };
    for (const auto &r : rows) {
        CAPTURE(std::string(r.what));
        CHECK(load_error(r.input) == r.expected);
        if (r.fragment) CHECK(load_message(r.input).find(r.fragment) != std::string::npos);
        if (load_error(r.input) != r.expected) MESSAGE("got: " << load_message(r.input));
    }
}

TEST_CASE("hostile JWKs are refused with specific errors")
{
    const std::string key = test::temp_dir() + "/j.pem";
    REQUIRE(test::run("openssl ecparam -name prime256v1 -genkey -noout -out " + key).status == 0);
    const openssl_ec_numbers n = openssl_numbers(key);
    const std::string x = b64u(std::span(n.point).subspan(1, 32)), y = b64u(std::span(n.point).subspan(33, 32));
    const std::string d = b64u(n.d);
    bytes other_d = n.d;
    other_d[31] ^= 1;
    auto jwk = [](const std::string &members) { return test::bytes("{" + members + "}"); };
    const std::string xy = R"("x":")" + x + R"(","y":")" + y + R"(")";
    struct row {
        const char *what;
        bytes input;
        errc expected;
    };
    const row rows[] = {
        {"crv P-384", jwk(R"("kty":"EC","crv":"P-384",)" + xy), errc::key_unsupported_curve},
        {"crv secp256k1", jwk(R"("kty":"EC","crv":"secp256k1",)" + xy), errc::key_unsupported_curve},
        {"no crv", jwk(R"("kty":"EC",)" + xy), errc::jwk_malformed},
        {"x of 31 octets", jwk(R"("kty":"EC","crv":"P-256","x":")" + b64u(std::span(n.point).subspan(1, 31)) +
                               R"(","y":")" + y + R"(")"),
         errc::key_invalid_point},
        {"x padded with '='", jwk(R"("kty":"EC","crv":"P-256","x":")" + x + R"(=","y":")" + y + R"(")"),
         errc::jwk_malformed},
        {"y changed: not on the curve",
         jwk(R"("kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + b64u(std::span(n.point).subspan(1, 32)) + R"(")"),
         errc::key_invalid_point},
        {"d is not the private key of (x, y)", jwk(R"("kty":"EC","crv":"P-256",)" + xy + R"(,"d":")" + b64u(other_d) + R"(")"),
         errc::key_inconsistent},
        {"d = 0", jwk(R"("kty":"EC","crv":"P-256",)" + xy + R"(,"d":")" + b64u(bytes(32, 0)) + R"(")"),
         errc::key_bad_private_scalar},
        {"duplicate member", jwk(R"("kty":"EC","crv":"P-256",)" + xy + R"(,"x":")" + x + R"(")"), errc::jwk_malformed},
        {"JWK Set", jwk(R"("keys":[{"kty":"EC"}])"), errc::jwk_malformed},
        {"kty OKP", jwk(R"("kty":"OKP","crv":"Ed25519","x":"AA")"), errc::key_unsupported_curve},
        {"kty as a number", jwk(R"("kty":1)"), errc::jwk_malformed},
        {"RSA private JWK", jwk(R"("kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB")"), errc::jwk_malformed},
    };
    for (const auto &r : rows) {
        CAPTURE(std::string(r.what));
        CHECK(load_error(r.input) == r.expected);
        if (load_error(r.input) != r.expected) MESSAGE("got: " << load_message(r.input));
    }
    (void)d;
}
