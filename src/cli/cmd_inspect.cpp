// twoleg inspect KEY: a JSON description of a key in any accepted form.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "key_input.hpp"
#include "twoleg/jwk.hpp"
#include "twoleg/key_loader.hpp"
#include "core/wipe.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg inspect [--password-file FILE | --password-env NAME] KEY\n"
    "Loads KEY (PKCS#1 or PKCS#8 private key, SubjectPublicKeyInfo, RSA PUBLIC KEY or X.509\n"
    "certificate, as PEM or DER, a Google service-account JSON key file, a PKCS#12 .p12 file,\n"
    "an encrypted PKCS#8 or encrypted PEM key; '-' for standard input), validates it and\n"
    "prints JSON: format, private, modulus_bits, public_exponent, spki_sha256 (SHA-256 of the\n"
    "DER SubjectPublicKeyInfo, hex) and, for service-account files, client_email (the address\n"
    "to share documents with), private_key_id, project_id, token_uri. For encrypted forms,\n"
    "container: key_encryption and certificate_encryption (scheme, kdf, cipher, iterations),\n"
    "mac (algorithm, iterations), friendly_name, certificate (subject_cn, not_before,\n"
    "not_after); notes say e.g. which default password opened a .p12 file.\n"
    "For a P-256 key (SEC 1, PKCS#8, SPKI, certificate or JWK): format, private, type \"ec-p256\",\n"
    "curve, spki_sha256 and jwk_thumbprint (RFC 7638).\n"
    "Exit status: 0 ok, 2 usage error, 3 malformed or unsupported key or wrong password,\n"
    "4 I/O error.\n";

nlohmann::ordered_json encryption_json(const encryption_description &d)
{
    nlohmann::ordered_json j;
    j["scheme"] = d.scheme;
    j["kdf"] = d.kdf;
    j["cipher"] = d.cipher;
    j["iterations"] = d.iterations;
    return j;
}

nlohmann::ordered_json container_json(const container_info &c)
{
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (c.key_encryption) j["key_encryption"] = encryption_json(*c.key_encryption);
    if (c.certificate_encryption) j["certificate_encryption"] = encryption_json(*c.certificate_encryption);
    if (!c.mac_algorithm.empty()) j["mac"] = {{"algorithm", c.mac_algorithm}, {"iterations", c.mac_iterations}};
    if (!c.friendly_name.empty()) j["friendly_name"] = c.friendly_name;
    if (c.certificate)
        j["certificate"] = {{"subject_cn", c.certificate->subject_common_name},
                            {"not_before", c.certificate->not_before},
                            {"not_after", c.certificate->not_after}};
    return j;
}

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
    constexpr option_spec specs[] = {{"help"}, password_file_option, password_env_option};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(help_text, stdout);
        return exit_ok;
    }
    if (args.positional.size() != 1) fail_usage("inspect takes exactly one KEY (see --help)");

    loaded_key key = load_key_file(args, args.positional[0]);

    using ordered = nlohmann::ordered_json;
    ordered out;
    out["format"] = key_format_name(key.format);
    out["private"] = key.is_private();
    if (key.type == key_type::ec_p256) {
        out["type"] = key_type_name(key.type);
        out["curve"] = "P-256";
        out["spki_sha256"] = hex(sha256_hash(key.ec_public.spki_der()));
        out["jwk_thumbprint"] = jwk_thumbprint(key.ec_public);
    } else {
        out["modulus_bits"] = key.public_key.modulus_bits();
        if (std::uint64_t e = key.public_key.public_exponent_u64(); e != 0)
            out["public_exponent"] = e;
        else  // wider than 64 bits: JSON numbers cannot carry it exactly
            out["public_exponent"] = "0x" + hex(key.public_key.public_exponent());
        out["spki_sha256"] = hex(key.public_key.spki_sha256());
    }
    if (key.account) {
        out["client_email"] = key.account->client_email;
        out["private_key_id"] = key.account->private_key_id;
        out["project_id"] = key.account->project_id;
        out["token_uri"] = key.account->token_uri;
    }
    if (key.container) out["container"] = container_json(*key.container);
    if (!key.notes.empty()) out["notes"] = key.notes;
    write_output(std::nullopt, out.dump(2, ' ', false, ordered::error_handler_t::replace) + "\n");
    return exit_ok;
}

} // namespace twoleg::cli
