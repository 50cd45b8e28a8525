// RC2 against RFC 2268 §5's test vectors (effective key bits 63, 64, 128,
// 129) and `openssl enc -rc2-cbc` / `-rc2-40-cbc` / `-rc2-64-cbc` (OpenSSL's
// legacy provider) on random keys, IVs and lengths.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cipher/cbc.hpp"
#include "cipher/enc_oracle.hpp"
#include "cipher/rc2.hpp"
#include "test_support.hpp"

using twoleg::detail::rc2;

TEST_CASE("RFC 2268 section 5 test vectors, encrypt and decrypt")
{
    const struct {
        const char *key;
        unsigned effective_bits;
        const char *plaintext, *ciphertext;
    } rows[] = {
        {"0000000000000000", 63, "0000000000000000", "ebb773f993278eff"},
        {"ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49"},
        {"3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2"},
        {"88", 64, "0000000000000000", "61a8a244adacccf0"},
        {"88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f"},
        {"88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1"},
        {"88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6"},
        {"88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e", 129, "0000000000000000",
         "5b78d3a43dfff1f1"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.key);
        CAPTURE(r.effective_bits);
        rc2 c;
        REQUIRE(c.set_key(test::unhex(r.key), r.effective_bits));
        auto block = test::unhex(r.plaintext);
        c.encrypt_block(block.data(), block.data());
        CHECK(test::hex(block) == r.ciphertext);
        c.decrypt_block(block.data(), block.data());
        CHECK(test::hex(block) == r.plaintext);
    }
}

TEST_CASE("random data agrees with openssl enc -rc2-cbc, -rc2-40-cbc, -rc2-64-cbc, both directions")
{
    const struct {
        const char *cipher;
        std::size_t key_size;
        unsigned effective_bits;
    } rows[] = {{"rc2-cbc", 16, 128}, {"rc2-40-cbc", 5, 40}, {"rc2-64-cbc", 8, 64}};
    std::uint64_t seed = 1;
    for (const auto &r : rows)
        for (int round = 0; round < 4; ++round) {
            const auto key = test::pseudo_random_bytes(r.key_size, seed++);
            const auto iv = test::pseudo_random_bytes(8, seed++);
            const auto data = test::pseudo_random_bytes(8 * (1 + oracle::random_below(seed, 200)), seed + 1000);
            ++seed;
            CAPTURE(r.cipher);
            CAPTURE(data.size());
            rc2 c;
            REQUIRE(c.set_key(key, r.effective_bits));
            std::vector<std::uint8_t> out(data.size());
            REQUIRE(twoleg::detail::cbc_encrypt(c, iv, data, out));
            CHECK(out == oracle::openssl_enc(r.cipher, key, iv, data, {.legacy = true}));
            REQUIRE(twoleg::detail::cbc_decrypt(c, iv, data, out));
            CHECK(out == oracle::openssl_enc(r.cipher, key, iv, data, {.decrypt = true, .legacy = true}));
        }
}

TEST_CASE("key sizes 1..128 bytes and effective bits 1..1024 only")
{
    rc2 c;
    CHECK_FALSE(c.set_key({}, 64));
    CHECK_FALSE(c.set_key(test::pseudo_random_bytes(129, 1), 64));
    CHECK_FALSE(c.set_key(test::pseudo_random_bytes(16, 1), 0));
    CHECK_FALSE(c.set_key(test::pseudo_random_bytes(16, 1), 1025));
    CHECK_FALSE(c.keyed());
    CHECK(c.set_key(test::pseudo_random_bytes(128, 1), 1024));
    CHECK(c.set_key(test::pseudo_random_bytes(1, 1), 1));
    CHECK(c.keyed());
}
