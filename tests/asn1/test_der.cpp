// Tests for twoleg/der.hpp: one table row per way DER can be malformed, each
// with the error code and byte offset it must produce; truncation of real
// openssl-written keys at every offset; and positive reads of openssl's DER,
// checked against values printed by the openssl command.
#include <doctest/doctest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "twoleg/der.hpp"

using namespace twoleg;

namespace {

// ---------------------------------------------------------------------------
// Helpers

/// One element as `openssl asn1parse` reports it.
struct openssl_node {
    std::size_t offset = 0;
    unsigned depth = 0;
    std::size_t header_length = 0;
    std::size_t length = 0;
    bool constructed = false;
};

std::vector<openssl_node> openssl_nodes(const std::string &der_path)
{
    auto r = test::run("openssl asn1parse -inform DER -in " + test::shell_quote(der_path));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::vector<openssl_node> nodes;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
        openssl_node n;
        if (std::sscanf(line.c_str(), " %zu:d=%u hl=%zu l=%zu", &n.offset, &n.depth, &n.header_length,
                        &n.length) != 4)
            continue;
        n.constructed = line.find("cons:") != std::string::npos;
        nodes.push_back(n);
    }
    REQUIRE(!nodes.empty());
    return nodes;
}

/// Walks every element strictly: constructed elements are entered, INTEGERs
/// checked for minimal encoding, every level must be consumed exactly.
result<std::size_t> walk(der::cursor &c)
{
    std::size_t count = 0;
    while (!c.empty()) {
        const std::uint8_t t = c.rest()[0];
        if (t & 0x20) {
            auto child = c.read_constructed(t);
            if (!child) return child.err();
            auto inner = walk(*child);
            if (!inner) return inner.err();
            count += *inner;
        } else {
            auto el = c.read_element();
            if (!el) return el.err();
            if (el->tag == der::tag::integer) TWOLEG_TRY(der::check_integer_encoding(el->contents, el->offset));
        }
        ++count;
    }
    return count;
}

/// Reads exactly one top-level element and its whole tree.
result<std::size_t> walk_document(std::span<const std::uint8_t> data)
{
    der::cursor top(data);
    if (top.empty()) return error(errc::der_truncated, nullptr, 0);
    const std::uint8_t t = data[0];
    std::size_t count = 1;
    if (t & 0x20) {
        auto child = top.read_constructed(t);
        if (!child) return child.err();
        auto inner = walk(*child);
        if (!inner) return inner.err();
        count += *inner;
    } else {
        auto el = top.read_element();
        if (!el) return el.err();
    }
    TWOLEG_TRY(top.expect_end());
    return count;
}

std::string upper_hex(std::span<const std::uint8_t> b)
{
    std::string h = test::hex(b);
    for (auto &ch : h)
        if (ch >= 'a' && ch <= 'f') ch = static_cast<char>(ch - 'a' + 'A');
    return h;
}

// ---------------------------------------------------------------------------
// The table of malformed (and a few boundary-valid) encodings.

enum class op {
    element,            // read_element()
    element_then_end,   // read_element(), then expect_end()
    sequence,           // read_sequence()
    seq_int_end,        // read_sequence(), read_small_unsigned_integer() inside, expect_end() inside
    integer_element,    // read_element(tag::integer)
    unsigned_integer,   // read_unsigned_integer()
    small_integer,      // read_small_unsigned_integer()
    oid,                // read_oid()
    null,               // read_null()
    bits,               // read_bit_string_octets()
    octets,             // read_octet_string()
};

struct row {
    const char *why;
    op operation;
    const char *hex;
    std::size_t zero_tail;  // zero octets appended to `hex` (for long contents)
    errc expected;          // errc::ok: the read must succeed
    std::size_t offset;     // expected error offset
};

