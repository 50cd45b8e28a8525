// Implements twoleg/ecdsa.hpp: ECDSA P-256 / SHA-256 (FIPS 186-5 §6.4).
#include "twoleg/ecdsa.hpp"

#include <algorithm>

#include "core/wipe.hpp"
#include "ec/p256_point.hpp"
#include "ec/rfc6979.hpp"
#include "twoleg/der.hpp"

namespace twoleg {

namespace {

namespace m = detail::mont256;
namespace p256 = detail::p256;
using detail::p256::order;

/// The digest as an integer reduced mod n (bits2int is the identity for
/// SHA-256 with a 256-bit n; one subtraction suffices because 2^256 < 2n).
m::limbs digest_mod_n(const sha256_digest &digest) noexcept
{
    m::limbs e = m::from_bytes(std::span<const std::uint8_t, 32>(digest));
    m::reduce_once(e, 0, e, order.m);
    return e;
}

/// x(R) mod n as plain limbs; R must not be the identity.
m::limbs x_mod_n(const p256::point &r) noexcept
{
    const p256::affine_point a = p256::to_affine(r);
    m::limbs x;
    m::from_montgomery(x, a.x, p256::field);
    m::reduce_once(x, 0, x, order.m);  // p < 2n
    return x;
}

struct wipe_limbs {
    m::limbs *items[8];
    std::size_t count;
    ~wipe_limbs()
    {
        for (std::size_t i = 0; i < count; ++i) detail::secure_wipe(items[i], sizeof(m::limbs));
    }
};

} // namespace

result<void> ecdsa_p256_sign_digest(const ec_private_key &key, const sha256_digest &digest,
                                    std::span<std::uint8_t, es256_signature_bytes> signature,
                                    const ecdsa_sign_options &options) noexcept
{
    std::fill(signature.begin(), signature.end(), std::uint8_t{0});
    if (key.empty()) return error(errc::invalid_argument, "ECDSA: empty private key");

    std::array<std::uint8_t, 32> extra{};
    if (!options.deterministic) TWOLEG_TRY(random_bytes(options.rng, extra));
    const std::span<const std::uint8_t> extra_input =
        options.deterministic ? std::span<const std::uint8_t>() : std::span<const std::uint8_t>(extra);

    const m::limbs e = digest_mod_n(digest);
    std::array<std::uint8_t, 32> e_bytes{};
    m::to_bytes(e_bytes, e);
    std::array<std::uint8_t, 32> d_bytes = key.scalar_bytes();
    detail::rfc6979_p256 nonces(d_bytes, e_bytes, extra_input);
    detail::secure_wipe(d_bytes.data(), d_bytes.size());
    detail::secure_wipe(extra.data(), extra.size());

    m::limbs d_plain{{key.scalar_limbs()[0], key.scalar_limbs()[1], key.scalar_limbs()[2], key.scalar_limbs()[3]}};
    m::limbs k, k_mont, k_inv, d_mont, e_mont, r_mont, s_mont, t;
    wipe_limbs wiper{{&d_plain, &k, &k_mont, &k_inv, &d_mont, &s_mont, &t}, 7};
    m::to_montgomery(d_mont, d_plain, order);
    m::to_montgomery(e_mont, e, order);

    std::array<std::uint8_t, 32> k_bytes{};
    for (;;) {
        nonces.next(k_bytes);
        k = m::from_bytes(k_bytes);
        detail::secure_wipe(k_bytes.data(), k_bytes.size());

        p256::point big_r;
        p256::base_mult(big_r, k);
        const m::limbs r = x_mod_n(big_r);
        if (m::mask_is_zero(r)) continue;  // probability about 2^-256; public

        // s = k^-1 (e + r·d) mod n.
        m::to_montgomery(k_mont, k, order);
        m::invert(k_inv, k_mont, order);
        m::to_montgomery(r_mont, r, order);
        m::mul(t, r_mont, d_mont, order);
        m::add(t, t, e_mont, order);
        m::mul(s_mont, k_inv, t, order);
        m::limbs s;
        m::from_montgomery(s, s_mont, order);
        if (m::mask_is_zero(s)) continue;

        m::to_bytes(signature.subspan<0, 32>(), r);
        m::to_bytes(signature.subspan<32, 32>(), s);
        return {};
    }
}

result<void> ecdsa_p256_verify_digest(const ec_public_key &key, const sha256_digest &digest,
                                      std::span<const std::uint8_t> signature) noexcept
{
    const error failed(errc::verify_failed);
    if (key.empty() || signature.size() != es256_signature_bytes) return failed;
    const m::limbs r = m::from_bytes(signature.subspan<0, 32>());
    const m::limbs s = m::from_bytes(signature.subspan<32, 32>());
    if (m::mask_is_zero(r) || m::mask_is_zero(s)) return failed;
    if (!m::mask_less_than(r, order.m) || !m::mask_less_than(s, order.m)) return failed;

    const m::limbs e = digest_mod_n(digest);
    m::limbs w, e_mont, r_mont, u1, u2;
    // s is public: the variable-time inverse (binary extended Euclid) serves.
    m::limbs s_inv;
    m::invert_vartime(s_inv, s, order);
    m::to_montgomery(w, s_inv, order);
    m::to_montgomery(e_mont, e, order);
    m::to_montgomery(r_mont, r, order);
    m::mul(u1, e_mont, w, order);  // u1 = e·w, u2 = r·w (Montgomery form, then plain)
    m::mul(u2, r_mont, w, order);
    m::from_montgomery(u1, u1, order);
    m::from_montgomery(u2, u2, order);

    const auto &c = key.montgomery_coordinates();
    const p256::affine_point q_affine{m::limbs{{c[0], c[1], c[2], c[3]}}, m::limbs{{c[4], c[5], c[6], c[7]}}};
    p256::point result_point;
    p256::double_base_mult_vartime(result_point, u1, p256::from_affine(q_affine), u2);
    // x(R) mod n = r, compared in projective coordinates (no inversion);
    // false for the identity.
    if (!p256::x_mod_n_equals_vartime(result_point, r)) return failed;
    return {};
}

result<std::size_t> ecdsa_signature_to_der(std::span<const std::uint8_t, es256_signature_bytes> raw,
                                           std::span<std::uint8_t> out) noexcept
{
    // INTEGER contents: the magnitude without leading zero octets (at least
    // one octet), with a 00 in front when the top bit is set (X.690 §8.3).
    std::uint8_t body[2 * 35];
    std::size_t body_len = 0;
    for (std::size_t half = 0; half < 2; ++half) {
        const auto v = raw.subspan(half * 32, 32);
        std::size_t start = 0;
        while (start < 31 && v[start] == 0) ++start;
        const bool pad = v[start] >= 0x80;
        const std::size_t len = 32 - start + (pad ? 1 : 0);
        body[body_len++] = der::tag::integer;
        body[body_len++] = static_cast<std::uint8_t>(len);
        if (pad) body[body_len++] = 0;
        std::copy(v.begin() + static_cast<std::ptrdiff_t>(start), v.end(), body + body_len);
        body_len += 32 - start;
    }
    // body_len <= 70 < 128: a short-form length.
    const std::size_t total = 2 + body_len;
    if (out.size() < total) return error(errc::buffer_too_small);
    out[0] = der::tag::sequence;
    out[1] = static_cast<std::uint8_t>(body_len);
    std::copy(body, body + body_len, out.begin() + 2);
    return total;
}

result<void> ecdsa_signature_from_der(std::span<const std::uint8_t> der_bytes,
                                      std::span<std::uint8_t, es256_signature_bytes> raw) noexcept
{
    std::fill(raw.begin(), raw.end(), std::uint8_t{0});
    const error failed(errc::verify_failed);
    der::cursor top(der_bytes);
    auto seq = top.read_sequence();
    if (!seq || !top.expect_end()) return failed;
    for (std::size_t half = 0; half < 2; ++half) {
        auto v = seq->read_unsigned_integer();
        if (!v || v->size() > 32) return failed;
        std::copy(v->begin(), v->end(), raw.begin() + static_cast<std::ptrdiff_t>(half * 32 + 32 - v->size()));
    }
    if (!seq->expect_end()) return failed;
    return {};
}

} // namespace twoleg
