// twoleg convert --key IN --to FORMAT [--out FILE]: the key, unencrypted, in
// another form (PKCS#8 or PKCS#1 PEM, PKCS#8 DER, service-account JSON); an
// EC P-256 key to PKCS#8 only (the RSA-only forms are refused as usage errors).
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "key_input.hpp"
#include "twoleg/ec_key_formats.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/pem.hpp"
#include "twoleg/service_account.hpp"
#include "core/wipe.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg convert --key IN --to pkcs8-pem|pkcs8-der|pkcs1-pem|service-account-json\n"
    "                      [--client-email EMAIL] [--key-id ID] [--project-id P] [--out FILE]\n"
    "                      [--password-file FILE | --password-env NAME]\n"
    "\n"
    "Writes the private key of IN (any form twoleg reads: .p12, encrypted or plain PKCS#8,\n"
    "PKCS#1 or SEC 1, PEM or DER, service-account JSON) UNENCRYPTED in another form:\n"
    "  pkcs8-pem             -----BEGIN PRIVATE KEY----- (what Google's JSON files hold)\n"
    "  pkcs8-der             PrivateKeyInfo as DER\n"
    "  pkcs1-pem             -----BEGIN RSA PRIVATE KEY----- (RSA keys only)\n"
    "  service-account-json  a Google service-account key file (RSA keys only); needs\n"
    "                        --client-email; --key-id (the key's ID in the Cloud console) becomes\n"
    "                        private_key_id, without it the file has none and assertions carry\n"
    "                        no kid; client_id is taken from a .p12 file's certificate (its CN)\n"
    "                        when it is numeric\n"
    "  --out FILE            written atomically (temporary file + rename) with mode 0600;\n"
    "                        default: standard output\n"
    "%s"
    "Exit status: 0 ok, 2 usage error, 3 unreadable key or wrong password, 4 I/O error.\n";

bool all_digits(const std::string &s)
{
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

/// A Google service-account key file with the fields in Google's order.
std::string service_account_json(const loaded_key &key, const std::string &pem, const arguments &args)
{
    const auto email = args.get("client-email");
    std::optional<std::string> key_id = args.get("key-id");
    if (!email) fail_usage("--to service-account-json needs --client-email EMAIL (the service account's address)");
    if (!key_id && key.account && !key.account->private_key_id.empty()) key_id = key.account->private_key_id;
    std::string project = args.get("project-id").value_or("");
    std::string client_id;
    if (key.account) {
        if (project.empty()) project = key.account->project_id;
        client_id = key.account->client_id;
    } else if (key.container && key.container->certificate &&
               all_digits(key.container->certificate->subject_common_name)) {
        client_id = key.container->certificate->subject_common_name;
    }
    // Built by hand so that the key's text is copied exactly once, into a
    // buffer of its final size (a JSON library would leave copies behind).
    // The PEM holds base64, dashes, spaces and line feeds: only "\n" needs escaping.
    auto quoted = [](const std::string &v) { return nlohmann::json(v).dump(); };
    std::string head = "{\n  \"type\": \"service_account\",\n";
    if (!project.empty()) head += "  \"project_id\": " + quoted(project) + ",\n";
    if (key_id) head += "  \"private_key_id\": " + quoted(*key_id) + ",\n";
    head += "  \"private_key\": \"";
    std::string tail = "\",\n  \"client_email\": " + quoted(*email) + ",\n";
    if (!client_id.empty()) tail += "  \"client_id\": " + quoted(client_id) + ",\n";
    tail += "  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n  \"token_uri\": " +
            quoted(std::string(default_token_uri)) + "\n}\n";
    std::size_t escaped = 0;
    for (char c : pem) escaped += c == '\n' ? 2 : 1;
    std::string out;
    out.reserve(head.size() + escaped + tail.size());
    out += head;
    for (char c : pem) {
        if (c == '\n') out += "\\n";
        else out += c;
    }
    out += tail;
    return out;
}

} // namespace

int run_convert(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"key", true},        {"to", true},         {"out", true},
                                     {"client-email", true}, {"key-id", true},   {"project-id", true},
                                     password_file_option, password_env_option};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::printf(help_text, password_options_help);
        return exit_ok;
    }
    if (!args.positional.empty()) fail_usage("convert takes no positional arguments (see --help)");
    const auto key_path = args.get("key");
    const auto to = args.get("to");
    if (!key_path) fail_usage("convert needs --key IN (see --help)");
    if (!to) fail_usage("convert needs --to pkcs8-pem|pkcs8-der|pkcs1-pem|service-account-json");
    const bool is_json = *to == "service-account-json";
    if (*to != "pkcs8-pem" && *to != "pkcs8-der" && *to != "pkcs1-pem" && !is_json)
        fail_usage("--to must be pkcs8-pem, pkcs8-der, pkcs1-pem or service-account-json, not '" + *to + "'");
    if (!is_json && (args.has("client-email") || args.has("key-id") || args.has("project-id")))
        fail_usage("--client-email, --key-id and --project-id only apply to --to service-account-json");

    const loaded_key key = load_key_file(args, *key_path);
    if (!key.is_private()) fail(exit_invalid_input, *key_path + ": this is not a private key; convert writes private keys");

    const bool ec = key.type == key_type::ec_p256;
    if (ec && (*to == "pkcs1-pem" || is_json))
        fail_usage(*key_path + " is an EC P-256 key: --to " + *to +
                   " holds RSA keys only; an EC key converts to pkcs8-pem or pkcs8-der");

    // Every buffer below holds the private key: each is wiped once written.
    std::vector<std::uint8_t> der = ec                  ? ec_private_key_to_pkcs8_der(*key.ec_private)
                                    : *to == "pkcs1-pem" ? key.private_key->pkcs1_der()
                                                         : key.private_key->pkcs8_der();
    detail::wipe_on_exit wipe_der{der};
    if (*to == "pkcs8-der") {
        write_output(args.get("out"), der);
        return exit_ok;
    }
    std::string pem = pem_encode(*to == "pkcs1-pem" ? "RSA PRIVATE KEY" : "PRIVATE KEY", der);
    detail::wipe_on_exit wipe_pem{pem};
    if (!is_json) {
        write_output(args.get("out"), pem);
        return exit_ok;
    }
    std::string json = service_account_json(key, pem, args);
    detail::wipe_on_exit wipe_json{json};
    write_output(args.get("out"), json);
    return exit_ok;
}

} // namespace twoleg::cli
