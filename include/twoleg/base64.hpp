// twoleg/base64.hpp — base64 (RFC 4648 §4) and base64url (RFC 4648 §5).
//
// Encoding: base64 with '=' padding; base64url without padding, as JWS
// (RFC 7515 §2) requires.
// Decoding is strict and accepts exactly one spelling of each byte string:
//   - base64_decode: alphabet A-Z a-z 0-9 + /, length a multiple of 4, '='
//     padding only at the end and only as needed, no whitespace;
//   - base64url_decode: alphabet A-Z a-z 0-9 - _, no padding at all, no
//     length that is 1 mod 4;
//   - both reject non-zero unused trailing bits (non-canonical encodings).
// Errors carry the byte offset of the offending character.
// Decoding is branch-free on the data of a well-formed input (PEM private keys
// pass through it): characters map to 6-bit values with masks, not a table,
// and every branch is on the length, the alphabet, or ends in an error.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"

namespace twoleg {

std::string base64_encode(std::span<const std::uint8_t> data);
std::string base64url_encode(std::span<const std::uint8_t> data);
inline std::string base64url_encode(std::string_view text)
{
    return base64url_encode(std::span(reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

result<std::vector<std::uint8_t>> base64_decode(std::string_view text);
result<std::vector<std::uint8_t>> base64url_decode(std::string_view text);

} // namespace twoleg
