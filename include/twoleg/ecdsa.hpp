// twoleg/ecdsa.hpp — ECDSA on P-256 with SHA-256 (FIPS 186-5 §6.4, SEC 1 §4.1).
//
// Signing: the nonce k comes from RFC 6979 §3.2 (HMAC-SHA-256) over the
// private scalar and the digest. By default it is hedged (RFC 6979 §3.6): 32
// fresh random octets (random.hpp) enter the generator as additional data, so
// a fault or a bad random source alone cannot leak the key, and signing the
// same message twice gives different signatures. With options.deterministic
// the pure RFC 6979 nonce is used (the same message always gives the same
// signature; RFC 6979 appendix A.2.5 vectors). The scalar multiplication k·G,
// the inversion of k and the arithmetic with d are constant time. No heap
// memory is used.
//
// Verification is strict: the raw form must be exactly 64 octets; r and s must
// be in [1, n−1]; the result point must not be the identity; x(R) mod n must
// equal r. Its only failure is errc::verify_failed, deliberately without detail.
// The public key was validated when it was built (ec_key.hpp). Verification
// runs in variable time on public data.
//
// Signature forms: raw r‖s, each 32 big-endian octets (JWS, RFC 7518 §3.4),
// and DER ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279
// §2.2.3, what `openssl dgst -sign` writes), strict DER: minimal non-negative
// INTEGERs of at most 33 octets, nothing left over.
// All functions are thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "twoleg/ec_key.hpp"
#include "twoleg/error.hpp"
#include "twoleg/random.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg {

inline constexpr std::size_t es256_signature_bytes = 64;
inline constexpr std::size_t ecdsa_p256_der_max_bytes = 72;

struct ecdsa_sign_options {
    bool deterministic = false;           // pure RFC 6979 nonce, no random input
    const random_source *rng = nullptr;   // source of the hedging input (default: the OS)
};

/// Signs a SHA-256 digest; writes r‖s.
result<void> ecdsa_p256_sign_digest(const ec_private_key &key, const sha256_digest &digest,
                                    std::span<std::uint8_t, es256_signature_bytes> signature,
                                    const ecdsa_sign_options &options = {}) noexcept;

/// Verifies a raw r‖s signature over a SHA-256 digest.
result<void> ecdsa_p256_verify_digest(const ec_public_key &key, const sha256_digest &digest,
                                      std::span<const std::uint8_t> signature) noexcept;

/// r‖s to DER; returns the length written (out needs ecdsa_p256_der_max_bytes).
result<std::size_t> ecdsa_signature_to_der(std::span<const std::uint8_t, es256_signature_bytes> raw,
                                           std::span<std::uint8_t> out) noexcept;
/// Strict DER to r‖s (r and s must be below 2^256; range checks happen in verify).
/// Any defect is errc::verify_failed.
result<void> ecdsa_signature_from_der(std::span<const std::uint8_t> der,
                                      std::span<std::uint8_t, es256_signature_bytes> raw) noexcept;

} // namespace twoleg