constexpr row rows[] = {
    // --- truncation and length forms (X.690 §8.1.3, §10.1)
    {"empty input: no identifier octet", op::element, "", 0, errc::der_truncated, 0},
    {"identifier without length octets", op::element, "30", 0, errc::der_truncated, 0},
    {"INTEGER claims 1 content octet, none present", op::element, "0201", 0, errc::der_truncated, 0},
    {"length one more than what remains", op::element, "0403aabb", 0, errc::der_truncated, 0},
    {"long-form length octets cut short", op::element, "308201", 0, errc::der_truncated, 0},
    {"indefinite length (BER only)", op::element, "30800000", 0, errc::der_indefinite_length, 1},
    {"indefinite length on a primitive", op::element, "0480", 0, errc::der_indefinite_length, 1},
    {"long form for a length below 128 (5)", op::element, "048105", 5, errc::der_non_minimal_length, 1},
    {"long form for 127, the largest short-form length", op::element, "04817f", 127, errc::der_non_minimal_length, 1},
    {"long form for 128 is required and accepted", op::element, "048180", 128, errc::ok, 0},
    {"leading zero length octet (0x82 0x00 0x80)", op::element, "04820080", 128, errc::der_non_minimal_length, 1},
    {"leading zero length octet for a small length", op::element, "04820005", 5, errc::der_non_minimal_length, 1},
    {"length 256 needs two length octets", op::element, "04820100", 256, errc::ok, 0},
    {"five length octets", op::element, "04850000000001", 1, errc::der_length_too_long, 1},
    {"0xFF initial length octet (reserved, X.690 §8.1.3.5 c)", op::element, "04ff", 0, errc::der_length_too_long, 1},
    {"huge length claim 0x84 ff ff ff ff", op::element, "3084ffffffff020100", 0, errc::der_truncated, 0},
    {"huge length claim 0x84 7f ff ff ff", op::element, "30847fffffff", 0, errc::der_truncated, 0},
    {"four-octet length with a zero first octet", op::element, "308400000080", 128, errc::der_non_minimal_length, 1},
    // --- identifier octets (X.690 §8.1.2)
    {"high tag number form, universal", op::element, "1f0100", 0, errc::der_high_tag_number, 0},
    {"high tag number form, context-specific constructed", op::element, "bf1f00", 0, errc::der_high_tag_number, 0},
    {"high tag number form, application", op::element, "5f2000", 0, errc::der_high_tag_number, 0},
    {"universal tag 0 (end-of-contents) has no place in DER", op::element, "0000", 0, errc::der_unexpected_tag, 0},
    {"constructed INTEGER", op::element, "2203020101", 0, errc::der_unexpected_tag, 0},
    {"constructed OCTET STRING (forbidden by X.690 §10.2)", op::element, "2403040100", 0, errc::der_unexpected_tag, 0},
    {"primitive SEQUENCE", op::element, "1000", 0, errc::der_unexpected_tag, 0},
    {"primitive SET", op::element, "1100", 0, errc::der_unexpected_tag, 0},
    // --- wrong tags for typed reads
    {"SET where a SEQUENCE is required", op::sequence, "3100", 0, errc::der_unexpected_tag, 0},
    {"[0] where a SEQUENCE is required", op::sequence, "a000", 0, errc::der_unexpected_tag, 0},
    {"OCTET STRING where an INTEGER is required", op::unsigned_integer, "040101", 0, errc::der_unexpected_tag, 0},
    {"ENUMERATED where an INTEGER is required", op::unsigned_integer, "0a0101", 0, errc::der_unexpected_tag, 0},
    {"INTEGER where a NULL is required", op::null, "020100", 0, errc::der_unexpected_tag, 0},
    {"OCTET STRING where an OID is required", op::oid, "0400", 0, errc::der_unexpected_tag, 0},
    {"OCTET STRING where a BIT STRING is required", op::bits, "040100", 0, errc::der_unexpected_tag, 0},
    {"BIT STRING where an OCTET STRING is required", op::octets, "030100", 0, errc::der_unexpected_tag, 0},
    {"structure errors come before the tag check", op::sequence, "3180", 0, errc::der_indefinite_length, 1},
    // --- INTEGER (X.690 §8.3)
    {"empty INTEGER", op::integer_element, "0200", 0, errc::ok, 0},
    {"empty INTEGER, unsigned read", op::unsigned_integer, "0200", 0, errc::der_empty_integer, 0},
    {"non-minimal INTEGER 00 01", op::unsigned_integer, "02020001", 0, errc::der_non_minimal_integer, 0},
    {"non-minimal INTEGER 00 00", op::unsigned_integer, "02020000", 0, errc::der_non_minimal_integer, 0},
    {"non-minimal INTEGER ff 80", op::unsigned_integer, "0202ff80", 0, errc::der_non_minimal_integer, 0},
    {"non-minimal INTEGER ff ff", op::small_integer, "0202ffff", 0, errc::der_non_minimal_integer, 0},
    {"negative INTEGER -128 (80)", op::unsigned_integer, "020180", 0, errc::der_negative_integer, 0},
    {"negative INTEGER -1 (ff)", op::small_integer, "0201ff", 0, errc::der_negative_integer, 0},
    {"negative INTEGER -129 (ff 7f), minimal", op::unsigned_integer, "0202ff7f", 0, errc::der_negative_integer, 0},
    {"00 80 is the minimal +128", op::unsigned_integer, "02020080", 0, errc::ok, 0},
    {"zero", op::unsigned_integer, "020100", 0, errc::ok, 0},
    {"2^64 - 1 fits", op::small_integer, "020900ffffffffffffffff", 0, errc::ok, 0},
    {"2^64 does not fit", op::small_integer, "0209010000000000000000", 0, errc::der_integer_too_large, 0},
    {"non-minimal INTEGER inside a SEQUENCE: offset of the INTEGER", op::seq_int_end, "300402020001", 0,
     errc::der_non_minimal_integer, 2},
    // --- trailing data and lengths that overrun the enclosing element
    {"trailing bytes inside a SEQUENCE", op::seq_int_end, "30050201010500", 0, errc::der_trailing_data, 5},
    {"trailing byte after the top-level element", op::element_then_end, "050000", 0, errc::der_trailing_data, 2},
    {"child length runs past its parent's end", op::seq_int_end, "3003020201" "01", 0, errc::der_truncated, 2},
    {"exactly consumed SEQUENCE", op::seq_int_end, "3003020105", 0, errc::ok, 0},
    // --- OBJECT IDENTIFIER (X.690 §8.19)
    {"empty OID", op::oid, "0600", 0, errc::der_bad_oid, 0},
    {"OID whose first sub-identifier starts with 0x80", op::oid, "06028001", 0, errc::der_bad_oid, 0},
    {"OID with a later sub-identifier starting with 0x80", op::oid, "06032a8001", 0, errc::der_bad_oid, 0},
    {"OID ending inside a sub-identifier", op::oid, "06022a86", 0, errc::der_bad_oid, 0},
    {"OID that is a single continuation octet", op::oid, "060181", 0, errc::der_bad_oid, 0},
    {"rsaEncryption (RFC 8017 A.1)", op::oid, "06092a864886f70d010101", 0, errc::ok, 0},
    // --- NULL (X.690 §8.8)
    {"NULL with one content octet", op::null, "050100", 0, errc::der_bad_null, 0},
    {"NULL", op::null, "0500", 0, errc::ok, 0},
    // --- BIT STRING (X.690 §8.6, §10.2)
    {"BIT STRING without the unused-bits octet", op::bits, "0300", 0, errc::der_bad_bit_string, 0},
    {"BIT STRING with 1 unused bit", op::bits, "03020180", 0, errc::der_bad_bit_string, 0},
    {"BIT STRING, empty but well formed", op::bits, "030100", 0, errc::ok, 0},
};

