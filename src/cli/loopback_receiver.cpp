// The loopback redirect receiver (see loopback_receiver.hpp).
#include "loopback_receiver.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include "cli.hpp"
#include "core/wipe.hpp"
#include "google/http_request.hpp"
#include "twoleg/oauth_redirect.hpp"

namespace twoleg::cli {

namespace {

constexpr std::size_t max_connections = 16;

using clock_type = std::chrono::steady_clock;

struct connection {
    int fd = -1;
    std::string received;
    clock_type::time_point deadline;
};

std::string html_escape(std::string_view text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string page(std::string_view title, std::string_view text)
{
    std::string body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>";
    body += html_escape(title);
    body += "</title></head><body><h1>";
    body += html_escape(title);
    body += "</h1><p>";
    body += html_escape(text);
    body += "</p></body></html>\n";
    return body;
}

/// Sends a complete response, then closes after letting the client read it.
void respond(int fd, int status, std::string_view reason, const std::string &body, bool allow_get = false)
{
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
                       "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\nConnection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
                       "Referrer-Policy: no-referrer\r\n";
    if (allow_get) head += "Allow: GET\r\n";
    head += "\r\n";
    head += body;
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    std::size_t done = 0;
    while (done < head.size()) {
        ssize_t n = ::send(fd, head.data() + done, head.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    // Read what the client still sends (briefly) so that closing does not
    // reset the connection before it has read the answer.
    char sink[4096];
    for (int i = 0; i < 16; ++i) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) break;
        if (::recv(fd, sink, sizeof sink, 0) <= 0) break;
    }
    ::close(fd);
}

void warn(const std::string &text) { std::fprintf(stderr, "twoleg: warning: %s\n", text.c_str()); }

enum class outcome { keep_waiting, accepted, refused };

/// Answers one complete request head; fills `out` on success, `error_text` on an error redirect.
outcome handle(int fd, std::string_view head, const receiver_options &options, received_redirect &out,
               std::string &error_text)
{
    auto request = detail::parse_request_head(head);
    if (!request) {
        warn("ignored a malformed request: " + request.err().message());
        respond(fd, 400, "Bad Request", page("Bad request", request.err().message()));
        return outcome::keep_waiting;
    }
    if (request->method != "GET") {
        respond(fd, 405, "Method Not Allowed", page("Method not allowed", "Only GET is served here."), true);
        return outcome::keep_waiting;
    }
    if (request->path != options.path) {
        respond(fd, 404, "Not Found", page("Not found", "This address only receives the sign-in redirect."));
        return outcome::keep_waiting;
    }
    auto redirect = parse_redirect_query(request->query);
    if (!redirect) {
        warn("ignored a request to the redirect path whose query is not a redirect: " + redirect.err().message());
        respond(fd, 400, "Bad Request", page("Bad request", redirect.err().message()));
        return outcome::keep_waiting;
    }
    auto code = accept_redirect(*redirect, options.expected_state);
    if (!code && code.err().code == errc::oauth_state_mismatch) {
        warn(std::string("ignored a redirect: ") + code.err().message() + "; still waiting");
        respond(fd, 400, "Bad Request",
                page("Bad request", "The state of this redirect does not match the sign-in that twoleg started."));
        return outcome::keep_waiting;
    }
    if (!code) {
        error_text = "sign-in failed: the authorization server answered error=" + redirect->error;
        if (!redirect->error_description.empty()) error_text += " (" + redirect->error_description + ")";
        if (redirect->error == "access_denied") error_text += "; the user did not grant access: sign in again and allow it";
        respond(fd, 200, "OK",
                page("Sign-in did not complete",
                     "The authorization server answered: " + redirect->error +
                         ". You can close this tab; twoleg has stopped waiting."));
        return outcome::refused;
    }
    respond(fd, 200, "OK", page("Signed in", "You are signed in. You can close this tab and go back to twoleg."));
    out.code = std::move(*code);
    out.scope = redirect->scope;
    return outcome::accepted;
}

int remaining_ms(clock_type::time_point until)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000 * 60 * 60));
}

} // namespace

