// Implements twoleg/token_response.hpp: the JSON of token endpoint answers and
// of Google API errors.
#include "twoleg/token_response.hpp"

#include <nlohmann/json.hpp>

#include "codec/strict_json.hpp"
#include "core/wipe.hpp"

namespace twoleg {

token_response::~token_response() { detail::secure_wipe(refresh_token); }

namespace {

using nlohmann::json;

constexpr unsigned max_response_depth = 32;

result<json> parse_body(std::string_view body)
{
    if (body.size() > response_max_bytes) return error(errc::input_too_large, "response body larger than 1 MiB");
    json j;
    switch (detail::parse_json_object_strictly(body, max_response_depth, j)) {
    case detail::json_status::ok: return j;
    case detail::json_status::duplicate_member:
        return error(errc::token_response_malformed, "response has a duplicate member name");
    case detail::json_status::too_deep: return error(errc::token_response_malformed, "response nests too deeply");
    case detail::json_status::not_object: return error(errc::token_response_malformed, "response is not a JSON object");
    case detail::json_status::too_large: return error(errc::input_too_large, "response body larger than 1 MiB");
    case detail::json_status::out_of_memory: return error(errc::out_of_memory, "out of memory while parsing JSON");
    case detail::json_status::malformed: break;
    }
    return error(errc::token_response_malformed, "response is not valid JSON");
}

// Copies an optional string member; false if it is present with another type.
bool optional_string(const json &obj, const char *name, std::string &out)
{
    auto it = obj.find(name);
    if (it == obj.end() || it->is_null()) return true;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}

// A non-negative whole number of seconds, when present; false if of another type.
bool seconds_member(const json &obj, const char *name, std::optional<std::int64_t> &out)
{
    auto e = obj.find(name);
    if (e == obj.end()) return true;
    if (e->is_number_unsigned() && e->get<std::uint64_t>() <= std::uint64_t{1} << 40)
        out = static_cast<std::int64_t>(e->get<std::uint64_t>());
    else if (e->is_number_integer() && !e->is_number_unsigned() && e->get<std::int64_t>() >= 0)
        out = e->get<std::int64_t>();
    else
        return false;
    return true;
}

result<token_response> token_response_from(const json &j)
{
    token_response r;
    auto err = j.find("error");
    if (err != j.end() && err->is_object())
        return error(errc::token_response_malformed, "this is an API error body, not a token endpoint response");
    if (!optional_string(j, "error", r.error)) return error(errc::token_response_malformed, "\"error\" is not a string");
    if (!optional_string(j, "error_description", r.error_description))
        return error(errc::token_response_malformed, "\"error_description\" is not a string");
    if (!optional_string(j, "error_uri", r.error_uri))
        return error(errc::token_response_malformed, "\"error_uri\" is not a string");
    if (err != j.end() && r.error.empty())
        return error(errc::token_response_malformed, "\"error\" is empty");
    if (r.is_error()) return r;

    if (!optional_string(j, "access_token", r.access_token))
        return error(errc::token_response_malformed, "\"access_token\" is not a string");
    if (!optional_string(j, "id_token", r.id_token))
        return error(errc::token_response_malformed, "\"id_token\" is not a string");
    if (!optional_string(j, "token_type", r.token_type))
        return error(errc::token_response_malformed, "\"token_type\" is not a string");
    if (!optional_string(j, "scope", r.scope)) return error(errc::token_response_malformed, "\"scope\" is not a string");
    if (!optional_string(j, "refresh_token", r.refresh_token))
        return error(errc::token_response_malformed, "\"refresh_token\" is not a string");
    if (!seconds_member(j, "expires_in", r.expires_in))
        return error(errc::token_response_malformed, "\"expires_in\" is not a non-negative whole number");
    if (!seconds_member(j, "refresh_token_expires_in", r.refresh_token_expires_in))
        return error(errc::token_response_malformed, "\"refresh_token_expires_in\" is not a non-negative whole number");
    if (r.access_token.empty() && r.id_token.empty())
        return error(errc::token_response_malformed, "response has neither an access_token nor an id_token nor an error");
    return r;
}

result<api_error> api_error_from(const json &j)
{
    auto err = j.find("error");
    if (err == j.end() || !err->is_object())
        return error(errc::token_response_malformed, "not a Google API error body ({\"error\":{...}})");
    const json &e = *err;
    api_error out;
    if (auto c = e.find("code"); c != e.end()) {
        if (!c->is_number_integer()) return error(errc::token_response_malformed, "error.code is not a whole number");
        out.code = c->is_number_unsigned() && c->get<std::uint64_t>() > 999 ? 0 : c->get<std::int64_t>();
    }
    if (!optional_string(e, "status", out.status))
        return error(errc::token_response_malformed, "error.status is not a string");
    if (!optional_string(e, "message", out.message))
        return error(errc::token_response_malformed, "error.message is not a string");
    for (const char *list : {"errors", "details"}) {
        auto l = e.find(list);
        if (l == e.end()) continue;
        if (!l->is_array()) return error(errc::token_response_malformed, "error.errors or error.details is not an array");
        for (const auto &item : *l) {
            if (!item.is_object()) continue;
            std::string reason;
            if (!optional_string(item, "reason", reason))
                return error(errc::token_response_malformed, "an error reason is not a string");
            if (!reason.empty()) out.reasons.push_back(std::move(reason));
        }
    }
    return out;
}

} // namespace

result<token_response> parse_token_response(std::string_view body)
{
    auto j = parse_body(body);
    if (!j) return j.err();
    return token_response_from(*j);
}

result<api_error> parse_api_error(std::string_view body)
{
    auto j = parse_body(body);
    if (!j) return j.err();
    return api_error_from(*j);
}

result<google_response> parse_google_response(std::string_view body)
{
    auto j = parse_body(body);
    if (!j) return j.err();
    google_response out;
    if (auto e = j->find("error"); e != j->end() && e->is_object()) {
        auto api = api_error_from(*j);
        if (!api) return api.err();
        out.is_api_error = true;
        out.api = std::move(*api);
        return out;
    }
    auto token = token_response_from(*j);
    if (!token) return token.err();
    out.token = std::move(*token);
    return out;
}

} // namespace twoleg
