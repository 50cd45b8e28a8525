// twoleg/oauth_forms.hpp — the application/x-www-form-urlencoded bodies of
// the user flows' token endpoint calls (RFC 6749 §4.1.3 and §6, RFC 7636
// §4.5) and of Google's revocation endpoint (RFC 7009 §2.1). Every value is
// percent-encoded (percent_encoding.hpp); there is no trailing newline.
//
// exchange_body:  grant_type=authorization_code, code, client_id,
//                 client_secret (when the client has one), redirect_uri,
//                 code_verifier (when PKCE was used)
// refresh_body:   grant_type=refresh_token, refresh_token, client_id,
//                 client_secret (when present), scope (space-joined, only
//                 when a narrower set is asked for)
// revoke_body:    token
// Empty codes, tokens, client IDs and redirect URIs, an invalid verifier and
// a scope that is not a scope-token are errc::invalid_argument. The bodies
// hold secrets: wipe them after sending (core/wipe.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "twoleg/client_secret.hpp"
#include "twoleg/error.hpp"

namespace twoleg {

inline constexpr std::string_view google_revoke_uri = "https://oauth2.googleapis.com/revoke";

result<std::string> exchange_body(const client_secret &client, std::string_view code, std::string_view redirect_uri,
                                  std::string_view code_verifier);
result<std::string> refresh_body(const client_secret &client, std::string_view refresh_token,
                                 const std::vector<std::string> &scopes = {});
result<std::string> revoke_body(std::string_view token);

} // namespace twoleg
