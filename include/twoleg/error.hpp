// twoleg/error.hpp — errors as values.
//
// Every fallible twoleg function returns result<T>: either a T or an `error`.
// An error is a code from `errc`, an optional static detail text and, for
// input that was parsed, the byte offset where the problem was found.
// Errors never own memory: `detail` points to a string literal, so creating
// and copying an error never allocates (the DER reader relies on this).
//
// The numeric values of `errc` are part of the C API (twoleg.h returns them
// negated) and must never be renumbered; add new codes at the end of a group.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace twoleg {

/// The one list of error codes. Each entry is
///   X(name, value, C macro of twoleg.h, error_category, default message)
/// and everything else is derived from it: the errc enum, default_message(),
/// category_of(), and the C API's compile-time check that each TWOLEG_E_*
/// macro equals the negated value. Adding an error is one line here plus its
/// macro in twoleg.h.
#define TWOLEG_ERROR_LIST(X) \
    X(ok, 0, TWOLEG_OK, usage, "success") \
    /* usage and internal */ \
    X(invalid_argument, 1, TWOLEG_E_INVALID_ARGUMENT, usage, "invalid argument") /* a caller passed something the API does not accept */ \
    X(buffer_too_small, 2, TWOLEG_E_BUFFER_TOO_SMALL, internal, "output buffer too small") /* an output buffer is smaller than required */ \
    X(not_implemented, 3, TWOLEG_E_NOT_IMPLEMENTED, internal, "not implemented") \
    X(internal, 4, TWOLEG_E_INTERNAL, internal, "internal error") \
    X(out_of_memory, 5, TWOLEG_E_OUT_OF_MEMORY, internal, "out of memory") /* an allocation failed (reported by the C API) */ \
    /* I/O and environment */ \
    X(io_error, 10, TWOLEG_E_IO, io, "I/O error") \
    X(random_failure, 11, TWOLEG_E_RANDOM_FAILURE, io, "the random source failed") /* the random source failed */ \
    X(input_too_large, 12, TWOLEG_E_INPUT_TOO_LARGE, invalid_input, "input larger than the documented limit") /* input is above a documented size limit */ \
    /* base64 / PEM */ \
    X(base64_bad_character, 20, TWOLEG_E_BASE64_BAD_CHARACTER, invalid_input, "base64: invalid character") \
    X(base64_bad_padding, 21, TWOLEG_E_BASE64_BAD_PADDING, invalid_input, "base64: invalid padding") \
    X(base64_non_canonical, 22, TWOLEG_E_BASE64_NON_CANONICAL, invalid_input, "base64: non-canonical encoding") /* trailing bits not zero, or impossible length */ \
    X(pem_no_begin, 25, TWOLEG_E_PEM_NO_BEGIN, invalid_input, "PEM: no -----BEGIN line") \
    X(pem_no_end, 26, TWOLEG_E_PEM_NO_END, invalid_input, "PEM: no matching -----END line") \
    X(pem_label_mismatch, 27, TWOLEG_E_PEM_LABEL_MISMATCH, invalid_input, "PEM: BEGIN and END labels differ") \
    X(pem_malformed, 28, TWOLEG_E_PEM_MALFORMED, invalid_input, "PEM: malformed armour") \
    X(pem_encrypted, 29, TWOLEG_E_PEM_ENCRYPTED, invalid_input, "the key is encrypted; `twoleg convert --key KEY --to pkcs8-pem` writes it decrypted (as does `openssl pkcs8 -in KEY -out plain.pem`)") \
    /* DER */ \
    X(der_truncated, 40, TWOLEG_E_DER_TRUNCATED, invalid_input, "DER: truncated") \
    X(der_indefinite_length, 41, TWOLEG_E_DER_INDEFINITE_LENGTH, invalid_input, "DER: indefinite length is not allowed") \
    X(der_non_minimal_length, 42, TWOLEG_E_DER_NON_MINIMAL_LENGTH, invalid_input, "DER: non-minimal length encoding") \
    X(der_length_too_long, 43, TWOLEG_E_DER_LENGTH_TOO_LONG, invalid_input, "DER: length field longer than 4 octets") /* length field of more than 4 octets */ \
    X(der_high_tag_number, 44, TWOLEG_E_DER_HIGH_TAG_NUMBER, invalid_input, "DER: high tag number form is not supported") \
    X(der_unexpected_tag, 45, TWOLEG_E_DER_UNEXPECTED_TAG, invalid_input, "DER: unexpected tag") \
    X(der_non_minimal_integer, 46, TWOLEG_E_DER_NON_MINIMAL_INTEGER, invalid_input, "DER: INTEGER is not minimally encoded") \
    X(der_negative_integer, 47, TWOLEG_E_DER_NEGATIVE_INTEGER, invalid_input, "DER: INTEGER is negative where a positive number is required") \
    X(der_empty_integer, 48, TWOLEG_E_DER_EMPTY_INTEGER, invalid_input, "DER: INTEGER has no content octets") \
    X(der_trailing_data, 49, TWOLEG_E_DER_TRAILING_DATA, invalid_input, "DER: trailing data") \
    X(der_too_deep, 50, TWOLEG_E_DER_TOO_DEEP, invalid_input, "DER: nesting too deep") \
    X(der_bad_oid, 51, TWOLEG_E_DER_BAD_OID, invalid_input, "DER: malformed OBJECT IDENTIFIER") \
    X(der_bad_null, 52, TWOLEG_E_DER_BAD_NULL, invalid_input, "DER: NULL with content") \
    X(der_bad_bit_string, 53, TWOLEG_E_DER_BAD_BIT_STRING, invalid_input, "DER: malformed BIT STRING") \
    X(der_integer_too_large, 54, TWOLEG_E_DER_INTEGER_TOO_LARGE, invalid_input, "DER: INTEGER too large") \
    X(der_bad_time, 55, TWOLEG_E_DER_BAD_TIME, invalid_input, "DER: malformed certificate time") /* a UTCTime/GeneralizedTime not in its RFC 5280 form */ \
    /* keys */ \
    X(key_wrong_kind, 60, TWOLEG_E_KEY_WRONG_KIND, invalid_input, "wrong kind of key") /* e.g. a certificate where a private key is needed */ \
    X(key_unsupported_version, 61, TWOLEG_E_KEY_UNSUPPORTED_VERSION, invalid_input, "unsupported key version") \
    X(key_multi_prime, 62, TWOLEG_E_KEY_MULTI_PRIME, invalid_input, "multi-prime RSA keys are not supported") \
    X(key_unsupported_algorithm, 63, TWOLEG_E_KEY_UNSUPPORTED_ALGORITHM, invalid_input, "not an RSA key (rsaEncryption with NULL parameters)") /* not rsaEncryption, or parameters not NULL */ \
    X(key_size_unsupported, 64, TWOLEG_E_KEY_SIZE_UNSUPPORTED, invalid_input, "RSA modulus must be odd and 1024 to 16384 bits") /* modulus outside 1024..16384 bits */ \
    X(key_inconsistent, 65, TWOLEG_E_KEY_INCONSISTENT, invalid_input, "the private key is inconsistent") /* CRT values, p*q != n, e*d != 1, ... */ \
    X(key_bad_public_exponent, 66, TWOLEG_E_KEY_BAD_PUBLIC_EXPONENT, invalid_input, "public exponent must be odd and greater than 1") \
    X(key_unrecognized, 67, TWOLEG_E_KEY_UNRECOGNIZED, invalid_input, "not a PEM, DER or service-account JSON key") /* not PEM, DER or service-account JSON */ \
    X(key_password_required, 68, TWOLEG_E_KEY_PASSWORD_REQUIRED, invalid_input, "the key is encrypted and needs a password") /* an encrypted key and no password (nor a default one that opens it) */ \
    X(key_wrong_password, 69, TWOLEG_E_KEY_WRONG_PASSWORD, invalid_input, "wrong password, or the file is damaged: the integrity check failed") /* wrong password or damaged file: one code, one text, no oracle */ \
    /* JSON / service account */ \
    X(json_malformed, 70, TWOLEG_E_JSON_MALFORMED, invalid_input, "malformed JSON") \
    X(json_not_service_account, 71, TWOLEG_E_JSON_NOT_SERVICE_ACCOUNT, invalid_input, "not a service-account key file") \
    X(json_missing_field, 72, TWOLEG_E_JSON_MISSING_FIELD, invalid_input, "service-account key file lacks a required field") \
    X(json_bad_field, 73, TWOLEG_E_JSON_BAD_FIELD, invalid_input, "service-account key file has a field of the wrong type") \
    /* RSA */ \
    X(verify_failed, 80, TWOLEG_E_VERIFY, verification, "signature verification failed") \
    X(sign_fault_detected, 81, TWOLEG_E_SIGN_FAULT, internal, "signature failed its self-check; no signature was released") /* CRT result failed the public-exponent check */ \
    X(message_representative_out_of_range, 82, TWOLEG_E_MESSAGE_OUT_OF_RANGE, invalid_input, "message representative out of range") \
    /* JWT / assertions */ \
    X(jwt_malformed, 90, TWOLEG_E_JWT_MALFORMED, invalid_input, "JWT: malformed token") \
    X(jwt_unsupported_algorithm, 91, TWOLEG_E_JWT_UNSUPPORTED_ALGORITHM, verification, "JWT: unsupported algorithm (only RS256 is accepted)") \
    X(jwt_bad_signature, 92, TWOLEG_E_JWT_BAD_SIGNATURE, verification, "JWT: bad signature") \
    X(jwt_expired, 93, TWOLEG_E_JWT_EXPIRED, verification, "JWT: expired") \
    X(jwt_not_yet_valid, 94, TWOLEG_E_JWT_NOT_YET_VALID, verification, "JWT: not yet valid") \
    X(jwt_wrong_audience, 95, TWOLEG_E_JWT_WRONG_AUDIENCE, verification, "JWT: wrong audience") \
    X(jwt_wrong_issuer, 96, TWOLEG_E_JWT_WRONG_ISSUER, verification, "JWT: wrong issuer") \
    X(jwt_key_too_small, 97, TWOLEG_E_JWT_KEY_TOO_SMALL, invalid_input, "RS256 requires an RSA key of at least 2048 bits (RFC 7518 section 3.3)") /* RS256 needs >= 2048-bit keys (RFC 7518 3.3) */ \
    X(lifetime_too_long, 98, TWOLEG_E_LIFETIME_TOO_LONG, usage, "assertion lifetime above 3600 seconds: Google rejects such assertions") \
    X(assertion_bad_options, 99, TWOLEG_E_ASSERTION_BAD_OPTIONS, usage, "invalid assertion options") \
    X(token_response_malformed, 100, TWOLEG_E_TOKEN_RESPONSE_MALFORMED, invalid_input, "malformed token response") \
    /* OAuth user flows: client secrets, redirects, the loopback receiver, ID tokens */ \
    X(json_not_client_secret, 120, TWOLEG_E_JSON_NOT_CLIENT_SECRET, invalid_input, "not a Google OAuth client secrets file") \
    X(oauth_bad_redirect, 121, TWOLEG_E_OAUTH_BAD_REDIRECT, invalid_input, "malformed OAuth redirect") \
    X(oauth_state_mismatch, 122, TWOLEG_E_OAUTH_STATE_MISMATCH, verification, "OAuth redirect state does not match the session's") \
    X(oauth_authorization_error, 123, TWOLEG_E_OAUTH_AUTHORIZATION_ERROR, verification, "the authorization server returned an error") /* the redirect carries error=... */ \
    X(http_bad_request, 124, TWOLEG_E_HTTP_BAD_REQUEST, invalid_input, "malformed HTTP request") \
    X(jwt_unknown_kid, 125, TWOLEG_E_JWT_UNKNOWN_KID, verification, "JWT: key ID not in the key set") \
    X(jwt_wrong_nonce, 126, TWOLEG_E_JWT_WRONG_NONCE, verification, "JWT: wrong nonce") \
    X(jwt_wrong_hosted_domain, 127, TWOLEG_E_JWT_WRONG_HOSTED_DOMAIN, verification, "JWT: wrong hosted domain (hd)") \
    X(jwks_malformed, 128, TWOLEG_E_JWKS_MALFORMED, invalid_input, "malformed key set") \
    /* elliptic-curve keys and JWK */ \
    X(key_invalid_point, 150, TWOLEG_E_KEY_INVALID_POINT, invalid_input, "not a valid P-256 public point") /* bad encoding, or not on the curve */ \
    X(key_bad_private_scalar, 151, TWOLEG_E_KEY_BAD_PRIVATE_SCALAR, invalid_input, "EC private scalar must be in [1, n-1]") \
    X(key_unsupported_curve, 152, TWOLEG_E_KEY_UNSUPPORTED_CURVE, invalid_input, "unsupported elliptic curve (only P-256 is supported)") /* or explicit parameters */ \
    X(jwk_malformed, 153, TWOLEG_E_JWK_MALFORMED, invalid_input, "malformed JSON Web Key") /* not a valid RFC 7517/7518 key */

