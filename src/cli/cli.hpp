// The twoleg command-line tool: shared plumbing for the subcommands.
//
// Exit codes (a contract): 0 success, 1 verification failed, 2 usage error,
// 3 invalid input, 4 I/O error. Every error is one line on stderr beginning
// "twoleg: ". Commands build their whole output in memory and write it only
// on success; --out files are written to a temporary file and renamed.
// Exceptions are used only here, at the CLI's edge: a command throws
// cli::failure and main() turns it into the message and exit code.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/service_account.hpp"

namespace twoleg::cli {

enum exit_status : int {
    exit_ok = 0,
    exit_verification_failed = 1,
    exit_usage = 2,
    exit_invalid_input = 3,
    exit_io = 4,
};

struct failure {
    int status;
    std::string message;
};

[[noreturn]] void fail(int status, std::string message);
[[noreturn]] void fail_usage(std::string message);
/// Throws with the exit status of the error's category.
[[noreturn]] void fail(const error &e, std::string_view context = {});
int exit_status_for(const error &e) noexcept;

/// Unwraps a result or fails with its error (prefixing `context` when given).
template <class T>
T take(result<T> r, std::string_view context = {})
{
    if (!r) fail(r.err(), context);
    return std::move(r).value();
}
inline void take(result<void> r, std::string_view context = {})
{
    if (!r) fail(r.err(), context);
}

/// Command-line options: "--name value", "--name=value", flags, positionals.
struct option_spec {
    std::string_view name;      // without the leading dashes
    bool takes_value = false;
    bool repeatable = false;
};

struct arguments {
    std::map<std::string, std::vector<std::string>, std::less<>> values;
    std::vector<std::string> positional;
    bool help = false;

    bool has(std::string_view name) const { return values.find(name) != values.end(); }
    std::optional<std::string> get(std::string_view name) const;
    /// The value of option `name`, or a usage error (exit 2) saying that `shown`
    /// (e.g. "--client FILE") is required.
    std::string required(std::string_view name, std::string_view shown) const;
    std::vector<std::string> get_all(std::string_view name) const;
};

/// Parses argv (after the subcommand); unknown options and missing values fail with exit 2.
arguments parse_arguments(std::span<char *const> argv, std::span<const option_spec> specs);

/// Parses a decimal integer option value or fails with exit 2.
std::int64_t parse_integer(std::string_view option, std::string_view text);

/// Reads a whole file ("-" or empty: standard input), refusing more than `limit` bytes (exit 3).
std::vector<std::uint8_t> read_input(std::string_view path, std::size_t limit);

/// Writes bytes to standard output, or atomically to `path` (temporary file + rename).
void write_output(const std::optional<std::string> &path, std::span<const std::uint8_t> bytes);
void write_output(const std::optional<std::string> &path, std::string_view text);

/// Reads a service-account JSON key file (exit 3 with the reason if it is not one).
service_account load_account(const std::string &path);

/// Subcommands. Each receives the arguments after its own name.
int run_sha256(std::span<char *const> args);
int run_inspect(std::span<char *const> args);
int run_asn1(std::span<char *const> args);
int run_sign(std::span<char *const> args);
int run_verify(std::span<char *const> args);
int run_assertion(std::span<char *const> args);
int run_token_request(std::span<char *const> args);
int run_token_response(std::span<char *const> args);
int run_jwt(std::span<char *const> args);
int run_convert(std::span<char *const> args);
int run_keygen(std::span<char *const> args);
int run_jwk(std::span<char *const> args);
int run_dpop(std::span<char *const> args);
int run_doctor(std::span<char *const> args);
int run_version(std::span<char *const> args);
int run_oauth(std::span<char *const> args);

/// Limit on any single input file the CLI reads (key files have their own, smaller limits).
inline constexpr std::size_t max_message_bytes = std::size_t{1} << 30;

} // namespace twoleg::cli
