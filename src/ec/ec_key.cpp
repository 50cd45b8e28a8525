// Implements twoleg/ec_key.hpp.
#include "twoleg/ec_key.hpp"

#include <algorithm>

#include "core/wipe.hpp"
#include "ec/p256_point.hpp"

namespace twoleg {

namespace {

namespace m = detail::mont256;
namespace p256 = detail::p256;

/// DER of SubjectPublicKeyInfo up to the point: SEQUENCE { SEQUENCE { id-ecPublicKey,
/// prime256v1 }, BIT STRING (0 unused bits) } for a 65-octet uncompressed point (RFC 5480 §2).
constexpr std::array<std::uint8_t, 26> spki_prefix = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
    0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};

std::array<std::uint64_t, 8> pack(const p256::affine_point &a) noexcept
{
    std::array<std::uint64_t, 8> out{};
    std::copy(std::begin(a.x.v), std::end(a.x.v), out.begin());
    std::copy(std::begin(a.y.v), std::end(a.y.v), out.begin() + 4);
    return out;
}

p256::affine_point unpack(const std::array<std::uint64_t, 8> &c) noexcept
{
    p256::affine_point a{};
    std::copy(c.begin(), c.begin() + 4, std::begin(a.x.v));
    std::copy(c.begin() + 4, c.end(), std::begin(a.y.v));
    return a;
}

} // namespace

ec_public_key ec_public_key::from_validated_montgomery(const std::array<std::uint64_t, 8> &coords) noexcept
{
    ec_public_key k;
    k.coords_ = coords;
    k.empty_ = false;
    return k;
}

result<ec_public_key> ec_public_key::from_sec1_point(std::span<const std::uint8_t> encoded)
{
    if (encoded.empty()) return error(errc::key_invalid_point, "EC point: empty encoding");
    const std::uint8_t prefix = encoded[0];
    if (prefix == 0x00) return error(errc::key_invalid_point, "EC point: the point at infinity is not a public key");
    p256::affine_point a{};
    if (prefix == 0x04) {
        if (encoded.size() != 65)
            return error(errc::key_invalid_point, "EC point: an uncompressed P-256 point (04) has 65 octets");
        if (!p256::decode_field(a.x, encoded.subspan<1, 32>()) || !p256::decode_field(a.y, encoded.subspan<33, 32>()))
            return error(errc::key_invalid_point, "EC point: a coordinate is not below the field prime p");
        if (!p256::on_curve(a)) return error(errc::key_invalid_point, "EC point: the point is not on the P-256 curve");
        return from_validated_montgomery(pack(a));
    }
    if (prefix == 0x02 || prefix == 0x03) {
        if (encoded.size() != 33)
            return error(errc::key_invalid_point, "EC point: a compressed P-256 point (02/03) has 33 octets");
        if (!p256::decode_field(a.x, encoded.subspan<1, 32>()))
            return error(errc::key_invalid_point, "EC point: x is not below the field prime p");
        if (!p256::solve_y(a.y, a.x, prefix & 1u))
            return error(errc::key_invalid_point, "EC point: no P-256 point has this x coordinate");
        return from_validated_montgomery(pack(a));
    }
    return error(errc::key_invalid_point,
                 "EC point: the first octet must be 04 (uncompressed), 02 or 03 (compressed)");
}

result<ec_public_key> ec_public_key::from_coordinates(std::span<const std::uint8_t> x, std::span<const std::uint8_t> y)
{
    if (x.size() != 32 || y.size() != 32)
        return error(errc::key_invalid_point, "EC point: P-256 coordinates are exactly 32 octets each");
    std::array<std::uint8_t, 65> encoded{};
    encoded[0] = 0x04;
    std::copy(x.begin(), x.end(), encoded.begin() + 1);
    std::copy(y.begin(), y.end(), encoded.begin() + 33);
    return from_sec1_point(encoded);
}

