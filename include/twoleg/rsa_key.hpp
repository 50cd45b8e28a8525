// twoleg/rsa_key.hpp — validated RSA public and private keys.
//
// Keys are built from their big-endian components and validated once, here:
//   - modulus n odd, rsa_min_modulus_bits..rsa_max_modulus_bits bits;
//   - public exponent e odd, 1 < e < n;
//   - private keys: p·q = n; 1 < d < n; e·d ≡ 1 (mod p−1) and (mod q−1);
//     dP = d mod (p−1); dQ = d mod (q−1); 0 < qInv < p and q·qInv ≡ 1 (mod p);
//     p and q greater than 1 and below n.
// An inconsistent key is refused (errc::key_inconsistent, with a deliberately
// vague message: it concerns secret values) and is never used. Validation at
// load time uses GMP's ordinary (variable-time) arithmetic: loading a key once
// is not the operation an attacker gets to repeat and time; signing is.
//
// Both classes are immutable, cheap to copy (shared ownership of the numbers)
// and safe to use from many threads at once. A private key keeps its numbers in
// GMP form, ready for signing, and overwrites them with zeros when the last copy
// is destroyed. A default-constructed key is empty (`empty()`): only assign to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/sha256.hpp"

namespace twoleg {

inline constexpr std::size_t rsa_min_modulus_bits = 1024;
inline constexpr std::size_t rsa_max_modulus_bits = 16384;

namespace detail {
struct public_key_data;   // src/internal/rsa_key_data.hpp
struct private_key_data;
} // namespace detail

class rsa_public_key {
  public:
    rsa_public_key() = default;

    /// Validates and builds a key from big-endian magnitudes of n and e.
    static result<rsa_public_key> from_components(std::span<const std::uint8_t> modulus,
                                                  std::span<const std::uint8_t> public_exponent);

    bool empty() const noexcept { return !data_; }
    std::size_t modulus_bits() const noexcept;
    /// k = ceil(bits / 8): the length of every signature.
    std::size_t modulus_bytes() const noexcept;
    /// Big-endian, minimal (no leading zero octets).
    std::vector<std::uint8_t> modulus() const;
    std::vector<std::uint8_t> public_exponent() const;
    /// The public exponent if it fits in 64 bits, else 0.
    std::uint64_t public_exponent_u64() const noexcept;

    /// DER SubjectPublicKeyInfo (rsaEncryption, NULL parameters), and its SHA-256.
    std::vector<std::uint8_t> spki_der() const;
    sha256_digest spki_sha256() const;

    /// For twoleg's own implementation files.
    const detail::public_key_data &data() const noexcept { return *data_; }
    explicit rsa_public_key(std::shared_ptr<const detail::public_key_data> d) noexcept
        : data_(std::move(d)) {}

  private:
    std::shared_ptr<const detail::public_key_data> data_;
};

/// Big-endian magnitudes of the RFC 8017 §A.1.2 RSAPrivateKey fields.
struct rsa_private_components {
    std::span<const std::uint8_t> modulus;          // n
    std::span<const std::uint8_t> public_exponent;  // e
    std::span<const std::uint8_t> private_exponent; // d
    std::span<const std::uint8_t> prime1;           // p
    std::span<const std::uint8_t> prime2;           // q
    std::span<const std::uint8_t> exponent1;        // dP = d mod (p-1)
    std::span<const std::uint8_t> exponent2;        // dQ = d mod (q-1)
    std::span<const std::uint8_t> coefficient;      // qInv = q^-1 mod p
};

class rsa_private_key {
  public:
    rsa_private_key() = default;

    /// Validates (see the top of this file) and builds a key.
    static result<rsa_private_key> from_components(const rsa_private_components &c);

    bool empty() const noexcept { return !data_; }
    const rsa_public_key &public_key() const noexcept;
    std::size_t modulus_bits() const noexcept { return public_key().modulus_bits(); }
    std::size_t modulus_bytes() const noexcept { return public_key().modulus_bytes(); }

    /// The key as DER RSAPrivateKey (RFC 8017 §A.1.2, version 0) and as
    /// PrivateKeyInfo (RFC 5208, rsaEncryption with NULL parameters). These are
    /// the secret: the buffer is allocated once at its final size (no stray
    /// copies) and the caller must wipe it (detail::secure_wipe) after use.
    std::vector<std::uint8_t> pkcs1_der() const;
    std::vector<std::uint8_t> pkcs8_der() const;

    /// For twoleg's own implementation files.
    const detail::private_key_data &data() const noexcept { return *data_; }
    explicit rsa_private_key(std::shared_ptr<const detail::private_key_data> d) noexcept
        : data_(std::move(d)) {}

  private:
    std::shared_ptr<const detail::private_key_data> data_;
};

} // namespace twoleg
