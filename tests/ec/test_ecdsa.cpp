// ECDSA P-256 / SHA-256: the RFC 6979 appendix A.2.5 vectors (nonce and
// signature, byte-exact), hedged signing, interoperation with the openssl
// command in both directions (DER signatures), strict verification (r and s
// out of range, wrong lengths, altered messages) and strict DER signatures;
// plus the validation of P-256 points and private scalars.
#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

#include "ec/rfc6979.hpp"
#include "test_support.hpp"
#include "twoleg/ec_key.hpp"
#include "twoleg/ecdsa.hpp"
#include "twoleg/sha256.hpp"

namespace {

using namespace twoleg;

// RFC 6979 A.2.5: the P-256 key.
const char *rfc_x = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const char *rfc_ux = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
const char *rfc_uy = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

struct rfc_vector {
    const char *message;
    const char *k;
    const char *r;
    const char *s;
};
// RFC 6979 A.2.5, "With SHA-256".
const rfc_vector rfc_vectors[] = {
    {"sample", "a6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60",
     "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
     "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"},
    {"test", "d16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0",
     "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
     "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"},
};

const char *n_hex = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const char *p_hex = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

ec_private_key rfc_key()
{
    const auto d = test::unhex(rfc_x);
    auto k = ec_private_key::from_scalar(d);
    REQUIRE(k.ok());
    return *k;
}

std::array<std::uint8_t, 64> sign(const ec_private_key &key, std::string_view message, bool deterministic)
{
    std::array<std::uint8_t, 64> sig{};
    ecdsa_sign_options o;
    o.deterministic = deterministic;
    REQUIRE(ecdsa_p256_sign_digest(key, sha256_hash(message), sig, o).ok());
    return sig;
}

bool verifies(const ec_public_key &key, std::string_view message, std::span<const std::uint8_t> sig)
{
    return ecdsa_p256_verify_digest(key, sha256_hash(message), sig).ok();
}

/// A P-256 key made by openssl: its SEC 1 DER, d, and the uncompressed point.
struct openssl_key {
    std::string pem_path, pub_path;
    std::vector<std::uint8_t> d, point;
};

openssl_key make_openssl_key(const std::string &dir, int index)
{
    openssl_key k;
    k.pem_path = dir + "/ec" + std::to_string(index) + ".pem";
    k.pub_path = dir + "/ec" + std::to_string(index) + ".pub.pem";
    const std::string der_path = dir + "/ec" + std::to_string(index) + ".der";
    REQUIRE(test::run("openssl ecparam -name prime256v1 -genkey -noout -out " + k.pem_path).status == 0);
    REQUIRE(test::run("openssl ec -in " + k.pem_path + " -pubout -out " + k.pub_path + " 2>/dev/null").status == 0);
    REQUIRE(test::run("openssl ec -in " + k.pem_path + " -outform DER -out " + der_path + " 2>/dev/null").status == 0);
    // ECPrivateKey: 30 77 02 01 01 04 20 <d> a0 0a <curve> a1 44 03 42 00 <04 X Y>
    const auto der = test::read_file(der_path);
    REQUIRE(der.size() == 121);
    REQUIRE(der[5] == 0x04);
    REQUIRE(der[6] == 0x20);
    k.d.assign(der.begin() + 7, der.begin() + 39);
    k.point.assign(der.end() - 65, der.end());
    return k;
}

} // namespace

