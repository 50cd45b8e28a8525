// SHA-1 against FIPS 180-4's example messages, coreutils' sha1sum at every
// length 0..300 and `openssl dgst -sha1` at random lengths. Both compression
// kernels (portable, SHA-NI) are checked on their own, whichever is in use.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "codec/digest_oracle.hpp"
#include "codec/sha1.hpp"
#include "codec/sha1_compress.hpp"
#include "codec/sha_extensions.hpp"
#include "test_support.hpp"

namespace {

using twoleg::detail::sha1_compress_fn;

struct named_vector {
    const char *name;
    std::string message;
    const char *digest;
};

// FIPS 180-4 / NIST CSRC "SHA1.pdf" and "SHA_All" example values.
std::vector<named_vector> spec_vectors()
{
    return {
        {"one-block \"abc\"", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {"two-block 448-bit message", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
        {"896-bit message",
         "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "a49b2446a02c645bf419f995b67091253a04a259"},
        {"one million 'a'", std::string(1000000, 'a'), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
        {"empty message", "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    };
}

// SHA-1 with a chosen kernel; the padding (§5.1.1) is written here, apart
// from sha1.cpp, and all blocks go to the kernel in one call.
std::string hash_with(sha1_compress_fn compress, std::span<const std::uint8_t> msg)
{
    std::uint32_t state[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    std::vector<std::uint8_t> padded(msg.begin(), msg.end());
    padded.push_back(0x80);
    while (padded.size() % 64 != 56) padded.push_back(0);
    const std::uint64_t bits = std::uint64_t{msg.size()} * 8;
    for (int i = 7; i >= 0; --i) padded.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
    compress(state, padded.data(), padded.size() / 64);
    std::vector<std::uint8_t> d(20);
    for (int i = 0; i < 20; ++i) d[i] = static_cast<std::uint8_t>(state[i / 4] >> (24 - 8 * (i % 4)));
    return test::hex(d);
}

std::vector<sha1_compress_fn> kernels()
{
    std::vector<sha1_compress_fn> k = {twoleg::detail::sha1_compress_portable};
    if (twoleg::detail::sha_extensions_available())
        k.push_back(twoleg::detail::sha1_compress_shani);
    else
        MESSAGE("SHA-NI not available on this CPU: only the portable kernel is checked");
    return k;
}

} // namespace

TEST_CASE("FIPS 180-4 vectors: the class and each kernel")
{
    for (const auto &v : spec_vectors()) {
        CAPTURE(v.name);
        CHECK(test::hex(twoleg::detail::sha1_hash(oracle::as_bytes(v.message))) == v.digest);
        for (auto k : kernels()) CHECK(hash_with(k, oracle::as_bytes(v.message)) == v.digest);
    }
}

TEST_CASE("every length 0..300 agrees with sha1sum, for the class and each kernel")
{
    const auto data = test::pseudo_random_bytes(300, 0x5a1);
    const auto expected = oracle::prefix_digests(data, "sha1sum");
    const std::span<const std::uint8_t> all(data);
    for (std::size_t n = 0; n <= data.size(); ++n) {
        CAPTURE(n);
        REQUIRE(test::hex(twoleg::detail::sha1_hash(all.first(n))) == expected[n]);
        for (auto k : kernels()) REQUIRE(hash_with(k, all.first(n)) == expected[n]);
    }
}

TEST_CASE("random lengths up to 100 000 bytes agree with openssl dgst -sha1")
{
    std::uint64_t seed = 11;
    for (int round = 0; round < 6; ++round) {
        const std::size_t n = oracle::random_length(seed++, 100000);
        CAPTURE(n);
        const auto data = test::pseudo_random_bytes(n, seed++);
        const std::string expected = oracle::openssl_digest(data, "-sha1");
        CHECK(test::hex(twoleg::detail::sha1_hash(data)) == expected);
        for (auto k : kernels()) CHECK(hash_with(k, data) == expected);
    }
}

TEST_CASE("streaming: a message split at every position, and reuse after finish")
{
    const auto data = test::pseudo_random_bytes(200, 77);
    const std::string expected = test::hex(twoleg::detail::sha1_hash(data));
    const std::span<const std::uint8_t> all(data);
    twoleg::detail::sha1 h;
    for (std::size_t cut = 0; cut <= data.size(); ++cut) {
        CAPTURE(cut);
        h.update(all.first(cut));
        h.update(std::span<const std::uint8_t>()); // empty, null data()
        h.update(all.subspan(cut));
        REQUIRE(test::hex(h.finish()) == expected); // finish resets h for the next round
    }
}

TEST_CASE("sha1_implementation names the kernel in use (TWOLEG_NO_SHANI respected)")
{
    const char *force = std::getenv("TWOLEG_NO_SHANI");
    const bool forced_portable = force && *force && std::strcmp(force, "0") != 0;
    const bool expect_shani = twoleg::detail::sha_extensions_available() && !forced_portable;
    CHECK(std::string(twoleg::detail::sha1_implementation()) == (expect_shani ? "sha-ni" : "portable"));
    MESSAGE("SHA-1 implementation in use: " << std::string(twoleg::detail::sha1_implementation()));
}
