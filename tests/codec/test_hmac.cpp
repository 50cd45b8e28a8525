// HMAC against RFC 2202 (HMAC-SHA-1) and RFC 4231 (HMAC-SHA-224/256/384/512),
// and `openssl mac HMAC` over random keys and messages of many lengths
// (keys shorter than, equal to and longer than the block).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "codec/digest_oracle.hpp"
#include "codec/hmac.hpp"
#include "test_support.hpp"

namespace {

using twoleg::detail::hash_algorithm;

std::vector<std::uint8_t> repeat(std::uint8_t byte, std::size_t n) { return std::vector<std::uint8_t>(n, byte); }

std::vector<std::uint8_t> counting_key() // 0x01..0x19
{
    std::vector<std::uint8_t> k;
    for (int i = 1; i <= 25; ++i) k.push_back(static_cast<std::uint8_t>(i));
    return k;
}

std::string mac_hex(hash_algorithm a, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data,
                    std::size_t truncate = 0)
{
    std::uint8_t out[twoleg::detail::max_digest_size];
    const std::size_t n = twoleg::detail::hmac_oneshot(a, key, data, out);
    REQUIRE(n == twoleg::detail::digest_size(a));
    return test::hex(std::span<const std::uint8_t>(out, truncate ? truncate : n));
}

const char *openssl_name(hash_algorithm a)
{
    switch (a) {
    case hash_algorithm::sha1: return "SHA1";
    case hash_algorithm::sha224: return "SHA224";
    case hash_algorithm::sha256: return "SHA256";
    case hash_algorithm::sha384: return "SHA384";
    case hash_algorithm::sha512: return "SHA512";
    }
    return "";
}

std::string lower(std::string s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

} // namespace

TEST_CASE("RFC 2202 HMAC-SHA-1 test cases 1-7")
{
    const hash_algorithm sha1 = hash_algorithm::sha1;
    CHECK(mac_hex(sha1, repeat(0x0b, 20), test::bytes("Hi There")) == "b617318655057264e28bc0b6fb378c8ef146be00");
    CHECK(mac_hex(sha1, test::bytes("Jefe"), test::bytes("what do ya want for nothing?")) ==
          "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    CHECK(mac_hex(sha1, repeat(0xaa, 20), repeat(0xdd, 50)) == "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
    CHECK(mac_hex(sha1, counting_key(), repeat(0xcd, 50)) == "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
    CHECK(mac_hex(sha1, repeat(0x0c, 20), test::bytes("Test With Truncation")) ==
          "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
    CHECK(mac_hex(sha1, repeat(0xaa, 80), test::bytes("Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    CHECK(mac_hex(sha1, repeat(0xaa, 80),
                  test::bytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data")) ==
          "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

TEST_CASE("RFC 4231 HMAC-SHA-224/256/384/512 test cases 1-7")
{
    struct row {
        const char *name;
        std::vector<std::uint8_t> key, data;
        std::size_t truncate;
        const char *sha224, *sha256, *sha384, *sha512;
    };
    const std::vector<row> rows = {
        {"4.2 test case 1", repeat(0x0b, 20), test::bytes("Hi There"), 0,
         "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
         "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
         "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
        {"4.3 test case 2 (short key)", test::bytes("Jefe"), test::bytes("what do ya want for nothing?"), 0,
         "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
         "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
        {"4.4 test case 3", repeat(0xaa, 20), repeat(0xdd, 50), 0,
         "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
         "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
         "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
        {"4.5 test case 4", counting_key(), repeat(0xcd, 50), 0,
         "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
         "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
         "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"},
        {"4.6 test case 5 (truncated to 128 bits)", repeat(0x0c, 20), test::bytes("Test With Truncation"), 16,
         "0e2aea68a90c8d37c988bcdb9fca6fa8", "a3b6167473100ee06e0c796c2955552b",
         "3abf34c3503b2a23a46efc619baef897", "415fad6271580a531d4179bc891d87a6"},
        {"4.7 test case 6 (131-byte key)", repeat(0xaa, 131),
         test::bytes("Test Using Larger Than Block-Size Key - Hash Key First"), 0,
         "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
         "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
         "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
        {"4.8 test case 7 (131-byte key, long data)", repeat(0xaa, 131),
         test::bytes("This is a test using a larger than block-size key and a larger than block-size data. The key "
                     "needs to be hashed before being used by the HMAC algorithm."),
         0, "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
         "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
         "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        CHECK(mac_hex(hash_algorithm::sha224, r.key, r.data, r.truncate) == r.sha224);
        CHECK(mac_hex(hash_algorithm::sha256, r.key, r.data, r.truncate) == r.sha256);
        CHECK(mac_hex(hash_algorithm::sha384, r.key, r.data, r.truncate) == r.sha384);
        CHECK(mac_hex(hash_algorithm::sha512, r.key, r.data, r.truncate) == r.sha512);
    }
}

TEST_CASE("random keys (0..200 bytes) and messages agree with openssl mac HMAC")
{
    const hash_algorithm all[] = {hash_algorithm::sha1, hash_algorithm::sha224, hash_algorithm::sha256,
                                  hash_algorithm::sha384, hash_algorithm::sha512};
    const std::size_t key_lengths[] = {0, 1, 20, 63, 64, 65, 127, 128, 129, 200};
    std::uint64_t seed = 1;
    for (hash_algorithm a : all)
        for (std::size_t key_length : key_lengths) {
            CAPTURE(twoleg::detail::hash_name(a));
            CAPTURE(key_length);
            const auto key = test::pseudo_random_bytes(key_length, seed++);
            const auto data = test::pseudo_random_bytes(oracle::random_length(seed, 3000) - 1, seed + 1000);
            ++seed;
            const std::string path = test::temp_dir() + "/hmac-data";
            test::write_file(path, data);
            // openssl mac refuses an empty hexkey; the empty key is the
            // all-zero block (RFC 2104 pads K with zeros), a 1-byte 00 key.
            const std::string hexkey = key.empty() ? "00" : test::hex(key);
            const auto r = test::run(std::string("openssl mac -digest ") + openssl_name(a) + " -macopt hexkey:" +
                                     hexkey + " -in " + test::shell_quote(path) + " HMAC");
            REQUIRE_MESSAGE(r.status == 0, r.err);
            CHECK(mac_hex(a, key, data) == lower(r.out.substr(0, r.out.find('\n'))));
        }
}

TEST_CASE("streaming and reuse: finish leaves the object keyed for the next message")
{
    const auto key = test::pseudo_random_bytes(40, 3);
    const auto data = test::pseudo_random_bytes(300, 4);
    const std::span<const std::uint8_t> all(data);
    const std::string expected = mac_hex(hash_algorithm::sha256, key, data);
    twoleg::detail::hmac mac(hash_algorithm::sha256, key);
    std::uint8_t out[32];
    for (std::size_t cut = 0; cut <= data.size(); cut += 7) {
        CAPTURE(cut);
        mac.update(all.first(cut));
        mac.update(std::span<const std::uint8_t>());
        mac.update(all.subspan(cut));
        REQUIRE(mac.finish(out) == 32);
        REQUIRE(test::hex(out) == expected);
    }
    std::uint8_t too_small[31];
    CHECK(mac.finish(too_small) == 0);
}
