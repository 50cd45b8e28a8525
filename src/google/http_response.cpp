// Implements twoleg/http_response.hpp.
#include "twoleg/http_response.hpp"

namespace twoleg {

namespace {

std::string_view trim(std::string_view s) noexcept
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

} // namespace

std::optional<std::string> http_response_parts::header(std::string_view name) const
{
    for (const auto &[n, v] : headers)
        if (iequals(n, name)) return v;
    return std::nullopt;
}

result<http_response_parts> split_http_response(std::string_view text)
{
    if (text.substr(0, 5) != "HTTP/")
        return error(errc::token_response_malformed, "not an HTTP response (no \"HTTP/\" status line)", 0);
    http_response_parts parts;
    std::size_t pos = 0;
    // Interim responses (100 Continue) and proxy CONNECT replies come first;
    // the last header block is the one that belongs to the body.
    while (text.substr(pos, 5) == "HTTP/") {
        // The block ends at the first blank line, "\r\n\r\n" or "\n\n". One
        // forward scan finds it: searching the whole rest of the text for each
        // pattern would make many interim blocks cost quadratic time.
        std::size_t end = std::string_view::npos;
        std::size_t body_start = 0;
        for (std::size_t nl = text.find('\n', pos); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
            if (nl + 1 < text.size() && text[nl + 1] == '\n') {
                end = nl;
                body_start = nl + 2;
                break;
            }
            if (nl > pos && text[nl - 1] == '\r' && nl + 2 < text.size() && text[nl + 1] == '\r' &&
                text[nl + 2] == '\n') {
                end = nl - 1;
                body_start = nl + 3;
                break;
            }
        }
        if (end == std::string_view::npos)
            return error(errc::token_response_malformed, "HTTP headers are not followed by a blank line", pos);
        std::string_view block = text.substr(pos, end - pos);
        parts.date.reset();
        parts.headers.clear();
        parts.status = 0;
        bool status_line = true;
        while (!block.empty()) {
            std::size_t nl = block.find('\n');
            std::string_view line = trim(block.substr(0, nl));
            block = nl == std::string_view::npos ? std::string_view{} : block.substr(nl + 1);
            if (status_line) {
                status_line = false;
                const std::size_t sp = line.find(' ');
                if (sp == std::string_view::npos || line.size() < sp + 4)
                    return error(errc::token_response_malformed, "malformed HTTP status line", pos);
                for (std::size_t i = sp + 1; i < sp + 4; ++i) {
                    if (line[i] < '0' || line[i] > '9')
                        return error(errc::token_response_malformed, "malformed HTTP status line", pos);
                    parts.status = parts.status * 10 + (line[i] - '0');
                }
                continue;
            }
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) continue;
            const std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
            parts.headers.emplace_back(std::string(name), std::string(value));
            if (iequals(name, "date")) parts.date = std::string(value);
        }
        pos = body_start;
    }
    parts.body = text.substr(pos);
    return parts;
}

} // namespace twoleg
