// Internal: PKCS#12 / PFX files (RFC 7292), read for their one private key
// (RSA or P-256, routed by the PrivateKeyInfo's algorithm: any_private_key.hpp).
//
//   PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
//   MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
//   AuthenticatedSafe ::= SEQUENCE OF ContentInfo   -- data or encryptedData (RFC 5652 §8)
//   SafeContents ::= SEQUENCE OF SafeBag
//   SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF Attribute OPTIONAL }
// Order of work: the whole outer structure and every visible algorithm
// identifier are parsed (strict DER, limits, iteration counts) first; then the
// MAC (HMAC-SHA1/224/256/384/512 keyed by the PKCS#12 KDF) is checked over the
// authSafe's content, before anything is decrypted; then the encryptedData
// contents are decrypted and the bags read. Bags: keyBag (PrivateKeyInfo),
// pkcs8ShroudedKeyBag (EncryptedPrivateKeyInfo), certBag (x509Certificate);
// crlBag and secretBag are skipped; nested safeContentsBag refused. Attributes
// friendlyName (BMPString) and localKeyID (OCTET STRING) are read, others
// skipped. Public-key integrity (authSafe as signedData) and public-key privacy
// (envelopedData) are refused by name.
// Exactly one key is returned: the only one, or, with several, the one
// whose localKeyID is the certificate's; otherwise refused with the count.
//
// Passwords: with `password` given it is used (the empty password is tried in
// both BMPString forms, "00 00" and zero-length, as OpenSSL does). Without,
// Google's "notasecret" and then the empty password are tried, and a note says
// which one opened the file. A wrong password and a damaged file both give
// errc::key_wrong_password, with the same text; with no password given and no
// default that opens it, errc::key_password_required.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/key_loader.hpp"
#include "keys/any_private_key.hpp"

namespace twoleg::detail {

/// Limits inside a PFX (beyond the DER limits): ContentInfos in the
/// AuthenticatedSafe, SafeBags in all, certificates kept.
inline constexpr std::size_t pkcs12_max_contents = 16;
inline constexpr std::size_t pkcs12_max_bags = 64;

/// True if `der` starts like SEQUENCE { INTEGER, SEQUENCE { OID 1.2.840.113549.1.7.x ... } }.
bool looks_like_pfx(std::span<const std::uint8_t> der) noexcept;

struct pkcs12_key {
    any_private_key key;
    container_info info;
    std::vector<std::string> notes;
};

result<pkcs12_key> load_pkcs12(std::span<const std::uint8_t> der, std::optional<std::string_view> password);

} // namespace twoleg::detail
