// Implements twoleg/oauth_session.hpp.
#include "twoleg/oauth_session.hpp"

#include <nlohmann/json.hpp>

#include "codec/strict_json.hpp"
#include "core/wipe.hpp"
#include "twoleg/oauth_url.hpp"

namespace twoleg {

namespace {

using nlohmann::json;

constexpr unsigned max_session_depth = 4;
constexpr const char *secret_members[] = {"code_verifier", "code"};

result<std::string> member(const json &root, const char *name, bool required, const char *missing,
                           const char *wrong)
{
    auto it = root.find(name);
    if (it == root.end()) {
        if (required) return error(errc::json_missing_field, missing);
        return std::string();
    }
    if (!it->is_string()) return error(errc::json_bad_field, wrong);
    return it->get<std::string>();
}

result<oauth_session> from_object(const json &root)
{
    auto version = root.find("version");
    if (version == root.end() || !version->is_number_unsigned() || version->get<std::uint64_t>() != 1)
        return error(errc::json_bad_field, "not a twoleg OAuth session file (version 1); run 'twoleg oauth url' again");
    oauth_session s;
#define TWOLEG_MEMBER(field, required)                                                                        \
    do {                                                                                                      \
        auto v = member(root, #field, required, "session file lacks \"" #field "\"",                         \
                        "session member \"" #field "\" must be a string");                                    \
        if (!v) return v.err();                                                                               \
        s.field = std::move(*v);                                                                              \
    } while (0)
    TWOLEG_MEMBER(client_id, true);
    TWOLEG_MEMBER(redirect_uri, true);
    TWOLEG_MEMBER(state, true);
    TWOLEG_MEMBER(code_verifier, false);
    TWOLEG_MEMBER(nonce, false);
    TWOLEG_MEMBER(code, false);
#undef TWOLEG_MEMBER
    if (s.client_id.empty() || s.redirect_uri.empty() || s.state.empty())
        return error(errc::json_bad_field, "session client_id, redirect_uri and state must not be empty");
    if (!s.code_verifier.empty() && !check_code_verifier(s.code_verifier))
        return error(errc::json_bad_field, "session code_verifier is not a valid PKCE verifier");
    auto scopes = root.find("scopes");
    if (scopes == root.end()) return error(errc::json_missing_field, "session file lacks \"scopes\"");
    if (!scopes->is_array() || scopes->empty())
        return error(errc::json_bad_field, "session \"scopes\" must be a non-empty array of strings");
    for (const auto &sc : *scopes) {
        if (!sc.is_string() || !is_scope_token(sc.get_ref<const std::string &>()))
            return error(errc::json_bad_field, "session \"scopes\" holds something that is not a scope");
        s.scopes.push_back(sc.get<std::string>());
    }
    return s;
}

} // namespace

oauth_session::~oauth_session()
{
    detail::secure_wipe(code_verifier);
    detail::secure_wipe(code);
}

std::string session_to_json(const oauth_session &s)
{
    nlohmann::ordered_json j;
    j["version"] = 1;
    j["client_id"] = s.client_id;
    j["redirect_uri"] = s.redirect_uri;
    j["scopes"] = s.scopes;
    j["state"] = s.state;
    if (!s.code_verifier.empty()) j["code_verifier"] = s.code_verifier;
    if (!s.nonce.empty()) j["nonce"] = s.nonce;
    if (!s.code.empty()) j["code"] = s.code;
    std::string out = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out += '\n';
    for (const char *name : secret_members) {
        auto it = j.find(name);
        if (it != j.end()) detail::secure_wipe(it->get_ref<std::string &>());
    }
    return out;
}

result<oauth_session> parse_session(std::string_view json_text)
{
    json root;
    detail::json_limits limits;
    limits.max_depth = max_session_depth;
    limits.max_bytes = session_max_bytes;
    const detail::json_outcome parsed = detail::parse_json_object(json_text, limits, root);
    result<oauth_session> out = error(errc::internal);
    switch (parsed.status) {
    case detail::json_status::ok: out = from_object(root); break;
    case detail::json_status::too_large: out = error(errc::input_too_large, "session file larger than 64 KiB"); break;
    case detail::json_status::duplicate_member: out = error(errc::json_malformed, "session file has a duplicate member name"); break;
    case detail::json_status::too_deep: out = error(errc::json_malformed, "session file nests too deeply", parsed.offset); break;
    case detail::json_status::not_object: out = error(errc::json_malformed, "session file is not a JSON object"); break;
    case detail::json_status::out_of_memory: out = error(errc::out_of_memory, "out of memory while parsing JSON"); break;
    case detail::json_status::malformed: out = error(errc::json_malformed, "session file is not valid JSON", parsed.offset); break;
    }
    if (root.is_object())
        for (const char *name : secret_members) {
            auto it = root.find(name);
            if (it != root.end() && it->is_string()) detail::secure_wipe(it->get_ref<std::string &>());
        }
    return out;
}

namespace {

std::string_view canonical_scope(std::string_view scope) noexcept
{
    if (scope == "email") return "https://www.googleapis.com/auth/userinfo.email";
    if (scope == "profile") return "https://www.googleapis.com/auth/userinfo.profile";
    return scope;
}

} // namespace

std::vector<std::string> scopes_not_granted(const std::vector<std::string> &requested, std::string_view granted)
{
    std::vector<std::string_view> have;
    std::size_t pos = 0;
    while (pos < granted.size()) {
        const std::size_t sp = granted.find(' ', pos);
        const std::size_t end = sp == std::string_view::npos ? granted.size() : sp;
        if (end > pos) have.push_back(canonical_scope(granted.substr(pos, end - pos)));
        pos = end + 1;
    }
    std::vector<std::string> missing;
    for (const auto &r : requested) {
        bool found = false;
        for (auto h : have)
            if (h == canonical_scope(r)) found = true;
        if (!found) missing.push_back(r);
    }
    return missing;
}

} // namespace twoleg
