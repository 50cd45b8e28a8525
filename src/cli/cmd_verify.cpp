// twoleg verify --pub KEY --sig FILE [--sig-format raw|der] [--in FILE]: checks
// a SHA-256 signature with the algorithm of the key (RSASSA-PKCS1-v1_5 or
// ECDSA P-256) and reports like `openssl dgst -sha256 -verify`.
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
    "usage: twoleg verify --pub KEY [--password-file FILE | --password-env NAME] --sig FILE\n"
    "                     [--sig-format raw|der] [--in FILE]\n"
    "\n"
    "Checks a SHA-256 signature over FILE (default: standard input) with the algorithm of\n"
    "the key: RSASSA-PKCS1-v1_5 for an RSA key (raw bytes, as written by `twoleg sign` or\n"
    "`openssl dgst -sha256 -sign`), ECDSA for a P-256 key (raw r||s of 64 bytes, or DER with\n"
    "--sig-format der). Prints 'Verified OK' and exits 0, or prints 'Verification failure'\n"
    "and exits 1, both on standard output, like `openssl dgst -sha256 -verify`.\n"
    "\n"
    "  --pub KEY         public key (SubjectPublicKeyInfo, PKCS#1 RSAPublicKey, a public\n"
    "                    JWK), X.509 certificate (its own signature is not checked), or any\n"
    "                    private key form `twoleg sign` accepts; PEM or DER\n"
    "  --sig FILE        the signature ('-': standard input)\n"
    "  --sig-format F    raw (default) or der (P-256 keys only); a DER signature must be\n"
    "                    strict DER (minimal INTEGERs, nothing left over)\n"
    "  --in FILE         the signed message (default or '-': standard input); read in a\n"
    "                    stream, so it may be of any size\n"
    "%s"
    "\n"
    "Exit status: 0 verified, 1 verification failure, 2 usage, 3 invalid input\n"
    "(e.g. an unreadable key), 4 I/O error.\n";

/// Longer than any signature (16384-bit keys: 2048 octets); anything between is
/// read and then refused by the length check as a verification failure.
constexpr std::size_t max_signature_file_bytes = 1 << 16;

} // namespace

int run_verify(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"pub", true}, {"sig", true}, {"in", true}, {"sig-format", true},
                                     password_file_option, password_env_option};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::printf(help_text, password_options_help);
        return exit_ok;
    }
    if (!args.positional.empty()) fail_usage("verify takes no positional arguments (see --help)");
    const std::optional<std::string> key_path = args.get("pub");
    const std::optional<std::string> sig_path = args.get("sig");
    if (!key_path) fail_usage("verify needs --pub KEY (see --help)");
    if (!sig_path) fail_usage("verify needs --sig FILE (see --help)");
    const std::string in_path = args.get("in").value_or("-");
    const int from_stdin = (*key_path == "-") + (*sig_path == "-") + (in_path == "-");
    if (from_stdin > 1) fail_usage("only one of --pub, --sig and the message can come from standard input");
    const std::string format = args.get("sig-format").value_or("raw");
    if (format != "raw" && format != "der") fail_usage("--sig-format must be raw or der, not '" + format + "'");

    // The key file may be a private key: load_key_file wipes it once parsed.
    const loaded_key key = load_key_file(args, *key_path);
    if (key.type == key_type::rsa && format == "der")
        fail_usage("--sig-format der applies to EC keys; RSA signatures have one raw form");

    const std::vector<std::uint8_t> signature = read_input(*sig_path, max_signature_file_bytes);
    const sha256_digest digest = sha256_of_input(in_path);
    result<void> verdict = error(errc::verify_failed);
    if (key.type == key_type::rsa) {
        verdict = pkcs1v15_verify_sha256_digest(key.public_key, digest, signature);
    } else if (format == "raw") {
        verdict = ecdsa_p256_verify_digest(key.ec_public, digest, signature);
    } else {
        std::array<std::uint8_t, es256_signature_bytes> raw{};
        verdict = ecdsa_signature_from_der(signature, raw);
        if (verdict) verdict = ecdsa_p256_verify_digest(key.ec_public, digest, raw);
    }
    if (verdict) {
        write_output(std::nullopt, std::string_view("Verified OK\n"));
        return exit_ok;
    }
    if (verdict.err().code == errc::verify_failed) {
        write_output(std::nullopt, std::string_view("Verification failure\n"));
        return exit_verification_failed;
    }
    fail(verdict.err());
}

} // namespace twoleg::cli
