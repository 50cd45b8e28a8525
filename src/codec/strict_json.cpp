// Implements codec/strict_json.hpp.
#include "codec/strict_json.hpp"

#include <new>
#include <string>
#include <unordered_set>
#include <vector>

namespace twoleg::detail {

namespace {

/// SAX handler of the checking pass. It never stops early, so the status
/// precedence is that of the whole text: malformed, then too deep, then
/// duplicate member.
class strict_json_checker {
  public:
    using json = nlohmann::json;
    explicit strict_json_checker(unsigned max_depth) : max_depth_(max_depth) {}

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const json::string_t &) { return true; }
    bool string(json::string_t &) { return true; }
    bool binary(json::binary_t &) { return true; }
    bool start_object(std::size_t) { return open(true); }
    bool start_array(std::size_t) { return open(false); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(json::string_t &name)
    {
        if (!names_.empty() && !names_.back().insert(name).second) duplicate = true;
        return true;
    }
    bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &)
    {
        error_position = position;
        return false;
    }

    bool duplicate = false;
    bool too_deep = false;
    std::size_t error_position = 0;  // 1-based, as nlohmann counts

  private:
    bool open(bool is_object)
    {
        ++depth_;
        if (depth_ > max_depth_) too_deep = true;
        // Past the limit the text will be refused: stop collecting names.
        if (is_object && !too_deep) names_.emplace_back();
        objects_.push_back(is_object && !too_deep);
        return true;
    }
    bool close()
    {
        if (depth_ > 0) --depth_;
        if (!objects_.empty()) {
            if (objects_.back()) names_.pop_back();
            objects_.pop_back();
        }
        return true;
    }

    unsigned max_depth_;
    std::size_t depth_ = 0;
    std::vector<bool> objects_;  // per open container: does it have a name set in names_?
    std::vector<std::unordered_set<std::string>> names_;
};

/// The first bracket nesting deeper than max_depth, skipping string contents.
std::size_t too_deep_offset(std::string_view text, unsigned max_depth) noexcept
{
    unsigned depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return 0;
}

bool starts_with_bom(std::string_view text) noexcept
{
    return text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xef &&
           static_cast<unsigned char>(text[1]) == 0xbb && static_cast<unsigned char>(text[2]) == 0xbf;
}

} // namespace

json_outcome parse_json_object(std::string_view text, const json_limits &limits, nlohmann::json &out) noexcept
{
    out = nullptr;
    if (text.size() > limits.max_bytes) return {json_status::too_large, limits.max_bytes};
    std::size_t base = 0;
    if (starts_with_bom(text)) {
        if (!limits.allow_bom) return {json_status::malformed, 0};
        text.remove_prefix(3);
        base = 3;
    }
    try {
        strict_json_checker checker(limits.max_depth);
        const bool well_formed = nlohmann::json::sax_parse(text.begin(), text.end(), &checker);
        // Nesting past the limit before the syntax broke counts first: it is
        // the more useful thing to say about 500 000 open brackets.
        if (checker.too_deep) return {json_status::too_deep, base + too_deep_offset(text, limits.max_depth)};
        if (!well_formed) {
            const std::size_t at = checker.error_position > 0 ? checker.error_position - 1 : 0;
            return {json_status::malformed, base + std::min(at, text.size())};
        }
        if (checker.duplicate) return {json_status::duplicate_member, 0};
        out = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    } catch (const std::bad_alloc &) {
        out = nullptr;
        return {json_status::out_of_memory, 0};
    } catch (...) {
        out = nullptr;
        return {json_status::malformed, 0};
    }
    if (out.is_discarded()) return {json_status::malformed, 0};
    if (!out.is_object()) return {json_status::not_object, 0};
    return {};
}

char first_json_byte(std::string_view text) noexcept
{
    if (starts_with_bom(text)) text.remove_prefix(3);
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c;
    }
    return 0;
}

} // namespace twoleg::detail