std::vector<std::uint8_t> row_bytes(const row &r)
{
    auto b = test::unhex(r.hex);
    b.resize(b.size() + r.zero_tail, 0);
    return b;
}

result<void> run_op(op o, der::cursor &c)
{
    switch (o) {
    case op::element: {
        auto r = c.read_element();
        if (!r) return r.err();
        return {};
    }
    case op::element_then_end: {
        auto r = c.read_element();
        if (!r) return r.err();
        return c.expect_end();
    }
    case op::sequence: {
        auto r = c.read_sequence();
        if (!r) return r.err();
        return {};
    }
    case op::seq_int_end: {
        auto r = c.read_sequence();
        if (!r) return r.err();
        auto v = r->read_small_unsigned_integer();
        if (!v) return v.err();
        return r->expect_end();
    }
    case op::integer_element: {
        auto r = c.read_element(der::tag::integer);
        if (!r) return r.err();
        return {};
    }
    case op::unsigned_integer: {
        auto r = c.read_unsigned_integer();
        if (!r) return r.err();
        return {};
    }
    case op::small_integer: {
        auto r = c.read_small_unsigned_integer();
        if (!r) return r.err();
        return {};
    }
    case op::oid: {
        auto r = c.read_oid();
        if (!r) return r.err();
        return {};
    }
    case op::null: return c.read_null();
    case op::bits: {
        auto r = c.read_bit_string_octets();
        if (!r) return r.err();
        return {};
    }
    case op::octets: {
        auto r = c.read_octet_string();
        if (!r) return r.err();
        return {};
    }
    }
    return error(errc::internal);
}

} // namespace

