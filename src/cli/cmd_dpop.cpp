// twoleg dpop --key KEY --htm METHOD --htu URL [...]: one DPoP proof (RFC 9449).
#include <cstdio>

#include "cli.hpp"
#include "core/wipe.hpp"
#include "key_input.hpp"
#include "twoleg/dpop.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg dpop --key KEY --htm METHOD --htu URL [--nonce N]\n"
    "                   [--access-token TOKEN | --access-token-file F] [--iat UNIX] [--jti ID]\n"
    "                   [--password-file FILE | --password-env NAME]\n"
    "\n"
    "Prints one DPoP proof (RFC 9449), a compact JWS for the DPoP header of one HTTP request:\n"
    "header {\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{the public key}} (RS256 with an RSA\n"
    "key), claims jti, htm, htu, iat, and nonce / ath when given. Make a new proof for every\n"
    "request.\n"
    "\n"
    "  --key KEY               private key (P-256 or RSA of at least 2048 bits), any form\n"
    "                          `twoleg sign` accepts\n"
    "  --htm METHOD            the request's HTTP method, e.g. POST\n"
    "  --htu URL               the request's URL; its query and fragment are left out\n"
    "  --nonce N               the server's DPoP-Nonce (after a use_dpop_nonce error)\n"
    "  --access-token TOKEN    adds ath, the SHA-256 of the access token, for requests to a\n"
    "                          resource server with a DPoP-bound token\n"
    "  --access-token-file F   the same, with the token read from F (first line)\n"
    "  --iat UNIX              the issue time (default: now)\n"
    "  --jti ID                the proof's unique identifier (default: 128 random bits,\n"
    "                          base64url); never reuse one\n"
    "  --deterministic         P-256: the pure RFC 6979 nonce instead of the hedged one\n"
    "%s";

std::string first_line(std::vector<std::uint8_t> data)
{
    std::string s(data.begin(), data.end());
    detail::secure_wipe(data);
    const auto end = s.find_first_of("\r\n");
    std::string line = s.substr(0, end);
    detail::secure_wipe(s);
    return line;
}

} // namespace

int run_dpop(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"key", true},          {"htm", true},
                                     {"htu", true},          {"nonce", true},
                                     {"access-token", true}, {"access-token-file", true},
                                     {"iat", true},          {"jti", true},
                                     {"deterministic", false}, password_file_option,
                                     password_env_option};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::printf(help_text, password_options_help);
        return exit_ok;
    }
    if (!args.positional.empty()) fail_usage("dpop takes no positional arguments (see --help)");
    const auto key_path = args.get("key");
    if (!key_path) fail_usage("dpop needs --key KEY (see --help)");
    const auto htm = args.get("htm");
    if (!htm) fail_usage("dpop needs --htm METHOD, e.g. --htm POST (see --help)");
    const auto htu = args.get("htu");
    if (!htu) fail_usage("dpop needs --htu URL (see --help)");
    if (args.has("access-token") && args.has("access-token-file"))
        fail_usage("give either --access-token or --access-token-file, not both");
    if (args.has("access-token-file") && *args.get("access-token-file") == "-" && *key_path == "-")
        fail_usage("--key and --access-token-file cannot both come from standard input");

    dpop_options options;
    options.htm = *htm;
    options.htu = *htu;
    options.nonce = args.get("nonce");
    if (args.has("nonce") && !options.nonce) fail_usage("--nonce needs a value");
    options.access_token = args.get("access-token");
    if (auto f = args.get("access-token-file")) options.access_token = first_line(read_input(*f, 1 << 20));
    if (auto v = args.get("iat")) options.iat = parse_integer("iat", *v);
    options.jti = args.get("jti");
    options.deterministic = args.has("deterministic");

    const loaded_key key = load_private_key_file(args, *key_path);
    std::string proof = key.type == key_type::ec_p256 ? take(dpop_proof(*key.ec_private, options))
                                                      : take(dpop_proof(*key.private_key, options));
    if (options.access_token) detail::secure_wipe(*options.access_token);
    proof += '\n';
    write_output(std::nullopt, proof);
    return exit_ok;
}

} // namespace twoleg::cli
