// Implements google/http_request.hpp.
#include "google/http_request.hpp"

#include "twoleg/percent_encoding.hpp"

namespace twoleg::detail {

namespace {

// RFC 9110 §5.6.2 tchar.
bool is_tchar(unsigned char c) noexcept
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.': case '^':
    case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

error bad(const char *what, std::size_t at) { return error(errc::http_bad_request, what, at); }

} // namespace

std::size_t find_head_end(std::string_view received) noexcept
{
    // A head with bare LF line ends also ends here, so that it is refused at
    // once instead of waiting for a CRLF CRLF that never comes.
    const auto crlf = received.find("\r\n\r\n");
    const auto lf = received.find("\n\n");
    std::size_t end = 0;
    if (crlf != std::string_view::npos) end = crlf + 4;
    if (lf != std::string_view::npos && (end == 0 || lf + 2 < end)) end = lf + 2;
    return end;
}

result<http_request_head> parse_request_head(std::string_view head)
{
    if (head.size() > http_max_head_bytes) return bad("request head larger than 8 KiB", http_max_head_bytes);
    for (std::size_t i = 0; i < head.size(); ++i) {
        const char c = head[i];
        if (c == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n')) return bad("bare CR in the request head", i);
        if (c == '\n' && (i == 0 || head[i - 1] != '\r')) return bad("bare LF in the request head", i);
    }
    if (head.size() < 4 || head.substr(head.size() - 4) != "\r\n\r\n")
        return bad("request head does not end with an empty line", head.size());

    http_request_head out;
    const std::size_t line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const std::size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos || sp1 == 0) return bad("request line is not 'METHOD TARGET HTTP/1.x'", 0);
    for (std::size_t i = 0; i < sp1; ++i)
        if (!is_tchar(static_cast<unsigned char>(line[i]))) return bad("request method is not a token", i);
    out.method = std::string(line.substr(0, sp1));
    const std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return bad("request line is not 'METHOD TARGET HTTP/1.x'", sp1);
    const std::string_view version = line.substr(sp2 + 1);
    if (version == "HTTP/1.1") out.minor_version = 1;
    else if (version == "HTTP/1.0") out.minor_version = 0;
    else return bad("request line does not end with HTTP/1.0 or HTTP/1.1", sp2 + 1);

    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (target[0] != '/') return bad("request target is not a path starting with '/'", sp1 + 1);
    const std::size_t q = target.find('?');
    const std::string_view raw_path = target.substr(0, q);
    for (std::size_t i = 0; i < target.size(); ++i) {
        const auto c = static_cast<unsigned char>(target[i]);
        if (c <= 0x20 || c >= 0x7f || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
            c == '`' || c == '{' || c == '|' || c == '}' || c == '[' || c == ']')
            return bad("request target holds a character RFC 3986 does not allow", sp1 + 1 + i);
    }
    if (raw_path.find('?') != std::string_view::npos) return bad("'?' in the path", sp1 + 1);
    auto path = percent_decode(raw_path, false);
    if (!path) return bad("request path has bad percent-encoding", sp1 + 1 + path.err().offset);
    out.path = std::move(*path);
    if (q != std::string_view::npos) {
        out.has_query = true;
        out.query = std::string(target.substr(q + 1));
    }

    std::size_t pos = line_end + 2;
    std::size_t lines = 0;
    while (pos < head.size()) {
        const std::size_t end = head.find("\r\n", pos);
        if (end == pos) break;  // the blank line
        if (++lines > http_max_header_lines) return bad("more than 100 header lines", pos);
        const std::string_view field = head.substr(pos, end - pos);
        if (field[0] == ' ' || field[0] == '\t') return bad("obsolete line folding in a header", pos);
        const std::size_t colon = field.find(':');
        if (colon == std::string_view::npos || colon == 0) return bad("header line without a 'name:'", pos);
        for (std::size_t i = 0; i < colon; ++i)
            if (!is_tchar(static_cast<unsigned char>(field[i]))) return bad("header name is not a token", pos + i);
        for (std::size_t i = colon + 1; i < field.size(); ++i) {
            const auto c = static_cast<unsigned char>(field[i]);
            if ((c < 0x20 && c != '\t') || c == 0x7f) return bad("control character in a header value", pos + i);
        }
        pos = end + 2;
    }
    return out;
}

} // namespace twoleg::detail
