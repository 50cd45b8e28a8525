// twoleg oauth: the steps of the OAuth user-consent flow that need no network
// (client_secret.hpp, oauth_url.hpp, oauth_session.hpp, oauth_redirect.hpp,
// oauth_forms.hpp), and the loopback receiver (loopback_receiver.hpp).
#include <cstdio>
#include <optional>
#include <cstring>

#include "cli.hpp"
#include "core/env.hpp"
#include "core/wipe.hpp"
#include "loopback_receiver.hpp"
#include "twoleg/client_secret.hpp"
#include "twoleg/oauth_forms.hpp"
#include "twoleg/oauth_redirect.hpp"
#include "twoleg/oauth_session.hpp"
#include "twoleg/oauth_url.hpp"

namespace twoleg::cli {

namespace {

using detail::secure_wipe;

constexpr const char *oauth_help =
    "usage: twoleg oauth SUBCOMMAND [OPTIONS]\n"
    "The OAuth 2.0 user-consent flow (authorization code with PKCE) without a network library:\n"
    "twoleg builds the URL and the request bodies, receives the redirect, and curl does HTTPS.\n"
    "  url       the authorization URL to open in a browser, and a session file for the next steps\n"
    "  listen    wait on 127.0.0.1 for the browser's redirect and store the code in the session\n"
    "  login     url + listen + exchange in one: prints the token request body\n"
    "  code      read a redirect URL pasted from the browser and store its code in the session\n"
    "  exchange  the token request body that trades the code for tokens\n"
    "  refresh   the token request body that refreshes an access token\n"
    "  revoke    the body that revokes a token (POST it to https://oauth2.googleapis.com/revoke)\n"
    "Run 'twoleg oauth SUBCOMMAND --help' for its options.\n";

// The consent options 'oauth url' and 'oauth login' share, as help lines (a
// macro so that each help text stays one string literal).
#define CONSENT_OPTION_LINES \
    "  --access-type A           online or offline (offline: also a refresh token)\n" \
    "  --prompt P                none, consent or select_account (repeatable; none alone)\n" \
    "  --login-hint EMAIL        pre-fill the account\n" \
    "  --include-granted-scopes  incremental authorization: keep the scopes granted before\n" \
    "  --granular-consent B      true or false (enable_granular_consent)\n" \
    "  --hd DOMAIN               offer only accounts of this Google Workspace domain\n" \
    "  --nonce N                 a nonce for the ID token\n"

constexpr const char *url_help =
    "usage: twoleg oauth url --client FILE --scope S [--scope S ...] [--redirect-uri URI]\n"
    "       [--access-type online|offline] [--prompt P [--prompt P ...]] [--login-hint EMAIL]\n"
    "       [--include-granted-scopes] [--granular-consent true|false] [--hd DOMAIN] [--nonce N]\n"
    "       [--state S] [--no-pkce] [--session FILE]\n"
    "Prints the authorization URL (response_type=code) and a newline, and writes the session file\n"
    "(mode 0600) that 'oauth listen', 'oauth code' and 'oauth exchange' read.\n"
    "  --client FILE             the client_secret_....json of the OAuth client ID\n"
    "  --scope S                 a scope to ask for (repeat for several)\n"
    "  --redirect-uri URI        where the browser is sent back (default: the file's first redirect_uri)\n"
    CONSENT_OPTION_LINES
    "  --state S                 the state (default: 192 random bits)\n"
    "  --no-pkce                 no code_challenge (PKCE S256 is on by default)\n"
    "  --session FILE            where to keep state and code_verifier (required with PKCE)\n";

constexpr const char *listen_help =
    "usage: twoleg oauth listen --session FILE [--port N] [--timeout SECONDS] [--read-timeout SECONDS]\n"
    "Serves HTTP on 127.0.0.1 (or [::1] when the session's redirect URI says so) at the redirect URI's\n"
    "port and path until the browser's redirect arrives. With the session's state and a code: answers\n"
    "a 'signed in' page, stores the code in the session, prints it and a newline, exit 0. An error\n"
    "redirect (access_denied, ...) gives a page saying so and exit 1. A wrong or missing state gets\n"
    "400 and a warning, other paths 404; the wait goes on. No redirect in time: exit 1.\n"
    "  --session FILE          the session file written by 'oauth url'\n"
    "  --port N                listen on N instead of the redirect URI's port (e.g. behind ssh -L)\n"
    "  --timeout SECONDS       how long to wait for the redirect, 1 to 86400 (default 300)\n"
    "  --read-timeout SECONDS  how long one connection may take to send its request (default 10)\n";

constexpr const char *login_help =
    "usage: twoleg oauth login --client FILE --scope S [--scope S ...] [--access-type online|offline]\n"
    "       [--prompt P ...] [--login-hint EMAIL] [--include-granted-scopes] [--granular-consent B]\n"
    "       [--hd DOMAIN] [--nonce N] [--session FILE] [--timeout SECONDS]\n"
    "Binds a free port on 127.0.0.1, prints 'open this URL' and the authorization URL (PKCE S256,\n"
    "redirect http://127.0.0.1:PORT/) on standard error, waits for the redirect as 'oauth listen'\n"
    "does, then prints the code-exchange body on standard output:\n"
    "  twoleg oauth login ... | curl -si --data-binary @- https://oauth2.googleapis.com/token > token.http\n"
    "  --client FILE             the client_secret_....json of a Desktop-app OAuth client\n"
    "  --scope S                 a scope to ask for (repeat for several)\n"
    CONSENT_OPTION_LINES
    "  --session FILE            also keep the session (for 'token-response --session')\n"
    "  --timeout SECONDS         how long to wait for the redirect, 1 to 86400 (default 300)\n";
#undef CONSENT_OPTION_LINES

constexpr const char *code_help =
    "usage: twoleg oauth code --session FILE URL\n"
    "Reads the URL the browser ended at after sign-in (URL, or '-' for standard input), checks its\n"
    "state against the session, stores the code in the session and prints it and a newline.\n"
    "An error redirect (error=access_denied, ...) or another state: exit 1.\n"
    "  --session FILE  the session file written by 'oauth url'\n";

constexpr const char *exchange_help =
    "usage: twoleg oauth exchange --client FILE --session FILE [--code C]\n"
    "Prints the token request body (grant_type=authorization_code, no trailing newline) for\n"
    "curl --data-binary @- https://oauth2.googleapis.com/token.\n"
    "  --client FILE   the client_secret_....json of the OAuth client ID\n"
    "  --session FILE  the session file (redirect URI, code_verifier, and the code if received)\n"
    "  --code C        the authorization code, if it is not in the session\n";

constexpr const char *refresh_help =
    "usage: twoleg oauth refresh --client FILE (--refresh-token T | --refresh-token-file F |\n"
    "       --refresh-token-env VAR) [--scope S ...]\n"
    "Prints the token request body (grant_type=refresh_token, no trailing newline).\n"
    "  --client FILE              the client_secret_....json of the OAuth client ID\n"
    "  --refresh-token T          the refresh token (visible in the process list: prefer the next two)\n"
    "  --refresh-token-file F     read it from F ('-': standard input); one line end is dropped\n"
    "  --refresh-token-env VAR    read it from the environment variable VAR\n"
    "  --scope S                  ask for fewer scopes than were granted (repeatable)\n";

constexpr const char *revoke_help =
    "usage: twoleg oauth revoke (--token T | --token-file F | --token-env VAR)\n"
    "Prints the revocation body (token=..., no trailing newline) for\n"
    "curl --data-binary @- https://oauth2.googleapis.com/revoke.\n"
    "  --token T          the refresh or access token (visible in the process list)\n"
    "  --token-file F     read it from F ('-': standard input); one line end is dropped\n"
    "  --token-env VAR    read it from the environment variable VAR\n";

/// Reads `path` (at most `max_bytes`) and parses its text with `parse`; both
/// copies of the text, which hold secrets, are wiped.
template <class Parse>
auto load_secret_json(const std::string &path, std::size_t max_bytes, Parse parse)
{
    auto data = read_input(path, max_bytes);
    std::string text(data.begin(), data.end());
    secure_wipe(data);
    auto parsed = parse(text);
    secure_wipe(text);
    return take(std::move(parsed), path);
}

client_secret load_client(const std::string &path)
{
    return load_secret_json(path, client_secret_max_bytes,
                            [](const std::string &text) { return parse_client_secret(text); });
}

oauth_session load_session(const std::string &path)
{
    return load_secret_json(path, session_max_bytes, [](const std::string &text) { return parse_session(text); });
}

void save_session(const std::string &path, const oauth_session &session)
{
    std::string text = session_to_json(session);
    write_output(path, text);
    secure_wipe(text);
}

void print_secret_line(std::string text)
{
    text += '\n';
    write_output(std::nullopt, text);
    secure_wipe(text);
}

void print_secret(std::string text)
{
    write_output(std::nullopt, text);
    secure_wipe(text);
}

/// A subcommand's options without positional arguments; nullopt once --help was printed.
std::optional<arguments> parse_options(std::span<char *const> argv, std::span<const option_spec> specs,
                                       const char *help, const char *name)
{
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(help, stdout);
        return std::nullopt;
    }
    if (!args.positional.empty())
        fail_usage(std::string("oauth ") + name + " takes no positional arguments (see --help)");
    return args;
}

/// Prints a request body (a secret) or fails with why it could not be built.
int print_body(result<std::string> body)
{
    if (!body) fail_usage(body.err().message());
    print_secret(std::move(*body));
    return exit_ok;
}

/// A secret from exactly one of --NAME, --NAME-file, --NAME-env.
std::string read_secret_option(const arguments &args, const std::string &name, const char *what)
{
    const int given = args.has(name) + args.has(name + "-file") + args.has(name + "-env");
    if (given != 1)
        fail_usage("give the " + std::string(what) + " with exactly one of --" + name + ", --" + name + "-file or --" +
                   name + "-env (see --help)");
    std::string value;
    if (auto v = args.get(name)) {
        value = *v;
    } else if (auto f = args.get(name + "-file")) {
        auto data = read_input(*f, 64 * 1024);
        value.assign(data.begin(), data.end());
        secure_wipe(data);
        if (!value.empty() && value.back() == '\n') value.pop_back();
        if (!value.empty() && value.back() == '\r') value.pop_back();
        if (value.empty()) fail(exit_invalid_input, "the " + std::string(what) + " file " + *f + " is empty");
    } else {
        const std::string var = *args.get(name + "-env");
        if (!detail::env_value(var.c_str(), value) || value.empty())
            fail(exit_usage, "the environment variable " + var + " is not set or empty");
    }
    for (unsigned char c : value)
        if (c <= 0x20 || c >= 0x7f)
            fail(exit_invalid_input, "the " + std::string(what) + " holds a space, control or non-ASCII character");
    return value;
}

std::int64_t timeout_option(const arguments &args, const char *name, std::int64_t fallback)
{
    auto v = args.get(name);
    if (!v) return fallback;
    const auto t = parse_integer(name, *v);
    if (t < 1 || t > 86400) fail_usage(std::string("--") + name + " must be 1 to 86400 seconds");
    return t;
}

// Options shared by 'url' and 'login'.
constexpr option_spec request_specs[] = {
    {"client", true},        {"scope", true, true},     {"access-type", true},      {"prompt", true, true},
    {"login-hint", true},    {"include-granted-scopes"}, {"granular-consent", true}, {"hd", true},
    {"nonce", true},         {"session", true},
};

authorization_request request_from(const arguments &args, const client_secret &client)
{
    authorization_request r;
    r.client_id = client.client_id;
    r.scopes = args.get_all("scope");
    if (r.scopes.empty()) fail_usage("at least one --scope is needed (see --help)");
    r.access_type = args.get("access-type");
    r.prompt = args.get_all("prompt");
    r.login_hint = args.get("login-hint");
    r.include_granted_scopes = args.has("include-granted-scopes");
    if (auto g = args.get("granular-consent")) {
        if (*g != "true" && *g != "false") fail_usage("--granular-consent takes true or false");
        r.granular_consent = *g == "true";
    }
    r.hosted_domain = args.get("hd");
    r.nonce = args.get("nonce");
    return r;
}

oauth_session session_for(const authorization_request &r, const std::string &verifier)
{
    oauth_session s;
    s.client_id = r.client_id;
    s.redirect_uri = r.redirect_uri;
    s.scopes = r.scopes;
    s.state = r.state;
    s.code_verifier = verifier;
    if (r.nonce) s.nonce = *r.nonce;
    return s;
}

std::string url_or_usage(const client_secret &client, const authorization_request &r)
{
    auto url = authorization_url(client.auth_uri, r);
    if (!url) fail_usage(url.err().message());
    return *url;
}

int run_url(std::span<char *const> argv)
{
    std::vector<option_spec> specs(std::begin(request_specs), std::end(request_specs));
    specs.push_back({"redirect-uri", true});
    specs.push_back({"state", true});
    specs.push_back({"no-pkce"});
    auto parsed = parse_options(argv, specs, url_help, "url");
    if (!parsed) return exit_ok;  // --help was shown
    const arguments &args = *parsed;
    const std::string client_path = args.required("client", "--client FILE");
    const bool pkce = !args.has("no-pkce");
    auto session_path = args.get("session");
    if (pkce && !session_path)
        fail_usage("--session FILE is required: it keeps the PKCE code_verifier for 'oauth exchange' (or give --no-pkce)");
    client_secret client = load_client(client_path);
    authorization_request r = request_from(args, client);
    if (auto u = args.get("redirect-uri")) r.redirect_uri = *u;
    else if (!client.redirect_uris.empty()) r.redirect_uri = client.redirect_uris.front();
    else fail_usage("the client file lists no redirect_uris: give --redirect-uri URI");
    if (auto s = args.get("state")) r.state = *s;
    else r.state = take(make_state());
    std::string verifier;
    if (pkce) {
        verifier = take(make_code_verifier());
        r.code_challenge = pkce_challenge_s256(verifier);
    }
    std::string url = url_or_usage(client, r);
    if (session_path) save_session(*session_path, session_for(r, verifier));
    secure_wipe(verifier);
    url += '\n';
    write_output(std::nullopt, url);
    return exit_ok;
}

int run_listen(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"session", true}, {"port", true}, {"timeout", true}, {"read-timeout", true}};
    auto parsed = parse_options(argv, specs, listen_help, "listen");
    if (!parsed) return exit_ok;  // --help was shown
    const arguments &args = *parsed;
    const std::string session_path = args.required("session", "--session FILE");
    receiver_options options;
    options.timeout_seconds = timeout_option(args, "timeout", 300);
    options.read_timeout_seconds = timeout_option(args, "read-timeout", 10);
    oauth_session session = load_session(session_path);
    auto uri = parse_loopback_redirect_uri(session.redirect_uri);
    if (!uri)
        fail(exit_usage, std::string("the session's redirect URI cannot be served here: ") + uri.err().message() +
                             " (for a web redirect, paste the URL into 'twoleg oauth code')");
    std::uint16_t port = uri->port;
    if (auto p = args.get("port")) {
        const auto n = parse_integer("port", *p);
        if (n < 1 || n > 65535) fail_usage("--port must be 1 to 65535");
        port = static_cast<std::uint16_t>(n);
    } else if (!uri->port_given) {
        fail_usage("the session's redirect URI has no port (the browser would go to port 80): build the URL with "
                   "--redirect-uri http://127.0.0.1:PORT/ or use 'twoleg oauth login'");
    }
    options.path = uri->path;
    options.expected_state = session.state;
    loopback_listener listener(uri->ipv6, port);
    received_redirect got = wait_for_redirect(listener, options);
    session.code = got.code;
    save_session(session_path, session);
    print_secret_line(std::move(got.code));
    return exit_ok;
}

