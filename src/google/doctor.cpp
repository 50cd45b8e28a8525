// Implements twoleg/doctor.hpp: offline checks of a service-account key file.
//
// The key is loaded through parse_service_account, the same code every other
// command uses, from a minimal file holding only the private_key: so the key
// check and the repair notes do not depend on the other fields being right.
// Every copy of the private key text made here is wiped.
#include "twoleg/doctor.hpp"

#include <cstdlib>
#include <new>

#include <nlohmann/json.hpp>

#include "twoleg/key_set.hpp"
#include "twoleg/pem.hpp"
#include "twoleg/service_account.hpp"
#include "codec/strict_json.hpp"
#include "core/civil_time.hpp"
#include "core/wipe.hpp"

namespace twoleg {

namespace {

using json = nlohmann::json;
using detail::secure_wipe;

constexpr std::string_view legacy_developer_suffix = "@developer.gserviceaccount.com";
constexpr std::string_view legacy_appspot_suffix = "@appspot.gserviceaccount.com";
constexpr std::string_view iam_suffix = ".iam.gserviceaccount.com";

struct report_builder {
    doctor_report report;
    void add(const char *id, check_status status, std::string message)
    {
        doctor_check c;
        c.id = id;
        c.status = status;
        c.message = std::move(message);
        report.checks.push_back(std::move(c));
    }
};

bool ends_with(std::string_view s, std::string_view tail)
{
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

/// The string member `name`, if it is a string.
const std::string *string_member(const json &root, const char *name)
{
    auto it = root.find(name);
    return it != root.end() && it->is_string() ? &it->get_ref<const std::string &>() : nullptr;
}

/// What a file that is not JSON is, in a sentence with the way out.
std::string not_json_form(std::string_view text)
{
    const std::string fix = "; download a JSON key for the service account (Cloud console: IAM > Service accounts "
                            "> Keys > Add key > JSON)";
    if (text.empty()) return "the file is empty" + fix;
    if (looks_like_pem(text)) {
        const auto begin = text.find("-----BEGIN ");
        const auto end = text.find("-----", begin + 11);
        std::string label(end == std::string_view::npos ? std::string_view("?")
                                                         : text.substr(begin + 11, end - begin - 11));
        return "this is a PEM file (" + label + "), not a service-account JSON key file: it lacks client_email" + fix;
    }
    const auto *b = reinterpret_cast<const unsigned char *>(text.data());
    if (b[0] == 0x30) {
        // PFX ::= SEQUENCE { version INTEGER (3), ... }: after a long-form length comes 02 01 03.
        const std::size_t length_octets = text.size() > 1 && (b[1] & 0x80) ? (b[1] & 0x7f) : 0;
        const std::size_t at = 2 + length_octets;
        if (text.size() > at + 2 && b[at] == 0x02 && b[at + 1] == 0x01 && b[at + 2] == 0x03)
            return "this is a PKCS#12 (.p12) key, the console's legacy format, not a JSON key file" + fix;
        return "this is binary DER (a bare key or certificate), not a service-account JSON key file" + fix;
    }
    if (detail::first_json_byte(text) == '[') return "this is a JSON array, not a service-account key file" + fix;
    return "this is not JSON: not a service-account key file" + fix;
}

/// file-form for JSON that is not a service account: what it is instead.
std::string other_json_form(const json &root, const error &why)
{
    const std::string fix = "; a service-account key file has \"type\": \"service_account\" (Cloud console: "
                            "IAM > Service accounts > Keys > Add key > JSON)";
    if (!root.contains("type")) {
        if (root.contains("installed") || root.contains("web"))
            return "these are OAuth client secrets (client_secret.json, for user sign-in), not a service-account key" +
                   fix;
        if (root.contains("keys") || (!root.empty() && root.begin()->is_string() &&
                                      root.begin()->get_ref<const std::string &>().find("-----BEGIN CERTIFICATE") == 0))
            return "this is a published key document (public keys only), not a service-account key file" + fix;
    }
    return why.message() + fix;
}

struct key_outcome {
    std::optional<service_account> account;  // with only the key and its notes
    std::optional<error> failure;
};

/// Loads only the private_key, through parse_service_account.
key_outcome load_key_only(const std::string &private_key)
{
    json minimal = json::object();
    minimal["type"] = "service_account";
    minimal["client_email"] = "key-check@doctor.invalid";
    minimal["private_key"] = private_key;
    std::string text = minimal.dump();
    secure_wipe(minimal["private_key"].get_ref<std::string &>());
    auto loaded = parse_service_account(text);
    secure_wipe(text);
    key_outcome out;
    if (loaded) out.account = std::move(*loaded);
    else out.failure = loaded.err();
    return out;
}

bool is_lower_hex(std::string_view s)
{
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

void check_file_form(report_builder &r, std::string_view raw, const key_outcome &key)
{
    std::vector<std::string> repairs;
    if (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") repairs.emplace_back("a byte-order mark starts the file");
    if (raw.find('\r') != std::string_view::npos || raw.find("\\r") != std::string_view::npos)
        repairs.emplace_back("it has Windows (CRLF) line ends");
    if (key.account)
        for (const auto &note : key.account->notes)
            if (note.rfind("private_key:", 0) == 0) repairs.push_back(note.substr(13));
    if (repairs.empty()) {
        r.add("file-form", check_status::ok, "a service-account JSON key file");
        return;
    }
    std::string m = "a service-account JSON key file, but it was altered after download and repaired on loading: ";
    for (std::size_t i = 0; i < repairs.size(); ++i) {
        if (i) m += "; ";
        m += repairs[i];
    }
    m += ". Keep the file exactly as downloaded: store it as a file or a secret holding the whole JSON, "
         "not pasted through an editor, a shell variable or a one-line environment variable";
    r.add("file-form", check_status::warn, std::move(m));
}

void check_fields(report_builder &r, const json &root, bool &usable)
{
    std::vector<std::string> problems;
    auto require = [&](const char *name) {
        auto it = root.find(name);
        if (it == root.end()) problems.push_back(std::string("\"") + name + "\" is missing");
        else if (!it->is_string()) problems.push_back(std::string("\"") + name + "\" is not a string");
        else if (it->get_ref<const std::string &>().empty()) problems.push_back(std::string("\"") + name + "\" is empty");
    };
    auto optional = [&](const char *name) {
        auto it = root.find(name);
        if (it == root.end()) return;
        if (!it->is_string()) problems.push_back(std::string("\"") + name + "\" is not a string");
        else if (it->get_ref<const std::string &>().empty()) problems.push_back(std::string("\"") + name + "\" is empty");
    };
    require("private_key");
    require("client_email");
    for (const char *name : {"private_key_id", "token_uri", "project_id", "client_id", "universe_domain"}) optional(name);
    usable = problems.empty();
    if (!problems.empty()) {
        std::string m;
        for (std::size_t i = 0; i < problems.size(); ++i) {
            if (i) m += ", ";
            m += problems[i];
        }
        m += ": the file was edited or truncated; download a new JSON key";
        r.add("fields", check_status::fail, std::move(m));
        return;
    }
    if (!root.contains("private_key_id")) {
        r.add("fields", check_status::warn,
              "no \"private_key_id\": assertions will carry no kid; Google accepts that, trying the account's keys");
        return;
    }
    r.add("fields", check_status::ok, "the required fields are present and are strings");
}

void check_key(report_builder &r, const key_outcome &key)
{
    if (key.failure) {
        r.add("key", check_status::fail,
              "the private_key does not load (" + key.failure->message() +
                  "): the key text is damaged; download a new JSON key");
        return;
    }
    const std::size_t bits = key.account->key.modulus_bits();
    if (bits < 2048) {
        r.add("key", check_status::fail,
              "a " + std::to_string(bits) +
                  "-bit RSA key: RS256 needs at least 2048 bits and Google refuses smaller keys; create a new key");
        return;
    }
    r.add("key", check_status::ok, "a consistent " + std::to_string(bits) + "-bit RSA key");
}

void check_key_id(report_builder &r, const std::string *kid)
{
    if (!kid) {
        r.add("key-id", check_status::warn,
              "no private_key_id to check; the published-key check matches the key itself instead");
        return;
    }
    if (kid->size() == 40 && is_lower_hex(*kid)) {
        r.add("key-id", check_status::ok, "private_key_id has the form Google issues (40 lowercase hex digits)");
        return;
    }
    r.add("key-id", check_status::fail,
          "private_key_id is not 40 lowercase hex digits as Google issues them, so Google will not find the key by "
          "it: restore the original file or download a new JSON key");
}

void check_client_email(report_builder &r, const std::string &email, const std::string *project_id,
                        bool default_universe)
{
    const auto at = email.find('@');
    std::string project;
    bool recognised = false;
    if (at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos) {
        const std::string_view domain = std::string_view(email).substr(at);
        if (ends_with(email, iam_suffix) && domain.size() > iam_suffix.size() + 1) {
            project = std::string(domain.substr(1, domain.size() - 1 - iam_suffix.size()));
            recognised = true;
        } else if (domain == legacy_appspot_suffix) {
            project = email.substr(0, at);  // PROJECT@appspot.gserviceaccount.com
            recognised = true;
        } else if (domain == legacy_developer_suffix) {
            recognised = true;  // NUMBER-...@developer: the project appears by number only
        }
    }
    if (!recognised) {
        r.add("client-email", default_universe ? check_status::fail : check_status::warn,
              "client_email \"" + email +
                  "\" is not a service-account address (NAME@PROJECT.iam.gserviceaccount.com): the file was edited; "
                  "download a new JSON key");
        return;
    }
    if (project_id && !project.empty() && project != *project_id) {
        r.add("client-email", check_status::warn,
              "client_email belongs to project \"" + project + "\" but project_id says \"" + *project_id +
                  "\": the fields come from different files; use the file Google issued for " + email);
        return;
    }
    r.add("client-email", check_status::ok, "client_email " + email + " is a service-account address");
}

void check_token_uri(report_builder &r, const std::string *token_uri, const std::string &universe)
{
    const std::string expected_host = "oauth2." + universe;
    if (!token_uri) {
        r.add("token-uri", check_status::ok, "no token_uri: https://" + expected_host + "/token is used");
        return;
    }
    const std::string_view uri = *token_uri;
    if (uri.rfind("http://", 0) == 0) {
        r.add("token-uri", check_status::fail,
              "token_uri uses http: the assertion would travel unencrypted and Google refuses it; use https://" +
                  expected_host + "/token");
        return;
    }
    if (uri.rfind("https://", 0) != 0) {
        r.add("token-uri", check_status::fail,
              "token_uri is not an https URL; use https://" + expected_host + "/token");
        return;
    }
    std::string_view host = uri.substr(8);
    host = host.substr(0, host.find_first_of("/?#"));
    if (host == expected_host || host == expected_host + ":443") {
        r.add("token-uri", check_status::ok, "token_uri is Google's token endpoint for " + universe);
        return;
    }
    if (universe == default_universe_domain && (host == "accounts.google.com" || host == "www.googleapis.com")) {
        r.add("token-uri", check_status::warn,
              "token_uri names an older Google endpoint (" + std::string(host) +
                  "), still served; the current one is https://" + expected_host + "/token");
        return;
    }
    r.add("token-uri", check_status::fail,
          "token_uri points at " + std::string(host) + ", not at Google's token endpoint for " + universe +
              ": the assertion would be sent to a stranger; use https://" + expected_host + "/token");
}

void check_universe(report_builder &r, const std::string *universe)
{
    if (!universe || *universe == default_universe_domain) {
        r.add("universe-domain", check_status::ok, "the googleapis.com universe");
        return;
    }
    r.add("universe-domain", check_status::warn,
          "universe " + *universe +
              ": there only self-signed JWTs work (sent to the API itself); the token endpoint flow and "
              "domain-wide delegation (sub) do not");
}

bool same_key(const rsa_public_key &a, const rsa_public_key &b) { return a.spki_der() == b.spki_der(); }

void check_published_key(report_builder &r, const doctor_input &in, const rsa_public_key &key,
                         const std::string &email, const std::string *kid, const std::string &universe)
{
    if (!in.published_keys) {
        r.add("published-key", check_status::warn,
              "not checked offline: fetch the account's published keys with: curl -fsS -o certs.json " +
                  published_keys_url(email, universe));
        return;
    }
    auto set = parse_key_set(*in.published_keys);
    if (!set) {
        r.add("published-key", check_status::fail,
              "the published-key document cannot be read (" + set.err().message() +
                  "); fetch it again from " + published_keys_url(email, universe));
        return;
    }
    const published_key *by_kid = kid ? set->find_kid(*kid) : nullptr;
    const published_key *by_key = nullptr;
    for (const auto &k : set->keys)
        if (same_key(k.public_key, key)) {
            by_key = &k;
            break;
        }
    if (!by_key) {
        r.add("published-key", check_status::fail,
              "this key is not (or no longer) registered for " + email +
                  ": it was deleted or rotated; create a new key");
        return;
    }
    if (kid && by_kid != by_key) {
        r.add("published-key", check_status::fail,
              "this key is registered for " + email + " under the id " + by_key->kid + ", not " + *kid +
                  ": the private_key_id was changed; set it to " + by_key->kid + " or download the key file again");
        return;
    }
    const std::int64_t now = read_clock(in.clock);
    if (by_key->validity) {
        if (now > by_key->validity->not_after) {
            r.add("published-key", check_status::fail,
                  "the certificate of key " + by_key->kid + " expired (notAfter " +
                      detail::format_utc(by_key->validity->not_after) +
                      "): Google no longer accepts the key; create a new key");
            return;
        }
        if (now < by_key->validity->not_before) {
            r.add("published-key", check_status::warn,
                  "the certificate of key " + by_key->kid + " is valid only from " +
                      detail::format_utc(by_key->validity->not_before) + ": check this host's clock");
            return;
        }
    }
    std::string m = "this key is registered for " + email + " as " + by_key->kid;
    if (by_key->validity) m += " (certificate valid until " + detail::format_utc(by_key->validity->not_after) + ")";
    r.add("published-key", check_status::ok, std::move(m));
}

void check_clock(report_builder &r, const doctor_input &in)
{
    if (!in.server_time) return;
    const std::int64_t local = in.local_time ? *in.local_time : read_clock(in.clock);
    const std::int64_t offset = *in.server_time - local;  // to add to the host clock
    const std::int64_t skew = offset < 0 ? -offset : offset;
    std::string m = skew == 0 ? std::string("the host clock agrees with Google's")
                              : "the host clock is " + std::to_string(skew) + " s " +
                                    (offset < 0 ? "ahead of" : "behind") + " Google's";
    check_status status = check_status::ok;
    if (skew > 300) {
        status = check_status::fail;
        m += ": Google refuses assertions whose iat or exp is that far off; set the clock right (NTP) or add " +
             std::to_string(offset) + " s as the clock offset";
    } else if (skew > 60) {
        status = check_status::warn;
        m += ": near the limit Google tolerates; set the clock right (NTP) or add " + std::to_string(offset) +
             " s as the clock offset";
    }
    r.add("clock", status, std::move(m));
    r.report.checks.back().clock_offset = offset;
}

} // namespace

const char *check_status_name(check_status s) noexcept
{
    switch (s) {
    case check_status::ok: return "ok";
    case check_status::warn: return "warn";
    case check_status::fail: return "fail";
    }
    return "fail";
}

bool doctor_report::ok() const noexcept
{
    for (const auto &c : checks)
        if (c.status == check_status::fail) return false;
    return true;
}

const doctor_check *doctor_report::find(std::string_view id) const noexcept
{
    for (const auto &c : checks)
        if (c.id == id) return &c;
    return nullptr;
}

std::string published_keys_url(std::string_view client_email, std::string_view universe_domain)
{
    std::string url = "https://www.";
    url += universe_domain.empty() ? default_universe_domain : universe_domain;
    url += "/service_accounts/v1/metadata/x509/";
    url += client_email;
    return url;
}

doctor_report run_doctor(const doctor_input &in)
{
    report_builder r;
    const std::string_view raw = in.key_file;
    if (detail::first_json_byte(raw) != '{') {
        r.add("file-form", check_status::fail, not_json_form(raw));
        return std::move(r.report);
    }
    detail::json_limits limits;
    limits.max_depth = 16;
    limits.max_bytes = service_account_max_bytes;
    limits.allow_bom = true;
    json root;
    const detail::json_outcome parsed = detail::parse_json_object(raw, limits, root);
    auto wipe_tree = [&root] {
        if (!root.is_object()) return;
        auto it = root.find("private_key");
        if (it != root.end() && it->is_string()) secure_wipe(it->get_ref<std::string &>());
    };
    const std::string *type = parsed.ok() ? string_member(root, "type") : nullptr;
    if (!type || *type != "service_account") {
        // parse_service_account words the reason the same way every command does.
        auto why = parse_service_account(raw);
        const error e = why ? error(errc::json_not_service_account) : why.err();
        r.add("file-form", check_status::fail,
              parsed.ok() ? other_json_form(root, e)
                          : e.message() + ": the file is damaged or is not a key file; download a new JSON key");
        wipe_tree();
        return std::move(r.report);
    }

    key_outcome key;
    if (const std::string *pk = string_member(root, "private_key")) key = load_key_only(*pk);
    else key.failure = error(errc::json_missing_field, "there is no \"private_key\" string");

    check_file_form(r, raw, key);
    bool fields_usable = false;
    check_fields(r, root, fields_usable);
    check_key(r, key);

    const std::string *kid = string_member(root, "private_key_id");
    if (kid && kid->empty()) kid = nullptr;
    const std::string *email = string_member(root, "client_email");
    const std::string *universe_field = string_member(root, "universe_domain");
    const std::string universe =
        universe_field && !universe_field->empty() ? *universe_field : std::string(default_universe_domain);
    check_key_id(r, kid);
    if (email && !email->empty())
        check_client_email(r, *email, string_member(root, "project_id"), universe == default_universe_domain);
    check_token_uri(r, string_member(root, "token_uri"), universe);
    check_universe(r, universe_field);
    if (key.account && email && !email->empty())
        check_published_key(r, in, key.account->key.public_key(), *email, kid, universe);
    check_clock(r, in);
    wipe_tree();
    return std::move(r.report);
}

std::string doctor_report_json(const doctor_report &report, std::string_view file_name)
{
    using ordered = nlohmann::ordered_json;
    ordered out = ordered::object();
    out["file"] = std::string(file_name);
    ordered checks = ordered::array();
    for (const auto &c : report.checks) {
        ordered item = ordered::object();
        item["id"] = c.id;
        item["status"] = check_status_name(c.status);
        item["message"] = c.message;
        checks.push_back(std::move(item));
    }
    out["checks"] = std::move(checks);
    out["ok"] = report.ok();
    return out.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

} // namespace twoleg
