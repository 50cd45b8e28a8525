// Checks of option values that Google would otherwise refuse only after a
// round trip (as invalid_scope or unauthorized_client). Each failure is a
// usage error (exit 2) whose message names the fix.
#pragma once

#include <string_view>

namespace twoleg::cli {

/// --scope: an absolute https:// URL, or one of the OpenID Connect scopes
/// openid, email and profile. A comma- or space-joined list is told to use
/// one --scope each; a bare name NAME is told to use
/// https://www.googleapis.com/auth/NAME.
void check_scope_option(std::string_view scope);

/// --sub: an e-mail address (local@domain.tld), the user to act as.
void check_subject_option(std::string_view subject);

/// --aud: an absolute https:// URL.
void check_audience_option(std::string_view audience);

} // namespace twoleg::cli