int run_login(std::span<char *const> argv)
{
    std::vector<option_spec> specs(std::begin(request_specs), std::end(request_specs));
    specs.push_back({"timeout", true});
    auto parsed = parse_options(argv, specs, login_help, "login");
    if (!parsed) return exit_ok;  // --help was shown
    const arguments &args = *parsed;
    receiver_options options;
    options.timeout_seconds = timeout_option(args, "timeout", 300);
    client_secret client = load_client(args.required("client", "--client FILE"));
    authorization_request r = request_from(args, client);
    loopback_listener listener(false, 0);
    r.redirect_uri = "http://127.0.0.1:" + std::to_string(listener.port()) + "/";
    r.state = take(make_state());
    std::string verifier = take(make_code_verifier());
    r.code_challenge = pkce_challenge_s256(verifier);
    const std::string url = url_or_usage(client, r);
    oauth_session session = session_for(r, verifier);
    auto session_path = args.get("session");
    if (session_path) save_session(*session_path, session);
    std::fprintf(stderr, "Open this URL in a browser on this machine and sign in:\n\n%s\n\n", url.c_str());
    std::fflush(stderr);
    options.expected_state = r.state;
    received_redirect got = wait_for_redirect(listener, options);
    session.code = got.code;
    if (session_path) save_session(*session_path, session);
    auto body = exchange_body(client, got.code, r.redirect_uri, verifier);
    secure_wipe(got.code);
    secure_wipe(verifier);
    print_secret(take(std::move(body)));
    return exit_ok;
}