std::array<std::uint8_t, 32> ec_public_key::x() const noexcept
{
    std::array<std::uint8_t, 32> out{};
    p256::encode_field(out, unpack(coords_).x);
    return out;
}

std::array<std::uint8_t, 32> ec_public_key::y() const noexcept
{
    std::array<std::uint8_t, 32> out{};
    p256::encode_field(out, unpack(coords_).y);
    return out;
}

std::array<std::uint8_t, 65> ec_public_key::uncompressed_point() const noexcept
{
    std::array<std::uint8_t, 65> out{};
    out[0] = 0x04;
    const auto xs = x();
    const auto ys = y();
    std::copy(xs.begin(), xs.end(), out.begin() + 1);
    std::copy(ys.begin(), ys.end(), out.begin() + 33);
    return out;
}

std::vector<std::uint8_t> ec_public_key::spki_der() const
{
    std::vector<std::uint8_t> out(spki_prefix.begin(), spki_prefix.end());
    const auto point = uncompressed_point();
    out.insert(out.end(), point.begin(), point.end());
    return out;
}

ec_private_key::~ec_private_key() { detail::secure_wipe(d_.data(), sizeof d_); }

std::array<std::uint8_t, 32> ec_private_key::scalar_bytes() const noexcept
{
    std::array<std::uint8_t, 32> out{};
    m::limbs d{{d_[0], d_[1], d_[2], d_[3]}};
    m::to_bytes(out, d);
    detail::secure_wipe(&d, sizeof d);
    return out;
}

result<ec_private_key> ec_private_key::from_scalar(std::span<const std::uint8_t> d, const ec_public_key *stored_public)
{
    while (!d.empty() && d[0] == 0) d = d.subspan(1);
    if (d.size() > 32)
        return error(errc::key_bad_private_scalar, "EC private key: d is longer than 32 octets (not below n)");
    std::array<std::uint8_t, 32> padded{};
    std::copy(d.begin(), d.end(), padded.begin() + static_cast<std::ptrdiff_t>(32 - d.size()));
    m::limbs scalar = m::from_bytes(padded);
    detail::secure_wipe(padded.data(), padded.size());
    const bool in_range = (m::mask_less_than(scalar, p256::order.m) & ~m::mask_is_zero(scalar)) != 0;
    if (!in_range) {
        detail::secure_wipe(&scalar, sizeof scalar);
        return error(errc::key_bad_private_scalar, "EC private key: d must be in [1, n-1]");
    }
    p256::point q;
    p256::base_mult(q, scalar);
    const ec_public_key derived = ec_public_key::from_validated_montgomery(pack(p256::to_affine(q)));
    if (stored_public && stored_public->montgomery_coordinates() != derived.montgomery_coordinates()) {
        detail::secure_wipe(&scalar, sizeof scalar);
        return error(errc::key_inconsistent, "EC private key: the stored public key is not d*G");
    }
    ec_private_key key;
    std::copy(std::begin(scalar.v), std::end(scalar.v), key.d_.begin());
    detail::secure_wipe(&scalar, sizeof scalar);
    key.public_ = derived;
    return key;
}

result<ec_private_key> ec_private_key::generate(const random_source *rng)
{
    std::array<std::uint8_t, 32> candidate{};
    // A candidate is refused with probability below 2^-32; give up after 64
    // refusals in a row, which only a broken source produces.
    for (int attempt = 0; attempt < 64; ++attempt) {
        auto filled = random_bytes(rng, candidate);
        if (!filled) {
            detail::secure_wipe(candidate.data(), candidate.size());
            return filled.err();
        }
        auto key = from_scalar(candidate);
        if (key) {
            detail::secure_wipe(candidate.data(), candidate.size());
            return key;
        }
    }
    detail::secure_wipe(candidate.data(), candidate.size());
    return error(errc::random_failure, "the random source gave no usable P-256 scalar in 64 attempts");
}

} // namespace twoleg
