// twoleg assertion / token-request: the service-account token flow's
// requests (see twoleg/assertion.hpp).
#include <cstdio>
#include <unistd.h>

#include "cli.hpp"
#include "key_input.hpp"
#include "option_checks.hpp"
#include "twoleg/assertion.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *assertion_help =
    "usage: twoleg assertion --key SA.json --scope S [--scope S ...] [--sub EMAIL] [--aud URL]\n"
    "                        [--iat UNIX] [--lifetime SECONDS] [--clock-offset SECONDS]\n"
    "       twoleg assertion --key SA.json --self-signed (--aud API-URL | --service NAME | --scope S ...)\n"
    "       twoleg assertion --key SA.json --target-audience AUDIENCE\n"
    "       twoleg assertion --key KEY.p12 --client-email EMAIL [--key-id ID] --scope S ...\n"
    "Prints a signed service-account assertion (compact RS256 JWT) and a newline.\n";

constexpr const char *token_request_help =
    "usage: twoleg token-request --key SA.json --scope S [--scope S ...] [--sub EMAIL] [--aud URL]\n"
    "                            [--iat UNIX] [--lifetime SECONDS] [--clock-offset SECONDS]\n"
    "       twoleg token-request --key SA.json --target-audience AUDIENCE\n"
    "       twoleg token-request --key KEY.p12 --client-email EMAIL [--key-id ID] --scope S ...\n"
    "Prints the application/x-www-form-urlencoded token request body\n"
    "  grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=JWT\n"
    "ready for: twoleg token-request ... | curl --data-binary @- https://oauth2.googleapis.com/token\n"
    "A newline follows only when standard output is a terminal (it would corrupt the body).\n"
    "The options are those of 'twoleg assertion':\n";

// The options of both commands, printed after either usage text.
constexpr const char *assertion_option_lines =
    "  --key SA.json          the service account's JSON key file (kid = private_key_id), or any\n"
    "                         private key twoleg reads (.p12, PKCS#8, PKCS#1, encrypted) with\n"
    "                         --client-email\n"
    "  --client-email EMAIL   the service account's address (iss); with a JSON key file it must\n"
    "                         be the file's client_email\n"
    "  --key-id ID            the JWT kid (the key's ID in the Cloud console); omitted without it;\n"
    "                         with a JSON key file it must be the file's private_key_id\n"
    "  --password-file FILE   password of an encrypted key: FILE's content without one newline\n"
    "  --password-env NAME    ... or the value of environment variable NAME\n"
    "  --scope S              an OAuth scope: an https:// URL such as\n"
    "                         https://www.googleapis.com/auth/spreadsheets.readonly, or openid, email,\n"
    "                         profile; repeat --scope for several (joined by spaces in the claim)\n"
    "  --sub EMAIL            the e-mail address of the user to act as (domain-wide delegation)\n"
    "  --aud URL              audience, an https:// URL: default the key file's token_uri\n"
    "                         (https://oauth2.googleapis.com/token); with --self-signed, the API's URL\n"
    "  --iat UNIX             issued-at time (default: now)\n"
    "  --lifetime SECONDS     exp - iat, 1 to 3600 (default 3600; Google rejects longer)\n"
    "  --clock-offset SECONDS added to this host's clock when it is known to be wrong\n"
    "  --self-signed          a JWT sent to the API itself: iss = sub = client_email, and\n"
    "                         one of --aud (the API's URL), --service or --scope, not both; the only\n"
    "                         kind accepted when the key file's universe_domain is not googleapis.com\n"
    "  --service NAME         with --self-signed: aud = https://NAME.UNIVERSE_DOMAIN/ (e.g. pubsub)\n"
    "  --target-audience AUD  ask the token endpoint for an ID token for AUD (no --scope)\n";

constexpr option_spec assertion_specs[] = {
    {"key", true},        {"scope", true, true}, {"sub", true},         {"aud", true},
    {"iat", true},        {"lifetime", true},    {"clock-offset", true}, {"self-signed"},
    {"target-audience", true}, {"client-email", true}, {"key-id", true}, password_file_option,
    password_env_option, {"service", true},
};

