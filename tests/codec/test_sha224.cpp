// SHA-224 against FIPS 180-4's example messages, coreutils' sha224sum at
// every length 0..300 and `openssl dgst -sha224` at random lengths. SHA-224
// runs on the SHA-256 kernel in use; test_sha256 checks both kernels.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "codec/digest_oracle.hpp"
#include "codec/sha224.hpp"
#include "test_support.hpp"

TEST_CASE("FIPS 180-4 SHA-224 vectors")
{
    struct row {
        const char *name;
        std::string message;
        const char *digest;
    };
    const row rows[] = {
        {"one-block \"abc\"", "abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
        {"two-block 448-bit message", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525"},
        {"one million 'a'", std::string(1000000, 'a'), "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67"},
        {"empty message", "", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        CHECK(test::hex(twoleg::detail::sha224_hash(oracle::as_bytes(r.message))) == r.digest);
    }
}

TEST_CASE("every length 0..300 agrees with sha224sum, one-shot and streamed byte by byte")
{
    const auto data = test::pseudo_random_bytes(300, 0x224);
    const auto expected = oracle::prefix_digests(data, "sha224sum");
    const std::span<const std::uint8_t> all(data);
    twoleg::detail::sha224 streamed;
    for (std::size_t n = 0; n <= data.size(); ++n) {
        CAPTURE(n);
        REQUIRE(test::hex(twoleg::detail::sha224_hash(all.first(n))) == expected[n]);
        for (std::size_t i = 0; i < n; ++i) streamed.update(all.subspan(i, 1));
        REQUIRE(test::hex(streamed.finish()) == expected[n]);
    }
}

TEST_CASE("random lengths agree with openssl dgst -sha224")
{
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto data = test::pseudo_random_bytes(oracle::random_length(seed, 100000), seed);
        CAPTURE(data.size());
        CHECK(test::hex(twoleg::detail::sha224_hash(data)) == oracle::openssl_digest(data, "-sha224"));
    }
}
