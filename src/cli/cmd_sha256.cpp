// twoleg sha256 [FILE]: hex digest of FILE or standard input, then a newline.
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include "cli.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg::cli {

namespace {
constexpr const char *help_text =
    "usage: twoleg sha256 [FILE]\n"
    "Prints the SHA-256 of FILE (or standard input, also for '-') as lowercase hex and a newline,\n"
    "like sha256sum without the file name.\n";
}

int run_sha256(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"help"}};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(help_text, stdout);
        return exit_ok;
    }
    if (args.positional.size() > 1) fail_usage("sha256 takes at most one FILE");
    std::string path = args.positional.empty() ? std::string("-") : args.positional[0];
    const bool use_stdin = path == "-";
    std::string shown = use_stdin ? std::string("standard input") : path;

    // Streamed, so files of any size hash in constant memory.
    int fd = use_stdin ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(exit_io, "cannot open " + shown + ": " + std::strerror(errno));
    sha256 h;
    static std::uint8_t buf[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            if (!use_stdin) ::close(fd);
            fail(exit_io, "cannot read " + shown + ": " + std::strerror(saved));
        }
        if (n == 0) break;
        h.update(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)));
    }
    if (!use_stdin) ::close(fd);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : h.finish()) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    out += '\n';
    write_output(std::nullopt, out);
    return exit_ok;
}

} // namespace twoleg::cli
