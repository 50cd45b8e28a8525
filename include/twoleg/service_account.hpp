// twoleg/service_account.hpp — Google service-account JSON key files.
//
// Accepts a JSON object with "type": "service_account" and string fields
// "private_key" (a PEM PKCS#8 or PKCS#1 RSA key) and "client_email";
// "private_key_id", "token_uri", "project_id", "client_id" and
// "universe_domain" are read when present ("token_uri" defaults to
// default_token_uri, "universe_domain" to default_universe_domain). A file
// without "private_key_id" loads, with a note: its assertions carry no "kid",
// which google-auth and Google's token endpoint accept. Optional fields that
// are present must be non-empty strings. A private_key whose line breaks
// were flattened into literal "\n" sequences or into spaces is repaired, and a
// note says so. Files larger than service_account_max_bytes are refused.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg {

inline constexpr std::string_view default_token_uri = "https://oauth2.googleapis.com/token";
/// The universe of Google's public cloud; other universes (sovereign clouds) name their own.
inline constexpr std::string_view default_universe_domain = "googleapis.com";
inline constexpr std::size_t service_account_max_bytes = 1u << 20;

struct service_account {
    std::string client_email;     // the address documents must be shared with
    std::string private_key_id;   // the JWT "kid"; empty when the file has none
    std::string project_id;
    std::string token_uri;
    std::string client_id;
    std::string universe_domain{default_universe_domain};  // "googleapis.com" unless the file says otherwise
    rsa_private_key key;
    std::vector<std::string> notes;  // repairs made while loading
};

/// True if the first non-blank character is '{'.
bool looks_like_json(std::string_view text) noexcept;

result<service_account> parse_service_account(std::string_view json_text);

} // namespace twoleg
