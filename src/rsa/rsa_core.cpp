// Implements src/rsa/rsa_core.hpp: RSASP1 with the CRT, blinding and a
// fault check, on the key's prepared Montgomery contexts (mont_exp.hpp), the
// key's blinding pair (blinding_cache.hpp), GMP Montgomery arithmetic modulo n
// (gmp_montgomery.hpp) and GMP's side-channel silent mpn_sec_* layer; and RSAVP1.
//
// Which values are secret: p, q, dP, dQ, qInv, the blinding factor r and its
// inverse (and the pair r^e, r^-1 kept with the key), the inversion mask t, and every intermediate of the private
// operation. Public: n, e, the
// sizes of n, p and q (limb counts and bit lengths), the input, and the output
// once it has passed the fault check. Every function applied to a secret here
// is one GMP documents as side-channel silent (mpn_sec_*, mpn_cnd_*), the
// constant-time kernel behind modexp_ct (mont_exp.hpp), the fixed-sequence
// Montgomery products of gmp_montgomery.hpp, or a fixed-length copy; every
// `if` and loop bound depends on public data only (the blinding cache's
// branches on its use count, process id and lock included). The one
// variable-time step, the inversion in blinded_inverse, sees only a value that
// is uniformly random and independent of every secret (see there).
#include "rsa/rsa_core.hpp"
#include "core/wipe.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

#include "rsa/gmp_montgomery.hpp"
#include "rsa/mont_exp.hpp"
#include "rsa/rsa_key_data.hpp"

namespace twoleg::detail {

namespace {

constexpr int limb_bytes = static_cast<int>(sizeof(mp_limb_t));

/// A stack arena this large covers every key up to 4096 bits; larger keys use the heap.
/// Signing a 4096-bit key takes 2501 limbs on the GMP path and 2117 on the
/// mulx kernel (GMP 6.2); 3072 limbs (24 KiB) leave room for other GMP
/// versions' scratch sizes, so no key up to 4096 bits touches the heap.
constexpr std::size_t stack_arena_limbs = 3072;

/// Blinding candidates drawn before giving up on a random source. A working
/// source fails this many times in a row with probability below 2^-64.
constexpr int max_blinding_attempts = 64;

/// Big-endian octets into `n` limbs (zero-extended). Public data only.
void limbs_from_bytes(mp_limb_t *dst, mp_size_t n, std::span<const std::uint8_t> src) noexcept
{
    std::fill(dst, dst + n, mp_limb_t{0});
    const std::size_t len = src.size();
    for (std::size_t i = 0; i < len; ++i) {
        const std::size_t from_end = len - 1 - i;
        dst[from_end / limb_bytes] |= static_cast<mp_limb_t>(src[i]) << (8 * (from_end % limb_bytes));
    }
}

/// `n` limbs into exactly dst.size() big-endian octets; the value must fit.
void bytes_from_limbs(std::span<std::uint8_t> dst, const mp_limb_t *src, mp_size_t n) noexcept
{
    const std::size_t len = dst.size();
    for (std::size_t i = 0; i < len; ++i) {
        const std::size_t from_end = len - 1 - i;
        const std::size_t limb = from_end / limb_bytes;
        dst[i] = limb < static_cast<std::size_t>(n)
                     ? static_cast<std::uint8_t>(src[limb] >> (8 * (from_end % limb_bytes)))
                     : 0;
    }
}

/// Hands out consecutive pieces of one buffer.
class arena {
  public:
    explicit arena(mp_limb_t *base) noexcept : next_(base) {}
    mp_limb_t *take(mp_size_t n) noexcept
    {
        mp_limb_t *p = next_;
        next_ += n;
        return p;
    }
    /// Points each of `buffers`, in turn, at the next `n` limbs.
    template <class... Buffers>
    void take_each(mp_size_t n, Buffers *&...buffers) noexcept
    {
        ((buffers = take(n)), ...);
    }

  private:
    mp_limb_t *next_;
};

/// The public shape of one key: every size the computation depends on.
struct shape {
    mp_size_t nn, pn, qn, hn, en;
    mp_bitcnt_t nbits, pbits, qbits, ebits;

    explicit shape(const private_key_data &key) noexcept
    {
        const public_key_data &pub = key.pub.data();
        nn = static_cast<mp_size_t>(mpz_size(pub.n));
        pn = static_cast<mp_size_t>(mpz_size(key.p));
        qn = static_cast<mp_size_t>(mpz_size(key.q));
        hn = std::max(pn, qn);
        en = static_cast<mp_size_t>(mpz_size(pub.e));
        nbits = mpz_sizeinbase(pub.n, 2);
        pbits = mpz_sizeinbase(key.p, 2);
        qbits = mpz_sizeinbase(key.q, 2);
        ebits = mpz_sizeinbase(pub.e, 2);
    }

