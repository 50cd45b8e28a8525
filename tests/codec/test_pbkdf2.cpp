// PBKDF2 against RFC 6070 (HMAC-SHA-1), RFC 7914 §11 (HMAC-SHA-256) and
// `openssl kdf PBKDF2` for every PRF, random passwords, salts, counts and
// lengths; and the limits on iterations and output size.
#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <vector>

#include "codec/digest_oracle.hpp"
#include "codec/pbkdf2.hpp"
#include "test_support.hpp"

namespace {

using twoleg::detail::hash_algorithm;

std::string derive(hash_algorithm a, std::string_view password, std::string_view salt, std::uint32_t c,
                   std::size_t dk_len)
{
    std::vector<std::uint8_t> out(dk_len);
    REQUIRE(twoleg::detail::pbkdf2(a, test::bytes(password), test::bytes(salt), c, out));
    return test::hex(out);
}

std::string openssl_pbkdf2(const char *digest, std::span<const std::uint8_t> password,
                           std::span<const std::uint8_t> salt, std::uint32_t c, std::size_t dk_len)
{
    const auto r = test::run("openssl kdf -keylen " + std::to_string(dk_len) + " -kdfopt digest:" + digest +
                             " -kdfopt hexpass:" + test::hex(password) + " -kdfopt hexsalt:" + test::hex(salt) +
                             " -kdfopt iter:" + std::to_string(c) + " PBKDF2");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::string hex;
    for (char ch : r.out)
        if (std::isxdigit(static_cast<unsigned char>(ch))) hex += static_cast<char>(std::tolower(ch));
    return hex;
}

} // namespace

TEST_CASE("RFC 6070 PBKDF2-HMAC-SHA1 (all but the 16 777 216-iteration case)")
{
    const hash_algorithm sha1 = hash_algorithm::sha1;
    CHECK(derive(sha1, "password", "salt", 1, 20) == "0c60c80f961f0e71f3a9b524af6012062fe037a6");
    CHECK(derive(sha1, "password", "salt", 2, 20) == "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
    CHECK(derive(sha1, "password", "salt", 4096, 20) == "4b007901b765489abead49d926f721d065a429c1");
    CHECK(derive(sha1, "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25) ==
          "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
    CHECK(derive(sha1, std::string_view("pass\0word", 9), std::string_view("sa\0lt", 5), 4096, 16) ==
          "56fa6aa75548099dcc37d7f03425e0c3");
}

TEST_CASE("RFC 7914 section 11 PBKDF2-HMAC-SHA256")
{
    CHECK(derive(hash_algorithm::sha256, "passwd", "salt", 1, 64) ==
          "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
          "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    CHECK(derive(hash_algorithm::sha256, "Password", "NaCl", 80000, 64) ==
          "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
          "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

TEST_CASE("random inputs agree with openssl kdf PBKDF2 for every PRF")
{
    const struct {
        hash_algorithm a;
        const char *name;
    } prfs[] = {{hash_algorithm::sha1, "SHA1"},
                {hash_algorithm::sha224, "SHA224"},
                {hash_algorithm::sha256, "SHA256"},
                {hash_algorithm::sha384, "SHA384"},
                {hash_algorithm::sha512, "SHA512"}};
    std::uint64_t seed = 100;
    for (const auto &p : prfs)
        for (int round = 0; round < 4; ++round) {
            const auto password = test::pseudo_random_bytes(oracle::random_length(seed, 150), seed + 1000);
            ++seed;
            const auto salt = test::pseudo_random_bytes(oracle::random_length(seed, 40), seed + 1000);
            ++seed;
            const std::uint32_t c = static_cast<std::uint32_t>(oracle::random_length(seed++, 3000));
            const std::size_t dk_len = oracle::random_length(seed++, 150); // several T_i blocks
            CAPTURE(p.name);
            CAPTURE(c);
            CAPTURE(dk_len);
            std::vector<std::uint8_t> out(dk_len);
            REQUIRE(twoleg::detail::pbkdf2(p.a, password, salt, c, out));
            CHECK(test::hex(out) == openssl_pbkdf2(p.name, password, salt, c, dk_len));
        }
}

TEST_CASE("empty password and empty salt are fine")
{
    std::vector<std::uint8_t> out(32);
    REQUIRE(twoleg::detail::pbkdf2(hash_algorithm::sha256, {}, {}, 3, out));
    CHECK(test::hex(out) == openssl_pbkdf2("SHA256", {}, {}, 3, 32));
}

TEST_CASE("refused: 0 iterations, more than 10 000 000, empty or oversized output")
{
    std::vector<std::uint8_t> out(20, 0xee);
    const auto pw = test::bytes("password"), salt = test::bytes("salt");
    CHECK_FALSE(twoleg::detail::pbkdf2(hash_algorithm::sha1, pw, salt, 0, out));
    CHECK_FALSE(twoleg::detail::pbkdf2(hash_algorithm::sha1, pw, salt, 10'000'001, out));
    CHECK_FALSE(twoleg::detail::pbkdf2(hash_algorithm::sha1, pw, salt, 16'777'216, out)); // RFC 6070's last case
    for (std::uint8_t b : out) CHECK(b == 0xee); // nothing written
    CHECK_FALSE(twoleg::detail::pbkdf2(hash_algorithm::sha1, pw, salt, 1, std::span<std::uint8_t>()));
    std::vector<std::uint8_t> big(twoleg::detail::pbkdf2_max_output_size + 1);
    CHECK_FALSE(twoleg::detail::pbkdf2(hash_algorithm::sha1, pw, salt, 1, big));
    big.pop_back();
    CHECK(twoleg::detail::pbkdf2(hash_algorithm::sha1, pw, salt, 1, big));
}