TEST_CASE("der: table of malformed and boundary encodings")
{
    for (const row &r : rows) {
        CAPTURE(r.why);
        auto data = row_bytes(r);
        // A non-zero base offset checks that offsets are absolute.
        for (std::size_t base : {std::size_t{0}, std::size_t{1000}}) {
            CAPTURE(base);
            der::cursor c(data, base);
            const auto before_offset = c.offset();
            const auto before_remaining = c.remaining();
            auto res = run_op(r.operation, c);
            if (r.expected == errc::ok) {
                CHECK_MESSAGE(res.ok(), (res.ok() ? std::string() : res.err().message()));
            } else {
                REQUIRE_FALSE(res.ok());
                CHECK(res.err().code == r.expected);
                CHECK(res.err().offset == r.offset + base);
                CHECK(!res.err().message().empty());
                // A failed read on the outer cursor leaves it where it was.
                if (r.operation != op::element_then_end && r.operation != op::seq_int_end) {
                    CHECK(c.offset() == before_offset);
                    CHECK(c.remaining() == before_remaining);
                }
            }
        }
    }
}

TEST_CASE("der: typed reads return the right values")
{
    SUBCASE("unsigned integers drop the sign octet; zero is empty")
    {
        auto b = test::unhex("02020080 020100 02017f");
        der::cursor c(b);
        auto a = c.read_unsigned_integer();
        REQUIRE(a);
        CHECK(test::hex(*a) == "80");
        auto z = c.read_unsigned_integer();
        REQUIRE(z);
        CHECK(z->empty());
        auto s = c.read_small_unsigned_integer();
        REQUIRE(s);
        CHECK(*s == 0x7f);
        CHECK(c.expect_end());
    }
    SUBCASE("small integer 2^64 - 1")
    {
        auto b = test::unhex("020900ffffffffffffffff");
        der::cursor c(b);
        auto s = c.read_small_unsigned_integer();
        REQUIRE(s);
        CHECK(*s == ~std::uint64_t{0});
    }
    SUBCASE("a failed typed read does not consume; the next read sees the same element")
    {
        auto b = test::unhex("0500 020101");
        der::cursor c(b);
        CHECK_FALSE(c.read_unsigned_integer());
        CHECK(c.read_null());
        auto v = c.read_small_unsigned_integer();
        REQUIRE(v);
        CHECK(*v == 1);
        CHECK(c.empty());
    }
    SUBCASE("element fields")
    {
        auto b = test::unhex("a0 03 02 01 02");
        der::cursor c(b, 10);
        auto e = c.read_element();
        REQUIRE(e);
        CHECK(e->tag == 0xa0);
        CHECK(e->offset == 10);
        CHECK(e->header_length == 2);
        CHECK(e->total_length() == 5);
        CHECK(e->constructed());
        CHECK(c.offset() == 15);
        auto b2 = test::unhex("a0 03 02 01 02");
        der::cursor c2(b2, 10);
        auto inner = c2.read_constructed(der::tag::context_constructed(0));
        REQUIRE(inner);
        CHECK(inner->offset() == 12);
        CHECK(inner->depth() == 1);
        auto v = inner->read_small_unsigned_integer();
        REQUIRE(v);
        CHECK(*v == 2);
    }
    SUBCASE("read_constructed refuses a primitive tag as a programming error")
    {
        auto b = test::unhex("020101");
        der::cursor c(b);
        auto r = c.read_constructed(der::tag::integer);
        REQUIRE_FALSE(r);
        CHECK(r.err().code == errc::invalid_argument);
        CHECK(c.offset() == 0);
    }
}

