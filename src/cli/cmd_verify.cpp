// twoleg verify --pub KEY --sig FILE [--in FILE]: checks an RSASSA-PKCS1-v1_5
// SHA-256 signature and reports like `openssl dgst -sha256 -verify`.
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
    "usage: twoleg verify --pub KEY --sig FILE [--in FILE]\n"
    "\n"
    "Checks an RSASSA-PKCS1-v1_5 SHA-256 signature (raw bytes, as written by\n"
    "`twoleg sign` or `openssl dgst -sha256 -sign`) over FILE (default: standard\n"
    "input). Prints 'Verified OK' and exits 0, or prints 'Verification failure' and\n"
    "exits 1, both on standard output, like `openssl dgst -sha256 -verify`.\n"
    "\n"
    "  --pub KEY   public key (SubjectPublicKeyInfo or PKCS#1 RSAPublicKey), X.509\n"
    "              certificate (its own signature is not checked), or any private\n"
    "              key form `twoleg sign` accepts; PEM or DER\n"
    "  --sig FILE  the signature ('-': standard input)\n"
    "  --in FILE   the signed message (default or '-': standard input); read in a\n"
    "              stream, so it may be of any size\n"
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
    constexpr option_spec specs[] = {{"pub", true}, {"sig", true}, {"in", true}, password_file_option,
                                     password_env_option};
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

    // The key file may be a private key: wiped once the public half is taken.
    const rsa_public_key key = load_key_file(args, *key_path).public_key;

    const std::vector<std::uint8_t> signature = read_input(*sig_path, max_signature_file_bytes);
    const sha256_digest digest = sha256_of_input(in_path);
    result<void> verdict = pkcs1v15_verify_sha256_digest(key, digest, signature);
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
