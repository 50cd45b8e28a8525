// SHA-256 of a file or standard input, streamed in constant memory, for the
// `sign` and `verify` subcommands (messages may be larger than memory).
#pragma once

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <string_view>
#include <unistd.h>

#include "cli.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg::cli {

/// Hashes `path` ("-" or empty: standard input); fails with exit 4 on I/O errors.
inline sha256_digest sha256_of_input(std::string_view path)
{
    const bool use_stdin = path.empty() || path == "-";
    const std::string shown = use_stdin ? std::string("standard input") : std::string(path);
    const int fd = use_stdin ? 0 : ::open(std::string(path).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(exit_io, "cannot open " + shown + ": " + std::strerror(errno));
    sha256 h;
    std::string buffer(std::size_t{1} << 16, '\0');
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            const int saved = errno;
            if (!use_stdin) ::close(fd);
            fail(exit_io, "cannot read " + shown + ": " + std::strerror(saved));
        }
        if (n == 0) break;
        h.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
    if (!use_stdin) ::close(fd);
    return h.finish();
}

} // namespace twoleg::cli
