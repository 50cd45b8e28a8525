// The PKCS#12 key derivation (RFC 7292 appendix B) against the vectors of
// OpenSSL's test data (passwords "smeg" and "queeg"), and against
// `openssl kdf PKCS12KDF` for every hash, purpose, random passwords, salts,
// counts and lengths; the BMPString password encoding against Python's
// UTF-16-BE codec and `openssl pkcs12` files with non-ASCII passwords.
#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <vector>

#include "codec/digest_oracle.hpp"
#include "codec/pkcs12_kdf.hpp"
#include "test_support.hpp"

namespace {

using twoleg::detail::hash_algorithm;
using twoleg::detail::pkcs12_purpose;

std::vector<std::uint8_t> bmp(std::string_view utf8)
{
    std::vector<std::uint8_t> out;
    REQUIRE(twoleg::detail::pkcs12_password_from_utf8(utf8, out));
    return out;
}

std::string derive(hash_algorithm a, std::span<const std::uint8_t> password, std::string_view salt_hex,
                   std::uint32_t c, pkcs12_purpose id, std::size_t n)
{
    std::vector<std::uint8_t> out(n);
    REQUIRE(twoleg::detail::pkcs12_kdf(a, password, test::unhex(salt_hex), c, id, out));
    return test::hex(out);
}

std::string upper(std::string s)
{
    for (char &ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

std::string openssl_pkcs12kdf(const char *digest, std::span<const std::uint8_t> password,
                              std::span<const std::uint8_t> salt, std::uint32_t c, int id, std::size_t n)
{
    // openssl kdf takes the already encoded password bytes; it refuses an
    // empty hexpass, so the "no password" case is not asked of it.
    const auto r = test::run("openssl kdf -keylen " + std::to_string(n) + " -kdfopt digest:" + digest +
                             " -kdfopt hexpass:" + test::hex(password) + " -kdfopt hexsalt:" + test::hex(salt) +
                             " -kdfopt id:" + std::to_string(id) + " -kdfopt iter:" + std::to_string(c) +
                             " PKCS12KDF");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::string hex;
    for (char ch : r.out)
        if (std::isxdigit(static_cast<unsigned char>(ch))) hex += static_cast<char>(std::tolower(ch));
    return hex;
}

} // namespace

TEST_CASE("OpenSSL's PKCS12KDF test vectors (SHA-1, purposes 1, 2, 3)")
{
    const auto smeg = bmp("smeg"), queeg = bmp("queeg");
    CHECK(test::hex(smeg) == "0073006d006500670000");
    const hash_algorithm sha1 = hash_algorithm::sha1;
    CHECK(upper(derive(sha1, smeg, "0A58CF64530D823F", 1, pkcs12_purpose::key, 24)) ==
          "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3");
    CHECK(upper(derive(sha1, smeg, "0A58CF64530D823F", 1, pkcs12_purpose::iv, 8)) == "79993DFE048D3B76");
    CHECK(upper(derive(sha1, smeg, "3D83C0E4546AC140", 1, pkcs12_purpose::mac, 20)) ==
          "8D967D88F6CAA9D714800AB3D48051D63F73A312");
    CHECK(upper(derive(sha1, queeg, "1682C0FC5B3F7EC5", 1000, pkcs12_purpose::key, 24)) ==
          "483DD6E919D7DE2E8E648BA8F862F3FBFBDC2BCB2C02957F");
    CHECK(upper(derive(sha1, queeg, "1682C0FC5B3F7EC5", 1000, pkcs12_purpose::iv, 8)) == "9D461D1B00355C50");
    CHECK(upper(derive(sha1, queeg, "263216FCC2FAB31C", 1000, pkcs12_purpose::mac, 20)) ==
          "5EC4C7A80DF652294C3925B6489A7AB857C83476");
}

TEST_CASE("random inputs agree with openssl kdf PKCS12KDF for every hash and purpose")
{
    const struct {
        hash_algorithm a;
        const char *name;
    } hashes[] = {{hash_algorithm::sha1, "SHA1"},
                  {hash_algorithm::sha224, "SHA224"},
                  {hash_algorithm::sha256, "SHA256"},
                  {hash_algorithm::sha384, "SHA384"},
                  {hash_algorithm::sha512, "SHA512"}};
    std::uint64_t seed = 7;
    for (const auto &h : hashes)
        for (int id = 1; id <= 3; ++id)
            for (int round = 0; round < 2; ++round) {
                // Lengths around v = 64/128 exercise the partial last copy of S and P.
                const auto password = test::pseudo_random_bytes(oracle::random_length(seed, 300), seed + 1000);
            ++seed;
                const auto salt = test::pseudo_random_bytes(oracle::random_length(seed, 140), seed + 1000);
            ++seed;
                const auto c = static_cast<std::uint32_t>(oracle::random_length(seed++, 2500));
                const std::size_t n = oracle::random_length(seed++, 200); // several A_i
                CAPTURE(h.name);
                CAPTURE(id);
                CAPTURE(password.size());
                CAPTURE(salt.size());
                CAPTURE(c);
                CAPTURE(n);
                std::vector<std::uint8_t> out(n);
                REQUIRE(twoleg::detail::pkcs12_kdf(h.a, password, salt, c, static_cast<pkcs12_purpose>(id), out));
                CHECK(test::hex(out) == openssl_pkcs12kdf(h.name, password, salt, c, id, n));
            }
}

TEST_CASE("empty salt, and the absent password (empty span) differs from \"\" (00 00)")
{
    std::vector<std::uint8_t> none(20), empty(20);
    REQUIRE(twoleg::detail::pkcs12_kdf(hash_algorithm::sha1, {}, test::unhex("0102030405060708"), 1,
                                       pkcs12_purpose::mac, none));
    const auto encoded_empty = bmp("");
    CHECK(test::hex(encoded_empty) == "0000");
    REQUIRE(twoleg::detail::pkcs12_kdf(hash_algorithm::sha1, encoded_empty, test::unhex("0102030405060708"), 1,
                                       pkcs12_purpose::mac, empty));
    CHECK(test::hex(none) != test::hex(empty));
    CHECK(test::hex(empty) ==
          openssl_pkcs12kdf("SHA1", encoded_empty, test::unhex("0102030405060708"), 1, 3, 20));
    std::vector<std::uint8_t> no_salt(24);
    REQUIRE(twoleg::detail::pkcs12_kdf(hash_algorithm::sha256, bmp("x"), {}, 5, pkcs12_purpose::key, no_salt));
}

TEST_CASE("UTF-8 to BMPString agrees with Python's UTF-16-BE for BMP characters")
{
    const char *passwords[] = {"notasecret", "caf\xc3\xa9", "\xe2\x82\xac 100", "\xef\xbf\xbd\xe4\xb8\xad\xe6\x96\x87",
                               "\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"};
    for (const char *p : passwords) {
        CAPTURE(p);
        const auto r = test::run("printf '%s' " + test::shell_quote(p) +
                                 " | /usr/bin/python3 -c \"import sys; "
                                 "sys.stdout.write((sys.stdin.buffer.read().decode('utf-8')+'\\0').encode('utf-16-be').hex())\"");
        REQUIRE_MESSAGE(r.status == 0, r.err);
        CHECK(test::hex(bmp(p)) == r.out);
    }
}

TEST_CASE("UTF-8 that cannot become a BMPString is refused")
{
    const struct {
        const char *name;
        std::string utf8;
    } bad[] = {
        {"lone continuation byte", "a\x80"},
        {"truncated two-byte sequence", "\xc3"},
        {"truncated three-byte sequence", "\xe2\x82"},
        {"overlong two-byte form of '/'", "\xc0\xaf"},
        {"overlong three-byte form", "\xe0\x80\xaf"},
        {"surrogate U+D800", "\xed\xa0\x80"},
        {"surrogate U+DFFF", "\xed\xbf\xbf"},
        {"four-byte character above U+FFFF", "\xf0\x9f\x98\x80"},
        {"invalid lead byte 0xff", "\xff"},
        {"bad continuation", "\xc3\x28"},
        {"U+0000", std::string("a\0b", 3)},
    };
    for (const auto &b : bad) {
        CAPTURE(b.name);
        std::vector<std::uint8_t> out = {1, 2, 3};
        CHECK_FALSE(twoleg::detail::pkcs12_password_from_utf8(b.utf8, out));
        CHECK(out.empty());
    }
    std::vector<std::uint8_t> out;
    CHECK_FALSE(twoleg::detail::pkcs12_password_from_utf8(std::string(2048, 'a'), out)); // 4098 bytes encoded
    CHECK(twoleg::detail::pkcs12_password_from_utf8(std::string(2047, 'a'), out));        // 4096
}

TEST_CASE("refused: 0 or more than 10 000 000 iterations, sizes out of bounds")
{
    const auto pw = bmp("pw");
    const auto salt = test::unhex("0102030405060708");
    std::vector<std::uint8_t> out(24, 0xee);
    CHECK_FALSE(twoleg::detail::pkcs12_kdf(hash_algorithm::sha1, pw, salt, 0, pkcs12_purpose::key, out));
    CHECK_FALSE(twoleg::detail::pkcs12_kdf(hash_algorithm::sha1, pw, salt, 10'000'001, pkcs12_purpose::key, out));
    for (std::uint8_t b : out) CHECK(b == 0xee);
    CHECK_FALSE(twoleg::detail::pkcs12_kdf(hash_algorithm::sha1, pw, salt, 1, pkcs12_purpose::key,
                                           std::span<std::uint8_t>()));
    std::vector<std::uint8_t> long_salt(twoleg::detail::pkcs12_kdf_max_salt_size + 1);
    CHECK_FALSE(twoleg::detail::pkcs12_kdf(hash_algorithm::sha1, pw, long_salt, 1, pkcs12_purpose::key, out));
    std::vector<std::uint8_t> long_password(twoleg::detail::pkcs12_kdf_max_password_size + 1);
    CHECK_FALSE(twoleg::detail::pkcs12_kdf(hash_algorithm::sha1, long_password, salt, 1, pkcs12_purpose::key, out));
    long_salt.pop_back();
    long_password.pop_back();
    CHECK(twoleg::detail::pkcs12_kdf(hash_algorithm::sha512, long_password, long_salt, 1, pkcs12_purpose::key, out));
}