/// The signing identity: a service-account file, or a key plus --client-email
/// (and --key-id); given flags must agree with a file's fields.
service_account load_signer(const arguments &args, const std::string &path)
{
    const auto email = args.get("client-email");
    const auto key_id = args.get("key-id");
    loaded_key key = load_key_file(args, path);
    if (key.account) {
        service_account account = std::move(*key.account);
        if (email && *email != account.client_email)
            fail_usage("--client-email " + *email + " differs from the key file's client_email " +
                       account.client_email);
        if (key_id && *key_id != account.private_key_id)
            fail_usage("--key-id differs from the key file's private_key_id " + account.private_key_id);
        return account;
    }
    if (!key.is_private()) fail(exit_invalid_input, path + ": this is not a private key; assertions need one");
    if (key.type != key_type::rsa)
        fail(exit_invalid_input, path + ": this is an EC key, not an RSA key; Google's service-account assertions are "
                                        "RS256 and need an RSA key");
    if (!email)
        fail_usage(path + " is a " + key_format_name(key.format) +
                   " key without the service account's address: give --client-email EMAIL (and --key-id ID for "
                   "the JWT kid)");
    service_account account;
    account.client_email = *email;
    if (key_id) account.private_key_id = *key_id;
    account.token_uri = std::string(default_token_uri);
    account.key = *key.private_key;
    return account;
}

struct assertion_request {
    service_account account;
    assertion_options options;
};

assertion_request read_assertion_arguments(std::span<char *const> argv, const char *help, bool &help_shown)
{
    arguments args = parse_arguments(argv, assertion_specs);
    help_shown = args.help;
    if (args.help) {
        std::fputs(help, stdout);
        std::fputs(assertion_option_lines, stdout);
        return {};
    }
    if (!args.positional.empty()) fail_usage("unexpected argument '" + args.positional[0] + "' (see --help)");
    auto key = args.get("key");
    if (!key) fail_usage("--key SA.json is required (see --help)");

    assertion_request r;
    auto &o = r.options;
    o.scopes = args.get_all("scope");
    for (const auto &s : o.scopes) check_scope_option(s);
    if (auto v = args.get("sub")) {
        check_subject_option(*v);
        o.subject = *v;
    }
    if (auto v = args.get("aud")) {
        check_audience_option(*v);
        o.audience = *v;
    }
    if (auto v = args.get("iat")) o.issued_at = parse_integer("iat", *v);
    if (auto v = args.get("lifetime")) o.lifetime = parse_integer("lifetime", *v);
    if (auto v = args.get("clock-offset")) o.clock_offset = parse_integer("clock-offset", *v);
    if (auto v = args.get("target-audience")) o.target_audience = *v;
    if (auto v = args.get("service")) o.service = *v;
    const bool self_signed = args.has("self-signed");
    if (self_signed && args.has("target-audience"))
        fail_usage("--self-signed and --target-audience exclude each other");
    if (self_signed && !args.has("aud") && !args.has("service") && !args.has("scope"))
        fail_usage("--self-signed needs one of --aud API-URL (e.g. https://sheets.googleapis.com/), --service NAME "
                   "or --scope S");
    if (self_signed && (args.has("aud") || args.has("service")) && args.has("scope"))
        fail_usage("--self-signed takes one of --aud, --service or --scope, not both");
    if (o.issued_at && args.has("clock-offset")) fail_usage("--iat and --clock-offset exclude each other");
    o.kind = self_signed ? assertion_kind::self_signed
             : args.has("target-audience") ? assertion_kind::id_token
                                           : assertion_kind::access_token;
    r.account = load_signer(args, *key);
    return r;
}

bool stdout_is_terminal() { return ::isatty(1) == 1; }

} // namespace

service_account load_account(const std::string &path)
{
    auto data = read_input(path, service_account_max_bytes);
    std::string_view text(reinterpret_cast<const char *>(data.data()), data.size());
    if (!looks_like_json(text))
        fail(exit_invalid_input, path + ": not a service-account JSON key file (assertions need client_email and "
                                        "private_key; download a JSON key from the Cloud console)");
    return take(parse_service_account(text), path);
}


int run_assertion(std::span<char *const> argv)
{
    bool help = false;
    auto r = read_assertion_arguments(argv, assertion_help, help);
    if (help) return exit_ok;
    std::string jwt = take(make_assertion(r.account, r.options));
    jwt += '\n';
    write_output(std::nullopt, jwt);
    return exit_ok;
}

int run_token_request(std::span<char *const> argv)
{
    bool help = false;
    auto r = read_assertion_arguments(argv, token_request_help, help);
    if (help) return exit_ok;
    std::string body = take(make_token_request(r.account, r.options));
    if (stdout_is_terminal()) body += '\n';
    write_output(std::nullopt, body);
    return exit_ok;
}

} // namespace twoleg::cli
