// Implements twoleg/error.hpp.
#include "twoleg/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace twoleg {

const char *default_message(errc code) noexcept
{
    switch (code) {
    case errc::ok: return "success";
    case errc::invalid_argument: return "invalid argument";
    case errc::buffer_too_small: return "output buffer too small";
    case errc::not_implemented: return "not implemented";
    case errc::internal: return "internal error";
    case errc::out_of_memory: return "out of memory";
    case errc::io_error: return "I/O error";
    case errc::random_failure: return "the random source failed";
    case errc::input_too_large: return "input larger than the documented limit";
    case errc::base64_bad_character: return "base64: invalid character";
    case errc::base64_bad_padding: return "base64: invalid padding";
    case errc::base64_non_canonical: return "base64: non-canonical encoding";
    case errc::pem_no_begin: return "PEM: no -----BEGIN line";
    case errc::pem_no_end: return "PEM: no matching -----END line";
    case errc::pem_label_mismatch: return "PEM: BEGIN and END labels differ";
    case errc::pem_malformed: return "PEM: malformed armour";
    case errc::pem_encrypted:
        return "the key is encrypted; decrypt it first, e.g. "
               "`openssl pkcs8 -in KEY -nocrypt -topk8 -out plain.pem` "
               "(or `openssl rsa -in KEY -out plain.pem`)";
    case errc::der_truncated: return "DER: truncated";
    case errc::der_indefinite_length: return "DER: indefinite length is not allowed";
    case errc::der_non_minimal_length: return "DER: non-minimal length encoding";
    case errc::der_length_too_long: return "DER: length field longer than 4 octets";
    case errc::der_high_tag_number: return "DER: high tag number form is not supported";
    case errc::der_unexpected_tag: return "DER: unexpected tag";
    case errc::der_non_minimal_integer: return "DER: INTEGER is not minimally encoded";
    case errc::der_negative_integer: return "DER: INTEGER is negative where a positive number is required";
    case errc::der_empty_integer: return "DER: INTEGER has no content octets";
    case errc::der_trailing_data: return "DER: trailing data";
    case errc::der_too_deep: return "DER: nesting too deep";
    case errc::der_bad_oid: return "DER: malformed OBJECT IDENTIFIER";
    case errc::der_bad_null: return "DER: NULL with content";
    case errc::der_bad_bit_string: return "DER: malformed BIT STRING";
    case errc::der_integer_too_large: return "DER: INTEGER too large";
    case errc::key_wrong_kind: return "wrong kind of key";
    case errc::key_unsupported_version: return "unsupported key version";
    case errc::key_multi_prime: return "multi-prime RSA keys are not supported";
    case errc::key_unsupported_algorithm: return "not an RSA key (rsaEncryption with NULL parameters)";
    case errc::key_size_unsupported: return "RSA modulus must be odd and 1024 to 16384 bits";
    case errc::key_inconsistent: return "the private key is inconsistent";
    case errc::key_bad_public_exponent: return "public exponent must be odd and greater than 1";
    case errc::key_unrecognized: return "not a PEM, DER or service-account JSON key";
    case errc::json_malformed: return "malformed JSON";
    case errc::json_not_service_account: return "not a service-account key file";
    case errc::json_missing_field: return "service-account key file lacks a required field";
    case errc::json_bad_field: return "service-account key file has a field of the wrong type";
    case errc::verify_failed: return "signature verification failed";
    case errc::sign_fault_detected: return "signature failed its self-check; no signature was released";
    case errc::message_representative_out_of_range: return "message representative out of range";
    case errc::jwt_malformed: return "JWT: malformed token";
    case errc::jwt_unsupported_algorithm: return "JWT: unsupported algorithm (only RS256 is accepted)";
    case errc::jwt_bad_signature: return "JWT: bad signature";
    case errc::jwt_expired: return "JWT: expired";
    case errc::jwt_not_yet_valid: return "JWT: not yet valid";
    case errc::jwt_wrong_audience: return "JWT: wrong audience";
    case errc::jwt_wrong_issuer: return "JWT: wrong issuer";
    case errc::jwt_key_too_small: return "RS256 requires an RSA key of at least 2048 bits (RFC 7518 section 3.3)";
    case errc::lifetime_too_long:
        return "assertion lifetime above 3600 seconds: Google rejects such assertions";
    case errc::assertion_bad_options: return "invalid assertion options";
    case errc::token_response_malformed: return "malformed token response";
    case errc::json_not_client_secret: return "not a Google OAuth client secrets file";
    case errc::oauth_bad_redirect: return "malformed OAuth redirect";
    case errc::oauth_state_mismatch: return "OAuth redirect state does not match the session's";
    case errc::oauth_authorization_error: return "the authorization server returned an error";
    case errc::http_bad_request: return "malformed HTTP request";
    case errc::jwt_unknown_kid: return "JWT: key ID not in the key set";
    case errc::jwt_wrong_nonce: return "JWT: wrong nonce";
    case errc::jwt_wrong_hosted_domain: return "JWT: wrong hosted domain (hd)";
    case errc::jwks_malformed: return "malformed key set";
    }
    return "unknown error";
}

error_category category_of(errc code) noexcept
{
    switch (code) {
    case errc::ok:
    case errc::invalid_argument:
    case errc::assertion_bad_options:
    case errc::lifetime_too_long:
        return error_category::usage;
    case errc::verify_failed:
    case errc::jwt_bad_signature:
    case errc::jwt_expired:
    case errc::jwt_not_yet_valid:
    case errc::jwt_wrong_audience:
    case errc::jwt_wrong_issuer:
    case errc::jwt_unsupported_algorithm:
    case errc::oauth_state_mismatch:
    case errc::oauth_authorization_error:
    case errc::jwt_unknown_kid:
    case errc::jwt_wrong_nonce:
    case errc::jwt_wrong_hosted_domain:
        return error_category::verification;
    case errc::io_error:
    case errc::random_failure:
        return error_category::io;
    case errc::buffer_too_small:
    case errc::not_implemented:
    case errc::internal:
    case errc::out_of_memory:
    case errc::sign_fault_detected:
        return error_category::internal;
    default:
        return error_category::invalid_input;
    }
}

std::string error::message() const
{
    std::string m = detail ? detail : default_message(code);
    if (has_offset()) {
        m += " (at byte ";
        m += std::to_string(offset);
        m += ')';
    }
    return m;
}

namespace detail {
void result_bad_access() noexcept
{
    std::fputs("twoleg: internal error: result accessed as the wrong alternative\n", stderr);
    std::abort();
}
} // namespace detail

} // namespace twoleg
