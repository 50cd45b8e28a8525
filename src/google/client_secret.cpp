// Implements twoleg/client_secret.hpp.
#include "twoleg/client_secret.hpp"

#include <nlohmann/json.hpp>

#include "codec/strict_json.hpp"
#include "core/wipe.hpp"
#include "twoleg/service_account.hpp"

namespace twoleg {

namespace {

using nlohmann::json;

constexpr unsigned max_client_secret_depth = 8;

/// Names a Google credential file that carries a "type" member.
const char *other_credential_detail(const json &type)
{
    if (type.is_string()) {
        const auto &t = type.get_ref<const std::string &>();
        if (t == "service_account")
            return "this is a service-account key file, not an OAuth client secrets file: use it with "
                   "'twoleg assertion' / 'token-request'; 'oauth' needs the client_secret_....json "
                   "downloaded for an OAuth client ID (Desktop app or Web application)";
        if (t == "authorized_user")
            return "this is a user credential (\"type\": \"authorized_user\"), not an OAuth client secrets "
                   "file; download the client_secret_....json of the OAuth client ID instead";
    }
    return "this file has a \"type\" member: it is a Google credential file, not an OAuth client secrets file";
}

bool has_control_character(std::string_view s) noexcept
{
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

/// An optional string member: false if present and not a string.
result<bool> read_string(const json &obj, const char *name, std::string &out, const char *wrong_type)
{
    auto it = obj.find(name);
    if (it == obj.end()) return false;
    if (!it->is_string()) return error(errc::json_bad_field, wrong_type);
    out = it->get_ref<const std::string &>();
    return true;
}

result<std::string> read_https_uri(const json &obj, const char *name, std::string_view fallback,
                                   const char *wrong_type, const char *not_https)
{
    std::string value;
    auto present = read_string(obj, name, value, wrong_type);
    if (!present) return present.err();
    if (!*present) return std::string(fallback);
    if (value.rfind("https://", 0) != 0 || value.size() <= 8 || has_control_character(value) ||
        value.find(' ') != std::string::npos || value.find('#') != std::string::npos)
        return error(errc::json_bad_field, not_https);
    return value;
}

result<client_secret> from_object(const json &root)
{
    if (auto t = root.find("type"); t != root.end())
        return error(errc::json_not_client_secret, other_credential_detail(*t));
    const auto installed = root.find("installed");
    const auto web = root.find("web");
    if (installed != root.end() && web != root.end())
        return error(errc::json_not_client_secret, "client secrets file has both \"installed\" and \"web\"; keep one");
    if (installed == root.end() && web == root.end())
        return error(errc::json_not_client_secret,
                     "no \"installed\" or \"web\" object: not an OAuth client secrets file (client_secret_....json)");
    const bool is_web = web != root.end();
    const json &client = is_web ? *web : *installed;
    if (!client.is_object())
        return error(errc::json_bad_field, is_web ? "\"web\" must be an object" : "\"installed\" must be an object");

    client_secret out;
    out.kind = is_web ? oauth_client_kind::web : oauth_client_kind::installed;
    auto id = read_string(client, "client_id", out.client_id, "\"client_id\" must be a string");
    if (!id) return id.err();
    if (!*id) return error(errc::json_missing_field, "client secrets file lacks \"client_id\"");
    if (out.client_id.empty()) return error(errc::json_bad_field, "\"client_id\" is empty");
    if (has_control_character(out.client_id)) return error(errc::json_bad_field, "\"client_id\" holds a control character");
    auto secret = read_string(client, "client_secret", out.secret, "\"client_secret\" must be a string");
    if (!secret) return secret.err();
    if (has_control_character(out.secret))
        return error(errc::json_bad_field, "\"client_secret\" holds a control character");
    auto auth = read_https_uri(client, "auth_uri", default_auth_uri, "\"auth_uri\" must be a string",
                               "\"auth_uri\" must be an https:// URL without spaces or fragment");
    if (!auth) return auth.err();
    out.auth_uri = std::move(*auth);
    auto token = read_https_uri(client, "token_uri", default_token_uri, "\"token_uri\" must be a string",
                                "\"token_uri\" must be an https:// URL without spaces or fragment");
    if (!token) return token.err();
    out.token_uri = std::move(*token);
    auto project = read_string(client, "project_id", out.project_id, "\"project_id\" must be a string");
    if (!project) return project.err();
    if (auto r = client.find("redirect_uris"); r != client.end()) {
        if (!r->is_array()) return error(errc::json_bad_field, "\"redirect_uris\" must be an array of strings");
        for (const auto &u : *r) {
            if (!u.is_string() || u.get_ref<const std::string &>().empty())
                return error(errc::json_bad_field, "\"redirect_uris\" must hold non-empty strings");
            out.redirect_uris.push_back(u.get<std::string>());
        }
    }
    return out;
}

/// Overwrites every client_secret string in the parsed tree before it is freed.
void wipe_tree(json &root) noexcept
{
    if (!root.is_object()) return;
    for (const char *kind : {"installed", "web"}) {
        auto it = root.find(kind);
        if (it == root.end() || !it->is_object()) continue;
        auto s = it->find("client_secret");
        if (s != it->end() && s->is_string()) detail::secure_wipe(s->get_ref<std::string &>());
    }
}

} // namespace

client_secret::~client_secret() { detail::secure_wipe(secret); }

result<client_secret> parse_client_secret(std::string_view json_text)
{
    json root;
    detail::json_limits limits;
    limits.max_depth = max_client_secret_depth;
    limits.max_bytes = client_secret_max_bytes;
    limits.allow_bom = true;  // editors save one; the download has none
    const detail::json_outcome parsed = detail::parse_json_object(json_text, limits, root);
    result<client_secret> out = error(errc::internal);
    switch (parsed.status) {
    case detail::json_status::ok: out = from_object(root); break;
    case detail::json_status::too_large: out = error(errc::input_too_large, "client secrets file larger than 64 KiB"); break;
    case detail::json_status::duplicate_member:
        out = error(errc::json_malformed, "client secrets file has a duplicate member name");
        break;
    case detail::json_status::too_deep:
        out = error(errc::json_malformed, "client secrets file nests too deeply", parsed.offset);
        break;
    case detail::json_status::not_object: out = error(errc::json_not_client_secret, "a client secrets file is a JSON object"); break;
    case detail::json_status::out_of_memory: out = error(errc::out_of_memory, "out of memory while parsing JSON"); break;
    case detail::json_status::malformed:
        out = error(errc::json_malformed, "client secrets file is not valid JSON", parsed.offset);
        break;
    }
    wipe_tree(root);
    return out;
}

} // namespace twoleg
