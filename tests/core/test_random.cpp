// random.hpp: the OS generator fills whole buffers; a caller's source is used
// exactly as given, and its failure is reported, never papered over.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "twoleg/random.hpp"

namespace {

struct counting_source {
    int calls = 0;
    std::size_t last_len = 0;
    std::uint8_t value = 0x5a;
};

bool fill_constant(void *context, std::uint8_t *out, std::size_t len) noexcept
{
    auto *c = static_cast<counting_source *>(context);
    ++c->calls;
    c->last_len = len;
    std::fill(out, out + len, c->value);
    return true;
}

bool fill_fails(void *, std::uint8_t *out, std::size_t len) noexcept
{
    std::fill(out, out + len, std::uint8_t{0x77});  // garbage that must not survive
    return false;
}

} // namespace

TEST_CASE("os_random_bytes fills buffers of many sizes with differing bytes")
{
    // Two 32-byte draws coincide, or a draw is all zeros, with probability 2^-256.
    std::array<std::uint8_t, 32> a{}, b{};
    REQUIRE(twoleg::os_random_bytes(a));
    REQUIRE(twoleg::os_random_bytes(b));
    CHECK(a != b);
    CHECK(std::any_of(a.begin(), a.end(), [](std::uint8_t x) { return x != 0; }));

    // Large requests may be answered in several pieces by the kernel; the last
    // 32 bytes being all zero would mean the tail was never written.
    std::vector<std::uint8_t> big(4 << 20, 0);
    REQUIRE(twoleg::os_random_bytes(big));
    CHECK(std::any_of(big.end() - 32, big.end(), [](std::uint8_t x) { return x != 0; }));

    // Every byte value turns up in 4 MiB of uniform bytes (each misses with
    // probability below 2^-5900).
    std::array<bool, 256> seen{};
    for (std::uint8_t x : big) seen[x] = true;
    CHECK(std::all_of(seen.begin(), seen.end(), [](bool s) { return s; }));

    CHECK(twoleg::os_random_bytes(std::span<std::uint8_t>{}));
}

TEST_CASE("random_bytes uses the OS when no source or no fill function is given")
{
    std::array<std::uint8_t, 32> a{}, b{};
    REQUIRE(twoleg::random_bytes(nullptr, a));
    twoleg::random_source empty_source;
    REQUIRE(twoleg::random_bytes(&empty_source, b));
    CHECK(a != b);
}

TEST_CASE("random_bytes calls the caller's source with its context and the exact length")
{
    counting_source ctx;
    twoleg::random_source src{fill_constant, &ctx};
    std::array<std::uint8_t, 47> out{};
    REQUIRE(twoleg::random_bytes(&src, out));
    CHECK(ctx.calls == 1);
    CHECK(ctx.last_len == 47);
    CHECK(std::all_of(out.begin(), out.end(), [](std::uint8_t x) { return x == 0x5a; }));
}

TEST_CASE("a failing source gives random_failure and a zeroed buffer")
{
    twoleg::random_source src{fill_fails, nullptr};
    std::array<std::uint8_t, 16> out{};
    auto r = twoleg::random_bytes(&src, out);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == twoleg::errc::random_failure);
    CHECK(std::all_of(out.begin(), out.end(), [](std::uint8_t x) { return x == 0; }));
}
