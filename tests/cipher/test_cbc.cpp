// CBC with PKCS#7 padding: the padding rules of RFC 5652 §6.3 row by row,
// the constant-time unpadding against every corruption of the last block,
// and cbc_decrypt_unpad / cbc_pad_encrypt for every cipher against
// `openssl enc` with its default (PKCS#7) padding.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cipher/cbc.hpp"
#include "cipher/cbc_cipher.hpp"
#include "cipher/enc_oracle.hpp"
#include "test_support.hpp"

using twoleg::detail::cbc_cipher;
using twoleg::detail::cbc_parameters;
using twoleg::detail::cbc_status;

namespace {
bool unpad(const std::vector<std::uint8_t> &padded, std::size_t block, std::size_t &length)
{
    return twoleg::detail::pkcs7_unpad_ct(padded, block, length);
}
} // namespace

TEST_CASE("pkcs7_pad adds 1..block bytes, each equal to the count")
{
    for (std::size_t block : {8u, 16u})
        for (std::size_t n = 0; n <= 3 * block; ++n) {
            CAPTURE(block);
            CAPTURE(n);
            const auto data = test::pseudo_random_bytes(n, n);
            const std::size_t padded_size = twoleg::detail::pkcs7_padded_size(n, block);
            CHECK(padded_size % block == 0);
            CHECK(padded_size > n);
            CHECK(padded_size - n <= block);
            std::vector<std::uint8_t> out(padded_size);
            REQUIRE(twoleg::detail::pkcs7_pad(data, block, out));
            CHECK(std::equal(data.begin(), data.end(), out.begin()));
            for (std::size_t i = n; i < padded_size; ++i) CHECK(out[i] == padded_size - n);
            std::size_t length = 99;
            REQUIRE(unpad(out, block, length));
            CHECK(length == n);
            std::vector<std::uint8_t> wrong_size(padded_size + 1);
            CHECK_FALSE(twoleg::detail::pkcs7_pad(data, block, wrong_size));
        }
}

TEST_CASE("pkcs7_unpad_ct refuses every bad padding, and accepts exactly the good ones")
{
    // For a 16-byte block, every value of the last byte, with the padding
    // bytes before it right, or one of them wrong.
    const std::size_t block = 16;
    for (unsigned n = 0; n < 256; ++n) {
        CAPTURE(n);
        std::vector<std::uint8_t> padded = test::pseudo_random_bytes(2 * block, n);
        for (std::size_t i = 0; i < std::min<std::size_t>(n, 2 * block); ++i)
            padded[2 * block - 1 - i] = static_cast<std::uint8_t>(n);
        padded.back() = static_cast<std::uint8_t>(n); // also for n = 0
        std::size_t length = 99;
        const bool expect_ok = n >= 1 && n <= block;
        CHECK(unpad(padded, block, length) == expect_ok);
        CHECK(length == (expect_ok ? 2 * block - n : 0));
        if (expect_ok)
            for (std::size_t i = 1; i < n; ++i) { // one padding byte wrong
                auto bad = padded;
                bad[2 * block - 1 - i] ^= 0x01;
                CAPTURE(i);
                CHECK_FALSE(unpad(bad, block, length));
                CHECK(length == 0);
            }
    }
    std::size_t length = 99;
    CHECK_FALSE(unpad({}, 16, length));
    CHECK_FALSE(unpad(std::vector<std::uint8_t>(15, 1), 16, length)); // not whole blocks
    CHECK_FALSE(unpad(std::vector<std::uint8_t>(16, 1), 0, length));
    CHECK(unpad(std::vector<std::uint8_t>(16, 16), 16, length)); // a whole block of padding
    CHECK(length == 0);
}

