// Strict JSON parsing shared by jwt.cpp and token_response.cpp (internal).
//
// nlohmann/json accepts duplicate member names (keeping the last) and a
// leading byte-order mark; twoleg refuses both where it parses data that came
// over the wire, and limits nesting. Never throws: the parser runs with
// exceptions disabled and reports through the returned status.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace twoleg::detail {

enum class json_status { ok, malformed, duplicate_member, too_deep, not_object };

/// Parses `text` into `out`, which must then be a JSON object.
inline json_status parse_json_object_strictly(std::string_view text, unsigned max_depth, nlohmann::json &out)
{
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xef &&
        static_cast<unsigned char>(text[1]) == 0xbb && static_cast<unsigned char>(text[2]) == 0xbf)
        return json_status::malformed;
    // One entry per open container; objects remember their member names so
    // far (containers are small: a linear search is cheaper than a set).
    std::vector<std::vector<std::string>> open;
    bool duplicate = false;
    bool too_deep = false;
    auto watch = [&](int, nlohmann::json::parse_event_t event, nlohmann::json &parsed) -> bool {
        using ev = nlohmann::json::parse_event_t;
        switch (event) {
        case ev::object_start:
        case ev::array_start:
            open.emplace_back();
            if (open.size() > max_depth) too_deep = true;
            break;
        case ev::object_end:
        case ev::array_end:
            if (!open.empty()) open.pop_back();
            break;
        case ev::key: {
            if (open.empty() || !parsed.is_string()) break;
            const auto &name = parsed.get_ref<const std::string &>();
            auto &seen = open.back();
            for (const auto &s : seen)
                if (s == name) duplicate = true;
            seen.push_back(name);
            break;
        }
        case ev::value:
            break;
        }
        return true;
    };
    out = nlohmann::json::parse(text.begin(), text.end(), watch, /*allow_exceptions=*/false);
    if (out.is_discarded()) return json_status::malformed;
    if (too_deep) return json_status::too_deep;
    if (duplicate) return json_status::duplicate_member;
    if (!out.is_object()) return json_status::not_object;
    return json_status::ok;
}

} // namespace twoleg::detail