TEST_CASE("RFC 6979 A.2.5: the public key, the nonce k and the signature, byte-exact")
{
    const ec_private_key key = rfc_key();
    CHECK(test::hex(key.public_key().x()) == rfc_ux);
    CHECK(test::hex(key.public_key().y()) == rfc_uy);
    for (const auto &v : rfc_vectors) {
        CAPTURE(v.message);
        const sha256_digest h = sha256_hash(v.message);
        // h < n for both messages, so bits2octets(h) = h.
        const auto d = test::unhex(rfc_x);
        detail::rfc6979_p256 nonces(std::span<const std::uint8_t, 32>(d.data(), 32), h, {});
        std::array<std::uint8_t, 32> k{};
        nonces.next(k);
        CHECK(test::hex(k) == v.k);
        const auto sig = sign(key, v.message, true);
        CHECK(test::hex(std::span(sig).first(32)) == v.r);
        CHECK(test::hex(std::span(sig).last(32)) == v.s);
        CHECK(verifies(key.public_key(), v.message, sig));
        CHECK_FALSE(verifies(key.public_key(), std::string(v.message) + ".", sig));
    }
}

TEST_CASE("hedged signing: fresh randomness makes every signature different, and each verifies")
{
    const ec_private_key key = rfc_key();
    const auto a = sign(key, "sample", false);
    const auto b = sign(key, "sample", false);
    const auto pure = sign(key, "sample", true);
    CHECK(a != b);
    CHECK(a != pure);
    CHECK(verifies(key.public_key(), "sample", a));
    CHECK(verifies(key.public_key(), "sample", b));

    // A failing random source fails the signature instead of signing without it.
    random_source broken;
    broken.fill = [](void *, std::uint8_t *, std::size_t) noexcept { return false; };
    std::array<std::uint8_t, 64> sig{};
    ecdsa_sign_options o;
    o.rng = &broken;
    auto r = ecdsa_p256_sign_digest(key, sha256_hash("sample"), sig, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::random_failure);
}

TEST_CASE("openssl verifies twoleg's DER signatures and twoleg verifies openssl's")
{
    const std::string dir = test::temp_dir();
    for (int i = 0; i < 4; ++i) {
        const openssl_key ok = make_openssl_key(dir, i);
        auto key = ec_private_key::from_scalar(ok.d);
        REQUIRE(key.ok());
        const auto ours = key->public_key().uncompressed_point();
        CHECK(std::vector<std::uint8_t>(ours.begin(), ours.end()) == ok.point);
        const std::string message = "message number " + std::to_string(i);
        const std::string msg_path = dir + "/msg" + std::to_string(i);
        test::write_file(msg_path, message);

        // twoleg -> openssl
        const auto raw = sign(*key, message, i % 2 == 0);
        std::array<std::uint8_t, ecdsa_p256_der_max_bytes> der{};
        auto len = ecdsa_signature_to_der(raw, der);
        REQUIRE(len.ok());
        const std::string sig_path = dir + "/sig" + std::to_string(i);
        test::write_file(sig_path, std::span<const std::uint8_t>(der.data(), *len));
        auto verdict = test::run("openssl dgst -sha256 -verify " + ok.pub_path + " -signature " + sig_path + " " +
                                 msg_path);
        CHECK(verdict.status == 0);
        CHECK(verdict.out == "Verified OK\n");

        // openssl -> twoleg
        const std::string theirs = dir + "/theirs" + std::to_string(i);
        REQUIRE(test::run("openssl dgst -sha256 -sign " + ok.pem_path + " -out " + theirs + " " + msg_path).status ==
                0);
        std::array<std::uint8_t, 64> back{};
        REQUIRE(ecdsa_signature_from_der(test::read_file(theirs), back).ok());
        CHECK(verifies(key->public_key(), message, back));
        CHECK_FALSE(verifies(key->public_key(), message + "x", back));
        // Our DER form of their r‖s is their bytes (both are DER: one encoding).
        auto again = ecdsa_signature_to_der(back, der);
        REQUIRE(again.ok());
        CHECK(std::vector<std::uint8_t>(der.begin(), der.begin() + static_cast<std::ptrdiff_t>(*again)) ==
              test::read_file(theirs));
    }
}

