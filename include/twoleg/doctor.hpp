// twoleg/doctor.hpp — why would Google refuse this key file? Offline checks.
//
// run_doctor examines a service-account JSON key file (and, when given, the
// account's published keys and a time Google reported) and returns one
// result per check, in this order. The ids are a contract:
//   file-form        the file is service-account JSON (or what it is
//                    instead: user credential, client secrets, PEM, P12 ...);
//                    a BOM, CR line ends or a private_key whose line breaks
//                    were flattened (repaired on loading) -> warn
//   fields           private_key and client_email present, every field a
//                    non-empty string; no private_key_id -> warn
//   key              the key loads and is consistent; below 2048 bits -> fail
//   key-id           private_key_id is 40 lowercase hex digits (absent -> warn)
//   client-email     NAME@PROJECT.iam.gserviceaccount.com (or the legacy
//                    @developer / @appspot forms); PROJECT != project_id -> warn
//   token-uri        https and the host Google uses for the universe
//                    (oauth2.UNIVERSE); http or another host -> fail; the
//                    older Google endpoints -> warn
//   universe-domain  absent or googleapis.com -> ok; another universe -> warn
//   published-key    with published_keys (an x509 kid -> certificate map or a
//                    JWK Set): the file's key registered under its
//                    private_key_id, its certificate valid now -> ok; not
//                    registered, registered under another id, or the
//                    certificate expired -> fail. Without it: warn, naming
//                    the URL that serves the document.
//   clock            only with server_time: the host clock's offset from
//                    Google's; over 60 s -> warn, over 300 s -> fail, with
//                    the offset to add (doctor_check::clock_offset)
// A file that is not a readable service-account file yields file-form
// (fail) alone; checks that need the key are left out when it does not load.
// Messages name the problem, the facts and the fix; they never contain key
// material. The report is ok() when no check failed (warnings allowed).
// Thread-safety: pure apart from reading the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/clock.hpp"

namespace twoleg {

enum class check_status { ok, warn, fail };

/// "ok", "warn" or "fail".
const char *check_status_name(check_status s) noexcept;

struct doctor_check {
    std::string id;        // one of the ids above
    check_status status = check_status::ok;
    std::string message;   // one sentence: what was found and what to do
    /// clock: the seconds to add to the host clock (Google's time - the host's).
    std::optional<std::int64_t> clock_offset;
};

struct doctor_input {
    std::string_view key_file;                      // the file's bytes, as read
    std::optional<std::string_view> published_keys; // the x509 map or JWK Set document
    std::optional<std::int64_t> server_time;        // Google's time (an HTTP Date header) ...
    std::optional<std::int64_t> local_time;         // ... and the host's at that moment (default: now)
    clock_source clock;                             // "now" (certificate validity, local_time)
};

struct doctor_report {
    std::vector<doctor_check> checks;
    bool ok() const noexcept;
    /// The check with this id, or nullptr.
    const doctor_check *find(std::string_view id) const noexcept;
};

doctor_report run_doctor(const doctor_input &input);

/// {"file": FILE, "checks": [{"id": ..., "status": ..., "message": ...}], "ok": true|false}
/// (compact, members in this order).
std::string doctor_report_json(const doctor_report &report, std::string_view file_name);

/// https://www.googleapis.com/service_accounts/v1/metadata/x509/EMAIL (www.UNIVERSE for other universes).
std::string published_keys_url(std::string_view client_email, std::string_view universe_domain);

} // namespace twoleg
