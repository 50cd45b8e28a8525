// Implements key_input.hpp.
#include "key_input.hpp"

#include <cstdio>
#include <optional>
#include <termios.h>
#include <unistd.h>

#include "core/env.hpp"
#include "core/wipe.hpp"

namespace twoleg::cli {

namespace {

/// Longest password file read (a password, not a document).
constexpr std::size_t max_password_file_bytes = 4096;

/// A password held for one load, wiped when it goes.
struct secret_text {
    std::string value;
    secret_text() = default;
    secret_text(const secret_text &) = delete;
    secret_text &operator=(const secret_text &) = delete;
    ~secret_text() { detail::secure_wipe(value); }
};

void drop_one_line_end(std::string &s)
{
    if (!s.empty() && s.back() == '\n') {
        s.pop_back();
        if (!s.empty() && s.back() == '\r') s.pop_back();
    }
}

/// --password-file / --password-env, if given.
bool password_from_options(const arguments &args, const std::string &key_path, secret_text &out)
{
    const auto file = args.get("password-file");
    const auto env = args.get("password-env");
    if (file && env) fail_usage("--password-file and --password-env exclude each other");
    if (file) {
        if (*file == "-" && key_path == "-")
            fail_usage("the key and --password-file cannot both come from standard input");
        std::vector<std::uint8_t> data = read_input(*file, max_password_file_bytes);
        out.value.assign(data.begin(), data.end());
        detail::secure_wipe(data);
        drop_one_line_end(out.value);
        return true;
    }
    if (env) {
        if (env->empty()) fail_usage("--password-env needs the name of an environment variable");
        if (!detail::env_value(env->c_str(), out.value))
            fail_usage("--password-env " + *env + ": that environment variable is not set");
        return true;
    }
    return false;
}

/// Asks on the terminal (standard input) with echo off; false if it is not a terminal.
bool password_from_terminal(const std::string &key_path, secret_text &out)
{
    if (key_path == "-" || ::isatty(0) != 1) return false;
    termios saved{};
    if (::tcgetattr(0, &saved) != 0) return false;
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    std::fprintf(stderr, "Password for %s: ", key_path.c_str());
    std::fflush(stderr);
    if (::tcsetattr(0, TCSAFLUSH, &quiet) != 0) return false;
    char c = 0;
    bool ok = true;
    for (;;) {
        const ssize_t n = ::read(0, &c, 1);
        if (n < 0) {
            ok = false;
            break;
        }
        if (n == 0 || c == '\n') break;
        if (out.value.size() >= max_password_file_bytes) {
            ok = false;
            break;
        }
        out.value.push_back(c);
    }
    c = 0;
    ::tcsetattr(0, TCSAFLUSH, &saved);
    std::fputc('\n', stderr);
    if (!ok) fail(exit_io, "cannot read the password from the terminal");
    if (!out.value.empty() && out.value.back() == '\r') out.value.pop_back();
    return true;
}

/// The key error, with what to do about a missing password in CLI words.
[[noreturn]] void fail_key(const error &e, const std::string &path)
{
    std::string m = path + ": " + e.message();
    if (e.code == errc::key_password_required)
        m += "; give it with --password-file FILE or --password-env NAME";
    fail(exit_status_for(e), std::move(m));
}

} // namespace

loaded_key load_key_file(const arguments &args, const std::string &path)
{
    std::vector<std::uint8_t> data = read_input(path, key_max_input_bytes);
    detail::wipe_on_exit wipe_data{data};
    secret_text password;
    key_load_options options;
    if (password_from_options(args, path, password)) options.password = password.value;
    result<loaded_key> key = load_key(data, options);
    if (!key && key.err().code == errc::key_password_required && !options.password &&
        password_from_terminal(path, password)) {
        options.password = password.value;
        key = load_key(data, options);
    }
    if (!key) fail_key(key.err(), path);
    return std::move(key).value();
}

loaded_key load_private_key_file(const arguments &args, const std::string &path)
{
    loaded_key key = load_key_file(args, path);
    if (!key.is_private()) {
        const bool certificate =
            key.format == key_format::certificate_pem || key.format == key_format::certificate_der;
        fail(exit_invalid_input, path + ": " + (certificate ? "this is a certificate, not a private key"
                                                            : "this is a public key, not a private key"));
    }
    return key;
}

} // namespace twoleg::cli
