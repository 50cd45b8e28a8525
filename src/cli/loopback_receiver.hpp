// The loopback HTTP receiver of `twoleg oauth listen` and `oauth login`:
// waits for the browser's redirect after sign-in (RFC 8252 §7.3).
//
// It listens on 127.0.0.1 (or [::1]) only, serves no files and answers
// every request with a fixed page and "Connection: close": 200 for the
// redirect with the session's state (a code, or an error such as
// access_denied), 400 for a malformed request, a request head over 8 KiB, a
// redirect without or with another state (the wait goes on, with a warning
// on stderr), 404 for any other path (favicon.ico), 405 for methods other
// than GET, 408 for a client that sends no complete head within the
// per-connection read timeout. One request per connection; at most
// max_connections at once (the rest are closed at once). Parsing is
// google/http_request.hpp and oauth_redirect.hpp.
#pragma once

#include <cstdint>
#include <string>

namespace twoleg::cli {

class loopback_listener {
  public:
    /// Binds 127.0.0.1:port (or [::1]:port); port 0 picks a free one. Fails with exit 4.
    loopback_listener(bool ipv6, std::uint16_t port);
    ~loopback_listener();
    loopback_listener(const loopback_listener &) = delete;
    loopback_listener &operator=(const loopback_listener &) = delete;

    std::uint16_t port() const noexcept { return port_; }
    int fd() const noexcept { return fd_; }
    bool ipv6() const noexcept { return ipv6_; }

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
    bool ipv6_ = false;
};

struct receiver_options {
    std::string path = "/";           // the redirect URI's path, decoded
    std::string expected_state;
    std::int64_t timeout_seconds = 300;
    std::int64_t read_timeout_seconds = 10;
};

struct received_redirect {
    std::string code;   // wiped by the caller
    std::string scope;
};

/// Serves until a redirect with the right state arrives and returns its code;
/// an error redirect fails with exit 1 naming the error, and so does the
/// overall timeout ("no redirect arrived").
received_redirect wait_for_redirect(const loopback_listener &listener, const receiver_options &options);

} // namespace twoleg::cli
