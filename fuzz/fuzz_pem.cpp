// Fuzz target: PEM decoding (pem.hpp).
//
// Properties:
//   - a decoded block re-encodes (pem_encode) to text that decodes to the
//     same label and bytes, and the body is within pem_max_body_bytes;
//   - pem_decode succeeds only where looks_like_pem says there is a BEGIN
//     line, and fails with pem_no_begin exactly where it says there is none;
//   - every refusal has a PEM/base64/size error code, and its offset, when
//     it has one, lies inside the text.
#include <string>

#include "fuzz_support.hpp"
#include "twoleg/pem.hpp"

using namespace twoleg;

namespace {

bool is_pem_refusal(errc c) noexcept
{
    switch (c) {
    case errc::pem_no_begin:
    case errc::pem_no_end:
    case errc::pem_label_mismatch:
    case errc::pem_malformed:
    case errc::pem_encrypted:
    case errc::input_too_large:
    case errc::base64_bad_character:
    case errc::base64_bad_padding:
    case errc::base64_non_canonical: return true;
    default: return false;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::as_text(data, size);
    const bool has_begin = looks_like_pem(text);

    auto block = pem_decode(text);
    if (!block) {
        const error &e = block.err();
        FUZZ_CHECK(is_pem_refusal(e.code));
        FUZZ_CHECK((e.code == errc::pem_no_begin) == !has_begin);
        FUZZ_CHECK(!e.has_offset() || e.offset <= text.size());
        return 0;
    }
    FUZZ_CHECK(has_begin);
    FUZZ_CHECK(block->der.size() <= pem_max_body_bytes / 4 * 3);
    FUZZ_CHECK(block->label != "ENCRYPTED PRIVATE KEY");

    const std::string again = pem_encode(block->label, block->der);
    auto reread = pem_decode(again);
    FUZZ_CHECK(reread);
    FUZZ_CHECK(reread->label == block->label);
    FUZZ_CHECK(reread->der == block->der);
    return 0;
}