    /// Scratch for every call below that takes some (they run one at a time).
    mp_size_t scratch_limbs(const private_key_data &key) const noexcept
    {
        const mp_size_t lo = std::min(pn, qn);
        const mp_size_t candidates[] = {
            static_cast<mp_size_t>(modexp_public_scratch_size(key.mont_n, ebits)),
            static_cast<mp_size_t>(gmp_montgomery_scratch_size(key.mont_n)),
            static_cast<mp_size_t>(modexp_scratch_size(key.mont_p, pbits)),
            static_cast<mp_size_t>(modexp_scratch_size(key.mont_q, qbits)),
            mpn_sec_mul_itch(nn, nn),
            mpn_sec_mul_itch(pn, pn),         mpn_sec_mul_itch(hn, lo),
            mpn_sec_div_r_itch(2 * nn, nn),   mpn_sec_div_r_itch(nn, pn),
            mpn_sec_div_r_itch(nn, qn),       mpn_sec_div_r_itch(hn, pn),
            mpn_sec_div_r_itch(2 * pn, pn),
        };
        return *std::max_element(std::begin(candidates), std::end(candidates));
    }

    /// Every buffer private_operation takes from its arena, scratch included.
    mp_size_t total_limbs(const private_key_data &key) const noexcept
    {
        return 8 * nn            // r, r_inverse, r_copy, blind, unblind, c, s_blinded, check
               + 2 * nn          // wide
               + 4 * pn          // c_p, s_p, difference, h
               + 2 * qn          // c_q, s_q
               + (pn + qn)       // s_q extended
               + inverse_limbs() // blinded_inverse's buffers
               + scratch_limbs(key);
    }