namespace {

/// n nested SEQUENCEs, innermost empty; also the offset of each SEQUENCE.
std::vector<std::uint8_t> nested_sequences(std::size_t n, std::vector<std::size_t> &offsets)
{
    // Build inside out: contents length of level i is the total size of level i+1.
    std::vector<std::size_t> content_len(n);
    std::vector<std::size_t> header_len(n);
    std::size_t inner_total = 0;
    for (std::size_t i = n; i-- > 0;) {
        content_len[i] = inner_total;
        header_len[i] = inner_total < 0x80 ? 2 : inner_total < 0x100 ? 3 : inner_total < 0x10000 ? 4 : 5;
        inner_total += header_len[i];
    }
    std::vector<std::uint8_t> out;
    out.reserve(inner_total);
    offsets.clear();
    for (std::size_t i = 0; i < n; ++i) {
        offsets.push_back(out.size());
        out.push_back(0x30);
        const std::size_t len = content_len[i];
        const std::size_t octets = header_len[i] - 2;
        if (octets == 0) {
            out.push_back(static_cast<std::uint8_t>(len));
        } else {
            out.push_back(static_cast<std::uint8_t>(0x80 | octets));
            for (std::size_t k = octets; k-- > 0;) out.push_back(static_cast<std::uint8_t>(len >> (8 * k)));
        }
    }
    return out;
}

} // namespace

TEST_CASE("der: nesting depth is limited to max_depth")
{
    std::vector<std::size_t> offsets;
    SUBCASE("max_depth nested SEQUENCEs are fine")
    {
        auto doc = nested_sequences(der::max_depth, offsets);
        auto r = walk_document(doc);
        REQUIRE_MESSAGE(r, (r ? std::string() : r.err().message()));
        CHECK(*r == der::max_depth);
    }
    SUBCASE("one more fails at the SEQUENCE that is one too deep")
    {
        auto doc = nested_sequences(der::max_depth + 1, offsets);
        auto r = walk_document(doc);
        REQUIRE_FALSE(r);
        CHECK(r.err().code == errc::der_too_deep);
        CHECK(r.err().offset == offsets[der::max_depth]);
    }
    SUBCASE("10000 nested SEQUENCEs fail with der_too_deep, not by exhausting the stack")
    {
        auto doc = nested_sequences(10000, offsets);
        auto r = walk_document(doc);
        REQUIRE_FALSE(r);
        CHECK(r.err().code == errc::der_too_deep);
        CHECK(r.err().offset == offsets[der::max_depth]);
        // The same with an explicit loop of read_sequence().
        der::cursor c(doc);
        unsigned levels = 0;
        for (;;) {
            auto child = c.read_sequence();
            if (!child) {
                CHECK(child.err().code == errc::der_too_deep);
                CHECK(child.err().offset == offsets[levels]);
                break;
            }
            c = *child;
            ++levels;
        }
        CHECK(levels == der::max_depth);
    }
    SUBCASE("10000 nested indefinite-length SEQUENCEs fail at the first length")
    {
        std::vector<std::uint8_t> doc;
        for (int i = 0; i < 10000; ++i) {
            doc.push_back(0x30);
            doc.push_back(0x80);
        }
        auto r = walk_document(doc);
        REQUIRE_FALSE(r);
        CHECK(r.err().code == errc::der_indefinite_length);
        CHECK(r.err().offset == 1);
    }
}

