// Shared plumbing of the twoleg CLI (see cli.hpp).
#include "cli.hpp"
#include "core/wipe.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <algorithm>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace twoleg::cli {

void fail(int status, std::string message) { throw failure{status, std::move(message)}; }
void fail_usage(std::string message) { fail(exit_usage, std::move(message)); }

int exit_status_for(const error &e) noexcept
{
    switch (category_of(e.code)) {
    case error_category::usage: return exit_usage;
    case error_category::verification: return exit_verification_failed;
    case error_category::invalid_input: return exit_invalid_input;
    case error_category::io: return exit_io;
    case error_category::internal: return exit_invalid_input;
    }
    return exit_invalid_input;
}

void fail(const error &e, std::string_view context)
{
    std::string m;
    if (!context.empty()) {
        m.assign(context);
        m += ": ";
    }
    m += e.message();
    fail(exit_status_for(e), std::move(m));
}

std::optional<std::string> arguments::get(std::string_view name) const
{
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::string arguments::required(std::string_view name, std::string_view shown) const
{
    auto value = get(name);
    if (!value) fail_usage(std::string(shown) + " is required (see --help)");
    return *value;
}

std::vector<std::string> arguments::get_all(std::string_view name) const
{
    auto it = values.find(name);
    return it == values.end() ? std::vector<std::string>{} : it->second;
}

arguments parse_arguments(std::span<char *const> argv, std::span<const option_spec> specs)
{
    arguments out;
    bool options_done = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string_view a = argv[i];
        if (options_done || a.size() < 2 || a[0] != '-' || a == "-") {
            out.positional.emplace_back(a);
            continue;
        }
        if (a == "--") {
            options_done = true;
            continue;
        }
        if (a == "-h" || a == "--help") {
            out.help = true;
            continue;
        }
        if (a.substr(0, 2) != "--") fail_usage("unknown option '" + std::string(a) + "' (see --help)");
        std::string_view name = a.substr(2);
        std::optional<std::string_view> inline_value;
        if (auto eq = name.find('='); eq != std::string_view::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const option_spec *spec = nullptr;
        for (const auto &s : specs)
            if (s.name == name) spec = &s;
        if (!spec) fail_usage("unknown option '--" + std::string(name) + "' (see --help)");
        std::string value;
        if (spec->takes_value) {
            if (inline_value) {
                value = *inline_value;
            } else {
                if (i + 1 >= argv.size()) fail_usage("option '--" + std::string(name) + "' needs a value");
                value = argv[++i];
            }
        } else if (inline_value) {
            fail_usage("option '--" + std::string(name) + "' takes no value");
        }
        auto &slot = out.values[std::string(name)];
        if (!slot.empty() && !spec->repeatable)
            fail_usage("option '--" + std::string(name) + "' given more than once");
        slot.push_back(std::move(value));
    }
    return out;
}

std::int64_t parse_integer(std::string_view option, std::string_view text)
{
    std::string s(text);
    errno = 0;
    char *end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno == ERANGE)
        fail_usage("option '--" + std::string(option) + "' needs an integer, not '" + s + "'");
    return v;
}

std::vector<std::uint8_t> read_input(std::string_view path, std::size_t limit)
{
    const bool use_stdin = path.empty() || path == "-";
    int fd = use_stdin ? 0 : ::open(std::string(path).c_str(), O_RDONLY | O_CLOEXEC);
    std::string shown = use_stdin ? std::string("standard input") : std::string(path);
    if (fd < 0) fail(exit_io, "cannot open " + shown + ": " + std::strerror(errno));
    // Inputs are often key files: the buffer grows by explicit copies that wipe
    // the old storage, so no stray copy of a key is left in freed memory.
    std::vector<std::uint8_t> data;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        data.reserve(std::min<std::size_t>(static_cast<std::size_t>(st.st_size) + 1, limit + 1));
    std::uint8_t buf[65536];
    auto finish = [&](bool close_it) {
        detail::secure_wipe(buf, sizeof buf);
        if (close_it && !use_stdin) ::close(fd);
    };
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            finish(true);
            detail::secure_wipe(data);
            fail(exit_io, "cannot read " + shown + ": " + std::strerror(saved));
        }
        if (n == 0) break;
        const auto got = static_cast<std::size_t>(n);
        if (data.size() + got > limit) {
            finish(true);
            detail::secure_wipe(data);
            fail(exit_invalid_input, shown + " is larger than the limit of " + std::to_string(limit) + " bytes");
        }
        if (data.size() + got > data.capacity()) {
            std::vector<std::uint8_t> bigger;
            bigger.reserve(std::min(std::max(2 * data.capacity(), data.size() + got), limit + 1));
            bigger.assign(data.begin(), data.end());
            detail::secure_wipe(data);
            data.swap(bigger);
        }
        data.insert(data.end(), buf, buf + got);
    }
    finish(true);
    return data;
}

static void write_all(int fd, std::span<const std::uint8_t> bytes, const std::string &shown)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(exit_io, "cannot write " + shown + ": " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
}

void write_output(const std::optional<std::string> &path, std::span<const std::uint8_t> bytes)
{
    if (!path || *path == "-") {
        write_all(1, bytes, "standard output");
        return;
    }
    std::string tmp = *path + ".tmp-XXXXXX";
    int fd = ::mkstemp(tmp.data());
    if (fd < 0) fail(exit_io, "cannot create a temporary file next to " + *path + ": " + std::strerror(errno));
    try {
        write_all(fd, bytes, *path);
        if (::fsync(fd) != 0 || ::close(fd) != 0) {
            fd = -1;
            fail(exit_io, "cannot write " + *path + ": " + std::strerror(errno));
        }
        fd = -1;
        if (::rename(tmp.c_str(), path->c_str()) != 0)
            fail(exit_io, "cannot rename to " + *path + ": " + std::strerror(errno));
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
}

void write_output(const std::optional<std::string> &path, std::string_view text)
{
    write_output(path, std::span(reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

} // namespace twoleg::cli
