// twoleg jwt verify: check an RS256 JWT with an RSA public key or a key set
// chosen by kid (twoleg/jwt.hpp, twoleg/jwks.hpp).
#include <cstdio>
#include <ctime>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "twoleg/clock.hpp"
#include "twoleg/jwks.hpp"
#include "twoleg/jwt.hpp"
#include "key_input.hpp"
#include "twoleg/key_loader.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *jwt_help =
    "usage: twoleg jwt verify (--pub KEY | --jwks FILE | --x509-certs FILE) [--aud A] [--iss I ...]\n"
    "       [--nonce N] [--hd DOMAIN] [--now UNIX] [--leeway S] TOKEN\n"
    "Verifies an RS256 or ES256 JWT (TOKEN is the token text itself, or '-' to read it from standard\n"
    "input, e.g. from a file: twoleg jwt verify --pub KEY - < token.txt) and prints its claims as\n"
    "compact JSON and a newline (exit 0), or says why it is refused (exit 1: bad signature, expired,\n"
    "not yet valid, wrong audience, issuer, nonce or hd, unsupported algorithm, kid not in the key\n"
    "set; exit 3: malformed token or key).\n"
    "The algorithm is pinned by the key: an RSA key (at least 2048 bits) accepts only RS256, a P-256\n"
    "key only ES256; none, HS* and every other alg are refused. exp is required.\n"
    "  --pub KEY          public key: SPKI or RSA PUBLIC KEY (PEM/DER), a public JWK, a certificate, or\n"
    "                     any private key form including a service-account JSON file (its public half)\n"
    "  --jwks FILE        a JWK Set of RSA keys (e.g. https://www.googleapis.com/oauth2/v3/certs): the\n"
    "                     token's kid picks the key (RS256)\n"
    "  --x509-certs FILE  a kid -> PEM certificate map (https://www.googleapis.com/oauth2/v1/certs)\n"
    "  --aud A            require aud to be A or an array containing A (for an ID token: the client ID)\n"
    "  --iss I            require iss to be I; repeat to accept any of several (Google ID tokens:\n"
    "                     --iss accounts.google.com --iss https://accounts.google.com)\n"
    "  --nonce N          require the nonce claim to be N\n"
    "  --hd DOMAIN        require the hd claim (Google Workspace domain) to be DOMAIN\n"
    "  --now UNIX         the time to check exp, nbf and iat against (default: now)\n"
    "  --leeway S         tolerance for clock differences, 0 to 86400 seconds (default 60)\n"
    "  --password-file FILE  password of an encrypted --pub key (.p12, ...): FILE's content\n"
    "  --password-env NAME   ... or the value of environment variable NAME\n";

/// "1700003600 (2023-11-14 23:13:20 UTC)".
std::string utc_text(std::int64_t t)
{
    std::string s = std::to_string(t);
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm {};
    char buf[64];
    if (static_cast<std::int64_t>(tt) == t && ::gmtime_r(&tt, &tm) &&
        std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm) > 0)
        s += std::string(" (") + buf + ")";
    return s;
}

/// The reason a token was refused, with what the library's fixed message
/// cannot carry: the times of an expired or not-yet-valid token, and a hint
/// when TOKEN was given as a file name.
[[noreturn]] void fail_verification(const error &e, const std::string &arg, const std::string &token,
                                    std::int64_t now, std::int64_t leeway)
{
    std::string m = e.message();
    if (e.code == errc::jwt_expired || e.code == errc::jwt_not_yet_valid) {
        if (auto times = jwt_read_time_claims(token)) {
            if (e.code == errc::jwt_expired && times->exp) m += ": exp " + utc_text(*times->exp);
            else if (times->nbf && *times->nbf > now + leeway) m += ": nbf " + utc_text(*times->nbf);
            else if (times->iat) m += ": iat " + utc_text(*times->iat);
            m += ", now " + utc_text(now) + ", leeway " + std::to_string(leeway) + " s";
        }
    }
    struct stat st {};
    if (e.code == errc::jwt_malformed && arg != "-" && ::stat(arg.c_str(), &st) == 0)
        m += " (TOKEN is the token text itself, but '" + arg + "' names a file: pass '-' and redirect the file, "
             "twoleg jwt verify ... - < " + arg + ")";
    fail(exit_status_for(e), m);
}

