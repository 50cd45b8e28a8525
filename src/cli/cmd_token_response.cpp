// twoleg token-response: what Google answered, and what to do about it (see
// twoleg/token_response.hpp and twoleg/response_advice.hpp).
#include <cstdio>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "advice_words.hpp"
#include "cli.hpp"
#include "twoleg/clock.hpp"
#include "twoleg/http_date.hpp"
#include "twoleg/http_response.hpp"
#include "twoleg/oauth_session.hpp"
#include "core/wipe.hpp"
#include "twoleg/response_advice.hpp"
#include "twoleg/token_response.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *token_response_help =
    "usage: twoleg token-response [--key SA.json | --client-email EMAIL | --session FILE]\n"
    "                             [--date HTTP-DATE] [--now UNIX] [--json] [FILE]\n"
    "Reads what Google answered (FILE or standard input): a token endpoint response or an API error\n"
    "body, either the bare JSON or the whole response as 'curl -i' prints it (status, headers, body).\n"
    "A token: prints the access token (or ID token) and a newline, or with --json the response's\n"
    "fields as JSON; exit 0. An error: one line saying what went wrong and what to do; exit 1.\n"
    "  --key SA.json          the key file used: names client_email, client ID and project in the advice\n"
    "  --client-email EMAIL   the service account's address, if the key file is not at hand\n"
    "  --session FILE         the 'twoleg oauth' session of a user sign-in: advice for the user flows, and\n"
    "                         a warning naming the requested scopes that were not granted\n"
    "  --date HTTP-DATE       the response's Date header (e.g. 'Sun, 06 Nov 1994 08:49:37 GMT'), to\n"
    "                         measure this host's clock skew; read from 'curl -i' output when present\n"
    "  --now UNIX             the local time the response arrived, against which the Date header is\n"
    "                         compared (default: FILE's modification time, i.e. when curl wrote it;\n"
    "                         the current time for standard input)\n"
    "  --json                 print the token response's fields (access_token, id_token, refresh_token,\n"
    "                         token_type, expires_in, refresh_token_expires_in, scope, and dpop_nonce\n"
    "                         when the response carried a DPoP-Nonce header) as one JSON object\n"
    "An answer that is not JSON (an HTML error page, an empty body, no answer at all) is explained by\n"
    "its HTTP status when the input is 'curl -i' output: 5xx and 429 retry with backoff, 404 wrong URL,\n"
    "400 with HTML a malformed request body, empty input: curl failed.\n"
    "DPoP (RFC 9449): a use_dpop_nonce error prints the DPoP-Nonce header's value from 'curl -i'\n"
    "output and says to retry with a new proof made with 'twoleg dpop --nonce'; invalid_dpop_proof\n"
    "says what to check (htm and htu match the request, a fresh jti, iat close to the server's clock).\n";


/// RFC 9449 §8 and §7.1: the token endpoint's DPoP errors, worded with twoleg dpop's options.
std::optional<std::string> dpop_advice(const google_response &parsed, const std::optional<std::string> &nonce,
                                       const advice_context &context)
{
    if (parsed.is_api_error) return std::nullopt;
    const token_response &r = parsed.token;
    std::string said = "Google refused the token request (" + r.error;
    if (!r.error_description.empty()) said += ": \"" + r.error_description + "\"";
    said += "): ";
    if (r.error == "use_dpop_nonce") {
        if (nonce)
            return said + "the server requires a nonce in the DPoP proof: make a new proof with --nonce " + *nonce +
                   " (`twoleg dpop ... --nonce " + *nonce + "`) and send the request again";
        return said + "the server requires a nonce in the DPoP proof: take the DPoP-Nonce header of this response "
                      "(run curl with -i to see it), make a new proof with `twoleg dpop ... --nonce VALUE` and send "
                      "the request again";
    }
    if (r.error == "invalid_dpop_proof") {
        std::string clock = "iat must be close to the server's clock";
        if (context.server_time && context.local_time) {
            const std::int64_t skew = *context.local_time - *context.server_time;
            clock += " (this host is " + duration_text(skew < 0 ? -skew : skew) + (skew >= 0 ? " ahead" : " behind") + ")";
        }
        return said + "check the DPoP proof: --htm and --htu must be the request's method and URL (without query or "
                      "fragment), every request needs a new proof with a fresh jti, and " + clock +
                      "; a server nonce, when one was asked for, goes in --nonce";
    }
    return std::nullopt;
}

/// When the answer arrived by the local clock: a file's modification time
/// (curl wrote it as the answer came in, however much later it is read), or
/// now for standard input and anything that cannot be stat'ed.
std::int64_t arrival_time(const std::string &path)
{
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        return static_cast<std::int64_t>(st.st_mtime);
    return system_unix_time();
}

} // namespace

