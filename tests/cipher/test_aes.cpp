// AES against FIPS 197 (appendices B and C), NIST SP 800-38A F.2 (CBC) and
// `openssl enc -aes-*-cbc` on random keys, IVs and lengths. Every check runs
// on the constant-time portable code and, when the CPU has it, on AES-NI,
// whichever the automatic choice would be.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cipher/aes.hpp"
#include "cipher/cbc.hpp"
#include "cipher/enc_oracle.hpp"
#include "test_support.hpp"

namespace {

using twoleg::detail::aes;

std::vector<aes::implementation> implementations()
{
    std::vector<aes::implementation> v = {aes::implementation::portable};
    if (twoleg::detail::aes_ni_available())
        v.push_back(aes::implementation::aes_ni);
    else
        MESSAGE("AES-NI not available on this CPU: only the portable code is checked");
    return v;
}

const char *name(aes::implementation i) { return i == aes::implementation::aes_ni ? "aes-ni" : "portable"; }

std::string encrypt_hex(const std::vector<std::uint8_t> &key, const std::vector<std::uint8_t> &block,
                        aes::implementation impl)
{
    aes c;
    REQUIRE(c.set_key(key, impl));
    std::uint8_t out[16];
    c.encrypt_block(block.data(), out);
    return test::hex(out);
}

std::string decrypt_hex(const std::vector<std::uint8_t> &key, const std::vector<std::uint8_t> &block,
                        aes::implementation impl)
{
    aes c;
    REQUIRE(c.set_key(key, impl));
    std::uint8_t out[16];
    c.decrypt_block(block.data(), out);
    return test::hex(out);
}

} // namespace

TEST_CASE("FIPS 197 appendix B and C vectors, encrypt and decrypt, each implementation")
{
    const struct {
        const char *name, *key, *plaintext, *ciphertext;
    } rows[] = {
        {"B (cipher example)", "2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734",
         "3925841d02dc09fbdc118597196a0b32"},
        {"C.1 AES-128", "000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff",
         "69c4e0d86a7b0430d8cdb78070b4c55a"},
        {"C.2 AES-192", "000102030405060708090a0b0c0d0e0f1011121314151617", "00112233445566778899aabbccddeeff",
         "dda97ca4864cdfe06eaf70a0ec0d7191"},
        {"C.3 AES-256", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
         "00112233445566778899aabbccddeeff", "8ea2b7ca516745bfeafc49904b496089"},
    };
    for (auto impl : implementations())
        for (const auto &r : rows) {
            CAPTURE(name(impl));
            CAPTURE(r.name);
            CHECK(encrypt_hex(test::unhex(r.key), test::unhex(r.plaintext), impl) == r.ciphertext);
            CHECK(decrypt_hex(test::unhex(r.key), test::unhex(r.ciphertext), impl) == r.plaintext);
        }
}

TEST_CASE("NIST SP 800-38A F.2 CBC-AES128/192/256, encrypt and decrypt, each implementation")
{
    const std::string iv = "000102030405060708090a0b0c0d0e0f";
    const std::string plaintext = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                                  "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
    const struct {
        const char *name, *key, *ciphertext;
    } rows[] = {
        {"F.2.1/F.2.2 CBC-AES128", "2b7e151628aed2a6abf7158809cf4f3c",
         "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
         "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"},
        {"F.2.3/F.2.4 CBC-AES192", "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
         "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
         "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd"},
        {"F.2.5/F.2.6 CBC-AES256", "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
         "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
         "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"},
    };
    for (auto impl : implementations())
        for (const auto &r : rows) {
            CAPTURE(name(impl));
            CAPTURE(r.name);
            aes c;
            REQUIRE(c.set_key(test::unhex(r.key), impl));
            const auto pt = test::unhex(plaintext), ct = test::unhex(r.ciphertext);
            std::vector<std::uint8_t> out(pt.size());
            REQUIRE(twoleg::detail::cbc_encrypt(c, test::unhex(iv), pt, out));
            CHECK(test::hex(out) == r.ciphertext);
            REQUIRE(twoleg::detail::cbc_decrypt(c, test::unhex(iv), ct, out));
            CHECK(test::hex(out) == plaintext);
            // In place, as the key formats decrypt.
            std::vector<std::uint8_t> buffer = ct;
            REQUIRE(twoleg::detail::cbc_decrypt(c, test::unhex(iv), buffer, buffer));
            CHECK(test::hex(buffer) == plaintext);
        }
}

