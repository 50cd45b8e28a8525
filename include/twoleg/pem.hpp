// twoleg/pem.hpp — PEM armour (RFC 7468) decoding.
//
// Finds the first "-----BEGIN <label>-----" line (text before it is ignored),
// requires the matching "-----END <label>-----" line, accepts LF or CRLF line
// ends and any line width, and decodes the body as strict base64 (see
// base64.hpp). RFC 1421-style headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info")
// and the label "ENCRYPTED PRIVATE KEY" are refused with errc::pem_encrypted,
// whose message tells how to decrypt the key. Offsets in errors are byte
// offsets in the text. Bodies larger than pem_max_body_bytes are refused.
// pem_decode_key accepts those too, for the key loader that can decrypt them:
// the label "ENCRYPTED PRIVATE KEY", and exactly the two headers
// "Proc-Type: 4,ENCRYPTED" then "DEK-Info: <value>" followed by an empty line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"

namespace twoleg {

inline constexpr std::size_t pem_max_body_bytes = 1u << 20; // 1 MiB of base64 text

struct pem_block {
    std::string label;               // e.g. "RSA PRIVATE KEY"
    std::vector<std::uint8_t> der;   // the decoded body
    std::string dek_info;            // pem_decode_key: the DEK-Info value, if any
};

/// True if `text` contains a "-----BEGIN " line (a cheap format sniff).
bool looks_like_pem(std::string_view text) noexcept;

/// Decodes the first PEM block of `text`.
result<pem_block> pem_decode(std::string_view text);
/// Decodes the first PEM block, encrypted keys included (see above).
result<pem_block> pem_decode_key(std::string_view text);

/// Encodes DER as PEM with 64-character lines and LF line ends.
std::string pem_encode(std::string_view label, const std::vector<std::uint8_t> &der);

} // namespace twoleg
