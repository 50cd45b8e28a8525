// Fuzz target: the loopback receiver's request-head parser
// (google/http_request.hpp), fed the input as the bytes a client sent.
//
// Properties:
//   - find_head_end never points past the input, and what it delimits ends
//     with a blank line;
//   - an accepted head is at most 8 KiB, has a non-empty method, a decoded
//     path starting with '/' and free of control characters, and a raw query
//     without '#' or spaces;
//   - refusals are errc::http_bad_request with an offset inside the head.
#include "fuzz_support.hpp"
#include "google/http_request.hpp"

using namespace twoleg;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::as_text(data, size);
    const std::size_t end = detail::find_head_end(text);
    FUZZ_CHECK(end <= size);
    if (end != 0) FUZZ_CHECK(text.substr(0, end).ends_with("\n\n") || text.substr(0, end).ends_with("\r\n\r\n"));

    // The whole input as a head, and the head the receiver would cut out of it.
    for (std::string_view head : {text, text.substr(0, end)}) {
        auto r = detail::parse_request_head(head);
        if (!r) {
            FUZZ_CHECK(r.err().code == errc::http_bad_request);
            FUZZ_CHECK(r.err().has_offset() && r.err().offset <= head.size());
            continue;
        }
        FUZZ_CHECK(head.size() <= detail::http_max_head_bytes);
        FUZZ_CHECK(!r->method.empty());
        FUZZ_CHECK(!r->path.empty() && r->path[0] == '/');
        for (unsigned char c : r->path) FUZZ_CHECK(c >= 0x20 && c != 0x7f);
        FUZZ_CHECK(r->query.find_first_of("# \r\n") == std::string::npos);
        FUZZ_CHECK(r->has_query || r->query.empty());
    }
    return 0;
}