int run_token_response(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"key", true}, {"client-email", true}, {"date", true}, {"now", true}, {"json"},
                                     {"session", true}};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(token_response_help, stdout);
        return exit_ok;
    }
    if (args.positional.size() > 1) fail_usage("token-response takes at most one FILE");
    if (args.has("key") + args.has("client-email") + args.has("session") > 1)
        fail_usage("--key, --client-email and --session exclude each other");

    advice_context context;
    if (auto key = args.get("key")) {
        service_account account = load_account(*key);
        context.client_email = account.client_email;
        context.client_id = account.client_id;
        context.project_id = account.project_id;
        context.token_uri = account.token_uri;
    }
    if (auto email = args.get("client-email")) context.client_email = *email;
    std::optional<oauth_session> session;
    if (auto path = args.get("session")) {
        auto session_data = read_input(*path, session_max_bytes);
        const std::string_view session_text(reinterpret_cast<const char *>(session_data.data()), session_data.size());
        session = take(parse_session(session_text), *path);
        detail::secure_wipe(session_data);
        context.user_flow = true;
        context.client_id = session->client_id;
    }

    const std::string path = args.positional.empty() ? std::string("-") : args.positional[0];
    const std::string shown = path == "-" ? std::string("standard input") : path;
    auto data = read_input(path, response_max_bytes);
    context.local_time = args.has("now") ? parse_integer("now", *args.get("now")) : arrival_time(path);

    const std::string_view text(reinterpret_cast<const char *>(data.data()), data.size());
    std::string_view body = text;
    std::optional<std::string> date = args.get("date");
    std::optional<http_response_parts> http;
    std::optional<std::string> dpop_nonce;
    if (text.substr(0, 5) == "HTTP/") {
        http = take(split_http_response(text), shown);
        body = http->body;
        if (!date) date = http->date;
        dpop_nonce = http->header("DPoP-Nonce");
    }
    if (date) context.server_time = take(parse_http_date(*date), args.has("date") ? "--date" : shown + ": Date header");

    result<google_response> maybe = parse_google_response(body);
    if (!maybe) {
        // Not JSON: the HTTP status (or the lack of any input) may still say what happened.
        // Empty input is invalid input (exit 3); an answer that says what went wrong is exit 1.
        if (auto a = explain_unparsed_response(text, http ? &*http : nullptr, context))
            fail(a->which == advice_case::nothing_arrived ? exit_invalid_input : exit_verification_failed,
                 advice_line(*a, context));
        fail(maybe.err(), shown);
    }
    const google_response parsed = std::move(maybe).value();
    if (auto dpop = dpop_advice(parsed, dpop_nonce, context)) fail(exit_verification_failed, *dpop);
    const advice a = explain_parsed_response(parsed, context);
    if (a.problem != response_problem::none) fail(exit_verification_failed, advice_line(a, context));

    const token_response &r = parsed.token;
    if (session && !r.access_token.empty()) {
        // Granular consent: the user may untick scopes. Without "scope" Google granted what was asked.
        const auto missing = r.scope.empty() ? std::vector<std::string>{} : scopes_not_granted(session->scopes, r.scope);
        if (!missing.empty()) {
            std::string names;
            for (const auto &m : missing) names += (names.empty() ? "" : " ") + m;
            std::fprintf(stderr,
                         "twoleg: warning: fewer scopes were granted than requested (the user unticked some on the "
                         "consent screen): not granted: %s\n",
                         names.c_str());
        }
    }
    std::string out;
    if (args.has("json")) {
        nlohmann::ordered_json j = nlohmann::ordered_json::object();
        if (!r.access_token.empty()) j["access_token"] = r.access_token;
        if (!r.id_token.empty()) j["id_token"] = r.id_token;
        if (!r.refresh_token.empty()) j["refresh_token"] = r.refresh_token;
        if (!r.token_type.empty()) j["token_type"] = r.token_type;
        if (r.expires_in) j["expires_in"] = *r.expires_in;
        if (r.refresh_token_expires_in) j["refresh_token_expires_in"] = *r.refresh_token_expires_in;
        if (!r.scope.empty()) j["scope"] = r.scope;
        if (dpop_nonce) j["dpop_nonce"] = *dpop_nonce;
        out = j.dump();
        if (auto it = j.find("refresh_token"); it != j.end()) detail::secure_wipe(it->get_ref<std::string &>());
    } else {
        out = r.access_token.empty() ? r.id_token : r.access_token;
    }
    out += '\n';
    write_output(std::nullopt, out);
    detail::secure_wipe(out);
    return exit_ok;
}

} // namespace twoleg::cli