std::string read_token(const std::string &arg)
{
    if (arg != "-") return arg;
    auto data = read_input("-", jwt_max_token_bytes + 2);
    std::string token(data.begin(), data.end());
    // A line from `echo` or a file: drop its line end, nothing else.
    if (!token.empty() && token.back() == '\n') token.pop_back();
    if (!token.empty() && token.back() == '\r') token.pop_back();
    return token;
}

int run_jwt_verify(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"pub", true},       {"jwks", true},  {"x509-certs", true}, {"aud", true},
                                     {"iss", true, true}, {"nonce", true}, {"hd", true},         {"now", true},
                                     {"leeway", true},    password_file_option, password_env_option};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(jwt_help, stdout);
        return exit_ok;
    }
    auto pub = args.get("pub");
    auto jwks = args.get("jwks");
    auto x509 = args.get("x509-certs");
    if (static_cast<int>(pub.has_value()) + jwks.has_value() + x509.has_value() != 1)
        fail_usage("give exactly one of --pub KEY, --jwks FILE or --x509-certs FILE (see --help)");
    if (args.positional.size() != 1) fail_usage("jwt verify takes exactly one TOKEN (or '-' for standard input)");

    jwt_verify_options options;
    options.audience = args.get("aud");
    options.issuers = args.get_all("iss");
    options.nonce = args.get("nonce");
    options.hosted_domain = args.get("hd");
    // The time is fixed here, so that a refusal can show the one it was checked against.
    options.now = args.has("now") ? parse_integer("now", *args.get("now")) : system_unix_time();
    if (auto v = args.get("leeway")) options.leeway = parse_integer("leeway", *v);

    const std::string &arg = args.positional[0];
    std::string token;
    result<verified_jwt> checked = error(errc::internal);
    if (pub) {
        const loaded_key key = load_key_file(args, *pub);
        token = read_token(arg);
        checked = key.type == key_type::ec_p256 ? jwt_verify_es256(token, key.ec_public, options)
                                                : jwt_verify_rs256(token, key.public_key, options);
    } else {
        const std::string &path = jwks ? *jwks : *x509;
        auto data = read_input(path, kid_key_set_max_bytes);
        const std::string_view text(reinterpret_cast<const char *>(data.data()), data.size());
        const kid_key_set keys = take(jwks ? parse_jwks(text) : parse_x509_cert_map(text), path);
        token = read_token(arg);
        checked = jwt_verify_with_kid_key_set(token, keys, options);
    }
    if (!checked) fail_verification(checked.err(), arg, token, *options.now, options.leeway);
    verified_jwt verified = std::move(checked).value();

    // Re-serialised compactly (member order kept) so the output is one line for jq.
    auto claims = nlohmann::ordered_json::parse(verified.claims_json, nullptr, false);
    if (claims.is_discarded()) fail(exit_invalid_input, "internal error: verified claims did not parse");
    std::string out = claims.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out += '\n';
    write_output(std::nullopt, out);
    return exit_ok;
}

} // namespace

int run_jwt(std::span<char *const> argv)
{
    if (argv.empty()) fail_usage("jwt needs a subcommand: 'twoleg jwt verify ...' (see 'twoleg jwt --help')");
    std::string_view sub = argv[0];
    if (sub == "--help" || sub == "-h" || sub == "help") {
        std::fputs(jwt_help, stdout);
        return exit_ok;
    }
    if (sub == "verify") return run_jwt_verify(argv.subspan(1));
    fail_usage("unknown jwt subcommand '" + std::string(sub) + "' (see 'twoleg jwt --help')");
}

} // namespace twoleg::cli
