// Implements twoleg/token_response.hpp.
#include "twoleg/token_response.hpp"

#include <array>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "codec/strict_json.hpp"

namespace twoleg {

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
    if (auto e = j.find("expires_in"); e != j.end()) {
        if (e->is_number_unsigned() && e->get<std::uint64_t>() <= std::uint64_t{1} << 40)
            r.expires_in = static_cast<std::int64_t>(e->get<std::uint64_t>());
        else if (e->is_number_integer() && !e->is_number_unsigned() && e->get<std::int64_t>() >= 0)
            r.expires_in = e->get<std::int64_t>();
        else
            return error(errc::token_response_malformed, "\"expires_in\" is not a non-negative whole number");
    }
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

bool contains(std::string_view haystack, std::string_view needle) noexcept
{
    return haystack.find(needle) != std::string_view::npos;
}

// What Google said, made safe for a one-line message.
std::string quote_for_line(std::string_view text)
{
    constexpr std::size_t limit = 300;
    std::string q = "\"";
    for (char c : text.substr(0, limit)) q += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    if (text.size() > limit) q += "...";
    return q + "\"";
}

std::string who(const advice_context &c)
{
    return c.client_email.empty() ? std::string("the service account's client_email") : c.client_email;
}

std::string duration_text(std::int64_t seconds)
{
    std::string s = std::to_string(seconds) + " s";
    if (seconds >= 120) {
        std::int64_t h = seconds / 3600, m = seconds % 3600 / 60, r = seconds % 60;
        s += " (";
        if (h) s += std::to_string(h) + " h ";
        s += std::to_string(m) + " min " + std::to_string(r) + " s)";
    }
    return s;
}

std::string clock_advice(const advice_context &c)
{
    if (!c.server_time || !c.local_time)
        return "Google accepts an assertion only if iat is within a few minutes of its own clock and exp is at most "
               "60 minutes after iat, so this host's clock is probably off: synchronise it (NTP), or pass the "
               "response's Date header (--date, or curl -i output) to measure the difference";
    const std::int64_t skew = *c.local_time - *c.server_time;
    const std::int64_t magnitude = skew < 0 ? -skew : skew;
    if (magnitude <= 5)
        return "this host's clock agrees with Google's (Date header) to within 5 s, so the assertion's own times "
               "are wrong: check --iat, --lifetime and --clock-offset";
    return "this host's clock is " + duration_text(magnitude) + (skew > 0 ? " ahead of" : " behind") +
           " Google's (Date header): synchronise it (NTP), or meanwhile pass --clock-offset " + std::to_string(-skew);
}

advice token_error_advice(const token_response &r, const advice_context &c)
{
    const std::string &e = r.error;
    const std::string &d = r.error_description;
    const std::string said = "Google refused the token request (" + e + (d.empty() ? std::string() : ": " + quote_for_line(d)) + "): ";
    auto make = [&](response_problem p, const std::string &text) { return advice{p, said + text}; };

    if (e == "invalid_grant") {
        if (contains(d, "Invalid JWT Signature"))
            return make(response_problem::key_rejected,
                        "no active key of " + who(c) +
                            " matches the signature: the key was deleted or rotated, or iss (client_email) names "
                            "another account than the one this key belongs to. Create a new key for the service "
                            "account (Cloud console, IAM & Admin > Service Accounts > Keys) and use its key file as "
                            "downloaded");
        if (contains(d, "not set"))
            return make(response_problem::other,
                        "the assertion lacks a required claim; build it with `twoleg assertion`, which always sets "
                        "iss, aud, iat and exp");
        if (contains(d, "Invalid JWT") &&
            (contains(d, "iat") || contains(d, "exp") || contains(d, "short-lived") || contains(d, "timeframe")))
            return make(response_problem::clock_skew, clock_advice(c));
        if (contains(d, "account not found") || contains(d, "Robot is disabled") || contains(d, "deleted"))
            return make(response_problem::account_missing,
                        "the service account " + who(c) + " was deleted or disabled; restore or re-enable it, or "
                        "use a key of an existing account");
        if (contains(d, "email") || contains(d, "user ID") || contains(d, "User ID"))
            return make(response_problem::subject_invalid,
                        "sub (--sub) must be the address of an existing user in the Google Workspace domain that "
                        "granted domain-wide delegation; check its spelling, or drop --sub");
    }
    if (e == "invalid_client" || e == "disabled_client" || e == "deleted_client")
        return make(response_problem::account_missing,
                    "the service account " + who(c) + " or this key of it was deleted or disabled; create a new "
                    "key (or re-enable the account) in the Cloud console");
    if (e == "unauthorized_client")
        return make(response_problem::delegation_denied,
                    "with --sub, a Google Workspace administrator must grant domain-wide delegation to the client ID " +
                        (c.client_id.empty() ? std::string("of ") + who(c) : c.client_id) +
                        " for exactly these scopes (Admin console > Security > Access and data control > API "
                        "controls > Domain-wide delegation; changes can take hours); without domain-wide "
                        "delegation, leave out --sub");
    if (e == "invalid_scope")
        return make(response_problem::invalid_scope,
                    "give each scope as a full Google OAuth scope URL, e.g. --scope "
                    "https://www.googleapis.com/auth/spreadsheets.readonly (an ID-token request needs "
                    "--target-audience instead)");
    if (e == "invalid_request" && contains(d, "sub"))
        return make(response_problem::subject_invalid,
                    "sub (--sub) must be a user's email address in the delegating Google Workspace domain");
    return make(response_problem::other, "see https://developers.google.com/identity/protocols/oauth2/service-account");
}

bool has_reason(const api_error &e, std::string_view reason)
{
    for (const auto &r : e.reasons)
        if (r == reason) return true;
    return false;
}

advice api_error_advice(const api_error &e, const advice_context &c)
{
    std::string said = "the API answered " + (e.code ? std::to_string(e.code) : std::string("an error"));
    if (!e.status.empty()) said += " " + e.status;
    if (!e.message.empty()) said += " (" + quote_for_line(e.message) + ")";
    said += ": ";
    auto make = [&](response_problem p, const std::string &text) { return advice{p, said + text}; };

    if (has_reason(e, "SERVICE_DISABLED") || has_reason(e, "accessNotConfigured") ||
        contains(e.message, "has not been used in project"))
        return make(response_problem::api_disabled,
                    "the API is not enabled in the service account's project" +
                        (c.project_id.empty() ? std::string() : " " + c.project_id) +
                        ": enable it in the Cloud console (APIs & Services > Library) and retry after a few minutes");
    if (has_reason(e, "ACCESS_TOKEN_SCOPE_INSUFFICIENT") || has_reason(e, "insufficientPermissions") ||
        contains(e.message, "insufficient authentication scopes"))
        return make(response_problem::scope_insufficient,
                    "the access token's scopes do not cover this call: request a broader --scope (e.g. "
                    "https://www.googleapis.com/auth/spreadsheets rather than .../spreadsheets.readonly to write) "
                    "and get a new token");
    if (e.code == 401 || e.status == "UNAUTHENTICATED")
        return make(response_problem::token_rejected,
                    "the access token is missing, malformed or expired (it lasts expires_in seconds, about an "
                    "hour): get a new one and send it as 'Authorization: Bearer <access_token>'");
    if (e.code == 403 || e.status == "PERMISSION_DENIED")
        return make(response_problem::not_shared,
                    "the document or folder is not shared with " + who(c) +
                        ": share it with that address like with a person (Viewer to read, Editor to write); a "
                        "service account sees nothing it was not given");
    if (e.code == 404 && (contains(e.message, "File not found") || has_reason(e, "notFound")))
        return make(response_problem::not_shared,
                    "check the ID, and that the file is shared with " + who(c) +
                        ": files not shared with a service account are invisible to it");
    return make(response_problem::other, "see the API's documentation for this error");
}

// Days since 1970-01-01 of a proleptic Gregorian date (valid month and day).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept
{
    // Counting years from March puts the leap day at the end of the year.
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

bool two_digits(std::string_view s, std::size_t at, unsigned &out) noexcept
{
    if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
    out = static_cast<unsigned>((s[at] - '0') * 10 + (s[at + 1] - '0'));
    return true;
}

std::string_view trim(std::string_view s) noexcept
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
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

advice advise_token_error(const token_response &response, const advice_context &context)
{
    if (!response.is_error()) return {response_problem::none, "a token was issued"};
    return token_error_advice(response, context);
}

advice advise_api_error(const api_error &error, const advice_context &context)
{
    return api_error_advice(error, context);
}

result<advice> explain_response(std::string_view body, const advice_context &context)
{
    auto j = parse_body(body);
    if (!j) return j.err();
    if (auto e = j->find("error"); e != j->end() && e->is_object()) {
        auto api = api_error_from(*j);
        if (!api) return api.err();
        return api_error_advice(*api, context);
    }
    auto r = token_response_from(*j);
    if (!r) return r.err();
    if (r->is_error()) return token_error_advice(*r, context);
    std::string text = r->access_token.empty() ? "an ID token was issued" : "an access token was issued";
    if (!r->token_type.empty()) text += " (" + r->token_type + ")";
    if (r->expires_in) text += ", valid for " + duration_text(*r->expires_in);
    return advice{response_problem::none, text};
}

result<std::int64_t> parse_http_date(std::string_view s)
{
    static constexpr std::array<std::string_view, 7> weekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const error bad(errc::invalid_argument, "not an HTTP date in IMF-fixdate form, e.g. \"Sun, 06 Nov 1994 08:49:37 GMT\"");
    if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
        s[22] != ':' || s.substr(25) != " GMT")
        return bad;
    unsigned day = 0, y_hi = 0, y_lo = 0, hour = 0, minute = 0, second = 0;
    if (!two_digits(s, 5, day) || !two_digits(s, 12, y_hi) || !two_digits(s, 14, y_lo) || !two_digits(s, 17, hour) ||
        !two_digits(s, 20, minute) || !two_digits(s, 23, second))
        return bad;
    unsigned month = 0;
    for (unsigned i = 0; i < months.size(); ++i)
        if (s.substr(8, 3) == months[i]) month = i + 1;
    if (month == 0) return bad;
    const std::int64_t year = y_hi * 100 + y_lo;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    static constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const unsigned days_in_month = month_days[month - 1] + (month == 2 && leap ? 1 : 0);
    if (day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 60) return bad;
    const std::int64_t days = days_from_civil(year, month, day);
    const std::int64_t weekday = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
    if (s.substr(0, 3) != weekdays[static_cast<std::size_t>(weekday)])
        return error(errc::invalid_argument, "HTTP date: the weekday does not match the date");
    return days * 86400 + hour * 3600 + minute * 60 + second;
}

result<http_response_parts> split_http_response(std::string_view text)
{
    if (text.substr(0, 5) != "HTTP/")
        return error(errc::token_response_malformed, "not an HTTP response (no \"HTTP/\" status line)", 0);
    http_response_parts parts;
    std::size_t pos = 0;
    // Interim responses (100 Continue) and proxy CONNECT replies come first;
    // the last header block is the one that belongs to the body.
    while (text.substr(pos, 5) == "HTTP/") {
        // The block ends at the first blank line, "\r\n\r\n" or "\n\n". One
        // forward scan finds it: searching the whole rest of the text for each
        // pattern would make many interim blocks cost quadratic time.
        std::size_t end = std::string_view::npos;
        std::size_t body_start = 0;
        for (std::size_t nl = text.find('\n', pos); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
            if (nl + 1 < text.size() && text[nl + 1] == '\n') {
                end = nl;
                body_start = nl + 2;
                break;
            }
            if (nl > pos && text[nl - 1] == '\r' && nl + 2 < text.size() && text[nl + 1] == '\r' &&
                text[nl + 2] == '\n') {
                end = nl - 1;
                body_start = nl + 3;
                break;
            }
        }
        if (end == std::string_view::npos)
            return error(errc::token_response_malformed, "HTTP headers are not followed by a blank line", pos);
        std::string_view block = text.substr(pos, end - pos);
        parts.date.reset();
        parts.status = 0;
        bool status_line = true;
        while (!block.empty()) {
            std::size_t nl = block.find('\n');
            std::string_view line = trim(block.substr(0, nl));
            block = nl == std::string_view::npos ? std::string_view{} : block.substr(nl + 1);
            if (status_line) {
                status_line = false;
                const std::size_t sp = line.find(' ');
                if (sp == std::string_view::npos || line.size() < sp + 4)
                    return error(errc::token_response_malformed, "malformed HTTP status line", pos);
                for (std::size_t i = sp + 1; i < sp + 4; ++i) {
                    if (line[i] < '0' || line[i] > '9')
                        return error(errc::token_response_malformed, "malformed HTTP status line", pos);
                    parts.status = parts.status * 10 + (line[i] - '0');
                }
                continue;
            }
            const std::size_t colon = line.find(':');
            if (colon != std::string_view::npos && iequals(line.substr(0, colon), "date"))
                parts.date = std::string(trim(line.substr(colon + 1)));
        }
        pos = body_start;
    }
    parts.body = text.substr(pos);
    return parts;
}

} // namespace twoleg
