// twoleg: the command-line tool. Dispatches to one subcommand per file.
#include <cstdio>
#include <exception>
#include <new>
#include <string_view>

#include "cli.hpp"

namespace {

constexpr const char *usage_text =
    "usage: twoleg COMMAND [OPTIONS]\n"
    "\n"
    "Signs Google service-account token assertions (RS256 JWTs) without OpenSSL.\n"
    "\n"
    "commands:\n"
    "  sha256 [FILE]                      hex SHA-256 of FILE or standard input\n"
    "  inspect KEY                        JSON description of a key\n"
    "  asn1 [FILE]                        DER/ASN.1 tree of a PEM or DER file\n"
    "  sign --key KEY [--sig-format raw|der] [--deterministic] [--in FILE] [--out FILE]\n"
    "                                     SHA-256 signature: RSASSA-PKCS1-v1_5 (RSA) or ECDSA (P-256)\n"
    "  verify --pub KEY --sig FILE [--sig-format raw|der] [--in FILE]\n"
    "                                     check a signature: 'Verified OK' or 'Verification failure'\n"
    "  assertion --key SA.json --scope S [--scope S ...] [--sub EMAIL] [--aud URL]\n"
    "            [--iat UNIX] [--lifetime SECONDS] [--clock-offset SECONDS]\n"
    "            [--self-signed] [--target-audience A]\n"
    "                                     a signed service-account assertion (compact JWT)\n"
    "  token-request (same options as assertion)\n"
    "                                     the OAuth token request body for that assertion\n"
    "  token-response [--key SA.json | --client-email EMAIL] [--date HTTP-DATE]\n"
    "                 [--now UNIX] [--json] [FILE]\n"
    "                                     the token in Google's answer, or what went wrong and what to do\n"
    "  jwt verify --pub KEY [--aud A] [--iss I] [--now UNIX] [--leeway S] TOKEN\n"
    "                                     verify an RS256 or ES256 JWT and print its claims\n"
    "  convert --key IN --to pkcs8-pem|pkcs8-der|pkcs1-pem|service-account-json [--out FILE]\n"
    "                                     the key unencrypted in another form (file mode 0600)\n"
    "  keygen --type ec-p256 [--out FILE]  a new P-256 private key (PKCS#8 PEM, mode 0600)\n"
    "  jwk KEY [--thumbprint] [--kid]     the public JWK of a key, or its RFC 7638 thumbprint\n"
    "  dpop --key KEY --htm METHOD --htu URL [--nonce N] [--access-token TOKEN] [--iat UNIX] [--jti ID]\n"
    "                                     a DPoP proof (RFC 9449) for one HTTP request\n"
    "  doctor SA.json [--certs FILE] [--response FILE | --date HTTP-DATE] [--json]\n"
    "                                     why Google would refuse a key file, found offline\n"
    "  version                            the version and the SHA-256 and RSA implementations in use\n"
    "  jwt verify (--jwks FILE | --x509-certs FILE) [--aud A] [--iss I ...] [--nonce N] [--hd D] TOKEN\n"
    "                                     verify a Google ID token against Google's published keys (by kid)\n"
    "  oauth url --client FILE --scope S [--scope S ...] [--redirect-uri URI] [--session FILE] ...\n"
    "                                     the authorization URL (PKCE) of the user-consent flow\n"
    "  oauth listen --session FILE [--port N] [--timeout SECONDS]\n"
    "                                     receive the browser's redirect on 127.0.0.1\n"
    "  oauth login --client FILE --scope S [--scope S ...] ...\n"
    "                                     url + listen in one: prints the code-exchange body\n"
    "  oauth code --session FILE URL      the code of a redirect URL pasted from the browser\n"
    "  oauth exchange --client FILE --session FILE [--code C]\n"
    "                                     the token request body that trades the code for tokens\n"
    "  oauth refresh --client FILE (--refresh-token T | --refresh-token-file F) [--scope S ...]\n"
    "                                     the token request body that refreshes an access token\n"
    "  oauth revoke (--token T | --token-file F)\n"
    "                                     the body that revokes a token\n"
    "\n"
    "Commands that read a key take --password-file FILE or --password-env NAME for encrypted\n"
    "keys (.p12, ENCRYPTED PRIVATE KEY, encrypted PEM); without them a terminal is asked.\n"
    "\n"
    "Run 'twoleg COMMAND --help' for a command's options.\n"
    "Exit status: 0 success, 1 verification failed, 2 usage error, 3 invalid input, 4 I/O error.\n";

struct command {
    std::string_view name;
    int (*run)(std::span<char *const>);
};

constexpr command commands[] = {
    {"sha256", twoleg::cli::run_sha256},
    {"inspect", twoleg::cli::run_inspect},
    {"asn1", twoleg::cli::run_asn1},
    {"sign", twoleg::cli::run_sign},
    {"verify", twoleg::cli::run_verify},
    {"assertion", twoleg::cli::run_assertion},
    {"token-request", twoleg::cli::run_token_request},
    {"token-response", twoleg::cli::run_token_response},
    {"jwt", twoleg::cli::run_jwt},
    {"convert", twoleg::cli::run_convert},
    {"keygen", twoleg::cli::run_keygen},
    {"jwk", twoleg::cli::run_jwk},
    {"dpop", twoleg::cli::run_dpop},
    {"doctor", twoleg::cli::run_doctor},
    {"version", twoleg::cli::run_version},
    {"oauth", twoleg::cli::run_oauth},
};

} // namespace

int main(int argc, char **argv)
{
    using namespace twoleg::cli;
    if (argc < 2) {
        std::fputs(usage_text, stderr);
        return exit_usage;
    }
    std::string_view name = argv[1];
    if (name == "--version") name = "version";
    if (name == "--help" || name == "-h" || name == "help") {
        std::fputs(usage_text, stdout);
        return exit_ok;
    }
    try {
        for (const auto &c : commands)
            if (c.name == name) return c.run(std::span<char *const>(argv + 2, static_cast<std::size_t>(argc - 2)));
        fail_usage("unknown command '" + std::string(name) + "' (see 'twoleg --help')");
    } catch (const failure &f) {
        std::fprintf(stderr, "twoleg: %s\n", f.message.c_str());
        return f.status;
    } catch (const std::bad_alloc &) {
        std::fputs("twoleg: out of memory\n", stderr);
        return exit_io;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "twoleg: internal error: %s\n", e.what());
        return exit_invalid_input;
    }
}
