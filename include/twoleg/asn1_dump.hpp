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
#include "twoleg/oid.hpp"  // oid_to_string and oid_name, which the dump uses

namespace twoleg {

/// The whole tree, one line per element; fails on the first DER violation.
result<std::string> asn1_dump(std::span<const std::uint8_t> der);

} // namespace twoleg
