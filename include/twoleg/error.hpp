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

enum class errc : int {
    ok = 0,

    // usage and internal
    invalid_argument = 1,     // a caller passed something the API does not accept
    buffer_too_small = 2,     // an output buffer is smaller than required
    not_implemented = 3,
    internal = 4,
    out_of_memory = 5,        // an allocation failed (reported by the C API)

    // I/O and environment
    io_error = 10,
    random_failure = 11,      // the random source failed
    input_too_large = 12,     // input is above a documented size limit

    // base64 / PEM
    base64_bad_character = 20,
    base64_bad_padding = 21,
    base64_non_canonical = 22,  // trailing bits not zero, or impossible length
    pem_no_begin = 25,
    pem_no_end = 26,
    pem_label_mismatch = 27,
    pem_malformed = 28,
    pem_encrypted = 29,

    // DER
    der_truncated = 40,
    der_indefinite_length = 41,
    der_non_minimal_length = 42,
    der_length_too_long = 43,    // length field of more than 4 octets
    der_high_tag_number = 44,
    der_unexpected_tag = 45,
    der_non_minimal_integer = 46,
    der_negative_integer = 47,
    der_empty_integer = 48,
    der_trailing_data = 49,
    der_too_deep = 50,
    der_bad_oid = 51,
    der_bad_null = 52,
    der_bad_bit_string = 53,
    der_integer_too_large = 54,

    // keys
    key_wrong_kind = 60,            // e.g. a certificate where a private key is needed
    key_unsupported_version = 61,
    key_multi_prime = 62,
    key_unsupported_algorithm = 63, // not rsaEncryption, or parameters not NULL
    key_size_unsupported = 64,      // modulus outside 1024..16384 bits
    key_inconsistent = 65,          // CRT values, p*q != n, e*d != 1, ...
    key_bad_public_exponent = 66,
    key_unrecognized = 67,          // not PEM, DER or service-account JSON

    // JSON / service account
    json_malformed = 70,
    json_not_service_account = 71,
    json_missing_field = 72,
    json_bad_field = 73,

    // RSA
    verify_failed = 80,
    sign_fault_detected = 81,       // CRT result failed the public-exponent check
    message_representative_out_of_range = 82,

    // JWT / assertions
    jwt_malformed = 90,
    jwt_unsupported_algorithm = 91,
    jwt_bad_signature = 92,
    jwt_expired = 93,
    jwt_not_yet_valid = 94,
    jwt_wrong_audience = 95,
    jwt_wrong_issuer = 96,
    jwt_key_too_small = 97,         // RS256 needs >= 2048-bit keys (RFC 7518 3.3)
    lifetime_too_long = 98,
    assertion_bad_options = 99,
    token_response_malformed = 100,

    // OAuth user flows (client secrets, redirects, the loopback receiver, ID tokens)
    json_not_client_secret = 120,   // not a Google OAuth client secrets file
    oauth_bad_redirect = 121,       // redirect URL or query malformed
    oauth_state_mismatch = 122,     // redirect state is not the one this session sent
    oauth_authorization_error = 123,// the redirect carries error=... (access_denied, ...)
    http_bad_request = 124,         // the receiver's request head is malformed or too large
    jwt_unknown_kid = 125,          // the token's kid is not in the key set
    jwt_wrong_nonce = 126,
    jwt_wrong_hosted_domain = 127,  // the hd claim differs from the expected domain
    jwks_malformed = 128,           // JWK Set or kid -> certificate map malformed
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