namespace {

struct key_file {
    unsigned bits;
    unsigned e;
    const char *form;
};

constexpr key_file truncation_files[] = {
    {2048, 65537, "pkcs1.der"}, {2048, 65537, "pkcs8.der"}, {2048, 65537, "spki.der"},
    {2048, 65537, "rsapub.der"}, {2048, 65537, "cert.der"}, {1024, 3, "pkcs1.der"},
    {2047, 3, "cert.der"},
};

/// Path of a DER test file. The build's pkcs8.der holds PKCS#1 (OpenSSL 3.0's
/// `openssl pkey -outform DER` writes the traditional structure), so a real
/// PKCS#8 PrivateKeyInfo is made here with `openssl pkcs8 -topk8 -nocrypt`.
std::string der_path(const key_file &f)
{
    if (std::string_view(f.form) != "pkcs8.der") return test::key_path(f.bits, f.e, f.form);
    const std::string out = test::temp_dir() + "/pkcs8-" + std::to_string(f.bits) + "-" + std::to_string(f.e) + ".der";
    auto r = test::run("openssl pkcs8 -topk8 -nocrypt -in " + test::shell_quote(test::key_path(f.bits, f.e, "pkcs8.pem")) +
                       " -outform DER -out " + test::shell_quote(out));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return out;
}

} // namespace

TEST_CASE("der: every strict prefix of a real key or certificate fails, at the expected element")
{
    for (const auto &f : truncation_files) {
        const std::string path = der_path(f);
        CAPTURE(path);
        const auto full = test::read_file(path);
        const auto nodes = openssl_nodes(path);  // element boundaries according to openssl

        // The complete file walks cleanly and has the elements openssl sees
        // (openssl does not descend into BIT STRINGs; neither does walk()).
        auto whole = walk_document(full);
        REQUIRE_MESSAGE(whole, (whole ? std::string() : whole.err().message()));
        CHECK(*whole == nodes.size());
        REQUIRE(nodes[0].offset == 0);
        REQUIRE(nodes[0].header_length + nodes[0].length == full.size());

        for (std::size_t cut = 0; cut < full.size(); ++cut) {
            CAPTURE(cut);
            std::span<const std::uint8_t> prefix(full.data(), cut);

            // 1. The whole document: the top-level element no longer fits.
            auto r = walk_document(prefix);
            REQUIRE_FALSE(r);
            CHECK(r.err().code == errc::der_truncated);
            CHECK(r.err().offset == 0);

            // 2. Every element that openssl says starts before the cut and ends
            //    after it, read from its own offset, reports itself truncated.
            for (const auto &n : nodes) {
                if (n.offset >= cut || n.offset + n.header_length + n.length <= cut) continue;
                der::cursor c(prefix.subspan(n.offset), n.offset, n.depth);
                auto e = c.read_element();
                REQUIRE_FALSE(e);
                CHECK(e.err().code == errc::der_truncated);
                CHECK(e.err().offset == n.offset);
                CHECK(c.offset() == n.offset);
            }

            // 3. The top-level contents, walked as a level of their own: the
            //    walk succeeds exactly when the cut falls on a boundary between
            //    two children of the top element, and otherwise names the child
            //    that was cut.
            const std::size_t top_hl = nodes[0].header_length;
            if (cut < top_hl) continue;
            der::cursor inner(prefix.subspan(top_hl), top_hl, 1);
            auto w = walk(inner);
            const openssl_node *cut_child = nullptr;
            for (const auto &n : nodes)
                if (n.depth == 1 && n.offset < cut && n.offset + n.header_length + n.length > cut) cut_child = &n;
            if (!cut_child) {
                CHECK_MESSAGE(w, (w ? std::string() : w.err().message()));
            } else {
                REQUIRE_FALSE(w);
                CHECK(w.err().code == errc::der_truncated);
                CHECK(w.err().offset == cut_child->offset);
            }
        }
    }
}

