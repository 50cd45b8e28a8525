// The error vocabulary: messages, categories (which decide the CLI's exit
// status), offsets in messages, and result<T> / result<void>.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <sys/wait.h>
#include <type_traits>
#include <unistd.h>

#include "twoleg/error.hpp"

namespace {

using twoleg::errc;
using twoleg::error;
using twoleg::error_category;
using twoleg::result;

// Every code of errc, listed by hand: a new code must be added here too.
constexpr errc all_codes[] = {
    errc::ok, errc::invalid_argument, errc::buffer_too_small, errc::not_implemented, errc::internal,
    errc::io_error, errc::random_failure, errc::input_too_large,
    errc::base64_bad_character, errc::base64_bad_padding, errc::base64_non_canonical,
    errc::pem_no_begin, errc::pem_no_end, errc::pem_label_mismatch, errc::pem_malformed, errc::pem_encrypted,
    errc::der_truncated, errc::der_indefinite_length, errc::der_non_minimal_length, errc::der_length_too_long,
    errc::der_high_tag_number, errc::der_unexpected_tag, errc::der_non_minimal_integer,
    errc::der_negative_integer, errc::der_empty_integer, errc::der_trailing_data, errc::der_too_deep,
    errc::der_bad_oid, errc::der_bad_null, errc::der_bad_bit_string, errc::der_integer_too_large, errc::der_bad_time,
    errc::key_wrong_kind, errc::key_unsupported_version, errc::key_multi_prime, errc::key_unsupported_algorithm,
    errc::key_size_unsupported, errc::key_inconsistent, errc::key_bad_public_exponent, errc::key_unrecognized,
    errc::key_password_required, errc::key_wrong_password,
    errc::json_malformed, errc::json_not_service_account, errc::json_missing_field, errc::json_bad_field,
    errc::verify_failed, errc::sign_fault_detected, errc::message_representative_out_of_range,
    errc::jwt_malformed, errc::jwt_unsupported_algorithm, errc::jwt_bad_signature, errc::jwt_expired,
    errc::jwt_not_yet_valid, errc::jwt_wrong_audience, errc::jwt_wrong_issuer, errc::jwt_key_too_small,
    errc::lifetime_too_long, errc::assertion_bad_options, errc::token_response_malformed,
    errc::json_not_client_secret, errc::oauth_bad_redirect, errc::oauth_state_mismatch,
    errc::oauth_authorization_error, errc::http_bad_request, errc::jwt_unknown_kid, errc::jwt_wrong_nonce,
    errc::jwt_wrong_hosted_domain, errc::jwks_malformed,
};

// Runs `f` in a child process and reports whether it died of SIGABRT.
template <class F>
bool aborts(F f)
{
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        // doctest's crash handler must not report the expected abort.
        std::signal(SIGABRT, SIG_DFL);
        FILE *quiet = std::freopen("/dev/null", "w", stderr);
        (void)quiet;
        f();
        ::_exit(0);
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return false;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

result<int> parse_digit(char c)
{
    if (c < '0' || c > '9') return error(errc::invalid_argument, "not a digit", 0);
    return c - '0';
}

result<void> check_digits(const char *s)
{
    for (; *s; ++s) TWOLEG_TRY(parse_digit(*s));
    return {};
}

result<int> sum_digits(const char *s)
{
    TWOLEG_TRY(check_digits(s));
    int sum = 0;
    for (; *s; ++s) sum += *parse_digit(*s);
    return sum;
}

} // namespace

TEST_CASE("default_message is non-empty and specific for every code")
{
    std::set<std::string> seen;
    for (errc c : all_codes) {
        CAPTURE(static_cast<int>(c));
        const std::string m = twoleg::default_message(c);
        CHECK(!m.empty());
        CHECK(m != "unknown error");
        CHECK(m.find('\n') == std::string::npos);
        CHECK(seen.insert(m).second); // no two codes share a message
    }
    CHECK(std::string(twoleg::default_message(static_cast<errc>(9999))) == "unknown error");
}

TEST_CASE("numeric values are the stable C API numbers")
{
    CHECK(static_cast<int>(errc::ok) == 0);
    CHECK(static_cast<int>(errc::io_error) == 10);
    CHECK(static_cast<int>(errc::base64_bad_character) == 20);
    CHECK(static_cast<int>(errc::base64_non_canonical) == 22);
    CHECK(static_cast<int>(errc::der_truncated) == 40);
    CHECK(static_cast<int>(errc::key_wrong_kind) == 60);
    CHECK(static_cast<int>(errc::json_malformed) == 70);
    CHECK(static_cast<int>(errc::verify_failed) == 80);
    CHECK(static_cast<int>(errc::jwt_malformed) == 90);
    CHECK(static_cast<int>(errc::token_response_malformed) == 100);
}

TEST_CASE("category_of gives the CLI class: 1 verification, 2 usage, 3 invalid input, 4 I/O")
{
    CHECK(twoleg::category_of(errc::invalid_argument) == error_category::usage);
    CHECK(twoleg::category_of(errc::assertion_bad_options) == error_category::usage);
    CHECK(twoleg::category_of(errc::lifetime_too_long) == error_category::usage);

    CHECK(twoleg::category_of(errc::verify_failed) == error_category::verification);
    CHECK(twoleg::category_of(errc::jwt_bad_signature) == error_category::verification);
    CHECK(twoleg::category_of(errc::jwt_expired) == error_category::verification);
    CHECK(twoleg::category_of(errc::jwt_not_yet_valid) == error_category::verification);
    CHECK(twoleg::category_of(errc::jwt_wrong_audience) == error_category::verification);
    CHECK(twoleg::category_of(errc::jwt_wrong_issuer) == error_category::verification);

    CHECK(twoleg::category_of(errc::io_error) == error_category::io);
    CHECK(twoleg::category_of(errc::random_failure) == error_category::io);

    for (errc c : {errc::base64_bad_character, errc::base64_bad_padding, errc::base64_non_canonical,
                   errc::pem_no_begin, errc::pem_encrypted, errc::der_truncated, errc::der_non_minimal_length,
                   errc::der_trailing_data, errc::key_inconsistent, errc::key_size_unsupported,
                   errc::key_unrecognized, errc::key_multi_prime, errc::json_malformed, errc::json_missing_field,
                   errc::jwt_malformed, errc::input_too_large, errc::token_response_malformed,
                   errc::key_password_required, errc::key_wrong_password}) {
        CAPTURE(static_cast<int>(c));
        CHECK(twoleg::category_of(c) == error_category::invalid_input);
    }

    CHECK(twoleg::category_of(errc::internal) == error_category::internal);
    CHECK(twoleg::category_of(errc::sign_fault_detected) == error_category::internal);
    CHECK(twoleg::category_of(errc::not_implemented) == error_category::internal);
}

TEST_CASE("error::message uses the detail or the default text, and formats the offset")
{
    CHECK(error(errc::der_truncated).message() == "DER: truncated");
    CHECK(error(errc::der_truncated, nullptr, 17).message() == "DER: truncated (at byte 17)");
    CHECK(error(errc::der_truncated, "length runs past the end", 0).message() ==
          "length runs past the end (at byte 0)");
    CHECK(error(errc::json_bad_field, "\"private_key\" is not a string").message() ==
          "\"private_key\" is not a string");
    CHECK(error(errc::io_error, nullptr, 123456789).message() == "I/O error (at byte 123456789)");

    constexpr error e(errc::pem_malformed, "x", 5);
    static_assert(e.offset == 5);
    CHECK(e.has_offset());
    CHECK_FALSE(error(errc::pem_malformed).has_offset());
    CHECK(error(errc::pem_malformed, nullptr, 0).has_offset());
    // Default-constructed errors are internal errors, not success.
    CHECK(error().code == errc::internal);
}

TEST_CASE("error is a small value type that never owns memory")
{
    static_assert(std::is_trivially_copyable_v<error>);
    static_assert(std::is_nothrow_copy_constructible_v<error>);
    static_assert(sizeof(error) <= 3 * sizeof(void *));
}

TEST_CASE("result<T> holds a value or an error")
{
    result<int> good = 42;
    CHECK(good.ok());
    CHECK(static_cast<bool>(good));
    CHECK(good.value() == 42);
    CHECK(*good == 42);
    *good = 7;
    CHECK(good.value() == 7);

    result<int> bad = error(errc::der_truncated, nullptr, 3);
    CHECK_FALSE(bad.ok());
    CHECK_FALSE(static_cast<bool>(bad));
    CHECK(bad.err().code == errc::der_truncated);
    CHECK(bad.err().offset == 3);

    result<std::string> s = std::string("text");
    CHECK(s->size() == 4);
    const std::string moved = std::move(s).value();
    CHECK(moved == "text");

    // Move-only payloads work.
    result<std::unique_ptr<int>> p = std::make_unique<int>(5);
    REQUIRE(p.ok());
    std::unique_ptr<int> owned = std::move(p).value();
    CHECK(*owned == 5);

    const result<std::string> cs = std::string("const");
    CHECK(cs.value() == "const");
    CHECK(cs->size() == 5);
}

TEST_CASE("result<void> and TWOLEG_TRY propagate the first error unchanged")
{
    result<void> fine;
    CHECK(fine.ok());
    result<void> failed = error(errc::io_error, "disk on fire");
    CHECK_FALSE(failed.ok());
    CHECK(failed.err().code == errc::io_error);
    CHECK(failed.err().message() == "disk on fire");

    auto sum = sum_digits("12345");
    REQUIRE(sum.ok());
    CHECK(*sum == 15);
    auto no = sum_digits("12x45");
    REQUIRE_FALSE(no.ok());
    CHECK(no.err().code == errc::invalid_argument);
    CHECK(std::string(no.err().detail) == "not a digit");
}

TEST_CASE("accessing the wrong alternative terminates instead of throwing")
{
    CHECK(aborts([] {
        result<int> bad = error(errc::internal);
        (void)bad.value();
    }));
    CHECK(aborts([] {
        result<int> good = 1;
        (void)good.err();
    }));
    CHECK_FALSE(aborts([] {
        result<int> good = 1;
        (void)good.value();
    }));
}