int run_code(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"session", true}};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(code_help, stdout);
        return exit_ok;
    }
    const std::string session_path = args.required("session", "--session FILE");
    if (args.positional.size() != 1) fail_usage("oauth code takes exactly one URL (or '-' for standard input)");
    std::string url = args.positional[0];
    if (url == "-") {
        auto data = read_input("-", 64 * 1024);
        url.assign(data.begin(), data.end());
        secure_wipe(data);
        while (!url.empty() && (url.back() == '\n' || url.back() == '\r' || url.back() == ' ')) url.pop_back();
    }
    oauth_session session = load_session(session_path);
    auto redirect = parse_redirect_url(url);
    secure_wipe(url);
    if (!redirect) fail(redirect.err(), "the redirect URL");
    auto code = accept_redirect(*redirect, session.state);
    if (!code) {
        if (code.err().code == errc::oauth_state_mismatch) fail(code.err());
        std::string m = "sign-in failed: the authorization server answered error=" + redirect->error;
        if (!redirect->error_description.empty()) m += " (" + redirect->error_description + ")";
        if (redirect->error == "access_denied") m += "; the user did not grant access: sign in again and allow it";
        fail(exit_verification_failed, m);
    }
    session.code = *code;
    save_session(session_path, session);
    print_secret_line(std::move(*code));
    return exit_ok;
}