TEST_CASE("verification refuses r or s out of [1, n-1], wrong lengths and altered signatures")
{
    const ec_private_key key = rfc_key();
    const auto good = sign(key, "sample", true);
    REQUIRE(verifies(key.public_key(), "sample", good));
    const auto n = test::unhex(n_hex);
    const auto zero = std::vector<std::uint8_t>(32, 0);
    const auto ones = std::vector<std::uint8_t>(32, 0xff);
    auto with = [&](const std::vector<std::uint8_t> &r, const std::vector<std::uint8_t> &s) {
        std::vector<std::uint8_t> out(r);
        out.insert(out.end(), s.begin(), s.end());
        return out;
    };
    const std::vector<std::uint8_t> r(good.begin(), good.begin() + 32), s(good.begin() + 32, good.end());
    struct row {
        const char *what;
        std::vector<std::uint8_t> sig;
    };
    std::vector<row> rows = {
        {"r = 0", with(zero, s)},
        {"s = 0", with(r, zero)},
        {"r = n", with(n, s)},
        {"s = n", with(r, n)},
        {"r = 2^256-1", with(ones, s)},
        {"s = 2^256-1", with(r, ones)},
        {"empty", {}},
        {"63 octets", std::vector<std::uint8_t>(good.begin(), good.end() - 1)},
        {"65 octets", with(r, s)},
        {"r and s swapped", with(s, r)},
    };
    rows[8].sig.push_back(0);
    for (std::size_t bit = 0; bit < 512; bit += 37) {
        auto flipped = with(r, s);
        flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        rows.push_back({"one bit flipped", flipped});
    }
    // s replaced by n − s is also a valid signature mathematically (ECDSA is
    // malleable); the check here is only that it is the same verdict as s.
    for (const auto &row : rows) {
        CAPTURE(std::string(row.what));
        auto v = ecdsa_p256_verify_digest(key.public_key(), sha256_hash("sample"), row.sig);
        REQUIRE_FALSE(v.ok());
        CHECK(v.err().code == errc::verify_failed);
    }
}

TEST_CASE("DER signatures: strict encoding only")
{
    const ec_private_key key = rfc_key();
    const auto good = sign(key, "test", true);  // s starts with 0x01: a short INTEGER
    std::array<std::uint8_t, 72> der{};
    auto len = ecdsa_signature_to_der(good, der);
    REQUIRE(len.ok());
    const std::vector<std::uint8_t> enc(der.begin(), der.begin() + static_cast<std::ptrdiff_t>(*len));
    // r = f1ab...: 00 pad, 33 octets; s = 019f...: 32 octets.
    CHECK(test::hex(enc).substr(0, 12) == "3045022100f1");
    std::array<std::uint8_t, 64> raw{};
    REQUIRE(ecdsa_signature_from_der(enc, raw).ok());
    CHECK(raw == good);

    struct row {
        const char *what;
        std::string hex;
    };
    const std::string r_int = test::hex(std::span(enc).subspan(2, 35));
    const std::string s_int = test::hex(std::span(enc).subspan(37));
    const row rows[] = {
        {"trailing byte after the SEQUENCE", test::hex(enc) + "00"},
        {"long-form length for a short SEQUENCE", "308145" + r_int + s_int},
        {"indefinite length", "3080" + r_int + s_int + "0000"},
        {"non-minimal INTEGER (extra 00)", "3046" + std::string("022200") + r_int.substr(4) + s_int},
        {"negative r (00 pad dropped)", "3044" + std::string("0220") + r_int.substr(6) + s_int},
        {"only one INTEGER", "3023" + r_int},
        {"three INTEGERs", "3048" + r_int + s_int + "020101"},
        {"r of 33 significant octets", "3046022101" + r_int.substr(6) + "00" + s_int},
        {"SET instead of SEQUENCE", "3145" + r_int + s_int},
        {"empty", ""},
        {"empty INTEGER", "30240200" + s_int},
    };
    for (const auto &r : rows) {
        CAPTURE(std::string(r.what));
        auto v = ecdsa_signature_from_der(test::unhex(r.hex), raw);
        REQUIRE_FALSE(v.ok());
        CHECK(v.err().code == errc::verify_failed);
    }
}

