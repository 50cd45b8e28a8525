// Internal: the subject common name and validity of an X.509 certificate.
//
// For `inspect` of the certificate that travels with a PKCS#12 key (Google's
// .p12 files carry one whose CN is the service account's numeric client ID).
// Reads Certificate → TBSCertificate (RFC 5280 §4.1) strictly, the subject's
// first commonName (2.5.4.3, as UTF8String, PrintableString, IA5String,
// TeletexString or BMPString, converted to UTF-8) and the two times of
// Validity (UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ, as
// RFC 5280 §4.1.2.5 requires), as RFC 3339 text. The signature is not checked:
// nothing here is trusted.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "twoleg/error.hpp"
#include "twoleg/key_loader.hpp"

namespace twoleg::detail {

result<certificate_summary> read_certificate_summary(std::span<const std::uint8_t> certificate_der);

/// UTF-16BE (BMPString, with surrogate pairs) to UTF-8; false for an odd
/// length or an unpaired surrogate.
bool bmp_string_to_utf8(std::span<const std::uint8_t> bmp, std::string &out);

} // namespace twoleg::detail
