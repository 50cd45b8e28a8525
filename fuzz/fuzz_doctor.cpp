// Fuzz target: the doctor's checks (doctor.hpp) and the published-key reader
// (key_set.hpp). The input is a key file, optionally followed by a NUL byte
// and a published-key document; parse_key_set also reads the whole input.
//
// Properties:
//   - run_doctor never fails: its first check is file-form, every id is one
//     of the contract's, in the contract's order, each once, with a message;
//   - a failed file-form check stands alone;
//   - ok() is true exactly when no check failed, and the JSON report parses
//     back to the same ids and statuses;
//   - parse_key_set refusals are never errc::internal, and an accepted set
//     has unique key ids, at most key_set_max_keys of them.
#include <algorithm>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "twoleg/doctor.hpp"
#include "twoleg/key_set.hpp"

using namespace twoleg;

namespace {

constexpr const char *contract[] = {"file-form",       "fields",        "key",  "key-id", "client-email", "token-uri",
                                    "universe-domain", "published-key", "clock"};

int position(const std::string &id)
{
    for (int i = 0; i < 9; ++i)
        if (id == contract[i]) return i;
    return -1;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::as_text(data, size);

    auto set = parse_key_set(text);
    if (set) {
        FUZZ_CHECK(set->keys.size() <= key_set_max_keys);
        std::set<std::string> kids;
        for (const auto &k : set->keys) FUZZ_CHECK(kids.insert(k.kid).second);
    } else {
        FUZZ_CHECK(set.err().code != errc::internal && set.err().code != errc::ok);
    }

    doctor_input in;
    const auto nul = text.find('\0');
    in.key_file = text.substr(0, nul);
    if (nul != std::string_view::npos) in.published_keys = text.substr(nul + 1);
    in.server_time = 1800000000;
    in.local_time = 1800000000 + static_cast<std::int64_t>(size);
    const doctor_report report = run_doctor(in);
    FUZZ_CHECK(!report.checks.empty());
    FUZZ_CHECK(report.checks[0].id == "file-form");
    if (report.checks[0].status == check_status::fail) FUZZ_CHECK(report.checks.size() == 1);
    int last = -1;
    bool any_fail = false;
    for (const auto &c : report.checks) {
        const int p = position(c.id);
        FUZZ_CHECK(p > last);
        last = p;
        FUZZ_CHECK(!c.message.empty());
        any_fail = any_fail || c.status == check_status::fail;
    }
    FUZZ_CHECK(report.ok() == !any_fail);

    const auto json = nlohmann::json::parse(doctor_report_json(report, "f"), nullptr, false);
    FUZZ_CHECK(json.is_object() && json["checks"].size() == report.checks.size());
    for (std::size_t i = 0; i < report.checks.size(); ++i) {
        FUZZ_CHECK(json["checks"][i]["id"] == report.checks[i].id);
        FUZZ_CHECK(json["checks"][i]["status"] == check_status_name(report.checks[i].status));
    }
    FUZZ_CHECK(json["ok"] == report.ok());
    return 0;
}
