// bench/decimal_core.hpp — the "309-digit decimal core": RSA signing the way a
// business platform without binary big integers does it.
//
// A benchmark reference, not part of twoleg. It re-creates the approach of the
// implementation twoleg replaces: every number is a string of decimal digits,
// held as base-10^9 limbs (nine digits per limb), multiplied by the schoolbook
// method and reduced by long division (Knuth's algorithm D in base 10^9);
// exponentiation is left-to-right binary square-and-multiply whose exponent
// bits are found by halving the decimal exponent; signing uses the CRT on the
// two halves of the key (about 309 decimal digits each for RSA-2048).
// The key's big-endian octets are turned into decimal strings once, when the
// key is prepared; the EMSA-PKCS1-v1_5 block is built as octets and read into
// a decimal number by Horner's rule for every signature, and the signature is
// written back to octets by repeated division by 256.
//
// Deliberately NOT constant-time and NOT blinded: it branches on secret
// digits and its running time depends on the exponents. It exists only to be
// timed against twoleg and to show, in a test, that it computes the same
// signature as twoleg and the openssl command.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace decimal_core {

/// A non-negative integer in base 10^9, least significant limb first, with no
/// leading zero limbs (zero has no limbs).
class decimal {
  public:
    static constexpr std::uint32_t limb_base = 1'000'000'000;
    static constexpr unsigned digits_per_limb = 9;

    decimal() = default;
    explicit decimal(std::uint32_t small);

    /// Parses a string of decimal digits (at least one, nothing else).
    /// Returns false for anything else.
    static bool parse(std::string_view digits, decimal &out);
    std::string to_string() const;

    /// Horner's rule over big-endian octets: x = x * 256 + octet.
    static decimal from_octets(std::span<const std::uint8_t> big_endian);
    /// Exactly `length` big-endian octets by repeated division by 256; false if
    /// the value does not fit.
    bool to_octets(std::span<std::uint8_t> big_endian) const;

    bool is_zero() const noexcept { return limbs_.empty(); }
    std::size_t limb_count() const noexcept { return limbs_.size(); }
    std::size_t digit_count() const;

    friend int compare(const decimal &a, const decimal &b) noexcept;
    friend decimal add(const decimal &a, const decimal &b);
    /// a - b; requires a >= b.
    friend decimal subtract(const decimal &a, const decimal &b);
    /// Schoolbook product.
    friend decimal multiply(const decimal &a, const decimal &b);
    /// Long division (Knuth D, base 10^9): quotient and remainder; divisor != 0.
    friend void divide(const decimal &dividend, const decimal &divisor, decimal *quotient,
                       decimal *remainder);
    friend decimal remainder(const decimal &a, const decimal &m);
    /// Divides by a small number in place and returns the remainder.
    std::uint32_t divide_small(std::uint32_t divisor);
    void multiply_add_small(std::uint32_t factor, std::uint32_t addend);

  private:
    void trim() noexcept;
    std::vector<std::uint32_t> limbs_;
};

int compare(const decimal &a, const decimal &b) noexcept;
decimal add(const decimal &a, const decimal &b);
decimal subtract(const decimal &a, const decimal &b);
decimal multiply(const decimal &a, const decimal &b);
void divide(const decimal &dividend, const decimal &divisor, decimal *quotient, decimal *remainder);
decimal remainder(const decimal &a, const decimal &m);

/// base^exponent mod modulus by left-to-right binary square-and-multiply.
decimal power_modulo(const decimal &base, const decimal &exponent, const decimal &modulus);

/// The private key as the platform stores it: decimal numbers.
struct private_key {
    decimal n, p, q, dp, dq, qinv;
    std::size_t modulus_octets = 0;
};

/// Big-endian octets of the RFC 8017 private-key fields (leading zeros allowed).
struct key_octets {
    std::span<const std::uint8_t> n, p, q, dp, dq, qinv;
};

/// Converts each field to a decimal string and parses the strings, as the
/// platform's key import did.
private_key prepare_key(const key_octets &octets);

/// The decimal strings of a prepared key's fields, for display and tests.
std::string to_decimal_string(std::span<const std::uint8_t> big_endian);

/// RSASSA-PKCS1-v1_5 with SHA-256 of an already computed digest.
/// Returns modulus_octets octets; empty if the key is too small.
std::vector<std::uint8_t> sign_sha256_digest(const private_key &key,
                                             const std::array<std::uint8_t, 32> &digest);

} // namespace decimal_core
