// twoleg/ec_key.hpp — validated P-256 public and private keys.
//
// Only the curve P-256 (NIST P-256, secp256r1, prime256v1) is supported.
// Keys are built from their encodings and validated once, here:
//   - public keys: SEC 1 §2.3.4 point encodings, uncompressed 04‖X‖Y (65
//     octets) or compressed 02/03‖X (33 octets); X and Y below p; the point
//     satisfies y² = x³ − 3x + b (compressed: x³ − 3x + b is a square). The
//     identity (the single octet 00) is refused. P-256 has cofactor 1, so a
//     point on the curve other than the identity has order n.
//   - private keys: the scalar d is exactly 32 big-endian octets (or fewer,
//     left-padded) with 1 <= d <= n−1; when the key's encoding also carries
//     the public point, it must equal d·G (errc::key_inconsistent).
// Errors are errc::key_invalid_point, errc::key_inconsistent and
// errc::key_bad_private_scalar, with messages that name the defect.
//
// Both classes are immutable plain values (no heap memory) and safe to use
// from many threads at once. ec_private_key overwrites its scalar with zeros
// when it is destroyed. Computing d·G at load is constant time in d.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "twoleg/error.hpp"
#include "twoleg/random.hpp"

namespace twoleg {

inline constexpr std::size_t p256_field_bytes = 32;

class ec_public_key {
  public:
    ec_public_key() = default;

    /// SEC 1 Octet-String-to-Elliptic-Curve-Point (uncompressed or compressed).
    static result<ec_public_key> from_sec1_point(std::span<const std::uint8_t> encoded);
    /// Affine coordinates, each exactly 32 big-endian octets (JWK "x" and "y").
    static result<ec_public_key> from_coordinates(std::span<const std::uint8_t> x, std::span<const std::uint8_t> y);

    bool empty() const noexcept { return empty_; }
    std::array<std::uint8_t, 32> x() const noexcept;
    std::array<std::uint8_t, 32> y() const noexcept;
    /// 04‖X‖Y.
    std::array<std::uint8_t, 65> uncompressed_point() const noexcept;
    /// DER SubjectPublicKeyInfo: id-ecPublicKey, namedCurve prime256v1, uncompressed point.
    std::vector<std::uint8_t> spki_der() const;

    /// For twoleg's own implementation files: x then y, Montgomery form limbs.
    const std::array<std::uint64_t, 8> &montgomery_coordinates() const noexcept { return coords_; }
    static ec_public_key from_validated_montgomery(const std::array<std::uint64_t, 8> &coords) noexcept;

  private:
    std::array<std::uint64_t, 8> coords_{};
    bool empty_ = true;
};

class ec_private_key {
  public:
    ec_private_key() = default;
    ~ec_private_key();
    ec_private_key(const ec_private_key &) = default;
    ec_private_key &operator=(const ec_private_key &) = default;

    /// d as big-endian octets (at most 32 after leading zeros); `stored_public`,
    /// when not null, is the public key the encoding carried and must equal d·G.
    static result<ec_private_key> from_scalar(std::span<const std::uint8_t> d,
                                              const ec_public_key *stored_public = nullptr);
    /// A new key: d drawn uniformly from [1, n−1] by rejection sampling of
    /// 32-octet strings from `rng` (default: the OS; FIPS 186-5 §A.2.2).
    static result<ec_private_key> generate(const random_source *rng = nullptr);

    bool empty() const noexcept { return public_.empty(); }
    const ec_public_key &public_key() const noexcept { return public_; }

    /// For twoleg's own implementation files: d as plain little-endian limbs.
    const std::array<std::uint64_t, 4> &scalar_limbs() const noexcept { return d_; }
    /// d as 32 big-endian octets (callers wipe the copy).
    std::array<std::uint8_t, 32> scalar_bytes() const noexcept;

  private:
    std::array<std::uint64_t, 4> d_{};
    ec_public_key public_;
};

} // namespace twoleg
