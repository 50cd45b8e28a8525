// twoleg/der.hpp — a strict DER reader (ITU-T X.690 §8 and §10).
//
// `der::cursor` is a non-owning, cheap-to-copy view over bytes that reads one
// TLV at a time; it never allocates. Every read either succeeds and advances
// the cursor, or fails with an error carrying the absolute byte offset of the
// problem and leaves the cursor unchanged. Accepted encodings:
//   - low-tag-number form only (tag number < 31);
//   - definite lengths only; short form for lengths < 128; long form with no
//     leading zero octets and at most 4 length octets; a length must fit in
//     what remains of the enclosing element;
//   - INTEGER: at least one content octet and minimal (no 0x00 before a byte
//     < 0x80, no 0xFF before a byte >= 0x80); read_integer_* require >= 0;
//   - constructed reads (read_sequence, read_constructed) return a child cursor
//     one level deeper; depth is limited to der::max_depth;
//   - callers finish each level with expect_end(), so trailing bytes fail.
// Thread-safety: a cursor is a value; distinct cursors can be used at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "twoleg/error.hpp"

namespace twoleg::der {

inline constexpr unsigned max_depth = 32;

/// Identifier octets used by twoleg (class and constructed bits included).
namespace tag {
enum : std::uint8_t {
    // universal class, primitive (X.680's tag numbers)
    boolean = 0x01, integer = 0x02, bit_string = 0x03, octet_string = 0x04, null = 0x05, oid = 0x06,
    // the character strings and times that certificates use
    utf8_string = 0x0c, printable_string = 0x13, ia5_string = 0x16, utc_time = 0x17, generalized_time = 0x18,
    // universal, constructed (0x20 set)
    sequence = 0x30, set = 0x31,
};
/// [n] EXPLICIT / constructed context-specific tag.
constexpr std::uint8_t context_constructed(unsigned n) { return static_cast<std::uint8_t>(0xa0 | n); }
constexpr std::uint8_t context_primitive(unsigned n) { return static_cast<std::uint8_t>(0x80 | n); }
} // namespace tag

/// One decoded TLV.
struct element {
    std::uint8_t tag = 0;            // the identifier octet
    std::size_t offset = 0;          // absolute offset of the identifier octet
    std::size_t header_length = 0;   // identifier + length octets
    std::span<const std::uint8_t> contents;
    bool constructed() const noexcept { return (tag & 0x20) != 0; }
    std::size_t total_length() const noexcept { return header_length + contents.size(); }
};

class cursor {
  public:
    cursor() = default;
    /// `base_offset` is the absolute offset of data[0], for error reports.
    explicit cursor(std::span<const std::uint8_t> data, std::size_t base_offset = 0,
                    unsigned depth = 0) noexcept
        : data_(data), base_(base_offset), depth_(depth) {}

    bool empty() const noexcept { return data_.empty(); }
    std::size_t remaining() const noexcept { return data_.size(); }
    /// Absolute offset of the next unread byte.
    std::size_t offset() const noexcept { return base_; }
    unsigned depth() const noexcept { return depth_; }
    std::span<const std::uint8_t> rest() const noexcept { return data_; }

    /// The identifier octet of the next element, if any (no validation).
    bool peek_tag(std::uint8_t t) const noexcept { return !data_.empty() && data_[0] == t; }

    /// Reads any one element, strictly.
    result<element> read_element() noexcept;
    /// Reads an element with identifier `t` (der_unexpected_tag otherwise).
    result<element> read_element(std::uint8_t t) noexcept;
    /// Reads a constructed element with identifier `t`; returns a cursor over its contents.
    result<cursor> read_constructed(std::uint8_t t) noexcept;
    result<cursor> read_sequence() noexcept { return read_constructed(tag::sequence); }

    /// INTEGER >= 0; returns the magnitude, big-endian, without a leading 0x00
    /// (a value of zero returns an empty span).
    result<std::span<const std::uint8_t>> read_unsigned_integer() noexcept;
    /// INTEGER >= 0 that fits in 64 bits (versions, small exponents).
    result<std::uint64_t> read_small_unsigned_integer() noexcept;
    /// OBJECT IDENTIFIER; validated (minimal base-128 sub-identifiers); returns content octets.
    result<std::span<const std::uint8_t>> read_oid() noexcept;
    result<void> read_null() noexcept;
    result<std::span<const std::uint8_t>> read_octet_string() noexcept;
    /// BIT STRING with zero unused bits; returns the bits as octets.
    result<std::span<const std::uint8_t>> read_bit_string_octets() noexcept;

    /// Succeeds only if nothing is left (der_trailing_data at the first extra byte).
    result<void> expect_end() const noexcept;

  private:
    std::span<const std::uint8_t> data_;
    std::size_t base_ = 0;
    unsigned depth_ = 0;
};

/// Validates INTEGER content octets (non-empty, minimal). Exposed for tests and the dumper.
result<void> check_integer_encoding(std::span<const std::uint8_t> contents, std::size_t offset) noexcept;

} // namespace twoleg::der
