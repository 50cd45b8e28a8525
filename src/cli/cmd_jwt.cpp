// twoleg jwt verify: check an RS256 JWT with an RSA public key (twoleg/jwt.hpp).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "key_input.hpp"
#include "twoleg/jwt.hpp"
#include "key_input.hpp"
#include "twoleg/key_loader.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *jwt_help =
    "usage: twoleg jwt verify --pub KEY [--aud A] [--iss I] [--now UNIX] [--leeway S] TOKEN\n"
    "Verifies an RS256 or ES256 JWT (TOKEN, or '-' to read it from standard input) and prints its claims as\n"
    "compact JSON and a newline (exit 0), or says why it is refused (exit 1: bad signature, expired,\n"
    "not yet valid, wrong audience or issuer, unsupported algorithm; exit 3: malformed token or key).\n"
    "The algorithm is pinned by the key: an RSA key (at least 2048 bits) accepts only RS256, a P-256\n"
    "key only ES256; none, HS* and every other alg are refused. exp is required.\n"
    "  --pub KEY     public key: SPKI or RSA PUBLIC KEY (PEM/DER), a public JWK, a certificate, or\n"
    "                any private key form including a service-account JSON file (its public half)\n"
    "  --aud A       require aud to be A or an array containing A\n"
    "  --iss I       require iss to be I\n"
    "  --now UNIX    the time to check exp, nbf and iat against (default: now)\n"
    "  --leeway S    tolerance for clock differences, 0 to 86400 seconds (default 60)\n"
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
    constexpr option_spec specs[] = {{"pub", true},      {"aud", true},         {"iss", true},
                                     {"now", true},      {"leeway", true},      password_file_option,
                                     password_env_option};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(jwt_help, stdout);
        return exit_ok;
    }
    auto pub = args.get("pub");
    if (!pub) fail_usage("--pub KEY is required (see --help)");
    if (args.positional.size() != 1) fail_usage("jwt verify takes exactly one TOKEN (or '-' for standard input)");

    jwt_verify_options options;
    options.audience = args.get("aud");
    options.issuer = args.get("iss");
    if (auto v = args.get("now")) options.now = parse_integer("now", *v);
    if (auto v = args.get("leeway")) options.leeway = parse_integer("leeway", *v);

    const loaded_key key = load_key_file(args, *pub);
    std::string token = read_token(args.positional[0]);
    verified_jwt verified = key.type == key_type::ec_p256 ? take(jwt_verify_es256(token, key.ec_public, options))
                                                          : take(jwt_verify_rs256(token, key.public_key, options));

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
