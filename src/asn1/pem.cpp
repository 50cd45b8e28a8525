// Implements twoleg/pem.hpp: RFC 7468 textual encoding, strictly.
//
// Accepted: "-----BEGIN <label>-----" at the start of a line (anything before
// that line is ignored), then one or more lines of base64, then
// "-----END <label>-----" with the same label. Lines end in LF or CRLF; spaces
// and tabs may follow the dashes of the BEGIN and END lines (RFC 7468 §3,
// "*WSP eol"), but nowhere else: base64 lines hold base64 characters only,
// and empty lines inside the body are refused. The body lines are joined and
// decoded by the strict base64 decoder, so padding and trailing bits must be
// canonical. Anything after the END line is ignored.
#include "twoleg/pem.hpp"


#include <algorithm>

#include "twoleg/base64.hpp"
#include "core/wipe.hpp"

namespace twoleg {

namespace {

constexpr std::string_view begin_prefix = "-----BEGIN ";
constexpr std::string_view end_prefix = "-----END ";
constexpr std::string_view dashes = "-----";

bool starts_with_ci(std::string_view s, std::string_view prefix) noexcept
{
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char a = s[i], b = prefix[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

/// Offset of the first "-----BEGIN " that starts a line, or npos.
std::size_t find_begin_line(std::string_view text) noexcept
{
    std::size_t from = 0;
    for (;;) {
        const std::size_t p = text.find(begin_prefix, from);
        if (p == std::string_view::npos || p == 0 || text[p - 1] == '\n') return p;
        from = p + 1;
    }
}

/// RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ], where
/// labelchar is any printable ASCII character except '-'.
bool valid_label(std::string_view label) noexcept
{
    auto is_labelchar = [](char c) { return c >= 0x21 && c <= 0x7e && c != '-'; };
    for (std::size_t i = 0; i < label.size(); ++i) {
        const char c = label[i];
        if (is_labelchar(c)) continue;
        const bool separator = c == '-' || c == ' ';
        const bool between_labelchars =
            i > 0 && i + 1 < label.size() && is_labelchar(label[i - 1]) && is_labelchar(label[i + 1]);
        if (!separator || !between_labelchars) return false;
    }
    return true;
}

/// One line of `text` starting at `start`: its content without the line end,
/// and where the next line starts (npos if this line ends the text).
struct line {
    std::string_view content;
    std::size_t next = std::string_view::npos;
};

line line_at(std::string_view text, std::size_t start) noexcept
{
    line l;
    const std::size_t lf = text.find('\n', start);
    const std::size_t end = lf == std::string_view::npos ? text.size() : lf;
    l.content = text.substr(start, end - start);
    if (!l.content.empty() && l.content.back() == '\r') l.content.remove_suffix(1);
    l.next = lf == std::string_view::npos ? std::string_view::npos : lf + 1;
    return l;
}

std::string_view strip_trailing_blanks(std::string_view s) noexcept
{
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// The label of a "<prefix><label>-----" line (trailing blanks allowed), or
/// nothing if the line does not have that shape.
bool boundary_label(std::string_view content, std::string_view prefix, std::string_view &label) noexcept
{
    content = strip_trailing_blanks(content);
    if (content.size() < prefix.size() + dashes.size()) return false;
    if (content.substr(0, prefix.size()) != prefix) return false;
    if (content.substr(content.size() - dashes.size()) != dashes) return false;
    label = content.substr(prefix.size(), content.size() - prefix.size() - dashes.size());
    return true;
}

/// Where a body line's characters sit in the joined base64 text and in `text`.
struct segment {
    std::size_t joined_start;
    std::size_t text_start;
};

/// Maps an offset in the joined base64 text back to `text`; the end of the
/// joined text maps to just after the last body character.
std::size_t text_offset_of(const std::vector<segment> &segments, std::size_t joined_offset,
                           std::size_t fallback) noexcept
{
    if (segments.empty()) return fallback;
    const segment *hit = &segments.front();
    for (const auto &s : segments) {
        if (s.joined_start > joined_offset) break;
        hit = &s;
    }
    return hit->text_start + (joined_offset - hit->joined_start);
}

} // namespace

bool looks_like_pem(std::string_view text) noexcept
{
    return find_begin_line(text) != std::string_view::npos;
}

namespace {

/// "Name:" followed by optional blanks, then the value (case-sensitive names,
/// as OpenSSL writes them); false if the line is not that header.
bool header_value(std::string_view content, std::string_view name, std::string_view &value) noexcept
{
    if (content.substr(0, name.size()) != name) return false;
    content.remove_prefix(name.size());
    while (!content.empty() && (content.front() == ' ' || content.front() == '\t')) content.remove_prefix(1);
    value = strip_trailing_blanks(content);
    return true;
}

result<pem_block> decode(std::string_view text, bool allow_encrypted)
{
    const std::size_t begin_at = find_begin_line(text);
    if (begin_at == std::string_view::npos) return error(errc::pem_no_begin);

    const line begin_line = line_at(text, begin_at);
    std::string_view label;
    if (!boundary_label(begin_line.content, begin_prefix, label))
        return error(errc::pem_malformed, "PEM: malformed -----BEGIN line", begin_at);
    if (!valid_label(label)) return error(errc::pem_malformed, "PEM: invalid label in the -----BEGIN line", begin_at);
    if (label == "ENCRYPTED PRIVATE KEY" && !allow_encrypted) return error(errc::pem_encrypted, nullptr, begin_at);
    if (begin_line.next == std::string_view::npos) return error(errc::pem_no_end, nullptr, begin_at);

    std::size_t body_start = begin_line.next;
    std::string dek_info;
    if (allow_encrypted && body_start < text.size()) {
        // RFC 1421 §4.6.1: Proc-Type first, DEK-Info next, then an empty line.
        const line proc = line_at(text, body_start);
        std::string_view value;
        if (header_value(proc.content, "Proc-Type:", value)) {
            if (value != "4,ENCRYPTED")
                return error(errc::pem_malformed, "PEM: only \"Proc-Type: 4,ENCRYPTED\" is supported", body_start);
            if (proc.next == std::string_view::npos) return error(errc::pem_no_end, nullptr, begin_at);
            const line dek = line_at(text, proc.next);
            if (!header_value(dek.content, "DEK-Info:", value) || value.empty())
                return error(errc::pem_malformed, "PEM: \"Proc-Type: 4,ENCRYPTED\" must be followed by DEK-Info",
                             proc.next);
            dek_info.assign(value);
            if (dek.next == std::string_view::npos) return error(errc::pem_no_end, nullptr, begin_at);
            const line blank = line_at(text, dek.next);
            if (!blank.content.empty())
                return error(errc::pem_malformed, "PEM: an empty line must follow the DEK-Info header", dek.next);
            body_start = blank.next;
            if (body_start == std::string_view::npos) return error(errc::pem_no_end, nullptr, begin_at);
        }
    }
    // The joined base64 is a private key's text for key files: reserve it once
    // (so no reallocation leaves copies behind) and wipe it on every exit.
    std::string joined;
    joined.reserve(std::min(text.size() - body_start, pem_max_body_bytes));
    detail::wipe_on_exit wipe{joined};
    std::vector<segment> segments;
    bool first_body_line = true;
    std::size_t pos = body_start;
    for (;;) {
        if (pos == std::string_view::npos || pos >= text.size()) return error(errc::pem_no_end, nullptr, begin_at);
        const line l = line_at(text, pos);
        const std::size_t line_end = pos + l.content.size();
        if (line_end - body_start > pem_max_body_bytes)
            return error(errc::input_too_large, "PEM: body larger than 1 MiB", body_start + pem_max_body_bytes);

        if (l.content.substr(0, dashes.size()) == dashes) {
            std::string_view end_label;
            if (!boundary_label(l.content, end_prefix, end_label))
                return error(errc::pem_malformed, "PEM: malformed -----END line", pos);
            if (end_label != label) return error(errc::pem_label_mismatch, nullptr, pos);
            break;
        }
        if (first_body_line && l.content.find(':') != std::string_view::npos) {
            // RFC 1421 encapsulated headers, as written by `openssl rsa -aes256
            // -traditional`: "Proc-Type: 4,ENCRYPTED" then "DEK-Info: ...".
            if (allow_encrypted)  // the headers OpenSSL writes were read above; these are others
                return error(errc::pem_malformed,
                             "PEM: only the headers \"Proc-Type: 4,ENCRYPTED\" then \"DEK-Info\" are supported", pos);
            if ((starts_with_ci(l.content, "Proc-Type:") && l.content.find("ENCRYPTED") != std::string_view::npos) ||
                starts_with_ci(l.content, "DEK-Info:"))
                return error(errc::pem_encrypted, nullptr, pos);
            return error(errc::pem_malformed, "PEM: headers inside the armour are not supported", pos);
        }
        if (l.content.empty()) return error(errc::pem_malformed, "PEM: empty line inside the body", pos);
        segments.push_back({joined.size(), pos});
        joined.append(l.content);
        first_body_line = false;
        pos = l.next;
    }

    auto der = base64_decode(joined);
    if (!der) {
        error e = der.err();
        if (e.has_offset()) e.offset = text_offset_of(segments, e.offset, pos);
        return e;
    }
    pem_block block;
    block.label.assign(label);
    block.der = std::move(der).value();
    block.dek_info = std::move(dek_info);
    return block;
}

} // namespace

result<pem_block> pem_decode(std::string_view text) { return decode(text, false); }

result<pem_block> pem_decode_key(std::string_view text) { return decode(text, true); }

std::string pem_encode(std::string_view label, const std::vector<std::uint8_t> &der)
{
    // For key files the base64 text is the key: wiped when done.
    std::string body = base64_encode(der);
    detail::wipe_on_exit wipe_body{body};
    std::string out;
    out.reserve(body.size() + body.size() / 64 + 2 * label.size() + 40);
    out.append(begin_prefix).append(label).append(dashes).push_back('\n');
    for (std::size_t i = 0; i < body.size(); i += 64) {
        out.append(body, i, 64);
        out.push_back('\n');
    }
    out.append(end_prefix).append(label).append(dashes).push_back('\n');
    return out;
}

} // namespace twoleg
