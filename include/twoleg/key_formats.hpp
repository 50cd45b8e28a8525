// twoleg/key_formats.hpp — RSA keys from their DER structures.
//
// Each parser is a chain of strict DER reads (der.hpp) that mirrors its ASN.1
// definition field by field and ends with "nothing left over" at every level:
//   parse_pkcs1_private_key   RSAPrivateKey, RFC 8017 §A.1.2: version 0 and two
//                             primes only (version 1 / otherPrimeInfos refused
//                             with errc::key_multi_prime)
//   parse_pkcs8_private_key   PrivateKeyInfo, RFC 5208 §5 (OneAsymmetricKey v1,
//                             RFC 5958, also accepted without attributes or
//                             public key), rsaEncryption with NULL parameters
//   parse_spki_public_key     SubjectPublicKeyInfo, RFC 5280 §4.1 (RFC 3279 §2.3.1)
//   parse_pkcs1_public_key    RSAPublicKey, RFC 8017 §A.1.1
//   parse_certificate_public_key  the subjectPublicKeyInfo of an X.509 Certificate
//                             (RFC 5280 §4.1); the certificate's signature is not checked
//   parse_certificate         the same certificate read, with its validity period:
//                             notBefore/notAfter as Unix seconds, from UTCTime or
//                             GeneralizedTime in their strict RFC 5280 forms
//                             (YYMMDDHHMMSSZ / YYYYMMDDHHMMSSZ, errc::der_bad_time)
// Every key is validated by rsa_key.hpp before it is returned. Failures carry
// the byte offset of the offending element.
#pragma once

#include <cstdint>
#include <span>

#include "twoleg/error.hpp"
#include "twoleg/rsa_key.hpp"

namespace twoleg {

/// A certificate's validity period (RFC 5280 §4.1.2.5), in Unix seconds, both ends included.
struct certificate_validity {
    std::int64_t not_before = 0;
    std::int64_t not_after = 0;
};

struct certificate_contents {
    rsa_public_key public_key;
    certificate_validity validity;
};

result<rsa_private_key> parse_pkcs1_private_key(std::span<const std::uint8_t> der);
result<rsa_private_key> parse_pkcs8_private_key(std::span<const std::uint8_t> der);
result<rsa_public_key> parse_spki_public_key(std::span<const std::uint8_t> der);
result<rsa_public_key> parse_pkcs1_public_key(std::span<const std::uint8_t> der);
result<rsa_public_key> parse_certificate_public_key(std::span<const std::uint8_t> der);
/// The whole DER of a certificate's subjectPublicKeyInfo, whatever its
/// algorithm, after the same shape checks (for the EC key parsers).
result<std::span<const std::uint8_t>> parse_certificate_spki(std::span<const std::uint8_t> der);
result<certificate_contents> parse_certificate(std::span<const std::uint8_t> der);

} // namespace twoleg
