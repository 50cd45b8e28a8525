// Implements twoleg/der_writer.hpp.
#include "twoleg/der_writer.hpp"

#include <algorithm>
#include <cassert>

#include "core/wipe.hpp"
#include "twoleg/oid.hpp"

namespace twoleg::der {

namespace {

/// Room begin() leaves for a length: the long form's 0x84 plus four octets,
/// the most a length of up to 2^32 - 1 needs. end() closes the gap.
constexpr std::size_t reserved_length_octets = 5;

std::size_t put_length(std::uint8_t *at, std::size_t length) noexcept
{
    if (length < 0x80) {
        at[0] = static_cast<std::uint8_t>(length);
        return 1;
    }
    const std::size_t n = encoded_length_size(length) - 1;
    at[0] = static_cast<std::uint8_t>(0x80 | n);
    for (std::size_t i = 0; i < n; ++i) at[1 + i] = static_cast<std::uint8_t>(length >> (8 * (n - 1 - i)));
    return n + 1;
}

} // namespace

std::size_t encoded_length_size(std::size_t length) noexcept
{
    if (length < 0x80) return 1;
    std::size_t n = 0;
    for (std::size_t v = length; v != 0; v >>= 8) ++n;
    return 1 + n;
}

void writer::reserve_for(std::size_t extra)
{
    const std::size_t needed = out_.size() + extra;
    if (needed <= out_.capacity()) return;
    // Grow by copying into a new buffer and wiping the old one: the vector's
    // own reallocation would free the old octets unwiped.
    std::vector<std::uint8_t> bigger;
    bigger.reserve(std::max(needed, 2 * out_.capacity() + 64));
    bigger.assign(out_.begin(), out_.end());
    detail::secure_wipe(out_);
    out_.swap(bigger);
}

void writer::append(std::span<const std::uint8_t> bytes)
{
    if (bytes.empty()) return;
    reserve_for(bytes.size());
    out_.insert(out_.end(), bytes.begin(), bytes.end());
}

void writer::append_byte(std::uint8_t b)
{
    reserve_for(1);
    out_.push_back(b);
}

writer::mark writer::begin(std::uint8_t t)
{
    reserve_for(1 + reserved_length_octets);
    const std::size_t position = out_.size();
    out_.push_back(t);
    out_.insert(out_.end(), reserved_length_octets, 0);
    return mark{position};
}

void writer::end(mark m)
{
    const std::size_t contents_start = m.position + 1 + reserved_length_octets;
    assert(contents_start <= out_.size());
    const std::size_t length = out_.size() - contents_start;
    assert(length <= 0xffffffffu);
    std::uint8_t length_octets[reserved_length_octets];
    const std::size_t used = put_length(length_octets, length);
    std::copy(length_octets, length_octets + used, out_.begin() + static_cast<std::ptrdiff_t>(m.position + 1));
    // Close the gap in place (no new buffer: the contents may be secret).
    const auto gap_start = out_.begin() + static_cast<std::ptrdiff_t>(m.position + 1 + used);
    const auto contents = out_.begin() + static_cast<std::ptrdiff_t>(contents_start);
    std::copy(contents, out_.end(), gap_start);
    const std::size_t gap = reserved_length_octets - used;
    detail::secure_wipe(out_.data() + out_.size() - gap, gap);
    out_.resize(out_.size() - gap);
}

void writer::add_element(std::uint8_t t, std::span<const std::uint8_t> contents)
{
    std::uint8_t header[1 + reserved_length_octets];
    header[0] = t;
    const std::size_t used = put_length(header + 1, contents.size());
    append({header, 1 + used});
    append(contents);
}

void writer::add_unsigned_integer(std::span<const std::uint8_t> magnitude)
{
    while (!magnitude.empty() && magnitude.front() == 0) magnitude = magnitude.subspan(1);
    const mark m = begin(tag::integer);
    if (magnitude.empty() || (magnitude.front() & 0x80) != 0) append_byte(0x00);
    append(magnitude);
    end(m);
}

void writer::add_small_unsigned_integer(std::uint64_t value)
{
    std::uint8_t be[8];
    for (int i = 0; i < 8; ++i) be[i] = static_cast<std::uint8_t>(value >> (56 - 8 * i));
    add_unsigned_integer(be);
}

void writer::add_oid(std::span<const std::uint8_t> oid_contents)
{
    assert(oid_well_formed(oid_contents));
    add_element(tag::oid, oid_contents);
}

void writer::add_null() { add_element(tag::null, {}); }

void writer::add_octet_string(std::span<const std::uint8_t> contents) { add_element(tag::octet_string, contents); }

void writer::add_bit_string(std::span<const std::uint8_t> octets)
{
    const mark m = begin(tag::bit_string);
    append_byte(0x00);  // no unused bits
    append(octets);
    end(m);
}

void writer::add_encoded(std::span<const std::uint8_t> der) { append(der); }

} // namespace twoleg::der