enum class errc : int {
#define TWOLEG_ERRC_ENUMERATOR(name, value, c_macro, category, message) name = value,
    TWOLEG_ERROR_LIST(TWOLEG_ERRC_ENUMERATOR)
#undef TWOLEG_ERRC_ENUMERATOR
};

/// A short, fixed, human-readable description of a code ("DER: non-minimal length").
const char *default_message(errc code) noexcept;

/// The class of a code, which decides the CLI's exit status.
enum class error_category { usage, verification, invalid_input, io, internal };
error_category category_of(errc code) noexcept;

/// An error value. Cheap to copy; never allocates.
struct error {
    static constexpr std::size_t no_offset = static_cast<std::size_t>(-1);

    errc code = errc::internal;
    const char *detail = nullptr;   // static text, or nullptr for default_message(code)
    std::size_t offset = no_offset; // byte offset in the parsed input, if any

    constexpr error() = default;
    constexpr error(errc c, const char *d = nullptr, std::size_t off = no_offset) noexcept
        : code(c), detail(d), offset(off) {}

    bool has_offset() const noexcept { return offset != no_offset; }
    /// "detail" or the default message, followed by " (at byte N)" when an offset is known.
    std::string message() const;
};

/// result<T>: a T or an error. Access to the wrong alternative is a programming
/// error and terminates (no exceptions are thrown by twoleg's library code).
template <class T>
class [[nodiscard]] result {
  public:
    result(const T &v) : v_(std::in_place_index<0>, v) {}
    result(T &&v) : v_(std::in_place_index<0>, std::move(v)) {}
    result(error e) : v_(std::in_place_index<1>, e) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T &value() & { check_value(); return *std::get_if<0>(&v_); }
    const T &value() const & { check_value(); return *std::get_if<0>(&v_); }
    T &&value() && { check_value(); return std::move(*std::get_if<0>(&v_)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const error &err() const { check_error(); return *std::get_if<1>(&v_); }

  private:
    void check_value() const { if (v_.index() != 0) bad_access(); }
    void check_error() const { if (v_.index() != 1) bad_access(); }
    [[noreturn]] static void bad_access() noexcept;
    std::variant<T, error> v_;
};

template <>
class [[nodiscard]] result<void> {
  public:
    result() = default;
    result(error e) : err_(e), ok_(false) {}
    bool ok() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    const error &err() const noexcept { return err_; }

  private:
    error err_{};
    bool ok_ = true;
};

namespace detail {
[[noreturn]] void result_bad_access() noexcept;
}

template <class T>
void result<T>::bad_access() noexcept { detail::result_bad_access(); }

/// Convenience for the common "return the error of a failed result" pattern.
#define TWOLEG_TRY(expr)                          \
    do {                                          \
        auto &&twoleg_try_r_ = (expr);            \
        if (!twoleg_try_r_) return twoleg_try_r_.err(); \
    } while (0)

} // namespace twoleg