    /// Buffers of blinded_inverse: t, u and mpn_gcdext's gcd g (nn each);
    /// mpn_gcdext's operands, which it overwrites one limb past their end
    /// (gcd_u: nn + 2, gcd_v: nn + 1), and its cofactor (nn + 2).
    mp_size_t inverse_limbs() const noexcept { return 3 * nn + 2 * (nn + 2) + (nn + 1); }
};

/// Draws a candidate uniform in [1, n) into `x`: random below 2^bits(n),
/// rejected when 0 or >= n. The tests use borrow and OR chains, so a rejection
/// reveals only that one discarded candidate was unusable. `spare`: nn limbs.
/// Returns false for a rejected candidate, an error if the source fails.
result<bool> draw_below_n(mp_limb_t *x, mp_limb_t *spare, const mp_limb_t *n, const shape &z,
                          const random_source *rng) noexcept
{
    const mp_size_t nn = z.nn;
    const unsigned top_bits = static_cast<unsigned>(z.nbits - (z.nbits - 1) / GMP_NUMB_BITS * GMP_NUMB_BITS);
    const mp_limb_t top_mask = top_bits == GMP_NUMB_BITS ? ~mp_limb_t{0} : (mp_limb_t{1} << top_bits) - 1;
    TWOLEG_TRY(random_bytes(rng, std::span(reinterpret_cast<std::uint8_t *>(x),
                                            static_cast<std::size_t>(nn) * limb_bytes)));
    x[nn - 1] &= top_mask;
    const mp_limb_t below_n = mpn_cnd_sub_n(1, spare, x, n, nn);
    mp_limb_t any_bit = 0;
    for (mp_size_t i = 0; i < nn; ++i) any_bit |= x[i];
    const mp_limb_t nonzero = (any_bit | (mp_limb_t{0} - any_bit)) >> (GMP_NUMB_BITS - 1);
    return (below_n & nonzero) != 0;
}

/// r_inverse = r^-1 mod n for r in [1, n), by a blinded inversion (the name
/// BoringSSL gives the technique): with a second, independent random t in
/// [1, n), u = r*t mod n is inverted with GMP's ordinary, variable-time
/// extended gcd, and r^-1 = u^-1 * t mod n. The gcd's timing and memory
/// accesses depend on u only, and u is uniformly distributed and independent
/// of r because t is secret, fresh, and never reused; so it reveals nothing
/// about r. This replaces mpn_sec_invert, which cost about as much as the rest
/// of a signature. Returns false when u is not invertible (gcd(u, n) > 1: a
/// factor of n found by chance, negligible) so the caller draws again; an
/// error if the random source fails. Wipes t, u and u^-1 before returning.
result<bool> blinded_inverse(mp_limb_t *r_inverse, const mp_limb_t *r, const mp_limb_t *n, const shape &z,
                             mp_limb_t *area, mp_limb_t *wide, mp_limb_t *tp,
                             const random_source *rng) noexcept
{
    const mp_size_t nn = z.nn;
    arena a(area);
    mp_limb_t *t, *u, *g, *gcd_u, *cofactor;
    a.take_each(nn, t, u, g);
    a.take_each(nn + 2, gcd_u, cofactor);
    mp_limb_t *gcd_v = a.take(nn + 1);
    const auto wipe_all = [&] { secure_wipe(area, static_cast<std::size_t>(z.inverse_limbs()) * sizeof(mp_limb_t)); };

    bool have_t = false;
    for (int attempt = 0; attempt < max_blinding_attempts && !have_t; ++attempt) {
        auto drawn = draw_below_n(t, u, n, z, rng);
        if (!drawn) {
            wipe_all();
            return drawn.err();
        }
        have_t = *drawn;
    }
    if (!have_t) {
        wipe_all();
        return error(errc::random_failure, "the random source gave no usable blinding factor");
    }

    // u = r*t mod n, in constant time.
    mpn_sec_mul(wide, r, nn, t, nn, tp);
    mpn_sec_div_r(wide, 2 * nn, n, nn, tp);
    std::copy(wide, wide + nn, u);

    // From here on u is public (see above): variable-time code is fine.
    // mpn_gcdext needs U >= V > 0 and returns the cofactor of U, so it runs on
    // U = u + n, V = n: G = (u + n)*S + n*T, hence u*S = G (mod n).
    mp_size_t vn = nn;
    while (vn > 0 && u[vn - 1] == 0) --vn;
    bool invertible = false;
    if (vn > 0) {
        const mp_limb_t carry = mpn_add_n(gcd_u, u, n, nn);
        gcd_u[nn] = carry;
        const mp_size_t un = nn + static_cast<mp_size_t>(carry);
        std::copy(n, n + nn, gcd_v);
        mp_size_t sn = 0;
        const mp_size_t gn = mpn_gcdext(g, cofactor, &sn, gcd_u, un, gcd_v, nn);
        invertible = gn == 1 && g[0] == 1 && sn != 0;
        if (invertible) {
            // |S| < n / 2 here; a negative S stands for n - |S|.
            const mp_size_t sabs = sn < 0 ? -sn : sn;
            std::fill(cofactor + sabs, cofactor + nn, mp_limb_t{0});
            if (sn < 0) mpn_sub_n(cofactor, n, cofactor, nn);
            // r^-1 = u^-1 * t mod n, back in constant time (t is secret).
            mpn_sec_mul(wide, cofactor, nn, t, nn, tp);
            mpn_sec_div_r(wide, 2 * nn, n, nn, tp);
            std::copy(wide, wide + nn, r_inverse);
        }
    }
    secure_wipe(wide, 2 * static_cast<std::size_t>(nn) * sizeof(mp_limb_t));
    wipe_all();
    return invertible;
}

/// A fresh blinding pair for a random r in [1, n), in Montgomery form:
/// blind = r^e·R mod n, unblind = r^-1·R mod n (blinding_cache.hpp). r, r_inverse,
/// r_copy: nn limbs each, left wiped by the caller with the rest of the arena.
result<void> fresh_blinding(const private_key_data &key, const shape &z, mp_limb_t *blind, mp_limb_t *unblind,
                            mp_limb_t *r, mp_limb_t *r_inverse, mp_limb_t *r_copy, mp_limb_t *inverse_area,
                            mp_limb_t *wide, mp_limb_t *tp, const random_source *rng) noexcept
{
    const mp_limb_t *n = mpz_limbs_read(key.pub.data().n);
    const mp_limb_t *e = mpz_limbs_read(key.pub.data().e);
    // A candidate is redrawn when out of range or (negligibly) not invertible.
    bool have_blinding = false;
    for (int attempt = 0; attempt < max_blinding_attempts && !have_blinding; ++attempt) {
        auto drawn = draw_below_n(r, r_copy, n, z, rng);
        if (!drawn) return drawn.err();
        if (!*drawn) continue;
        auto inverted = blinded_inverse(r_inverse, r, n, z, inverse_area, wide, tp, rng);
        if (!inverted) return inverted.err();
        have_blinding = *inverted;
    }
    if (!have_blinding)
        return error(errc::random_failure, "the random source gave no usable blinding factor");
    modexp_public_exponent(key.mont_n, r_copy, r, e, z.ebits, tp);  // r^e
    gmp_montgomery_enter(key.mont_n, blind, r_copy, tp);
    gmp_montgomery_enter(key.mont_n, unblind, r_inverse, tp);
    return {};
}

/// The private operation proper, on limbs; `m` already checked to be < n.
/// Leaves the signature in `s_out` (nn limbs) or returns an error.
result<void> private_operation(const private_key_data &key, const shape &z, mp_limb_t *area,
                               const mp_limb_t *m, mp_limb_t *s_out, const random_source *rng,
                               const fault_injection *hook) noexcept
{
    const public_key_data &pub = key.pub.data();
    const mp_limb_t *e = mpz_limbs_read(pub.e);
    const mp_limb_t *p = mpz_limbs_read(key.p);
    const mp_limb_t *q = mpz_limbs_read(key.q);
    const mp_size_t nn = z.nn, pn = z.pn, qn = z.qn, hn = z.hn;

    arena a(area);
    mp_limb_t *r, *r_inverse, *r_copy, *blind, *unblind, *c, *s_blinded, *check;
    a.take_each(nn, r, r_inverse, r_copy, blind, unblind, c, s_blinded, check);
    mp_limb_t *wide = a.take(2 * nn);
    mp_limb_t *c_p, *s_p, *difference, *h, *c_q, *s_q;
    a.take_each(pn, c_p, s_p, difference, h);
    a.take_each(qn, c_q, s_q);
    mp_limb_t *s_q_extended = a.take(pn + qn);
    mp_limb_t *inverse_area = a.take(z.inverse_limbs());
    mp_limb_t *tp = a.take(z.scratch_limbs(key));

    // The blinding pair: the key's next one when signing with the operating
    // system's randomness (blinding_cache.hpp), else a fresh one. A caller's
    // own random source is asked for every signature, as random.hpp promises.
    const bool os_randomness = rng == nullptr || rng->fill == nullptr;
    if (!os_randomness || !key.blinding.take(key.mont_n, blind, unblind, tp)) {
        TWOLEG_TRY(fresh_blinding(key, z, blind, unblind, r, r_inverse, r_copy, inverse_area, wide, tp, rng));
        if (hook && hook->after_fresh_blinding) hook->after_fresh_blinding(hook->context);
        if (os_randomness) key.blinding.store_fresh(key.mont_n, blind, unblind, tp);
    }

    // c = m * r^e mod n: the CRT halves below see only this blinded value.
    gmp_montgomery_multiply(key.mont_n, c, m, blind, tp);

    // s_p = c^dP mod p, s_q = c^dQ mod q. Exponent lengths: the bit lengths
    // of p and q, public given n, not those of dP and dQ.
    const auto reduce_c = [&](mp_limb_t *c_half, const mp_limb_t *prime, mp_size_t limbs) {
        std::copy(c, c + nn, wide);
        mpn_sec_div_r(wide, nn, prime, limbs, tp);
        std::copy(wide, wide + limbs, c_half);
    };
    reduce_c(c_p, p, pn);
    reduce_c(c_q, q, qn);
    if (key.dual.active()) {
        // Both halves in one loop; both exponents padded to the longer prime.
        key.dual.kernel()->modexp(key.dual, s_p, s_q, c_p, c_q, key.dp_limbs.data(), key.dq_limbs.data(),
                                  std::max(z.pbits, z.qbits));
    } else {
        modexp_ct(key.mont_p, s_p, c_p, key.dp_limbs.data(), z.pbits, tp);
        modexp_ct(key.mont_q, s_q, c_q, key.dq_limbs.data(), z.qbits, tp);
    }
    if (hook && hook->after_half_exponentiation) {
        hook->after_half_exponentiation(hook->context, crt_half::p, s_p, static_cast<std::size_t>(pn));
        hook->after_half_exponentiation(hook->context, crt_half::q, s_q, static_cast<std::size_t>(qn));
    }

    // Garner: h = qInv * (s_p - s_q) mod p; s = s_q + q * h  (< p*q = n).
    // s_q is first reduced mod p (q may exceed p); the subtraction wraps into
    // [0, p) by a conditional add of p on the borrow, never a branch.
    std::fill(wide, wide + hn, mp_limb_t{0});
    std::copy(s_q, s_q + qn, wide);
    mpn_sec_div_r(wide, hn, p, pn, tp);
    const mp_limb_t borrow = mpn_cnd_sub_n(1, difference, s_p, wide, pn);
    mpn_cnd_add_n(borrow, difference, difference, p, pn);
    mpn_sec_mul(wide, difference, pn, key.qinv_limbs.data(), pn, tp);
    mpn_sec_div_r(wide, 2 * pn, p, pn, tp);
    std::copy(wide, wide + pn, h);
    if (qn >= pn)
        mpn_sec_mul(wide, q, qn, h, pn, tp);
    else
        mpn_sec_mul(wide, h, pn, q, qn, tp);
    std::fill(s_q_extended, s_q_extended + pn + qn, mp_limb_t{0});
    std::copy(s_q, s_q + qn, s_q_extended);
    mpn_cnd_add_n(1, wide, wide, s_q_extended, pn + qn);
    std::copy(wide, wide + nn, s_blinded);  // pn + qn >= nn; the limbs above are zero

    // Unblind: s = s_blinded * r^-1 mod n.
    gmp_montgomery_multiply(key.mont_n, s_out, s_blinded, unblind, tp);

    // Fault check on GMP's multiplication (gmp_montgomery.hpp), independent of
    // the kernels that computed the halves and of their conversions.
    gmp_montgomery_power_public(key.mont_n, check, s_out, e, z.ebits, tp);
    if (mpn_cmp(check, m, nn) != 0) {
        std::fill(s_out, s_out + nn, mp_limb_t{0});
        return error(errc::sign_fault_detected);
    }
    return {};
}

/// Clears output (no partial result leaves on any failure), then checks that
/// the key is set and both buffers are exactly as long as its modulus.
template <class Key>
result<void> check_operands(const Key &key, std::span<const std::uint8_t> input,
                            std::span<std::uint8_t> output, const char *empty_key) noexcept
{
    detail::secure_wipe(output);
    if (key.empty()) return error(errc::invalid_argument, empty_key);
    const std::size_t k = key.modulus_bytes();
    if (input.size() != k || output.size() != k)
        return error(errc::invalid_argument, "RSA input and output must be exactly as long as the modulus");
    return {};
}

} // namespace

result<void> rsa_private_operation(const rsa_private_key &key, std::span<const std::uint8_t> input,
                                   std::span<std::uint8_t> output, const random_source *rng,
                                   const fault_injection *hook) noexcept
{
    TWOLEG_TRY(check_operands(key, input, output, "empty private key"));

    const private_key_data &data = key.data();
    const shape z(data);
    const std::size_t total = static_cast<std::size_t>(z.total_limbs(data)) + 2 * static_cast<std::size_t>(z.nn);

    mp_limb_t stack_area[stack_arena_limbs];
    std::unique_ptr<mp_limb_t[]> heap_area;
    mp_limb_t *area = stack_area;
    if (total > stack_arena_limbs) {
        heap_area.reset(new (std::nothrow) mp_limb_t[total]);
        if (!heap_area) return error(errc::out_of_memory);
        area = heap_area.get();
    }
    mp_limb_t *m = area;
    mp_limb_t *s = area + z.nn;

    limbs_from_bytes(m, z.nn, input);
    result<void> outcome;
    if (mpn_cmp(m, mpz_limbs_read(data.pub.data().n), z.nn) >= 0)
        outcome = error(errc::message_representative_out_of_range);
    else
        outcome = private_operation(data, z, area + 2 * z.nn, m, s, rng, hook);
    if (outcome) bytes_from_limbs(output, s, z.nn);
    secure_wipe(area, total * sizeof(mp_limb_t));
    return outcome;
}

result<void> rsa_public_operation(const rsa_public_key &key, std::span<const std::uint8_t> input,
                                  std::span<std::uint8_t> output) noexcept
{
    TWOLEG_TRY(check_operands(key, input, output, "empty public key"));

    const public_key_data &pub = key.data();
    mpz_t x;
    mpz_init(x);
    mpz_import(x, input.size(), 1, 1, 1, 0, input.data());
    result<void> outcome;
    if (mpz_cmp(x, pub.n) >= 0) {
        outcome = error(errc::message_representative_out_of_range);
    } else {
        mpz_powm(x, x, pub.e, pub.n);
        std::size_t written = 0;
        const std::size_t used = (mpz_sizeinbase(x, 2) + 7) / 8;
        if (mpz_sgn(x) != 0) mpz_export(output.data() + (output.size() - used), &written, 1, 1, 1, 0, x);
    }
    mpz_clear(x);
    return outcome;
}

} // namespace twoleg::detail
