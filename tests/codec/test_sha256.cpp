// SHA-256 against vectors we did not compute: the FIPS 180-4 / NIST example
// messages, RFC 7636's S256 example, and the `sha256sum` command run here on
// the same bytes. Both compression functions are checked on their own, so a
// fault in the one not chosen at run time is caught too.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define TWOLEG_HAVE_VALGRIND_H 1
#endif
#endif

#include "codec/sha256_compress.hpp"
#include "codec/sha_extensions.hpp"
#include "test_support.hpp"
#include "twoleg/sha256.hpp"

namespace {

using twoleg::sha256_digest;

std::string hex_of(const sha256_digest &d) { return test::hex(d); }

struct named_vector {
    const char *name;
    std::string message;
    const char *digest;
};

// FIPS 180-4 examples (NIST "SHA256.pdf", "SHA2_Additional" examples) and
// RFC 7636 Appendix B (SHA-256 of the code_verifier, given there as octets).
std::vector<named_vector> spec_vectors()
{
    return {
        {"FIPS 180-4 one-block \"abc\"", "abc",
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"FIPS 180-4 two-block 448-bit message",
         "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"FIPS 180-4 896-bit message",
         "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
        {"NIST one million 'a'", std::string(1000000, 'a'),
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
        {"NIST empty message", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        // RFC 7636 App. B: [19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8,
        // 118, 168, 120, 173, 109, 241, 68, 86, 110, 225, 137, 74, 203, 112, 249, 195].
        {"RFC 7636 Appendix B code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
         "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3"},
    };
}

std::span<const std::uint8_t> as_bytes(const std::string &s)
{
    return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

// SHA-256 with an explicitly chosen compression function: FIPS 180-4 §5.1.1
// padding written here independently of sha256.cpp, so each kernel can be
// checked against the vectors on its own.
sha256_digest hash_with(twoleg::detail::sha256_compress_fn compress, std::span<const std::uint8_t> msg)
{
    std::uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::vector<std::uint8_t> padded(msg.begin(), msg.end());
    padded.push_back(0x80);
    while (padded.size() % 64 != 56) padded.push_back(0);
    const std::uint64_t bits = std::uint64_t{msg.size()} * 8;
    for (int i = 7; i >= 0; --i) padded.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
    compress(state, padded.data(), padded.size() / 64);
    sha256_digest d;
    for (int i = 0; i < 32; ++i) d[i] = static_cast<std::uint8_t>(state[i / 4] >> (24 - 8 * (i % 4)));
    return d;
}

// The digest `sha256sum` prints for these bytes.
std::string sha256sum_of(std::span<const std::uint8_t> data)
{
    static int counter = 0;
    const std::string path = test::temp_dir() + "/sha256-input-" + std::to_string(++counter);
    test::write_file(path, data);
    const auto r = test::run("sha256sum " + test::shell_quote(path));
    REQUIRE_MESSAGE(r.status == 0, "sha256sum failed: " << r.err);
    REQUIRE(r.out.size() >= 64);
    return r.out.substr(0, 64);
}

bool running_under_emulator()
{
#if TWOLEG_HAVE_VALGRIND_H
    return RUNNING_ON_VALGRIND != 0;
#else
    return false;
#endif
}

bool cpuinfo_has_sha_ni()
{
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("flags", 0) == 0)
            return line.find(" sha_ni") != std::string::npos && line.find(" ssse3") != std::string::npos &&
                   line.find(" sse4_1") != std::string::npos;
    return false;
}

} // namespace

TEST_CASE("FIPS 180-4 and RFC vectors, one-shot")
{
    for (const auto &v : spec_vectors()) {
        CAPTURE(v.name);
        CHECK(hex_of(twoleg::sha256_hash(v.message)) == v.digest);
        CHECK(hex_of(twoleg::sha256_hash(as_bytes(v.message))) == v.digest);
    }
}

TEST_CASE("each compression function on its own matches the vectors")
{
    const bool shani = twoleg::detail::sha_extensions_available();
    if (!shani) MESSAGE("SHA-NI not available on this CPU: only the portable kernel is checked");
    for (const auto &v : spec_vectors()) {
        CAPTURE(v.name);
        CHECK(hex_of(hash_with(twoleg::detail::sha256_compress_portable, as_bytes(v.message))) == v.digest);
        if (shani)
            CHECK(hex_of(hash_with(twoleg::detail::sha256_compress_shani, as_bytes(v.message))) == v.digest);
    }
}

TEST_CASE("SHA-NI detection agrees with the kernel's view of the CPU")
{
#if defined(__linux__) && (defined(__x86_64__) || defined(__i386__))
    if (running_under_emulator()) {
        // Valgrind hides the SHA extensions from CPUID (it cannot run them)
        // while /proc/cpuinfo still lists them: only one direction holds.
        MESSAGE("under valgrind: CPUID may hide SHA-NI");
        if (twoleg::detail::sha_extensions_available()) CHECK(cpuinfo_has_sha_ni());
    } else {
        CHECK(twoleg::detail::sha_extensions_available() == cpuinfo_has_sha_ni());
    }
#else
    MESSAGE("no /proc/cpuinfo cross-check on this platform");
#endif
}

TEST_CASE("sha256_implementation names the function in use")
{
    const std::string impl = twoleg::sha256_implementation();
    const char *force = std::getenv("TWOLEG_NO_SHANI");
    const bool forced_portable = force && *force && std::strcmp(force, "0") != 0;
    const bool expect_shani = twoleg::detail::sha_extensions_available() && !forced_portable;
    CHECK(impl == (expect_shani ? "sha-ni" : "portable"));
    CHECK((twoleg::detail::sha256_compress() == twoleg::detail::sha256_compress_shani) == expect_shani);
    MESSAGE("implementation in use: " << impl);
}

TEST_CASE("length classes around the padding boundary agree with sha256sum")
{
    const std::size_t lengths[] = {0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000};
    std::uint64_t seed = 1;
    for (std::size_t n : lengths) {
        CAPTURE(n);
        const auto data = test::pseudo_random_bytes(n, seed++);
        const std::string expected = sha256sum_of(data);
        CHECK(hex_of(twoleg::sha256_hash(data)) == expected);
        CHECK(hex_of(hash_with(twoleg::detail::sha256_compress_portable, data)) == expected);
        if (twoleg::detail::sha_extensions_available())
            CHECK(hex_of(hash_with(twoleg::detail::sha256_compress_shani, data)) == expected);
    }
}

TEST_CASE("streaming: a message split at every position")
{
    const auto data = test::pseudo_random_bytes(300, 77);
    const std::string expected = sha256sum_of(data);
    const std::span<const std::uint8_t> all(data);
    for (std::size_t cut = 0; cut <= data.size(); ++cut) {
        CAPTURE(cut);
        twoleg::sha256 h;
        h.update(all.first(cut));
        h.update(all.subspan(cut));
        REQUIRE(hex_of(h.finish()) == expected);
    }
    // Three pieces: every pair of cuts on a shorter message.
    const std::span<const std::uint8_t> short_msg = all.first(140);
    const std::string short_expected = sha256sum_of(short_msg);
    for (std::size_t a = 0; a <= short_msg.size(); ++a)
        for (std::size_t b = a; b <= short_msg.size(); ++b) {
            twoleg::sha256 h;
            h.update(short_msg.first(a));
            h.update(short_msg.subspan(a, b - a));
            h.update(short_msg.subspan(b));
            REQUIRE_MESSAGE(hex_of(h.finish()) == short_expected, "cuts " << a << ", " << b);
        }
}

TEST_CASE("streaming: many small pieces, empty updates, reuse after finish")
{
    const auto data = test::pseudo_random_bytes(5000, 99);
    const std::string expected = sha256sum_of(data);
    const std::span<const std::uint8_t> all(data);
    twoleg::sha256 h;
    for (std::size_t piece = 1; piece <= 70; ++piece) {
        CAPTURE(piece);
        for (std::size_t i = 0; i < data.size(); i += piece) {
            h.update(all.subspan(i, std::min(piece, data.size() - i)));
            h.update(std::span<const std::uint8_t>{});
        }
        // finish() resets, so the same object serves the next round.
        REQUIRE(hex_of(h.finish()) == expected);
    }
    // Irregular piece sizes.
    const auto sizes = test::pseudo_random_bytes(2000, 5);
    std::size_t pos = 0;
    for (std::size_t k = 0; pos < data.size(); ++k) {
        const std::size_t n = std::min<std::size_t>(sizes[k % sizes.size()] % 150, data.size() - pos);
        h.update(all.subspan(pos, n));
        pos += n;
    }
    CHECK(hex_of(h.finish()) == expected);

    // reset() discards what was absorbed.
    h.update("garbage");
    h.reset();
    h.update("abc");
    CHECK(hex_of(h.finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    // The string_view overload absorbs the same bytes.
    twoleg::sha256 s;
    s.update(std::string_view("abcdbcdecdefdefgefghfghighijhijk"));
    s.update(std::string_view("ijkljklmklmnlmnomnopnopq"));
    CHECK(hex_of(s.finish()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("portable and SHA-NI kernels agree on random states and multi-block inputs")
{
    if (!twoleg::detail::sha_extensions_available()) {
        MESSAGE("SHA-NI not available: nothing to compare");
        return;
    }
    for (std::uint64_t trial = 0; trial < 400; ++trial) {
        CAPTURE(trial);
        const std::size_t blocks = 1 + trial % 9;
        const auto data = test::pseudo_random_bytes(64 * blocks, 1000 + trial);
        const auto seed_bytes = test::pseudo_random_bytes(32, 5000 + trial);
        std::uint32_t a[8], b[8], c[8];
        std::memcpy(a, seed_bytes.data(), 32);
        std::memcpy(b, a, 32);
        std::memcpy(c, a, 32);
        twoleg::detail::sha256_compress_portable(a, data.data(), blocks);
        twoleg::detail::sha256_compress_shani(b, data.data(), blocks);
        // One block per call must equal one call over all blocks.
        for (std::size_t i = 0; i < blocks; ++i) twoleg::detail::sha256_compress_shani(c, data.data() + 64 * i, 1);
        REQUIRE(std::memcmp(a, b, 32) == 0);
        REQUIRE(std::memcmp(a, c, 32) == 0);
    }
    // Unaligned input and a zero block count (state unchanged).
    std::vector<std::uint8_t> buf = test::pseudo_random_bytes(64 * 4 + 3, 42);
    std::uint32_t a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    twoleg::detail::sha256_compress_portable(a, buf.data() + 3, 4);
    twoleg::detail::sha256_compress_shani(b, buf.data() + 3, 4);
    CHECK(std::memcmp(a, b, 32) == 0);
    twoleg::detail::sha256_compress_shani(b, buf.data(), 0);
    CHECK(std::memcmp(a, b, 32) == 0);
}

TEST_CASE("large random messages agree with sha256sum through both kernels")
{
    for (std::size_t n : {std::size_t{4096 + 17}, std::size_t{(1 << 20) + 3}}) {
        CAPTURE(n);
        const auto data = test::pseudo_random_bytes(n, n);
        const std::string expected = sha256sum_of(data);
        CHECK(hex_of(twoleg::sha256_hash(data)) == expected);
        CHECK(hex_of(hash_with(twoleg::detail::sha256_compress_portable, data)) == expected);
        if (twoleg::detail::sha_extensions_available())
            CHECK(hex_of(hash_with(twoleg::detail::sha256_compress_shani, data)) == expected);
    }
}

TEST_CASE("every length 0..300: portable, SHA-NI and the public API agree with sha256sum")
{
    // One sha256sum run over 301 files (one per length) rather than 301 runs.
    // Lengths 0..300 cover every tail length (0..63) in messages of zero to
    // four full blocks, i.e. one- and two-block padding after each.
    constexpr std::size_t max_length = 300;
    const std::string dir = test::temp_dir();
    std::vector<std::vector<std::uint8_t>> messages;
    std::string command = "sha256sum";
    for (std::size_t n = 0; n <= max_length; ++n) {
        messages.push_back(test::pseudo_random_bytes(n, 3000 + n));
        const std::string path = dir + "/sha256-length-" + std::to_string(n);
        test::write_file(path, messages.back());
        command += ' ';
        command += test::shell_quote(path);
    }
    const auto r = test::run(command);
    REQUIRE_MESSAGE(r.status == 0, "sha256sum failed: " << r.err);
    std::istringstream lines(r.out);
    const bool shani = twoleg::detail::sha_extensions_available();
    for (std::size_t n = 0; n <= max_length; ++n) {
        CAPTURE(n);
        std::string line;
        REQUIRE(std::getline(lines, line));
        REQUIRE(line.size() >= 64);
        const std::string expected = line.substr(0, 64);
        CHECK(hex_of(twoleg::sha256_hash(messages[n])) == expected);
        CHECK(hex_of(hash_with(twoleg::detail::sha256_compress_portable, messages[n])) == expected);
        if (shani) CHECK(hex_of(hash_with(twoleg::detail::sha256_compress_shani, messages[n])) == expected);
    }
}

TEST_CASE("portable kernel: one call over many blocks equals one call per block, at any alignment")
{
    // Runs with or without SHA-NI: the portable kernel against itself, so a
    // fault in carrying the state from one block to the next, or in reading
    // unaligned input, shows up on any CPU (the sha256sum tests pin the value).
    const auto data = test::pseudo_random_bytes(64 * 9 + 7, 4242);
    for (std::size_t offset = 0; offset < 8; ++offset)
        for (std::size_t blocks = 0; blocks <= 9; ++blocks) {
            CAPTURE(offset);
            CAPTURE(blocks);
            std::uint32_t all[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
            std::uint32_t each[8];
            std::memcpy(each, all, sizeof all);
            twoleg::detail::sha256_compress_portable(all, data.data() + offset, blocks);
            // A copy at a different address (and alignment) of each block.
            for (std::size_t i = 0; i < blocks; ++i) {
                std::uint8_t block[65];
                std::memcpy(block + 1, data.data() + offset + 64 * i, 64);
                twoleg::detail::sha256_compress_portable(each, block + 1, 1);
            }
            REQUIRE(std::memcmp(all, each, sizeof all) == 0);
        }
}
