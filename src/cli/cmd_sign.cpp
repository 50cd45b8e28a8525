// twoleg sign --key KEY [--sig-format raw|der] [--deterministic] [--in FILE] [--out FILE]:
// a SHA-256 signature with the algorithm of the key: RSASSA-PKCS1-v1_5 for
// RSA (the same bytes as `openssl dgst -sha256 -sign KEY`), ECDSA for P-256.
#include <cstdio>
#include <cstring>

#include "cli.hpp"
#include "hash_input.hpp"
#include "key_input.hpp"
#include "twoleg/ecdsa.hpp"
#include "twoleg/pkcs1v15.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg sign --key KEY [--password-file FILE | --password-env NAME] [--sig-format raw|der]\n"
    "                   [--deterministic] [--in FILE] [--out FILE]\n"
    "\n"
    "Signs the SHA-256 of FILE (default: standard input) with the algorithm of the key and\n"
    "writes the signature to --out or standard output:\n"
    "  RSA key    RSASSA-PKCS1-v1_5 (RFC 8017), exactly as many bytes as the modulus: the same\n"
    "             bytes as `openssl dgst -sha256 -sign KEY`\n"
    "  P-256 key  ECDSA with SHA-256 (FIPS 186-5): raw r||s, 64 bytes (as in JWS ES256), or\n"
    "             with --sig-format der the DER ECDSA-Sig-Value that `openssl dgst -sign` writes\n"
    "\n"
    "  --key KEY          private key: PKCS#1, SEC 1 (EC PRIVATE KEY) or PKCS#8, PEM or DER, a\n"
    "                     private JWK, a Google service-account JSON key file, a PKCS#12 .p12\n"
    "                     file, or an encrypted PKCS#8 or encrypted PEM key\n"
    "  --sig-format F     raw (default) or der; der applies to P-256 keys only\n"
    "  --deterministic    P-256: the pure RFC 6979 nonce (the same message always gives the\n"
    "                     same signature); by default the nonce is hedged with fresh random\n"
    "                     input (RFC 6979 section 3.6). RSA signatures are always deterministic.\n"
    "  --in FILE          message to sign (default or '-': standard input); read in a\n"
    "                     stream, so it may be of any size\n"
    "  --out FILE         where to write the signature (default or '-': standard output);\n"
    "                     written atomically and only on success\n"
    "%s"
    "\n"
    "Signing is constant-time; RSA signing is blinded, and every RSA signature is checked with\n"
    "the public key before it is written.\n";

} // namespace

int run_sign(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {
        {"key", true}, {"in", true}, {"out", true}, {"sig-format", true}, {"deterministic", false},
        password_file_option, password_env_option};
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
    const std::string format = args.get("sig-format").value_or("raw");
    if (format != "raw" && format != "der") fail_usage("--sig-format must be raw or der, not '" + format + "'");

    // Key first: a bad key fails before a large message is read.
    const loaded_key key = load_private_key_file(args, *key_path);
    if (key.type == key_type::rsa && format == "der")
        fail_usage("--sig-format der applies to EC keys; RSA signatures have one raw form");

    const sha256_digest digest = sha256_of_input(in_path);
    if (key.type == key_type::rsa) {
        std::vector<std::uint8_t> signature(key.private_key->modulus_bytes());
        take(pkcs1v15_sign_sha256_digest(*key.private_key, digest, signature));
        write_output(args.get("out"), signature);
        return exit_ok;
    }
    ecdsa_sign_options options;
    options.deterministic = args.has("deterministic");
    std::array<std::uint8_t, es256_signature_bytes> raw{};
    take(ecdsa_p256_sign_digest(*key.ec_private, digest, raw, options));
    if (format == "raw") {
        write_output(args.get("out"), raw);
        return exit_ok;
    }
    std::array<std::uint8_t, ecdsa_p256_der_max_bytes> der{};
    const std::size_t length = take(ecdsa_signature_to_der(raw, der));
    write_output(args.get("out"), std::span<const std::uint8_t>(der.data(), length));
    return exit_ok;
}

} // namespace twoleg::cli
