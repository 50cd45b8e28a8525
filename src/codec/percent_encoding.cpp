// Implements twoleg/percent_encoding.hpp.
#include "twoleg/percent_encoding.hpp"

namespace twoleg {

namespace {

bool is_unreserved(unsigned char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

// RFC 3986 §3.4 query characters other than '%' (pchar / "/" / "?").
bool is_query_literal(unsigned char c) noexcept
{
    if (is_unreserved(c)) return true;
    switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case ';': case '=':
    case ':': case '@': case '/': case '?':
        return true;
    default:
        return false;
    }
}

int hex_value(unsigned char c) noexcept
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

} // namespace

std::string percent_encode(std::string_view text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (unsigned char c : text) {
        if (is_unreserved(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

result<std::string> percent_decode(std::string_view text, bool plus_is_space)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        unsigned char decoded = c;
        const std::size_t at = i;
        if (c == '%') {
            if (text.size() - i < 3)
                return error(errc::oauth_bad_redirect, "'%' is not followed by two hex digits", i);
            const int hi = hex_value(static_cast<unsigned char>(text[i + 1]));
            const int lo = hex_value(static_cast<unsigned char>(text[i + 2]));
            if (hi < 0 || lo < 0) return error(errc::oauth_bad_redirect, "'%' is not followed by two hex digits", i);
            decoded = static_cast<unsigned char>(hi * 16 + lo);
            i += 2;
        } else if (!is_query_literal(c)) {
            return error(errc::oauth_bad_redirect, "character not allowed in a URL query (RFC 3986)", i);
        } else if (c == '+' && plus_is_space) {
            decoded = ' ';
        }
        if (decoded < 0x20 || decoded == 0x7f)
            return error(errc::oauth_bad_redirect, "percent-encoded control character", at);
        out += static_cast<char>(decoded);
    }
    return out;
}

result<query_parameters> parse_query(std::string_view query)
{
    query_parameters out;
    std::size_t start = 0;
    if (query.empty()) return out;
    for (;;) {
        const std::size_t amp = query.find('&', start);
        const std::size_t end = amp == std::string_view::npos ? query.size() : amp;
        const std::string_view pair = query.substr(start, end - start);
        if (pair.empty()) return error(errc::oauth_bad_redirect, "empty parameter in the query ('&&' or a stray '&')", start);
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) return error(errc::oauth_bad_redirect, "query parameter without '='", start);
        if (eq == 0) return error(errc::oauth_bad_redirect, "query parameter with an empty name", start);
        auto name = percent_decode(pair.substr(0, eq), true);
        if (!name) return error(name.err().code, name.err().detail, start + name.err().offset);
        auto value = percent_decode(pair.substr(eq + 1), true);
        if (!value) return error(value.err().code, value.err().detail, start + eq + 1 + value.err().offset);
        if (find_parameter(out, *name)) return error(errc::oauth_bad_redirect, "query parameter given twice", start);
        if (out.size() == query_max_parameters) return error(errc::oauth_bad_redirect, "too many query parameters", start);
        out.emplace_back(std::move(*name), std::move(*value));
        if (amp == std::string_view::npos) break;
        start = amp + 1;
    }
    return out;
}

const std::string *find_parameter(const query_parameters &params, std::string_view name) noexcept
{
    for (const auto &p : params)
        if (p.first == name) return &p.second;
    return nullptr;
}

} // namespace twoleg