TEST_CASE("public points: hostile encodings are refused with a specific error")
{
    const ec_private_key key = rfc_key();
    const auto point = key.public_key().uncompressed_point();
    const std::string x = test::hex(key.public_key().x()), y = test::hex(key.public_key().y());
    std::string y_plus_one = y;
    y_plus_one.back() = y_plus_one.back() == '0' ? '1' : '0';
    struct row {
        const char *what;
        std::string hex;
    };
    const row rows[] = {
        {"point not on the curve", "04" + x + y_plus_one},
        {"x = p", std::string("04") + p_hex + y},
        {"y = p", "04" + x + p_hex},
        {"the identity (00)", "00"},
        {"bad prefix 05", "05" + x + y},
        {"bad compressed prefix 04 with 33 octets", "04" + x},
        {"compressed prefix with 65 octets", "02" + x + y},
        {"truncated", "04" + x + y.substr(0, 62)},
        {"empty", ""},
        {"compressed x = p", std::string("02") + p_hex},
        // x = 1 gives 1 − 3 + b, which is not a square mod p: no point has this x.
        {"compressed x with no point", "02" + std::string(63, '0') + "1"},
    };
    for (const auto &r : rows) {
        CAPTURE(std::string(r.what));
        auto k = ec_public_key::from_sec1_point(test::unhex(r.hex));
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == errc::key_invalid_point);
    }
    // Compressed forms of the good point decode to it.
    auto good = ec_public_key::from_sec1_point(point);
    REQUIRE(good.ok());
    const std::string prefix = (key.public_key().y()[31] & 1) ? "03" : "02";
    auto compressed = ec_public_key::from_sec1_point(test::unhex(prefix + x));
    REQUIRE(compressed.ok());
    CHECK(compressed->uncompressed_point() == point);
    auto other = ec_public_key::from_sec1_point(test::unhex((prefix == "02" ? "03" : "02") + x));
    REQUIRE(other.ok());
    CHECK(other->x() == key.public_key().x());
    CHECK(other->y() != key.public_key().y());
}

TEST_CASE("private scalars: d = 0, d >= n and a stored public key other than d·G are refused")
{
    const auto n = test::unhex(n_hex);
    auto n_minus_1 = n;
    n_minus_1.back() -= 1;
    auto n_plus_1 = n;
    n_plus_1.back() += 1;
    struct row {
        const char *what;
        std::vector<std::uint8_t> d;
        errc code;
    };
    const row rows[] = {
        {"d = 0", std::vector<std::uint8_t>(32, 0), errc::key_bad_private_scalar},
        {"d = 0 (empty)", {}, errc::key_bad_private_scalar},
        {"d = n", n, errc::key_bad_private_scalar},
        {"d = n + 1", n_plus_1, errc::key_bad_private_scalar},
        {"d = 2^256 - 1", std::vector<std::uint8_t>(32, 0xff), errc::key_bad_private_scalar},
        {"d of 33 octets", test::unhex("01" + std::string(64, '0')), errc::key_bad_private_scalar},
    };
    for (const auto &r : rows) {
        CAPTURE(std::string(r.what));
        auto k = ec_private_key::from_scalar(r.d);
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == r.code);
    }
    auto edge = ec_private_key::from_scalar(n_minus_1);
    REQUIRE(edge.ok());  // (n−1)·G = −G
    CHECK(test::hex(edge->public_key().x()) == "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
    auto one = ec_private_key::from_scalar(test::unhex("01"));
    REQUIRE(one.ok());
    CHECK(one->public_key().x() == edge->public_key().x());

    const ec_private_key key = rfc_key();
    auto mismatch = ec_private_key::from_scalar(test::unhex(rfc_x), &one->public_key());
    REQUIRE_FALSE(mismatch.ok());
    CHECK(mismatch.err().code == errc::key_inconsistent);
    auto match = ec_private_key::from_scalar(test::unhex(rfc_x), &key.public_key());
    CHECK(match.ok());
}
