// MD5 against RFC 1321 §A.5's test suite, coreutils' md5sum at every length
// 0..300 and `openssl dgst -md5` at random lengths.
#include <doctest/doctest.h>

#include <string>

#include "codec/digest_oracle.hpp"
#include "codec/md5.hpp"
#include "test_support.hpp"

TEST_CASE("RFC 1321 appendix A.5 test suite")
{
    const struct {
        const char *message;
        const char *digest;
    } rows[] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.message);
        CHECK(test::hex(twoleg::detail::md5_hash(oracle::as_bytes(r.message))) == r.digest);
    }
}

TEST_CASE("every length 0..300 agrees with md5sum, one-shot and split in two")
{
    const auto data = test::pseudo_random_bytes(300, 0x3d5);
    const auto expected = oracle::prefix_digests(data, "md5sum");
    const std::span<const std::uint8_t> all(data);
    twoleg::detail::md5 h;
    for (std::size_t n = 0; n <= data.size(); ++n) {
        CAPTURE(n);
        REQUIRE(test::hex(twoleg::detail::md5_hash(all.first(n))) == expected[n]);
        h.update(all.first(n / 3));
        h.update(all.subspan(n / 3, n - n / 3));
        REQUIRE(test::hex(h.finish()) == expected[n]);
    }
}

TEST_CASE("random lengths agree with openssl dgst -md5")
{
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto data = test::pseudo_random_bytes(oracle::random_length(seed + 200, 100000), seed);
        CAPTURE(data.size());
        CHECK(test::hex(twoleg::detail::md5_hash(data)) == oracle::openssl_digest(data, "-md5"));
    }
}
