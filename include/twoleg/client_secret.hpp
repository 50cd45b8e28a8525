// twoleg/client_secret.hpp — Google OAuth client secrets files (client_secret_….json).
//
// Accepts a JSON object (strict JSON: no duplicate member names, depth at
// most 8, at most client_secret_max_bytes; one leading UTF-8 byte-order mark,
// as editors save, is skipped) with exactly one of
// the members "installed" (Desktop app) or "web" (web application), itself an
// object with:
//   client_id      string, required, non-empty
//   client_secret  string, optional (a secret: wiped when the value dies and
//                  never quoted in an error)
//   auth_uri       https URL, default default_auth_uri
//   token_uri      https URL, default default_token_uri (service_account.hpp)
//   redirect_uris  array of strings, optional
//   project_id     string, optional
// Other members are ignored. A service-account key file (or any other Google
// credential file with a "type" member) is refused with
// errc::json_not_client_secret and a detail naming what the file is.
// Thread-safe: no shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"

namespace twoleg {

inline constexpr std::string_view default_auth_uri = "https://accounts.google.com/o/oauth2/auth";
inline constexpr std::size_t client_secret_max_bytes = 64 * 1024;

enum class oauth_client_kind { installed, web };

struct client_secret {
    oauth_client_kind kind = oauth_client_kind::installed;
    std::string client_id;
    std::string secret;  // client_secret; may be empty
    std::string auth_uri;
    std::string token_uri;
    std::string project_id;
    std::vector<std::string> redirect_uris;

    client_secret() = default;
    client_secret(const client_secret &) = default;
    client_secret(client_secret &&) noexcept = default;
    client_secret &operator=(const client_secret &) = default;
    client_secret &operator=(client_secret &&) noexcept = default;
    ~client_secret();
};

result<client_secret> parse_client_secret(std::string_view json_text);

} // namespace twoleg