loopback_listener::loopback_listener(bool ipv6, std::uint16_t port) : ipv6_(ipv6)
{
    fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0) fail(exit_io, std::string("cannot create a socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int rc;
    if (ipv6) {
        ::setsockopt(fd_, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_addr = in6addr_loopback;
        a.sin6_port = htons(port);
        rc = ::bind(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a);
    } else {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(port);
        rc = ::bind(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a);
    }
    if (rc != 0 || ::listen(fd_, 16) != 0) {
        const int saved = errno;
        ::close(fd_);
        fd_ = -1;
        fail(exit_io, std::string("cannot listen on ") + (ipv6 ? "[::1]:" : "127.0.0.1:") + std::to_string(port) +
                          ": " + std::strerror(saved));
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    ::getsockname(fd_, reinterpret_cast<sockaddr *>(&bound), &len);
    port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6 *>(&bound)->sin6_port
                       : reinterpret_cast<sockaddr_in *>(&bound)->sin_port);
}

loopback_listener::~loopback_listener()
{
    if (fd_ >= 0) ::close(fd_);
}

received_redirect wait_for_redirect(const loopback_listener &listener, const receiver_options &options)
{
    const auto overall = clock_type::now() + std::chrono::seconds(options.timeout_seconds);
    std::vector<connection> conns;
    auto drop_all = [&] {
        for (auto &c : conns) {
            detail::secure_wipe(c.received);
            ::close(c.fd);
        }
        conns.clear();
    };
    for (;;) {
        auto next = overall;
        for (const auto &c : conns) next = std::min(next, c.deadline);
        std::vector<pollfd> fds;
        fds.push_back({listener.fd(), POLLIN, 0});
        for (const auto &c : conns) fds.push_back({c.fd, POLLIN, 0});
        const int ready = ::poll(fds.data(), fds.size(), remaining_ms(next));
        if (ready < 0 && errno != EINTR) {
            const int saved = errno;
            drop_all();
            fail(exit_io, std::string("waiting for the redirect failed: ") + std::strerror(saved));
        }
        const auto now = clock_type::now();
        if (now >= overall) {
            drop_all();
            fail(exit_verification_failed, "no redirect arrived within " + std::to_string(options.timeout_seconds) +
                                               " seconds (was the URL opened, and signed in, in a browser on this machine?)");
        }
        // Existing connections first (newest accepted ones are checked next round).
        for (std::size_t i = conns.size(); i-- > 0;) {
            connection &c = conns[i];
            const short revents = fds[i + 1].revents;
            bool done = false;
            if (revents & (POLLIN | POLLHUP | POLLERR)) {
                char buf[4096];
                const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
                if (n > 0) {
                    c.received.append(buf, static_cast<std::size_t>(n));
                    detail::secure_wipe(buf, sizeof buf);
                    const std::size_t end = detail::find_head_end(c.received);
                    if (end == 0 && c.received.size() > detail::http_max_head_bytes) {
                        warn("ignored a request whose head is larger than 8 KiB");
                        respond(c.fd, 400, "Bad Request", page("Bad request", "The request head is larger than 8 KiB."));
                        done = true;
                    } else if (end != 0) {
                        received_redirect out;
                        std::string error_text;
                        const outcome o = handle(c.fd, std::string_view(c.received).substr(0, end), options, out, error_text);
                        detail::secure_wipe(c.received);
                        c.fd = -1;
                        conns.erase(conns.begin() + static_cast<std::ptrdiff_t>(i));
                        if (o == outcome::accepted) {
                            drop_all();
                            return out;
                        }
                        if (o == outcome::refused) {
                            drop_all();
                            fail(exit_verification_failed, error_text);
                        }
                        continue;
                    }
                } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                    ::close(c.fd);
                    done = true;
                    c.fd = -1;
                }
            }
            if (!done && now >= c.deadline) {
                respond(c.fd, 408, "Request Timeout", page("Request timeout", "No complete request arrived in time."));
                done = true;
            }
            if (done) {
                detail::secure_wipe(c.received);
                conns.erase(conns.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
        if (fds[0].revents & POLLIN) {
            for (;;) {
                const int fd = ::accept4(listener.fd(), nullptr, nullptr, SOCK_CLOEXEC);
                if (fd < 0) break;
                if (conns.size() >= max_connections) {
                    ::close(fd);
                    continue;
                }
                auto deadline = now + std::chrono::seconds(options.read_timeout_seconds);
                conns.push_back({fd, {}, std::min(deadline, overall)});
            }
        }
    }
}

} // namespace twoleg::cli
