// twoleg/der_writer.hpp — a DER writer beside the reader (der.hpp).
//
// `der::writer` appends DER to a byte vector that the caller owns; it holds
// only a reference to it. Constructed elements are written by begin()/end():
// begin() writes the identifier octet and reserves room for a length, end()
// writes the definite length in its minimal form and moves the contents into
// place. Every add_* writes one whole element in canonical DER: minimal
// INTEGERs (a 0x00 octet only before a magnitude whose top bit is set), BIT
// STRINGs with zero unused bits, OIDs from their content octets (checked with
// oid_well_formed).
//
// Key material is written through it (PKCS#8, PKCS#1): when the vector has
// to grow, the writer copies into a larger buffer and wipes the old one, so
// no stray copy of a key stays in freed memory. Lengths are limited to
// 2^32 - 1 octets. Not thread-safe (one writer per vector).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "twoleg/der.hpp"
#include "twoleg/error.hpp"

namespace twoleg::der {

class writer {
  public:
    /// Appends to `out` (which may already hold data).
    explicit writer(std::vector<std::uint8_t> &out) noexcept : out_(out) {}
    writer(const writer &) = delete;
    writer &operator=(const writer &) = delete;

    /// Where a constructed element begins; pass it to end().
    struct mark {
        std::size_t position;
    };
    /// Starts a constructed element with identifier `tag` (e.g. tag::sequence).
    mark begin(std::uint8_t tag);
    /// Ends the element begun at `m`: writes its length. Elements must be
    /// ended in the reverse order of begin().
    void end(mark m);

    /// Any element from its identifier and content octets.
    void add_element(std::uint8_t tag, std::span<const std::uint8_t> contents);
    /// INTEGER >= 0 from a big-endian magnitude (leading zeros are dropped; an
    /// empty magnitude is zero).
    void add_unsigned_integer(std::span<const std::uint8_t> magnitude);
    void add_small_unsigned_integer(std::uint64_t value);
    /// OBJECT IDENTIFIER from its content octets (see oid.hpp).
    void add_oid(std::span<const std::uint8_t> oid_contents);
    void add_null();
    void add_octet_string(std::span<const std::uint8_t> contents);
    /// BIT STRING of whole octets (zero unused bits).
    void add_bit_string(std::span<const std::uint8_t> octets);
    /// Octets that already are DER (an element encoded elsewhere).
    void add_encoded(std::span<const std::uint8_t> der);

  private:
    void append(std::span<const std::uint8_t> bytes);
    void append_byte(std::uint8_t b);
    void reserve_for(std::size_t extra);
    std::vector<std::uint8_t> &out_;
};

/// The length octets of `length` (short form below 128, else minimal long form).
std::size_t encoded_length_size(std::size_t length) noexcept;

} // namespace twoleg::der
