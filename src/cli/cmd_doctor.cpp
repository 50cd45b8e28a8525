// twoleg doctor SA.json: why Google would refuse a key file, found offline
// (see twoleg/doctor.hpp for the checks).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

#include "cli.hpp"
#include "twoleg/doctor.hpp"
#include "twoleg/http_date.hpp"
#include "twoleg/http_response.hpp"
#include "twoleg/key_set.hpp"
#include "core/wipe.hpp"

namespace twoleg::cli {

namespace {

constexpr const char *help_text =
    "usage: twoleg doctor SA.json [--certs FILE] [--response FILE | --date HTTP-DATE] [--json]\n"
    "Checks a service-account JSON key file for what makes Google refuse it, offline, and prints\n"
    "one line per check: its status (ok, warn, fail), its id and what to do. The checks:\n"
    "file-form, fields, key, key-id, client-email, token-uri, universe-domain, published-key, clock.\n"
    "  --certs FILE      the account's published keys (kid -> certificate map or JWK Set), from\n"
    "                    curl -fsS -o certs.json https://www.googleapis.com/service_accounts/v1/metadata/x509/EMAIL\n"
    "  --response FILE   an answer of any Google endpoint as 'curl -i' prints it: its Date header\n"
    "                    against the file's modification time gives this host's clock offset\n"
    "  --date HTTP-DATE  Google's time (e.g. a Date header) to compare with this host's clock now\n"
    "  --json            print {\"file\": ..., \"checks\": [{\"id\", \"status\", \"message\"}], \"ok\": ...}\n"
    "Exit status: 0 no check failed (warnings allowed), 1 a check failed, 2 usage error, 4 I/O error.\n";

constexpr std::size_t max_response_bytes = std::size_t{1} << 20;

/// The CLI's words after the library's: the option that applies the fix.
void add_flag_hints(doctor_report &report, bool have_certs)
{
    for (auto &c : report.checks) {
        if (c.id == "clock" && c.clock_offset && c.status != check_status::ok)
            c.message += " (--clock-offset " + std::to_string(*c.clock_offset) + ")";
        if (c.id == "published-key" && !have_certs) c.message += "; then run again with --certs certs.json";
        if (c.id == "universe-domain" && c.status == check_status::warn)
            c.message += " (twoleg assertion --self-signed; not token-request, not --sub)";
    }
}

std::int64_t modification_time(const std::string &path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) fail(exit_io, "cannot stat " + path + ": " + std::strerror(errno));
    return static_cast<std::int64_t>(st.st_mtim.tv_sec);
}

/// Google's time from a `curl -i` answer: its Date header.
std::int64_t response_date(const std::string &path)
{
    auto data = read_input(path, max_response_bytes);
    std::string_view text(reinterpret_cast<const char *>(data.data()), data.size());
    auto parts = split_http_response(text);
    if (!parts)
        fail(exit_invalid_input, path + ": not an HTTP response as 'curl -i' prints it: " + parts.err().message());
    if (!parts->date) fail(exit_invalid_input, path + ": the response has no Date header");
    auto t = parse_http_date(*parts->date);
    if (!t) fail(exit_invalid_input, path + ": the Date header: " + t.err().message());
    return *t;
}

std::string text_report(const doctor_report &report)
{
    std::string out;
    for (const auto &c : report.checks) {
        char head[32];
        std::snprintf(head, sizeof head, "%-4s %-15s ", check_status_name(c.status), c.id.c_str());
        out += head;
        // One line per check whatever the file holds: control characters (a newline in a
        // client_email, say) are shown escaped, so no line can pose as another check.
        for (unsigned char ch : c.message) {
            if (ch < 0x20 || ch == 0x7f) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\x%02x", ch);
                out += escaped;
            } else {
                out += static_cast<char>(ch);
            }
        }
        out += '\n';
    }
    return out;
}

} // namespace

int run_doctor(std::span<char *const> argv)
{
    constexpr option_spec specs[] = {{"certs", true}, {"response", true}, {"date", true}, {"json"}};
    arguments args = parse_arguments(argv, specs);
    if (args.help) {
        std::fputs(help_text, stdout);
        return exit_ok;
    }
    if (args.positional.size() != 1) fail_usage("doctor takes exactly one SA.json (see --help)");
    if (args.has("response") && args.has("date")) fail_usage("--response and --date exclude each other");
    const std::string &path = args.positional[0];

    doctor_input in;
    if (auto d = args.get("date")) {
        auto t = parse_http_date(*d);
        if (!t) fail_usage("--date needs an HTTP date such as 'Sun, 06 Nov 1994 08:49:37 GMT': " + t.err().message());
        in.server_time = *t;
    }
    if (auto r = args.get("response")) {
        in.server_time = response_date(*r);
        in.local_time = modification_time(*r);
    }
    std::vector<std::uint8_t> certs;
    if (auto c = args.get("certs")) {
        certs = read_input(*c, key_set_max_bytes + 1);  // one byte more: the library words "too large"
        in.published_keys = std::string_view(reinterpret_cast<const char *>(certs.data()), certs.size());
    }

    // A key file too large to be one is a failed file-form check, like any other unreadable file.
    std::vector<std::uint8_t> data;
    doctor_report report;
    bool too_large = false;
    try {
        data = read_input(path, service_account_max_bytes);
    } catch (const failure &f) {
        if (f.status != exit_invalid_input) throw;
        too_large = true;
    }
    if (too_large) {
        report.checks.push_back({"file-form", check_status::fail,
                                 "the file is larger than 1 MiB: not a service-account key file; download a JSON key "
                                 "from the Cloud console",
                                 std::nullopt});
    } else {
        in.key_file = std::string_view(reinterpret_cast<const char *>(data.data()), data.size());
        report = twoleg::run_doctor(in);
        detail::secure_wipe(data);
    }
    add_flag_hints(report, in.published_keys.has_value());

    const std::string shown = path == "-" ? std::string("-") : path;
    write_output(std::nullopt, args.has("json") ? doctor_report_json(report, shown) + "\n" : text_report(report));
    return report.ok() ? exit_ok : exit_verification_failed;
}

} // namespace twoleg::cli
