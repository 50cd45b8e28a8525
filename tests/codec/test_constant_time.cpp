// equal_ct: equal exactly when lengths and every byte agree, wherever the
// difference is (first, middle, last byte; every bit), and for empty spans.
#include <doctest/doctest.h>

#include <vector>

#include "codec/constant_time.hpp"
#include "test_support.hpp"

using twoleg::detail::equal_ct;

TEST_CASE("equal spans compare equal, including empty ones with null data()")
{
    const auto a = test::pseudo_random_bytes(64, 1);
    const auto b = a;
    CHECK(equal_ct(a, b));
    CHECK(equal_ct(std::span<const std::uint8_t>(), std::span<const std::uint8_t>()));
    CHECK(equal_ct(std::span<const std::uint8_t>(a).first(0), std::span<const std::uint8_t>()));
}

TEST_CASE("any single flipped bit at any position makes them differ")
{
    const auto a = test::pseudo_random_bytes(33, 2);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (int bit = 0; bit < 8; ++bit) {
            auto b = a;
            b[i] = static_cast<std::uint8_t>(b[i] ^ (1u << bit));
            CAPTURE(i);
            CAPTURE(bit);
            REQUIRE_FALSE(equal_ct(a, b));
            REQUIRE_FALSE(equal_ct(b, a));
        }
}

TEST_CASE("different lengths differ, even when one is a prefix of the other")
{
    const auto a = test::pseudo_random_bytes(20, 3);
    CHECK_FALSE(equal_ct(a, std::span<const std::uint8_t>(a).first(19)));
    CHECK_FALSE(equal_ct(std::span<const std::uint8_t>(), a));
}
