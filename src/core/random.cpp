// Implements twoleg/random.hpp: random bytes for blinding.
//
// getrandom(2) with flags 0 blocks only until the kernel's generator has been
// seeded once at boot, then never again, and never returns predictable bytes.
// A call may be interrupted by a signal (EINTR) or return fewer bytes than
// asked for (large requests interrupted part-way): both are retried until the
// buffer is full. Where the system call is missing or forbidden (old kernels,
// seccomp filters answering ENOSYS or EPERM) /dev/urandom is read instead,
// which on Linux is the same generator. On any failure the buffer is zeroed so
// that no caller can mistake a partial fill for randomness.
#include "twoleg/random.hpp"
#include "core/wipe.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

namespace twoleg {

namespace {

void clear(std::span<std::uint8_t> out) noexcept { detail::secure_wipe(out); }

bool read_dev_urandom(std::span<std::uint8_t> out) noexcept
{
    int fd;
    do {
        fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return false;
    std::size_t done = 0;
    bool ok = true;
    while (done < out.size()) {
        ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return ok;
}

} // namespace

result<void> os_random_bytes(std::span<std::uint8_t> out) noexcept
{
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == ENOSYS || errno == EPERM) && done == 0) {
            if (read_dev_urandom(out)) return {};
        }
        clear(out);
        return error(errc::random_failure, "the operating system's random generator failed");
    }
    return {};
}

result<void> random_bytes(const random_source *source, std::span<std::uint8_t> out) noexcept
{
    if (source == nullptr || source->fill == nullptr) return os_random_bytes(out);
    if (out.empty()) return {};
    if (!source->fill(source->context, out.data(), out.size())) {
        clear(out);
        return error(errc::random_failure, "the caller's random source failed");
    }
    return {};
}

} // namespace twoleg
