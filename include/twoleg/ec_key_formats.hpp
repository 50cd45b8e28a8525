// twoleg/ec_key_formats.hpp — P-256 keys from their DER structures.
//
// Each parser is a chain of strict DER reads (der.hpp) that mirrors its ASN.1
// definition and ends with "nothing left over" at every level:
//   parse_sec1_ec_private_key   ECPrivateKey, RFC 5915 §3 (SEC 1 §C.4): version 1,
//                               privateKey OCTET STRING of exactly 32 octets,
//                               parameters [0] and publicKey [1] optional
//   parse_pkcs8_ec_private_key  PrivateKeyInfo / OneAsymmetricKey (RFC 5208, 5958)
//                               with id-ecPublicKey and ECParameters (RFC 5480
//                               §2.1.1), holding an ECPrivateKey
//   parse_spki_ec_public_key    SubjectPublicKeyInfo with id-ecPublicKey (RFC 5480)
//   parse_certificate_ec_public_key  the subjectPublicKeyInfo of an X.509 certificate
//   parse_ec_parameters         ECParameters alone (an "EC PARAMETERS" PEM block)
// ECParameters must be the namedCurve prime256v1 (1.2.840.10045.3.1.7); other
// named curves are refused with errc::key_unsupported_curve naming the curve
// (P-384, P-521, secp256k1, brainpool...), and specifiedCurve / implicitCurve
// with "explicit parameters". Points and scalars are validated by ec_key.hpp
// (on the curve, d in [1, n−1], stored public key = d·G). Failures carry the
// byte offset of the offending element where it is public.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "twoleg/ec_key.hpp"
#include "twoleg/error.hpp"

namespace twoleg {

result<ec_private_key> parse_sec1_ec_private_key(std::span<const std::uint8_t> der);
result<ec_private_key> parse_pkcs8_ec_private_key(std::span<const std::uint8_t> der);
result<ec_public_key> parse_spki_ec_public_key(std::span<const std::uint8_t> der);
result<ec_public_key> parse_certificate_ec_public_key(std::span<const std::uint8_t> der);
result<void> parse_ec_parameters(std::span<const std::uint8_t> der);

/// PrivateKeyInfo (version 0, id-ecPublicKey, prime256v1) holding an
/// ECPrivateKey (version 1, d, publicKey [1]): the form `openssl genpkey`
/// writes. The caller wipes the result.
std::vector<std::uint8_t> ec_private_key_to_pkcs8_der(const ec_private_key &key);

/// True if a PrivateKeyInfo, SubjectPublicKeyInfo or certificate names
/// id-ecPublicKey as its key's algorithm (structures it cannot read: false).
bool pkcs8_names_ec_key(std::span<const std::uint8_t> der) noexcept;
bool spki_names_ec_key(std::span<const std::uint8_t> der) noexcept;
bool certificate_names_ec_key(std::span<const std::uint8_t> der) noexcept;

} // namespace twoleg
