// SHA-512 and SHA-384 against FIPS 180-4's example messages, coreutils'
// sha512sum/sha384sum at every length 0..300 and `openssl dgst` at random
// lengths.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "codec/digest_oracle.hpp"
#include "codec/sha512.hpp"
#include "test_support.hpp"

namespace {
const std::string two_block_896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
struct row {
    const char *name;
    std::string message;
    const char *digest;
};
} // namespace

TEST_CASE("FIPS 180-4 SHA-512 vectors")
{
    const row rows[] = {
        {"one-block \"abc\"", "abc",
         "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
        {"two-block 896-bit message", two_block_896,
         "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
        {"one million 'a'", std::string(1000000, 'a'),
         "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"},
        {"empty message", "",
         "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        CHECK(test::hex(twoleg::detail::sha512_hash(oracle::as_bytes(r.message))) == r.digest);
    }
}

TEST_CASE("FIPS 180-4 SHA-384 vectors")
{
    const row rows[] = {
        {"one-block \"abc\"", "abc",
         "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
        {"two-block 896-bit message", two_block_896,
         "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"},
        {"one million 'a'", std::string(1000000, 'a'),
         "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985"},
        {"empty message", "",
         "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        CHECK(test::hex(twoleg::detail::sha384_hash(oracle::as_bytes(r.message))) == r.digest);
    }
}

TEST_CASE("every length 0..300 agrees with sha512sum and sha384sum")
{
    const auto data = test::pseudo_random_bytes(300, 0x512);
    const auto expected512 = oracle::prefix_digests(data, "sha512sum");
    const auto expected384 = oracle::prefix_digests(data, "sha384sum");
    const std::span<const std::uint8_t> all(data);
    for (std::size_t n = 0; n <= data.size(); ++n) {
        CAPTURE(n);
        REQUIRE(test::hex(twoleg::detail::sha512_hash(all.first(n))) == expected512[n]);
        REQUIRE(test::hex(twoleg::detail::sha384_hash(all.first(n))) == expected384[n]);
    }
}

TEST_CASE("streaming: split at every position, objects reused after finish")
{
    const auto data = test::pseudo_random_bytes(300, 5);
    const std::span<const std::uint8_t> all(data);
    const auto expected512 = test::hex(twoleg::detail::sha512_hash(all));
    const auto expected384 = test::hex(twoleg::detail::sha384_hash(all));
    twoleg::detail::sha512 h512;
    twoleg::detail::sha384 h384;
    for (std::size_t cut = 0; cut <= data.size(); ++cut) {
        CAPTURE(cut);
        h512.update(all.first(cut));
        h512.update(all.subspan(cut));
        h384.update(all.first(cut));
        h384.update(std::span<const std::uint8_t>());
        h384.update(all.subspan(cut));
        REQUIRE(test::hex(h512.finish()) == expected512);
        REQUIRE(test::hex(h384.finish()) == expected384);
    }
}

TEST_CASE("random lengths agree with openssl dgst -sha512 / -sha384")
{
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const auto data = test::pseudo_random_bytes(oracle::random_length(seed + 100, 100000), seed);
        CAPTURE(data.size());
        CHECK(test::hex(twoleg::detail::sha512_hash(data)) == oracle::openssl_digest(data, "-sha512"));
        CHECK(test::hex(twoleg::detail::sha384_hash(data)) == oracle::openssl_digest(data, "-sha384"));
    }
}
