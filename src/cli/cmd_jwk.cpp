// twoleg jwk KEY [--thumbprint] [--kid]: the public JWK of a key, or its
// RFC 7638 thumbprint.
#include <cstdio>

#include "cli.hpp"
#include "key_input.hpp"
#include "twoleg/jwk.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg jwk KEY [--thumbprint] [--kid] [--password-file FILE | --password-env NAME]\n"
    "\n"
    "Prints the public JSON Web Key (RFC 7517, RFC 7518) of KEY ('-': standard input) on one\n"
    "line: for RSA {\"e\",\"kty\":\"RSA\",\"n\"}, for P-256 {\"crv\":\"P-256\",\"kty\":\"EC\",\"x\",\"y\"},\n"
    "members in the lexicographic order of RFC 7638. KEY may be any form twoleg reads: a\n"
    "private or public key (PEM or DER, also encrypted or in a .p12 file), a certificate, a JWK\n"
    "or a service-account file; the private part is never printed.\n"
    "\n"
    "  --thumbprint  print the RFC 7638 SHA-256 thumbprint (base64url) instead of the JWK\n"
    "  --kid         add the thumbprint to the JWK as \"kid\"\n"
    "%s";

} // namespace

int run_jwk(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"thumbprint", false}, {"kid", false}, password_file_option,
                                     password_env_option};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::printf(help_text, password_options_help);
        return exit_ok;
    }
    if (args.positional.size() != 1) fail_usage("jwk takes exactly one KEY (see --help)");
    if (args.has("thumbprint") && args.has("kid")) fail_usage("--thumbprint and --kid cannot be combined");
    const loaded_key key = load_key_file(args, args.positional[0]);
    const bool ec = key.type == key_type::ec_p256;
    const std::string thumbprint = ec ? jwk_thumbprint(key.ec_public) : jwk_thumbprint(key.public_key);
    std::string out;
    if (args.has("thumbprint")) {
        out = thumbprint;
    } else {
        const std::string kid = args.has("kid") ? thumbprint : std::string();
        out = ec ? jwk_public_json(key.ec_public, kid) : jwk_public_json(key.public_key, kid);
    }
    out += '\n';
    write_output(std::nullopt, out);
    return exit_ok;
}

} // namespace twoleg::cli
