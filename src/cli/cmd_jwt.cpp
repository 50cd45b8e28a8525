// twoleg jwt verify: check an RS256 JWT with an RSA public key or a key set
// chosen by kid (twoleg/jwt.hpp, twoleg/jwks.hpp).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "key_input.hpp"
#include "twoleg/jwks.hpp"
#include "twoleg/jwt.hpp"
#include "key_input.hpp"
#include "twoleg/key_loader.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *jwt_help =
    "usage: twoleg jwt verify (--pub KEY | --jwks FILE | --x509-certs FILE) [--aud A] [--iss I ...]\n"
    "       [--nonce N] [--hd DOMAIN] [--now UNIX] [--leeway S] TOKEN\n"
    "Verifies an RS256 or ES256 JWT (TOKEN, or '-' to read it from standard input) and prints its claims as\n"
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
    "  --password-file FILE, --password-env NAME   password of an encrypted --pub key (.p12, ...)\n";

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
    if (auto v = args.get("now")) options.now = parse_integer("now", *v);
    if (auto v = args.get("leeway")) options.leeway = parse_integer("leeway", *v);

    std::string token;
    verified_jwt verified;
    if (pub) {
        const loaded_key key = load_key_file(args, *pub);
        token = read_token(args.positional[0]);
        verified = key.type == key_type::ec_p256 ? take(jwt_verify_es256(token, key.ec_public, options))
                                                 : take(jwt_verify_rs256(token, key.public_key, options));
    } else {
        const std::string &path = jwks ? *jwks : *x509;
        auto data = read_input(path, kid_key_set_max_bytes);
        const std::string_view text(reinterpret_cast<const char *>(data.data()), data.size());
        const kid_key_set keys = take(jwks ? parse_jwks(text) : parse_x509_cert_map(text), path);
        token = read_token(args.positional[0]);
        verified = take(jwt_verify_with_kid_key_set(token, keys, options));
    }

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