TEST_CASE("der: PKCS#1 RSAPrivateKey written by openssl reads field by field")
{
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            const std::string path = test::key_path(bits, e, "pkcs1.der");
            CAPTURE(path);
            const auto der = test::read_file(path);
            auto modulus_line = test::run("openssl rsa -inform DER -in " + test::shell_quote(path) + " -noout -modulus");
            REQUIRE(modulus_line.status == 0);
            std::string expected_modulus = modulus_line.out.substr(modulus_line.out.find('=') + 1);
            while (!expected_modulus.empty() && (expected_modulus.back() == '\n' || expected_modulus.back() == '\r'))
                expected_modulus.pop_back();
            // openssl prints an odd number of hex digits without a leading zero.
            if (expected_modulus.size() % 2) expected_modulus = "0" + expected_modulus;
            // openssl does not always hit the requested size exactly (2049 bits
            // with e = 65537 came out as 2048), so take the size from openssl too.
            auto text = test::run("openssl rsa -inform DER -in " + test::shell_quote(path) + " -noout -text");
            REQUIRE(text.status == 0);
            unsigned actual_bits = 0;
            REQUIRE(std::sscanf(text.out.c_str(), "Private-Key: (%u bit", &actual_bits) == 1);
            CHECK((actual_bits == bits || actual_bits == bits - 1));

            der::cursor top(der);
            auto seq = top.read_sequence();
            REQUIRE(seq);
            CHECK(top.expect_end());
            auto version = seq->read_small_unsigned_integer();
            REQUIRE(version);
            CHECK(*version == 0);
            auto n = seq->read_unsigned_integer();
            REQUIRE(n);
            CHECK(upper_hex(*n) == expected_modulus);
            CHECK(n->size() == (actual_bits + 7) / 8);
            auto pub = seq->read_small_unsigned_integer();
            REQUIRE(pub);
            CHECK(*pub == e);
            for (int i = 0; i < 6; ++i) {  // d, p, q, dP, dQ, qInv
                auto v = seq->read_unsigned_integer();
                REQUIRE(v);
                CHECK(!v->empty());
            }
            CHECK(seq->expect_end());
        }
    }
}

TEST_CASE("der: SubjectPublicKeyInfo written by openssl contains the RSAPublicKey openssl wrote")
{
    for (unsigned bits : test::key_sizes) {
        const std::string spki_path = test::key_path(bits, 65537, "spki.der");
        CAPTURE(spki_path);
        const auto spki = test::read_file(spki_path);
        const auto rsapub = test::read_file(test::key_path(bits, 65537, "rsapub.der"));
        der::cursor top(spki);
        auto seq = top.read_sequence();
        REQUIRE(seq);
        auto alg = seq->read_sequence();
        REQUIRE(alg);
        auto oid = alg->read_oid();
        REQUIRE(oid);
        CHECK(test::hex(*oid) == "2a864886f70d010101");  // 1.2.840.113549.1.1.1, RFC 8017 A.1
        CHECK(alg->read_null());
        CHECK(alg->expect_end());
        auto key = seq->read_bit_string_octets();
        REQUIRE(key);
        CHECK(seq->expect_end());
        CHECK(top.expect_end());
        CHECK(std::vector<std::uint8_t>(key->begin(), key->end()) == rsapub);
        // The BIT STRING's contents are themselves DER; their offsets stay absolute.
        der::cursor inner(*key, static_cast<std::size_t>(key->data() - spki.data()));
        auto pk = inner.read_sequence();
        REQUIRE(pk);
        auto n = pk->read_unsigned_integer();
        REQUIRE(n);
        auto pub = pk->read_small_unsigned_integer();
        REQUIRE(pub);
        CHECK(*pub == 65537);
        CHECK(pk->expect_end());
    }
}

TEST_CASE("der: mutated keys and random bytes never crash and report offsets inside the input")
{
    // Mutating single bytes of a real key: a mutation may still be valid DER,
    // but a failure must carry an offset inside the input (and nothing may crash).
    const auto der = test::read_file(der_path({2048, 65537, "pkcs8.der"}));
    for (std::size_t i = 0; i < der.size(); ++i) {
        for (std::uint8_t x : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
            auto m = der;
            m[i] ^= x;
            auto r = walk_document(m);
            if (!r) {
                CHECK(r.err().has_offset());
                CHECK(r.err().offset <= m.size());
            }
        }
    }
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        auto g = test::pseudo_random_bytes(4096, seed);
        auto r = walk_document(g);
        if (!r) CHECK(r.err().offset <= g.size());
    }
}
