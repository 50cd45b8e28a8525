// twoleg/pkcs1v15.hpp — RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2, §9.2).
//
// Signing uses the CRT with the key's p, q, dP, dQ, qInv. The steps that
// touch a secret are written to be constant-time (twoleg's own Montgomery
// kernels and GMP's mpn_sec_* functions: no branch or memory index on secret
// data), with one known limit inherited from GMP 6.2: mpn_sec_div_r and
// mpn_sec_powm index small tables by a few bits of the prime they reduce by,
// so a cache attacker may learn a few bits of p and q (far from what factoring
// needs; see README, "How signing protects the key"). The message representative is blinded with
// r^e for a random r (random.hpp): with the default source a key keeps its pair (r^e, r^-1)
// and squares it after each use, drawing a fresh r every 32 signatures and after fork(); a
// caller's `rng` is asked for a fresh r on every signature. Every signature is checked with
// the public exponent before it is released: on mismatch nothing is written to
// `signature` beyond zeros and errc::sign_fault_detected is returned.
// Signatures are exactly k = modulus_bytes() octets, left-padded with zeros,
// and byte-identical to `openssl dgst -sha256 -sign`.
//
// Verification (§8.2.2) rejects signatures whose length is not k or whose value
// is not below n, re-encodes the expected EM and compares all k octets in
// constant time; it never parses the decrypted block. Its only failure for a
// well-formed key is errc::verify_failed, deliberately without detail.
//
// All functions are thread-safe: keys are immutable but for that pair, which has its own lock.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/random.hpp"
#include "twoleg/rsa_key.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg {

/// DER of DigestInfo{ sha256, NULL } without the digest (RFC 8017 §9.2 note 1).
inline constexpr std::array<std::uint8_t, 19> sha256_digest_info_prefix = {
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

/// EMSA-PKCS1-v1_5 encoding of a SHA-256 digest into `em` (em.size() = k >= 62).
result<void> emsa_pkcs1_v15_sha256(const sha256_digest &digest, std::span<std::uint8_t> em) noexcept;

/// Signs a digest; signature.size() must equal key.modulus_bytes().
result<void> pkcs1v15_sign_sha256_digest(const rsa_private_key &key, const sha256_digest &digest,
                                         std::span<std::uint8_t> signature,
                                         const random_source *rng = nullptr) noexcept;
/// Hashes and signs a message.
result<std::vector<std::uint8_t>> pkcs1v15_sign_sha256(const rsa_private_key &key,
                                                       std::span<const std::uint8_t> message,
                                                       const random_source *rng = nullptr);

result<void> pkcs1v15_verify_sha256_digest(const rsa_public_key &key, const sha256_digest &digest,
                                           std::span<const std::uint8_t> signature) noexcept;
result<void> pkcs1v15_verify_sha256(const rsa_public_key &key, std::span<const std::uint8_t> message,
                                    std::span<const std::uint8_t> signature) noexcept;

} // namespace twoleg