int run_exchange(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"client", true}, {"session", true}, {"code", true}};
    auto parsed = parse_options(argv, specs, exchange_help, "exchange");
    if (!parsed) return exit_ok;  // --help was shown
    const arguments &args = *parsed;
    auto client_path = args.get("client");
    auto session_path = args.get("session");
    if (!client_path || !session_path) fail_usage("--client FILE and --session FILE are required (see --help)");
    client_secret client = load_client(*client_path);
    oauth_session session = load_session(*session_path);
    if (session.client_id != client.client_id)
        fail(exit_invalid_input, "the session was started for another client_id than " + *client_path + "'s");
    std::string code = args.get("code").value_or(session.code);
    if (code.empty())
        fail_usage("the session holds no code yet: run 'oauth listen' or 'oauth code' first, or give --code C");
    auto body = exchange_body(client, code, session.redirect_uri, session.code_verifier);
    secure_wipe(code);
    return print_body(std::move(body));
}

int run_refresh(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"client", true}, {"refresh-token", true}, {"refresh-token-file", true},
                                     {"refresh-token-env", true}, {"scope", true, true}};
    auto parsed = parse_options(argv, specs, refresh_help, "refresh");
    if (!parsed) return exit_ok;  // --help was shown
    const arguments &args = *parsed;
    const std::string client_path = args.required("client", "--client FILE");
    std::string token = read_secret_option(args, "refresh-token", "refresh token");
    client_secret client = load_client(client_path);
    auto body = refresh_body(client, token, args.get_all("scope"));
    secure_wipe(token);
    return print_body(std::move(body));
}

