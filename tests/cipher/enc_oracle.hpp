// Test helper for the cipher tests: `openssl enc` on raw key and IV bytes.
#pragma once

#include <doctest/doctest.h>

#include <span>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace oracle {

struct enc_options {
    bool decrypt = false;
    bool padding = false; // PKCS#7 (openssl's default) or -nopad
    bool legacy = false;  // single DES and RC2 live in OpenSSL 3's legacy provider
};

/// `openssl enc -<cipher> -K <key> [-iv <iv>]` over data; returns its output.
inline std::vector<std::uint8_t> openssl_enc(const std::string &cipher, std::span<const std::uint8_t> key,
                                             std::span<const std::uint8_t> iv, std::span<const std::uint8_t> data,
                                             enc_options o = {})
{
    static int counter = 0;
    const std::string base = test::temp_dir() + "/enc-" + std::to_string(++counter);
    test::write_file(base + ".in", data);
    std::string cmd = "openssl enc -" + cipher + (o.decrypt ? " -d" : " -e") + (o.padding ? "" : " -nopad") +
                      (o.legacy ? " -provider legacy -provider default" : "") + " -K " + test::hex(key);
    if (!iv.empty()) cmd += " -iv " + test::hex(iv);
    cmd += " -in " + test::shell_quote(base + ".in") + " -out " + test::shell_quote(base + ".out");
    const auto r = test::run(cmd);
    REQUIRE_MESSAGE(r.status == 0, cmd << ": " << r.err);
    return test::read_file(base + ".out");
}

/// A reproducible value in 0..max-1 from a seed.
inline std::size_t random_below(std::uint64_t seed, std::size_t max)
{
    const auto b = test::pseudo_random_bytes(4, seed);
    const std::uint32_t r = b[0] | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
    return r % max;
}

} // namespace oracle