TEST_CASE("cbc_decrypt_unpad and cbc_pad_encrypt agree with openssl enc for every cipher")
{
    const struct {
        const char *openssl;
        cbc_cipher cipher;
        std::size_t key_size, iv_size;
        unsigned rc2_bits;
        bool legacy;
    } rows[] = {
        {"aes-128-cbc", cbc_cipher::aes, 16, 16, 0, false}, {"aes-192-cbc", cbc_cipher::aes, 24, 16, 0, false},
        {"aes-256-cbc", cbc_cipher::aes, 32, 16, 0, false}, {"des-ede3-cbc", cbc_cipher::des_ede3, 24, 8, 0, false},
        {"des-ede-cbc", cbc_cipher::des_ede3, 16, 8, 0, false}, {"des-cbc", cbc_cipher::des, 8, 8, 0, true},
        {"rc2-40-cbc", cbc_cipher::rc2, 5, 8, 40, true},    {"rc2-cbc", cbc_cipher::rc2, 16, 8, 128, true},
    };
    std::uint64_t seed = 1;
    for (const auto &r : rows)
        for (std::size_t n : {0u, 1u, 7u, 8u, 15u, 16u, 17u, 100u, 1217u}) {
            CAPTURE(r.openssl);
            CAPTURE(n);
            const auto key = test::pseudo_random_bytes(r.key_size, seed++);
            const auto iv = test::pseudo_random_bytes(r.iv_size, seed++);
            const auto plaintext = test::pseudo_random_bytes(n, seed++);
            const cbc_parameters p{r.cipher, key, iv, r.rc2_bits};
            std::vector<std::uint8_t> ciphertext;
            REQUIRE(twoleg::detail::cbc_pad_encrypt(p, plaintext, ciphertext) == cbc_status::ok);
            CHECK(ciphertext == oracle::openssl_enc(r.openssl, key, iv, plaintext, {.padding = true, .legacy = r.legacy}));
            std::vector<std::uint8_t> decrypted = {1, 2, 3};
            REQUIRE(twoleg::detail::cbc_decrypt_unpad(p, ciphertext, decrypted) == cbc_status::ok);
            CHECK(decrypted == plaintext);
        }
}

TEST_CASE("a wrong key fails as decryption_failed and leaves no plaintext")
{
    std::uint64_t seed = 50;
    int failures = 0;
    for (int round = 0; round < 64; ++round) {
        const auto key = test::pseudo_random_bytes(32, seed++), wrong = test::pseudo_random_bytes(32, seed++);
        const auto iv = test::pseudo_random_bytes(16, seed++);
        const auto plaintext = test::pseudo_random_bytes(100, seed++);
        std::vector<std::uint8_t> ciphertext, out;
        REQUIRE(twoleg::detail::cbc_pad_encrypt({cbc_cipher::aes, key, iv}, plaintext, ciphertext) == cbc_status::ok);
        const auto s = twoleg::detail::cbc_decrypt_unpad({cbc_cipher::aes, wrong, iv}, ciphertext, out);
        // A wrong key still yields valid-looking padding about 1 time in 256.
        if (s == cbc_status::decryption_failed) {
            ++failures;
            CHECK(out.empty());
        } else {
            CHECK(s == cbc_status::ok);
            CHECK(out != plaintext);
        }
    }
    CHECK(failures >= 60);
}

TEST_CASE("parameter and length errors are told apart from decryption failures")
{
    const auto key = test::pseudo_random_bytes(16, 1), iv = test::pseudo_random_bytes(16, 2);
    const auto blocks = test::pseudo_random_bytes(32, 3);
    std::vector<std::uint8_t> out;
    CHECK(twoleg::detail::cbc_decrypt_unpad({cbc_cipher::aes, key, iv}, {}, out) == cbc_status::invalid_length);
    CHECK(twoleg::detail::cbc_decrypt_unpad({cbc_cipher::aes, key, iv}, std::span(blocks).first(31), out) ==
          cbc_status::invalid_length);
    CHECK(twoleg::detail::cbc_decrypt_unpad({cbc_cipher::aes, std::span(key).first(15), iv}, blocks, out) ==
          cbc_status::invalid_parameters);
    CHECK(twoleg::detail::cbc_decrypt_unpad({cbc_cipher::aes, key, std::span(iv).first(8)}, blocks, out) ==
          cbc_status::invalid_parameters);
    CHECK(twoleg::detail::cbc_decrypt_unpad({cbc_cipher::des, key, std::span(iv).first(8)}, blocks, out) ==
          cbc_status::invalid_parameters); // 16-byte key is not single DES
    CHECK(twoleg::detail::cbc_decrypt_unpad({cbc_cipher::des_ede3, std::span(key).first(8), std::span(iv).first(8)},
                                            blocks, out) == cbc_status::invalid_parameters);
    CHECK(twoleg::detail::cbc_decrypt_unpad({cbc_cipher::rc2, key, std::span(iv).first(8), 0}, blocks, out) ==
          cbc_status::invalid_parameters);
    CHECK(twoleg::detail::cbc_decrypt_unpad({cbc_cipher::aes, std::span(key).first(15), iv}, {}, out) ==
          cbc_status::invalid_parameters);
    std::vector<std::uint8_t> ct;
    CHECK(twoleg::detail::cbc_pad_encrypt({cbc_cipher::aes, key, std::span(iv).first(8)}, blocks, ct) ==
          cbc_status::invalid_parameters);
    CHECK(ct.empty());
    CHECK(std::string(twoleg::detail::cbc_status_name(cbc_status::decryption_failed)) == "decryption failed");
}
