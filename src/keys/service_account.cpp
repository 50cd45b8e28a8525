// Implements twoleg/service_account.hpp: Google service-account JSON key files.
//
// nlohmann/json does the JSON parsing; its exceptions are caught here and
// turned into error values, so none escapes. Before parsing, a cheap scan
// bounds the nesting depth, so hostile input cannot make the parser build
// millions of nested containers.
#include "twoleg/service_account.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <new>
#include <optional>
#include <span>
#include <vector>

#include "twoleg/key_formats.hpp"
#include "twoleg/pem.hpp"
#include "codec/strict_json.hpp"
#include "core/wipe.hpp"

namespace twoleg {

namespace {

using json = nlohmann::json;

// A service-account file is a flat object; anything deeper than this is not one.
constexpr unsigned max_json_depth = 16;

using detail::secure_wipe;

/// Names the kinds of Google credential files that are not service-account keys.
const char *not_service_account_detail(const std::string &type)
{
    if (type == "authorized_user")
        return "this is a user credential (\"type\": \"authorized_user\", e.g. from gcloud auth "
               "application-default login), not a service-account key";
    if (type == "external_account")
        return "this is a workload identity federation configuration (\"type\": \"external_account\"), "
               "not a service-account key";
    if (type == "impersonated_service_account")
        return "this is an impersonated-service-account configuration, not a service-account key";
    if (type == "external_account_authorized_user")
        return "this is a workforce identity federation user credential, not a service-account key";
    return "\"type\" is not \"service_account\": not a service-account key file";
}

struct field_errors {
    const char *missing;
    const char *not_string;
    const char *empty;
};

/// Reads a string member; `required` decides whether absence is an error.
result<std::optional<std::string>> string_field(const json &object, const char *name, bool required,
                                                const field_errors &messages)
{
    auto it = object.find(name);
    if (it == object.end()) {
        if (required) return error(errc::json_missing_field, messages.missing);
        return std::optional<std::string>{};
    }
    if (!it->is_string()) return error(errc::json_bad_field, messages.not_string);
    const auto &s = it->get_ref<const std::string &>();
    if (s.empty()) return error(errc::json_bad_field, messages.empty);
    return std::optional<std::string>(s);
}

constexpr field_errors private_key_messages{
    "service-account key file lacks \"private_key\"", "\"private_key\" must be a string",
    "\"private_key\" is empty"};
constexpr field_errors client_email_messages{
    "service-account key file lacks \"client_email\"", "\"client_email\" must be a string",
    "\"client_email\" is empty"};
constexpr field_errors private_key_id_messages{
    nullptr, "\"private_key_id\" must be a string",
    "\"private_key_id\" is empty"};
constexpr field_errors token_uri_messages{nullptr, "\"token_uri\" must be a string", "\"token_uri\" is empty"};
constexpr field_errors project_id_messages{nullptr, "\"project_id\" must be a string", "\"project_id\" is empty"};
constexpr field_errors client_id_messages{nullptr, "\"client_id\" must be a string", "\"client_id\" is empty"};
constexpr field_errors universe_domain_messages{nullptr, "\"universe_domain\" must be a string",
                                                "\"universe_domain\" is empty"};

/// Rebuilds PEM armour whose line breaks were replaced by spaces (or lost):
/// "-----BEGIN L----- AAAA BBBB -----END L-----" becomes proper 64-column lines.
std::optional<std::string> rebuild_flattened_pem(std::string_view text)
{
    constexpr std::string_view begin_marker = "-----BEGIN ";
    constexpr std::string_view end_marker = "-----END ";
    constexpr std::string_view dashes = "-----";
    const auto begin = text.find(begin_marker);
    if (begin == std::string_view::npos) return std::nullopt;
    const auto header_close = text.find(dashes, begin + begin_marker.size());
    if (header_close == std::string_view::npos) return std::nullopt;
    const auto body_start = header_close + dashes.size();
    const auto end = text.find(end_marker, body_start);
    if (end == std::string_view::npos) return std::nullopt;
    const auto footer_close = text.find(dashes, end + end_marker.size());
    if (footer_close == std::string_view::npos) return std::nullopt;

    std::string body;
    for (char c : text.substr(body_start, end - body_start))
        if (c != ' ' && c != '\t' && c != '\r') body += c;
    std::string out(text.substr(begin, body_start - begin));
    out += '\n';
    for (std::size_t i = 0; i < body.size(); i += 64) {
        out.append(body, i, 64);
        out += '\n';
    }
    out.append(text.substr(end, footer_close + dashes.size() - end));
    out += '\n';
    secure_wipe(body);
    return out;
}

/// Undoes the two common ways a private_key loses its line breaks, with a note.
std::string repair_private_key(const std::string &pem, std::vector<std::string> &notes)
{
    if (pem.find('\n') != std::string::npos) return pem;
    if (pem.find("\\n") != std::string::npos) {
        std::string out;
        out.reserve(pem.size());
        for (std::size_t i = 0; i < pem.size(); ++i) {
            if (pem[i] == '\\' && i + 1 < pem.size() && (pem[i + 1] == 'n' || pem[i + 1] == 'r')) {
                if (pem[i + 1] == 'n') out += '\n';
                ++i;
            } else {
                out += pem[i];
            }
        }
        notes.emplace_back("private_key: literal \\n sequences were turned back into line breaks");
        return out;
    }
    if (auto rebuilt = rebuild_flattened_pem(pem)) {
        notes.emplace_back("private_key: line breaks flattened into spaces were restored");
        return std::move(*rebuilt);
    }
    return pem;
}

/// The PEM private_key: PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY").
result<rsa_private_key> load_pem_private_key(const std::string &pem_text)
{
    auto block = pem_decode(pem_text);
    if (!block) {
        // Offsets would point into the decoded string, not the file: drop them.
        return error(block.err().code, block.err().detail);
    }
    result<rsa_private_key> key = error(errc::key_wrong_kind);
    if (block->label == "PRIVATE KEY") {
        key = parse_pkcs8_private_key(block->der);
    } else if (block->label == "RSA PRIVATE KEY") {
        key = parse_pkcs1_private_key(block->der);
    } else {
        key = error(errc::key_wrong_kind, "\"private_key\" does not hold a PRIVATE KEY or RSA PRIVATE KEY PEM block");
    }
    secure_wipe(block->der);
    if (!key) return error(key.err().code, key.err().detail);
    return key;
}

result<service_account> parse_object(json &root)
{
    if (!root.is_object())
        return error(errc::json_not_service_account, "a service-account key file is a JSON object");
    auto type = root.find("type");
    if (type == root.end()) {
        if (root.contains("installed") || root.contains("web"))
            return error(errc::json_not_service_account,
                         "this is an OAuth client secrets file (client_secret_....json), not a service-account "
                         "key: use it with 'twoleg oauth ... --client FILE'");
        return error(errc::json_not_service_account, "no \"type\" field: not a service-account key file");
    }
    if (!type->is_string()) return error(errc::json_bad_field, "\"type\" must be a string");
    if (type->get_ref<const std::string &>() != "service_account")
        return error(errc::json_not_service_account, not_service_account_detail(type->get_ref<const std::string &>()));

    auto private_key = string_field(root, "private_key", true, private_key_messages);
    if (!private_key) return private_key.err();
    auto client_email = string_field(root, "client_email", true, client_email_messages);
    if (!client_email) return client_email.err();
    auto private_key_id = string_field(root, "private_key_id", false, private_key_id_messages);
    if (!private_key_id) return private_key_id.err();
    auto token_uri = string_field(root, "token_uri", false, token_uri_messages);
    if (!token_uri) return token_uri.err();
    auto project_id = string_field(root, "project_id", false, project_id_messages);
    if (!project_id) return project_id.err();
    auto client_id = string_field(root, "client_id", false, client_id_messages);
    if (!client_id) return client_id.err();
    auto universe_domain = string_field(root, "universe_domain", false, universe_domain_messages);
    if (!universe_domain) return universe_domain.err();

    service_account account;
    std::string pem = repair_private_key(**private_key, account.notes);
    auto key = load_pem_private_key(pem);
    secure_wipe(pem);
    secure_wipe(**private_key);
    if (!key) return key.err();
    account.key = std::move(*key);
    account.client_email = std::move(**client_email);
    if (private_key_id->has_value())
        account.private_key_id = std::move(**private_key_id);
    else
        account.notes.emplace_back("no private_key_id: assertions will carry no kid (Google accepts that)");
    account.token_uri = token_uri->has_value() ? std::move(**token_uri) : std::string(default_token_uri);
    if (project_id->has_value()) account.project_id = std::move(**project_id);
    if (client_id->has_value()) account.client_id = std::move(**client_id);
    if (universe_domain->has_value()) account.universe_domain = std::move(**universe_domain);
    return account;
}

} // namespace

bool looks_like_json(std::string_view text) noexcept { return detail::first_json_byte(text) == '{'; }

result<service_account> parse_service_account(std::string_view json_text)
{
    detail::json_limits limits;
    limits.max_depth = max_json_depth;
    limits.max_bytes = service_account_max_bytes;
    limits.allow_bom = true;  // editors on Windows save one
    json root;
    const detail::json_outcome parsed = detail::parse_json_object(json_text, limits, root);
    result<service_account> account = error(errc::internal);
    switch (parsed.status) {
    case detail::json_status::ok:
        try {
            account = parse_object(root);
        } catch (const std::bad_alloc &) {
            account = error(errc::out_of_memory, "out of memory while reading the key file");
        }
        break;
    case detail::json_status::too_large:
        return error(errc::input_too_large, "service-account key file larger than 1 MiB");
    case detail::json_status::too_deep:
        return error(errc::json_malformed, "JSON nested too deeply for a service-account key file", parsed.offset);
    case detail::json_status::duplicate_member:
        return error(errc::json_malformed, "a member name appears twice in the key file");
    case detail::json_status::not_object:
        account = error(errc::json_not_service_account, "a service-account key file is a JSON object");
        break;
    case detail::json_status::out_of_memory: return error(errc::out_of_memory, "out of memory while parsing JSON");
    case detail::json_status::malformed:
        // The strict reader reports the input's size when the text stops
        // before the JSON is complete: a cut-off copy or download.
        if (parsed.offset == json_text.size())
            return error(errc::json_malformed,
                         "the JSON ends early: the key file is incomplete (a cut-off copy or download?); "
                         "download the key again",
                         parsed.offset);
        return error(errc::json_malformed, "malformed JSON", parsed.offset);
    }
    // The parsed tree holds a copy of private_key: overwrite it before it is freed.
    if (root.is_object()) {
        auto it = root.find("private_key");
        if (it != root.end() && it->is_string()) secure_wipe(it->get_ref<std::string &>());
    }
    return account;
}

} // namespace twoleg
