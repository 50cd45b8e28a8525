// Fuzz target: both strict decoders of base64.hpp.
//
// Properties (base64.hpp promises one spelling per byte string):
//   - a text a decoder accepts re-encodes to exactly that text;
//   - a refusal carries an offset inside the text (or at its end);
//   - the input's bytes, encoded, decode back to themselves;
//   - base64 and base64url spell the same bytes alike except for the two
//     alphabet-specific characters and the padding.
#include <algorithm>
#include <string>

#include "fuzz_support.hpp"
#include "twoleg/base64.hpp"

using namespace twoleg;

namespace {

void check_refusal(const error &e, std::size_t text_size)
{
    FUZZ_CHECK(e.code == errc::base64_bad_character || e.code == errc::base64_bad_padding ||
               e.code == errc::base64_non_canonical);
    FUZZ_CHECK(e.has_offset());
    FUZZ_CHECK(e.offset <= text_size);
}

std::string url_spelling(std::string standard)
{
    while (!standard.empty() && standard.back() == '=') standard.pop_back();
    std::replace(standard.begin(), standard.end(), '+', '-');
    std::replace(standard.begin(), standard.end(), '/', '_');
    return standard;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::as_text(data, size);

    auto standard = base64_decode(text);
    if (standard) FUZZ_CHECK(base64_encode(*standard) == text);
    else check_refusal(standard.err(), text.size());

    auto url = base64url_decode(text);
    if (url) FUZZ_CHECK(base64url_encode(std::span<const std::uint8_t>(*url)) == text);
    else check_refusal(url.err(), text.size());

    // The same bytes seen as data: every byte string has one spelling in each alphabet.
    const std::span<const std::uint8_t> bytes(data, size);
    const std::string encoded = base64_encode(bytes);
    const std::string encoded_url = base64url_encode(bytes);
    FUZZ_CHECK(encoded.size() == (size + 2) / 3 * 4);
    FUZZ_CHECK(url_spelling(encoded) == encoded_url);
    auto back = base64_decode(encoded);
    FUZZ_CHECK(back && std::equal(back->begin(), back->end(), bytes.begin(), bytes.end()));
    auto back_url = base64url_decode(encoded_url);
    FUZZ_CHECK(back_url && std::equal(back_url->begin(), back_url->end(), bytes.begin(), bytes.end()));
    return 0;
}
