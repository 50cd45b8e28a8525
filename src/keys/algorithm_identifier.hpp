// Internal: the opening of an AlgorithmIdentifier, read the same way by every
// key and encryption-scheme reader in src/keys/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "twoleg/der.hpp"
#include "twoleg/error.hpp"

namespace twoleg::detail {

/// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }
/// (RFC 5280 §4.1.1.2), read up to its OID.
struct algorithm_identifier {
    der::cursor parameters;           // the rest of the SEQUENCE; the caller ends it
    std::span<const std::uint8_t> oid;
    std::size_t oid_offset = 0;       // where the OID starts, for errors about it
};

inline result<algorithm_identifier> read_algorithm_identifier(der::cursor &c) noexcept
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    const std::size_t oid_offset = seq->offset();
    auto oid = seq->read_oid();
    if (!oid) return oid.err();
    return algorithm_identifier{*seq, *oid, oid_offset};
}

} // namespace twoleg::detail
