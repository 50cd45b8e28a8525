// twoleg sign --key KEY [--in FILE] [--out FILE]: an RSASSA-PKCS1-v1_5 SHA-256
// signature as raw bytes, the same bytes as `openssl dgst -sha256 -sign KEY`.
#include <cstdio>
#include <cstring>

#include "cli.hpp"
#include "hash_input.hpp"
#include "key_input.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/pkcs1v15.hpp"
#include "core/wipe.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg sign --key KEY [--password-file FILE | --password-env NAME] [--in FILE] [--out FILE]\n"
    "\n"
    "Signs the SHA-256 of FILE (default: standard input) with RSASSA-PKCS1-v1_5\n"
    "(RFC 8017) and writes the raw signature, exactly as many bytes as the modulus,\n"
    "to --out or standard output: the same bytes as `openssl dgst -sha256 -sign KEY`.\n"
    "\n"
    "  --key KEY   private key: PKCS#1 or PKCS#8, PEM or DER, a Google\n"
    "              service-account JSON key file, a PKCS#12 .p12 file, or an\n"
    "              encrypted PKCS#8 or encrypted PEM key\n"
    "  --in FILE   message to sign (default or '-': standard input); read in a\n"
    "              stream, so it may be of any size\n"
    "  --out FILE  where to write the signature (default or '-': standard output);\n"
    "              written atomically and only on success\n"
    "%s"
    "\n"
    "Signing is constant-time and blinded, and every signature is checked with the\n"
    "public key before it is written.\n";

} // namespace

int run_sign(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"key", true}, {"in", true}, {"out", true}, password_file_option,
                                     password_env_option};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::printf(help_text, password_options_help);
        return exit_ok;
    }
    if (!args.positional.empty()) fail_usage("sign takes no positional arguments (see --help)");
    const std::optional<std::string> key_path = args.get("key");
    if (!key_path) fail_usage("sign needs --key KEY (see --help)");
    const std::string in_path = args.get("in").value_or("-");
    if ((*key_path == "-") && in_path == "-")
        fail_usage("--key and the message cannot both come from standard input");

    // Key first: a bad key fails before a large message is read.
    loaded_key loaded = load_key_file(args, *key_path);
    if (!loaded.is_private())
        fail(exit_invalid_input, *key_path + (loaded.format == key_format::certificate_pem ||
                                                      loaded.format == key_format::certificate_der
                                                  ? ": this is a certificate, not a private key"
                                                  : ": this is a public key, not a private key"));
    const rsa_private_key key = *loaded.private_key;

    const sha256_digest digest = sha256_of_input(in_path);
    std::vector<std::uint8_t> signature(key.modulus_bytes());
    take(pkcs1v15_sign_sha256_digest(key, digest, signature));
    write_output(args.get("out"), signature);
    return exit_ok;
}

} // namespace twoleg::cli