int run_revoke(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"token", true}, {"token-file", true}, {"token-env", true}};
    auto parsed = parse_options(argv, specs, revoke_help, "revoke");
    if (!parsed) return exit_ok;  // --help was shown
    const arguments &args = *parsed;
    std::string token = read_secret_option(args, "token", "token");
    auto body = revoke_body(token);
    secure_wipe(token);
    return print_body(std::move(body));
}

} // namespace

int run_oauth(std::span<char *const> argv)
{
    if (argv.empty()) fail_usage("oauth needs a subcommand (see 'twoleg oauth --help')");
    std::string_view sub = argv[0];
    if (sub == "--help" || sub == "-h" || sub == "help") {
        std::fputs(oauth_help, stdout);
        return exit_ok;
    }
    auto rest = argv.subspan(1);
    if (sub == "url") return run_url(rest);
    if (sub == "listen") return run_listen(rest);
    if (sub == "login") return run_login(rest);
    if (sub == "code") return run_code(rest);
    if (sub == "exchange") return run_exchange(rest);
    if (sub == "refresh") return run_refresh(rest);
    if (sub == "revoke") return run_revoke(rest);
    fail_usage("unknown oauth subcommand '" + std::string(sub) + "' (see 'twoleg oauth --help')");
}

} // namespace twoleg::cli
