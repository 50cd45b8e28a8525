// Test helpers for the hash tests: digests computed by commands we did not
// write (coreutils' sha1sum/sha224sum/sha384sum/sha512sum/md5sum, which do not
// use OpenSSL, and `openssl dgst`).
#pragma once

#include <doctest/doctest.h>

#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace oracle {

/// The digest `tool` (e.g. "sha1sum") prints for every prefix of data, from
/// the empty one to all of it: element n is the digest of the first n bytes.
/// One shell runs the whole loop.
inline std::vector<std::string> prefix_digests(std::span<const std::uint8_t> data, const std::string &tool)
{
    static int counter = 0;
    const std::string path = test::temp_dir() + "/prefix-input-" + std::to_string(++counter);
    test::write_file(path, data);
    const auto r = test::run("for n in $(seq 0 " + std::to_string(data.size()) + "); do head -c $n " +
                             test::shell_quote(path) + " | " + tool + "; done");
    REQUIRE_MESSAGE(r.status == 0, tool << " failed: " << r.err);
    std::vector<std::string> digests;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) digests.push_back(line.substr(0, line.find(' ')));
    REQUIRE(digests.size() == data.size() + 1);
    return digests;
}

/// `openssl dgst <flag> -r` of data (flag such as "-sha1"), as hex.
inline std::string openssl_digest(std::span<const std::uint8_t> data, const std::string &flag)
{
    static int counter = 0;
    const std::string path = test::temp_dir() + "/dgst-input-" + std::to_string(++counter);
    test::write_file(path, data);
    const auto r = test::run("openssl dgst " + flag + " -r " + test::shell_quote(path));
    REQUIRE_MESSAGE(r.status == 0, "openssl dgst failed: " << r.err);
    return r.out.substr(0, r.out.find(' '));
}

/// A reproducible length in 1..max from a seed.
inline std::size_t random_length(std::uint64_t seed, std::size_t max)
{
    const auto b = test::pseudo_random_bytes(4, seed);
    const std::uint32_t r = b[0] | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
    return 1 + r % max;
}

inline std::span<const std::uint8_t> as_bytes(const std::string &s)
{
    return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

} // namespace oracle
