// twoleg keygen --type ec-p256 [--out FILE]: a new P-256 private key as
// PKCS#8 PEM ("PRIVATE KEY"), written atomically with mode 0600.
#include <cstdio>

#include "cli.hpp"
#include "core/wipe.hpp"
#include "twoleg/ec_key_formats.hpp"
#include "twoleg/pem.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg keygen --type ec-p256 [--out FILE]\n"
    "\n"
    "Generates a new P-256 (prime256v1) private key from the operating system's random\n"
    "generator and writes it as PKCS#8 PEM (\"-----BEGIN PRIVATE KEY-----\", the form\n"
    "`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256` writes), not encrypted.\n"
    "\n"
    "  --type ec-p256  the key type (the only one twoleg generates; make RSA keys with\n"
    "                  `openssl genpkey -algorithm RSA`)\n"
    "  --out FILE      where to write the key (default or '-': standard output); the file\n"
    "                  is created with mode 0600 through a temporary file and a rename, so\n"
    "                  it never exists half-written or readable by others\n"
    "\n"
    "Use the key with `twoleg sign`, `twoleg jwk` and `twoleg dpop`.\n";

} // namespace

int run_keygen(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"type", true}, {"out", true}};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(help_text, stdout);
        return exit_ok;
    }
    if (!args.positional.empty()) fail_usage("keygen takes no positional arguments (see --help)");
    const std::optional<std::string> type = args.get("type");
    if (!type) fail_usage("keygen needs --type ec-p256 (see --help)");
    if (*type != "ec-p256")
        fail_usage("unsupported key type '" + *type + "': twoleg generates ec-p256 keys only (see --help)");

    const ec_private_key key = take(ec_private_key::generate());
    std::vector<std::uint8_t> der = ec_private_key_to_pkcs8_der(key);
    std::string pem = pem_encode("PRIVATE KEY", der);
    detail::secure_wipe(der);
    detail::wipe_on_exit<std::string> wipe(pem);
    write_output(args.get("out"), pem);
    return exit_ok;
}

} // namespace twoleg::cli
