// twoleg inspect KEY: a JSON description of a key in any accepted form.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "twoleg/key_loader.hpp"
#include "core/wipe.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg inspect KEY\n"
    "Loads KEY (PKCS#1 or PKCS#8 private key, SubjectPublicKeyInfo, RSA PUBLIC KEY or X.509\n"
    "certificate, as PEM or DER, or a Google service-account JSON key file; '-' for standard\n"
    "input), validates it and prints JSON: format, private, modulus_bits, public_exponent,\n"
    "spki_sha256 (SHA-256 of the DER SubjectPublicKeyInfo, hex) and, for service-account files,\n"
    "client_email (the address to share documents with), private_key_id, project_id, token_uri.\n"
    "Exit status: 0 ok, 2 usage error, 3 malformed or unsupported key, 4 I/O error.\n";

std::string hex(std::span<const std::uint8_t> bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        s += digits[b >> 4];
        s += digits[b & 15];
    }
    return s;
}

} // namespace

int run_inspect(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"help"}};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(help_text, stdout);
        return exit_ok;
    }
    if (args.positional.size() != 1) fail_usage("inspect takes exactly one KEY (see --help)");

    const std::string &path = args.positional[0];
    std::vector<std::uint8_t> input = read_input(path, key_max_input_bytes);
    result<loaded_key> loaded = load_key(input);
    // The input may hold a private key: do not leave it in freed memory.
    detail::secure_wipe(input);
    loaded_key key = take(std::move(loaded), path == "-" ? std::string("standard input") : path);

    using ordered = nlohmann::ordered_json;
    ordered out;
    out["format"] = key_format_name(key.format);
    out["private"] = key.is_private();
    out["modulus_bits"] = key.public_key.modulus_bits();
    if (std::uint64_t e = key.public_key.public_exponent_u64(); e != 0)
        out["public_exponent"] = e;
    else  // wider than 64 bits: JSON numbers cannot carry it exactly
        out["public_exponent"] = "0x" + hex(key.public_key.public_exponent());
    out["spki_sha256"] = hex(key.public_key.spki_sha256());
    if (key.account) {
        out["client_email"] = key.account->client_email;
        out["private_key_id"] = key.account->private_key_id;
        out["project_id"] = key.account->project_id;
        out["token_uri"] = key.account->token_uri;
    }
    if (!key.notes.empty()) out["notes"] = key.notes;
    write_output(std::nullopt, out.dump(2, ' ', false, ordered::error_handler_t::replace) + "\n");
    return exit_ok;
}

} // namespace twoleg::cli
