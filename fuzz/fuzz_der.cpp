// Fuzz target: the strict DER reader (der.hpp) walking a whole tree, and the
// tree dumper built on it (asn1_dump.hpp).
//
// The input is read as a sequence of top-level elements; constructed
// elements are entered with read_constructed (so der::max_depth applies) and
// every primitive is also read with the typed reader for its tag.
// Properties:
//   - round trip: every accepted header is exactly the DER header rebuilt from
//     its tag and length (minimal length form), and a fully accepted input
//     re-encodes, header by header, to the same bytes;
//   - a failed read leaves the cursor where it was; a successful one
//     advances it by exactly the element's length;
//   - typed reads agree with read_element on what they consume;
//   - error offsets lie inside the input;
//   - asn1_dump is stricter than the walk: whatever it accepts is a single
//     element the walk accepts, printed as one line per element.
#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "twoleg/asn1_dump.hpp"
#include "twoleg/der.hpp"

using namespace twoleg;

namespace {

using bytes = std::vector<std::uint8_t>;

/// The DER header of an element: identifier octet, then the length in the
/// shortest form (X.690 §10.1).
bytes encode_header(std::uint8_t tag, std::size_t length)
{
    bytes h{tag};
    if (length < 0x80) {
        h.push_back(static_cast<std::uint8_t>(length));
        return h;
    }
    bytes octets;
    for (std::size_t v = length; v != 0; v >>= 8) octets.insert(octets.begin(), static_cast<std::uint8_t>(v));
    h.push_back(static_cast<std::uint8_t>(0x80 | octets.size()));
    h.insert(h.end(), octets.begin(), octets.end());
    return h;
}

struct walker {
    std::span<const std::uint8_t> input;
    bytes reencoded;
    std::size_t elements = 0;

    void check_error(const error &e) const { FUZZ_CHECK(e.has_offset() && e.offset <= input.size()); }

    void check_unchanged(const der::cursor &before, const der::cursor &after) const
    {
        FUZZ_CHECK(after.offset() == before.offset());
        FUZZ_CHECK(after.remaining() == before.remaining());
    }

    /// Typed reads of a primitive element that read_element accepted.
    void typed_reads(const der::cursor &at, const der::element &el) const
    {
        auto consumed_exactly = [&](const der::cursor &c) {
            FUZZ_CHECK(c.offset() == at.offset() + el.total_length());
        };
        auto refused_cleanly = [&](const der::cursor &c, const error &e) {
            check_unchanged(at, c);
            check_error(e);
            FUZZ_CHECK(e.offset == el.offset);
        };
        switch (el.tag) {
        case der::tag::integer: {
            der::cursor c = at;
            auto v = c.read_unsigned_integer();
            if (v) {
                consumed_exactly(c);
                FUZZ_CHECK(v->empty() || (*v)[0] != 0);
                FUZZ_CHECK(v->size() + 1 >= el.contents.size());
            } else {
                refused_cleanly(c, v.err());
            }
            der::cursor s = at;
            auto small = s.read_small_unsigned_integer();
            if (small) consumed_exactly(s);
            else refused_cleanly(s, small.err());
            if (small) FUZZ_CHECK(v && v->size() <= 8);
            break;
        }
        case der::tag::oid: {
            der::cursor c = at;
            auto oid = c.read_oid();
            if (oid) {
                consumed_exactly(c);
                const std::string dotted = oid_to_string(*oid);
                FUZZ_CHECK(!dotted.empty());
                (void)oid_name(*oid);
            } else {
                refused_cleanly(c, oid.err());
            }
            break;
        }
        case der::tag::null: {
            der::cursor c = at;
            auto n = c.read_null();
            if (n) consumed_exactly(c);
            else refused_cleanly(c, n.err());
            FUZZ_CHECK(n.ok() == el.contents.empty());
            break;
        }
        case der::tag::bit_string: {
            der::cursor c = at;
            auto b = c.read_bit_string_octets();
            if (b) {
                consumed_exactly(c);
                FUZZ_CHECK(b->size() + 1 == el.contents.size());
            } else {
                refused_cleanly(c, b.err());
            }
            break;
        }
        case der::tag::octet_string: {
            der::cursor c = at;
            auto o = c.read_octet_string();
            FUZZ_CHECK(o);
            consumed_exactly(c);
            FUZZ_CHECK(o->data() == el.contents.data() && o->size() == el.contents.size());
            break;
        }
        default: break;
        }
    }

    /// Walks every element of one level; false at the first refusal.
    bool walk(der::cursor &level)
    {
        while (!level.empty()) {
            const der::cursor before = level;
            der::cursor probe = level;
            auto el = probe.read_element();
            if (!el) {
                check_error(el.err());
                return false;
            }
            ++elements;
            FUZZ_CHECK(el->offset == before.offset());
            FUZZ_CHECK(probe.offset() == before.offset() + el->total_length());
            FUZZ_CHECK(el->offset + el->header_length + el->contents.size() <= input.size());
            FUZZ_CHECK(el->contents.data() == input.data() + el->offset + el->header_length);

            const bytes header = encode_header(el->tag, el->contents.size());
            FUZZ_CHECK(header.size() == el->header_length);
            FUZZ_CHECK(std::equal(header.begin(), header.end(), input.begin() + static_cast<std::ptrdiff_t>(el->offset)));
            reencoded.insert(reencoded.end(), header.begin(), header.end());

            if (el->constructed()) {
                auto child = level.read_constructed(el->tag);
                if (!child) {
                    check_unchanged(before, level);
                    check_error(child.err());
                    FUZZ_CHECK(child.err().code == errc::der_too_deep);
                    return false;
                }
                FUZZ_CHECK(level.offset() == probe.offset());
                FUZZ_CHECK(child->depth() == before.depth() + 1 && child->depth() <= der::max_depth);
                FUZZ_CHECK(child->offset() == el->offset + el->header_length);
                if (!walk(*child)) return false;
                FUZZ_CHECK(child->expect_end());
            } else {
                typed_reads(before, *el);
                reencoded.insert(reencoded.end(), el->contents.begin(), el->contents.end());
                level = probe;
            }
        }
        auto end = level.expect_end();
        FUZZ_CHECK(end);
        return true;
    }
};

std::size_t count_lines(const std::string &s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::span<const std::uint8_t> input(data, size);

    walker w{input, {}, 0};
    der::cursor top(input);
    const bool accepted = w.walk(top);
    if (accepted) FUZZ_CHECK(std::equal(w.reencoded.begin(), w.reencoded.end(), input.begin(), input.end()));

    // A non-zero base offset shifts every error offset by the same amount.
    constexpr std::size_t base = 1000;
    der::cursor shifted(input, base);
    der::cursor plain(input);
    auto a = plain.read_element();
    auto b = shifted.read_element();
    FUZZ_CHECK(a.ok() == b.ok());
    if (!a) FUZZ_CHECK(a.err().code == b.err().code && a.err().offset + base == b.err().offset);

    auto dump = asn1_dump(input);
    if (dump) {
        FUZZ_CHECK(accepted);
        FUZZ_CHECK(a && a->total_length() == size);
        FUZZ_CHECK(count_lines(*dump) == w.elements);
    } else {
        FUZZ_CHECK(!dump.err().has_offset() || dump.err().offset <= size);
    }
    return 0;
}
