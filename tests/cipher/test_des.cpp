// DES and TDEA against published known answers (the NBS/NIST validation
// set of SP 800-20's tables, the classic FIPS 46 worked example, the
// SP 800-67 TDEA example) and `openssl enc -des-ede3-cbc`, `-des-ede-cbc`,
// `-des-cbc` on random keys, IVs and lengths.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cipher/cbc.hpp"
#include "cipher/des.hpp"
#include "cipher/enc_oracle.hpp"
#include "test_support.hpp"

namespace {

using twoleg::detail::des;

std::string ecb(const std::string &key_hex, const std::string &data_hex, bool decrypt)
{
    des c;
    REQUIRE(c.set_key(test::unhex(key_hex)));
    auto data = test::unhex(data_hex);
    REQUIRE(data.size() % 8 == 0);
    for (std::size_t off = 0; off < data.size(); off += 8)
        decrypt ? c.decrypt_block(data.data() + off, data.data() + off)
                : c.encrypt_block(data.data() + off, data.data() + off);
    return test::hex(data);
}

std::string upper(std::string s)
{
    for (char &ch : s)
        if (ch >= 'a' && ch <= 'f') ch = static_cast<char>(ch - 'a' + 'A');
    return s;
}

} // namespace

TEST_CASE("single DES known answers, encrypt and decrypt")
{
    const struct {
        const char *name, *key, *plaintext, *ciphertext;
    } rows[] = {
        {"worked example", "133457799BBCDFF1", "0123456789ABCDEF", "85E813540F0AB405"},
        // SP 800-20 variable plaintext (key 01..01, parity-only bits set).
        {"variable plaintext bit 1", "0101010101010101", "8000000000000000", "95F8A5E5DD31D900"},
        {"variable plaintext bit 2", "0101010101010101", "4000000000000000", "DD7F121CA5015619"},
        {"variable plaintext bit 3", "0101010101010101", "2000000000000000", "2E8653104F3834EA"},
        {"variable plaintext bit 4", "0101010101010101", "1000000000000000", "4BD388FF6CD81D4F"},
        // SP 800-20 variable key.
        {"variable key bit 1", "8001010101010101", "0000000000000000", "95A8D72813DAA94D"},
        {"variable key bit 2", "4001010101010101", "0000000000000000", "0EEC1487DD8C26D5"},
        {"variable key bit 3", "2001010101010101", "0000000000000000", "7AD16FFB79C45926"},
        // SP 800-20 substitution table test (exercises every S-box entry class).
        {"substitution 1", "7CA110454A1A6E57", "01A1D6D039776742", "690F5B0D9A26939B"},
        {"substitution 2", "0131D9619DC1376E", "5CD54CA83DEF57DA", "7A389D10354BD271"},
        {"substitution 3", "07A1133E4A0B2686", "0248D43806F67172", "868EBB51CAB4599A"},
        {"substitution 4", "3849674C2602319E", "51454B582DDF440A", "7178876E01F19B2A"},
        {"substitution 5", "04B915BA43FEB5B6", "42FD443059577FA2", "AF37FB421F8C4095"},
        {"substitution 6", "0113B970FD34F2CE", "059B5E0851CF143A", "86A560F10EC6D85B"},
        {"substitution 7", "0170F175468FB5E6", "0756D8E0774761D2", "0CD3DA020021DC09"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        CHECK(upper(ecb(r.key, r.plaintext, false)) == r.ciphertext);
        CHECK(upper(ecb(r.key, r.ciphertext, true)) == r.plaintext);
    }
}

TEST_CASE("SP 800-67 TDEA example (three keys, ECB), encrypt and decrypt")
{
    const std::string keys = "0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123";
    const std::string plaintext = "54686520717566636B2062726F776E20666F78206A756D70"; // "The qufck brown fox jump"
    const std::string ciphertext = "A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900";
    CHECK(upper(ecb(keys, plaintext, false)) == ciphertext);
    CHECK(upper(ecb(keys, ciphertext, true)) == plaintext);
}

TEST_CASE("TDEA with K1 = K2 = K3 is single DES; two-key TDEA equals three-key with K3 = K1")
{
    CHECK(upper(ecb("133457799BBCDFF1133457799BBCDFF1133457799BBCDFF1", "0123456789ABCDEF", false)) ==
          "85E813540F0AB405");
    const std::string k1 = "0123456789ABCDEF", k2 = "23456789ABCDEF01";
    const std::string block = "54686520717566636B2062726F776E20";
    CHECK(ecb(k1 + k2, block, false) == ecb(k1 + k2 + k1, block, false));
    CHECK(ecb(k1 + k2, block, false) != ecb(k1 + k2 + k2, block, false));
}

TEST_CASE("random data agrees with openssl enc: des-ede3-cbc, des-ede-cbc, des-cbc, both directions")
{
    const struct {
        const char *cipher;
        std::size_t key_size;
        bool legacy;
    } rows[] = {{"des-ede3-cbc", 24, false}, {"des-ede-cbc", 16, false}, {"des-cbc", 8, true}};
    std::uint64_t seed = 1;
    for (const auto &r : rows)
        for (int round = 0; round < 4; ++round) {
            const auto key = test::pseudo_random_bytes(r.key_size, seed++);
            const auto iv = test::pseudo_random_bytes(8, seed++);
            const auto data = test::pseudo_random_bytes(8 * (1 + oracle::random_below(seed, 200)), seed + 1000);
            ++seed;
            CAPTURE(r.cipher);
            CAPTURE(data.size());
            des c;
            REQUIRE(c.set_key(key));
            std::vector<std::uint8_t> out(data.size());
            REQUIRE(twoleg::detail::cbc_encrypt(c, iv, data, out));
            CHECK(out == oracle::openssl_enc(r.cipher, key, iv, data, {.legacy = r.legacy}));
            REQUIRE(twoleg::detail::cbc_decrypt(c, iv, data, out));
            CHECK(out == oracle::openssl_enc(r.cipher, key, iv, data, {.decrypt = true, .legacy = r.legacy}));
        }
}

TEST_CASE("parity bits are ignored, other key sizes refused")
{
    const auto key = test::unhex("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123");
    auto flipped = key;
    for (auto &b : flipped) b = static_cast<std::uint8_t>(b ^ 1);
    des a, b;
    REQUIRE(a.set_key(key));
    REQUIRE(b.set_key(flipped));
    std::uint8_t x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[8];
    a.encrypt_block(x, y);
    b.encrypt_block(x, x);
    CHECK(test::hex(x) == test::hex(y));
    des c;
    for (std::size_t n : {0u, 7u, 9u, 15u, 17u, 23u, 25u, 32u}) {
        CAPTURE(n);
        CHECK_FALSE(c.set_key(test::pseudo_random_bytes(n, 1)));
        CHECK_FALSE(c.keyed());
    }
}
