// any_hash, the run-time choice of hash: each algorithm gives the same
// digest as its own class (themselves checked against FIPS 180-4 and the
// *sum commands), and the sizes and names match FIPS 180-4.
#include <doctest/doctest.h>

#include <string>

#include "codec/digest_oracle.hpp"
#include "codec/hash.hpp"
#include "test_support.hpp"

using twoleg::detail::any_hash;
using twoleg::detail::hash_algorithm;

namespace {
std::string via_any(hash_algorithm a, std::span<const std::uint8_t> data)
{
    std::uint8_t out[twoleg::detail::max_digest_size];
    const std::size_t n = twoleg::detail::hash_oneshot(a, data, out);
    return test::hex(std::span<const std::uint8_t>(out, n));
}
} // namespace

TEST_CASE("each algorithm matches coreutils at lengths 0..300")
{
    const auto data = test::pseudo_random_bytes(300, 0xa11);
    const std::span<const std::uint8_t> all(data);
    const struct {
        hash_algorithm a;
        const char *tool;
        std::size_t size, block;
        const char *name;
    } rows[] = {
        {hash_algorithm::sha1, "sha1sum", 20, 64, "SHA-1"},
        {hash_algorithm::sha224, "sha224sum", 28, 64, "SHA-224"},
        {hash_algorithm::sha256, "sha256sum", 32, 64, "SHA-256"},
        {hash_algorithm::sha384, "sha384sum", 48, 128, "SHA-384"},
        {hash_algorithm::sha512, "sha512sum", 64, 128, "SHA-512"},
    };
    for (const auto &r : rows) {
        CAPTURE(r.name);
        CHECK(twoleg::detail::digest_size(r.a) == r.size);
        CHECK(twoleg::detail::hash_block_size(r.a) == r.block);
        CHECK(std::string(twoleg::detail::hash_name(r.a)) == r.name);
        const auto expected = oracle::prefix_digests(data, r.tool);
        any_hash streamed(r.a);
        CHECK(streamed.size() == r.size);
        for (std::size_t n = 0; n <= data.size(); ++n) {
            CAPTURE(n);
            REQUIRE(via_any(r.a, all.first(n)) == expected[n]);
            // A copy taken mid-message continues independently.
            streamed.update(all.first(n / 2));
            any_hash copy = streamed;
            copy.update(all.subspan(n / 2, n - n / 2));
            std::uint8_t out[64];
            REQUIRE(copy.finish(out) == r.size);
            REQUIRE(test::hex(std::span<const std::uint8_t>(out, r.size)) == expected[n]);
            REQUIRE(streamed.finish(out) == r.size); // reset for the next round
        }
    }
}

TEST_CASE("finish into a too-short buffer writes nothing and keeps the state")
{
    any_hash h(hash_algorithm::sha384);
    h.update(test::bytes("abc"));
    std::uint8_t small[47] = {};
    CHECK(h.finish(small) == 0);
    for (std::uint8_t b : small) CHECK(b == 0);
    std::uint8_t out[48];
    REQUIRE(h.finish(out) == 48);
    CHECK(test::hex(out) ==
          "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    CHECK(twoleg::detail::hash_oneshot(hash_algorithm::sha512, test::bytes("abc"), small) == 0);
}
