// twoleg/oid.hpp — OBJECT IDENTIFIERs: the one validator, the one table of
// names, and the identifiers twoleg's parsers compare against.
//
// OIDs are handled as their DER content octets (what der::cursor::read_oid
// returns and der::writer::add_oid takes). The constants below are those
// octets, written out from the dotted forms in the comments; a unit test
// checks each against its dotted form and its name in the table.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace twoleg {

/// Why OID content octets are not valid DER (X.690 §8.19: non-empty, every
/// sub-identifier minimal, the last octet without the continuation bit), or
/// nullptr when they are.
const char *oid_encoding_problem(std::span<const std::uint8_t> oid_contents) noexcept;
inline bool oid_well_formed(std::span<const std::uint8_t> oid_contents) noexcept
{
    return oid_encoding_problem(oid_contents) == nullptr;
}

/// Dotted form of OID content octets ("1.2.840.113549.1.1.1"), arcs of any
/// size; empty if malformed.
std::string oid_to_string(std::span<const std::uint8_t> oid_contents);

/// Well-known name of an OID ("rsaEncryption"), or nullptr.
const char *oid_name(std::span<const std::uint8_t> oid_contents) noexcept;

/// True when `oid_contents` are exactly `known`'s octets.
template <std::size_t N>
bool oid_is(std::span<const std::uint8_t> oid_contents, const std::array<std::uint8_t, N> &known) noexcept
{
    if (oid_contents.size() != N) return false;
    for (std::size_t i = 0; i < N; ++i)
        if (oid_contents[i] != known[i]) return false;
    return true;
}

/// True when `oid_contents` lie strictly below the arc `prefix`.
template <std::size_t N>
bool oid_is_under(std::span<const std::uint8_t> oid_contents, const std::array<std::uint8_t, N> &prefix) noexcept
{
    if (oid_contents.size() <= N) return false;
    for (std::size_t i = 0; i < N; ++i)
        if (oid_contents[i] != prefix[i]) return false;
    return true;
}

namespace oid {
template <std::size_t N>
using octets = std::array<std::uint8_t, N>;

// Key algorithms.
inline constexpr octets<9> rsa_encryption{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};  // 1.2.840.113549.1.1.1
inline constexpr octets<9> rsassa_pss{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};      // 1.2.840.113549.1.1.10
inline constexpr octets<7> ec_public_key{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};               // 1.2.840.10045.2.1
inline constexpr octets<8> prime256v1{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};            // 1.2.840.10045.3.1.7
inline constexpr octets<7> dsa{0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01};                         // 1.2.840.10040.4.1
inline constexpr octets<3> x25519{0x2b, 0x65, 0x6e};                                              // 1.3.101.110
inline constexpr octets<3> x448{0x2b, 0x65, 0x6f};                                                // 1.3.101.111
inline constexpr octets<3> ed25519{0x2b, 0x65, 0x70};                                             // 1.3.101.112
inline constexpr octets<3> ed448{0x2b, 0x65, 0x71};                                               // 1.3.101.113

// Arcs under which the password-based encryption schemes live.
inline constexpr octets<8> pkcs5{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05};            // 1.2.840.113549.1.5
inline constexpr octets<9> pkcs12_pbe{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01};  // 1.2.840.113549.1.12.1

// Password-based encryption (RFC 8018, RFC 7914) and its digests and ciphers.
inline constexpr octets<9> pbkdf2{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c};   // 1.2.840.113549.1.5.12
inline constexpr octets<9> pbes2{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d};    // 1.2.840.113549.1.5.13
inline constexpr octets<9> pbmac1{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0e};   // 1.2.840.113549.1.5.14
inline constexpr octets<9> scrypt{0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b};   // 1.3.6.1.4.1.11591.4.11
inline constexpr octets<7> rsadsi_digest{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02};        // 1.2.840.113549.2
inline constexpr octets<8> md2{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x02};            // 1.2.840.113549.2.2
inline constexpr octets<8> md5{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05};            // 1.2.840.113549.2.5
inline constexpr octets<8> hmac_with_sha1{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x07};   // 1.2.840.113549.2.7
inline constexpr octets<8> hmac_with_sha224{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x08}; // 1.2.840.113549.2.8
inline constexpr octets<8> hmac_with_sha256{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09}; // 1.2.840.113549.2.9
inline constexpr octets<8> hmac_with_sha384{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0a}; // 1.2.840.113549.2.10
inline constexpr octets<8> hmac_with_sha512{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0b}; // 1.2.840.113549.2.11
inline constexpr octets<5> sha1{0x2b, 0x0e, 0x03, 0x02, 0x1a};                                 // 1.3.14.3.2.26
inline constexpr octets<9> sha256{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};       // 2.16.840.1.101.3.4.2.1
inline constexpr octets<9> sha384{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02};       // 2.16.840.1.101.3.4.2.2
inline constexpr octets<9> sha512{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03};       // 2.16.840.1.101.3.4.2.3
inline constexpr octets<9> sha224{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04};       // 2.16.840.1.101.3.4.2.4
inline constexpr octets<9> aes128_cbc{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02};   // 2.16.840.1.101.3.4.1.2
inline constexpr octets<9> aes192_cbc{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x16};   // 2.16.840.1.101.3.4.1.22
inline constexpr octets<9> aes256_cbc{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a};   // 2.16.840.1.101.3.4.1.42
inline constexpr octets<8> rc2_cbc{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x02};            // 1.2.840.113549.3.2
inline constexpr octets<8> des_ede3_cbc{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x07};       // 1.2.840.113549.3.7
inline constexpr octets<5> des_cbc{0x2b, 0x0e, 0x03, 0x02, 0x07};                              // 1.3.14.3.2.7

// PKCS#12 (RFC 7292) and the CMS content types it wraps (RFC 5652).
inline constexpr octets<8> pkcs7{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07};                   // 1.2.840.113549.1.7
inline constexpr octets<9> pkcs7_data{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01};        // 1.2.840.113549.1.7.1
inline constexpr octets<9> pkcs7_signed_data{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02}; // 1.2.840.113549.1.7.2
inline constexpr octets<9> pkcs7_enveloped_data{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03}; // 1.2.840.113549.1.7.3
inline constexpr octets<9> pkcs7_encrypted_data{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x06}; // 1.2.840.113549.1.7.6
inline constexpr octets<10> pkcs12_bag_types{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01}; // 1.2.840.113549.1.12.10.1
inline constexpr octets<9> friendly_name{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x14};     // 1.2.840.113549.1.9.20
inline constexpr octets<9> local_key_id{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x15};      // 1.2.840.113549.1.9.21
inline constexpr octets<10> x509_certificate{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x16, 0x01}; // 1.2.840.113549.1.9.22.1

// X.520 attribute types.
inline constexpr octets<3> common_name{0x55, 0x04, 0x03};  // 2.5.4.3
} // namespace oid

} // namespace twoleg
