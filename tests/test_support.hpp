// Helpers shared by the unit tests: files, the openssl command, hex.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace test {

/// Key sizes and public exponents the build generated with the openssl command.
inline constexpr unsigned key_sizes[] = {1024, 2047, 2048, 2049, 3072, 4096};
inline constexpr unsigned exponents[] = {3, 65537};

/// $TWOLEG_TEST_KEYS/rsa-<bits>-e<e>.<form>, e.g. key_path(2048, 65537, "pkcs8.pem").
std::string key_path(unsigned bits, unsigned e, std::string_view form);
std::string source_root();
std::string cli_path();
/// A fresh directory for this test process (under $TWOLEG_TEST_TMP).
std::string temp_dir();

std::vector<std::uint8_t> read_file(const std::string &path);
std::string read_text(const std::string &path);
void write_file(const std::string &path, std::span<const std::uint8_t> data);
void write_file(const std::string &path, std::string_view text);

struct command_result {
    int status = -1;   // exit status, or -1 if killed by a signal
    std::string out;   // standard output
    std::string err;   // standard error
};
/// Runs a /bin/sh command line; output captured in full.
command_result run(const std::string &command_line);
/// Quotes a string for /bin/sh.
std::string shell_quote(std::string_view s);

std::string hex(std::span<const std::uint8_t> data);
std::vector<std::uint8_t> unhex(std::string_view hex);
std::vector<std::uint8_t> bytes(std::string_view text);
/// Deterministic pseudo-random bytes (splitmix64), for reproducible inputs.
std::vector<std::uint8_t> pseudo_random_bytes(std::size_t n, std::uint64_t seed);

/// Sets (value non-null) or unsets an environment variable for its lifetime,
/// then restores the previous state; for the TWOLEG_* dispatch switches.
class scoped_env {
  public:
    scoped_env(const char *name, const char *value);
    ~scoped_env();
    scoped_env(const scoped_env &) = delete;
    scoped_env &operator=(const scoped_env &) = delete;

  private:
    const char *name_;
    bool had_ = false;
    std::string old_;
};

} // namespace test
