// twoleg/asn1_dump.hpp — a printable tree of a DER document (`twoleg asn1`).
//
// Walks the whole input with the strict DER reader (der.hpp) and prints one
// line per element, like `openssl asn1parse` but refusing anything that is not
// DER:
//     <offset>:d=<depth> hl=<header length> l=<length> <tag name>[: <value>]
// Primitive values are shown briefly: INTEGER in hex with its bit count, OID in
// dotted form with the name of well-known OIDs, strings and times as text,
// BOOLEAN, NULL, and BIT/OCTET STRING by length. A BIT STRING or OCTET STRING
// whose contents are themselves DER is not descended into.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "twoleg/error.hpp"

namespace twoleg {

/// Dotted form of OID content octets ("1.2.840.113549.1.1.1"); empty if malformed.
std::string oid_to_string(std::span<const std::uint8_t> oid_contents);
/// Well-known name of an OID ("rsaEncryption"), or nullptr.
const char *oid_name(std::span<const std::uint8_t> oid_contents) noexcept;

/// The whole tree, one line per element; fails on the first DER violation.
result<std::string> asn1_dump(std::span<const std::uint8_t> der);

} // namespace twoleg