TEST_CASE("random keys, IVs and lengths agree with openssl enc -aes-*-cbc -nopad, both directions")
{
    std::uint64_t seed = 1;
    for (std::size_t key_size : {16u, 24u, 32u})
        for (int round = 0; round < 4; ++round) {
            const auto key = test::pseudo_random_bytes(key_size, seed++);
            const auto iv = test::pseudo_random_bytes(16, seed++);
            const auto data = test::pseudo_random_bytes(16 * (1 + oracle::random_below(seed, 300)), seed + 1000);
            ++seed;
            const std::string cipher = "aes-" + std::to_string(key_size * 8) + "-cbc";
            CAPTURE(cipher);
            CAPTURE(data.size());
            const auto expected = oracle::openssl_enc(cipher, key, iv, data);
            const auto expected_decryption = oracle::openssl_enc(cipher, key, iv, data, {.decrypt = true});
            for (auto impl : implementations()) {
                CAPTURE(name(impl));
                aes c;
                REQUIRE(c.set_key(key, impl));
                std::vector<std::uint8_t> out(data.size());
                REQUIRE(twoleg::detail::cbc_encrypt(c, iv, data, out));
                CHECK(out == expected);
                REQUIRE(twoleg::detail::cbc_decrypt(c, iv, data, out));
                CHECK(out == expected_decryption);
            }
        }
}

TEST_CASE("portable and AES-NI agree block by block on many random keys")
{
    if (!twoleg::detail::aes_ni_available()) {
        MESSAGE("no AES-NI: nothing to compare");
        return;
    }
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        const auto key = test::pseudo_random_bytes(16 + 8 * (seed % 3), seed);
        aes portable, ni;
        REQUIRE(portable.set_key(key, aes::implementation::portable));
        REQUIRE(ni.set_key(key, aes::implementation::aes_ni));
        const auto blocks = test::pseudo_random_bytes(16 * 20, seed + 1000);
        for (std::size_t off = 0; off < blocks.size(); off += 16) {
            std::uint8_t a[16], b[16];
            portable.encrypt_block(blocks.data() + off, a);
            ni.encrypt_block(blocks.data() + off, b);
            REQUIRE(std::memcmp(a, b, 16) == 0);
            portable.decrypt_block(blocks.data() + off, a);
            ni.decrypt_block(blocks.data() + off, b);
            REQUIRE(std::memcmp(a, b, 16) == 0);
        }
    }
}

TEST_CASE("set_key refuses other key sizes; the automatic choice respects TWOLEG_NO_AESNI")
{
    aes c;
    for (std::size_t n : {0u, 1u, 15u, 17u, 20u, 23u, 25u, 31u, 33u, 64u}) {
        CAPTURE(n);
        const auto key = test::pseudo_random_bytes(n, 9);
        CHECK_FALSE(c.set_key(key));
        CHECK_FALSE(c.keyed());
    }
    REQUIRE(c.set_key(test::pseudo_random_bytes(32, 9)));
    CHECK(c.keyed());
    const char *force = std::getenv("TWOLEG_NO_AESNI");
    const bool forced = force && *force && std::strcmp(force, "0") != 0;
    const bool expect_ni = twoleg::detail::aes_ni_available() && !forced;
    CHECK(std::string(c.implementation_name()) == (expect_ni ? "aes-ni" : "portable"));
    MESSAGE("AES implementation in use: " << std::string(c.implementation_name()));
    if (!twoleg::detail::aes_ni_available()) CHECK_FALSE(c.set_key(test::pseudo_random_bytes(16, 1), aes::implementation::aes_ni));
}
