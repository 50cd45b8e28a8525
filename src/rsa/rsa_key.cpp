// Implements twoleg/rsa_key.hpp: validated RSA keys held as GMP numbers.
//
// On the use of ordinary (variable-time) GMP functions for private values:
// the checks below run once, when a key is loaded, on values the caller
// already holds in memory as plain bytes. They do not repeat per signature, so
// an attacker who can time signing learns nothing from them; every check that
// fails on a private value reports the same vague errc::key_inconsistent,
// never which relation failed. Signing itself (rsa_core.cpp) uses the
// constant-time GMP layer (mpn_sec_*).
#include "twoleg/rsa_key.hpp"
#include "core/wipe.hpp"

#include <gmp.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "rsa/rsa_key_data.hpp"
#include "twoleg/der_writer.hpp"
#include "twoleg/oid.hpp"

namespace twoleg {

namespace detail {

void wipe_mpz(mpz_t x) noexcept
{
    // Every allocated limb, not only the _mp_size used ones: earlier, larger
    // values may have left secret limbs above the current size.
    secure_wipe(x->_mp_d, static_cast<std::size_t>(x->_mp_alloc) * sizeof(mp_limb_t));
    x->_mp_size = 0;
}

} // namespace detail

namespace {

using bytes_view = std::span<const std::uint8_t>;

bytes_view strip_leading_zeros(bytes_view v) noexcept
{
    std::size_t i = 0;
    while (i < v.size() && v[i] == 0) ++i;
    return v.subspan(i);
}

/// Imports a big-endian magnitude, allocating the final size up front so that
/// no reallocation leaves an unwiped copy of a secret behind.
void import_magnitude(mpz_t x, bytes_view v)
{
    v = strip_leading_zeros(v);
    if (v.empty()) {
        mpz_set_ui(x, 0);
        return;
    }
    mpz_realloc2(x, static_cast<mp_bitcnt_t>(v.size()) * 8);
    mpz_import(x, v.size(), 1, 1, 1, 0, v.data());
}

std::vector<std::uint8_t> export_magnitude(const mpz_t x)
{
    if (mpz_sgn(x) == 0) return {};
    std::vector<std::uint8_t> out((mpz_sizeinbase(x, 2) + 7) / 8);
    std::size_t written = 0;
    mpz_export(out.data(), &written, 1, 1, 1, 0, x);
    out.resize(written);
    return out;
}

/// Temporaries that may hold functions of secret values: wiped when done.
struct scratch_numbers {
    mpz_t a, b, c;
    scratch_numbers() { mpz_init(a); mpz_init(b); mpz_init(c); }
    ~scratch_numbers()
    {
        mpz_t *all[] = {&a, &b, &c};
        for (mpz_t *x : all) {
            detail::wipe_mpz(*x);
            mpz_clear(*x);
        }
    }
    scratch_numbers(const scratch_numbers &) = delete;
    scratch_numbers &operator=(const scratch_numbers &) = delete;
};

} // namespace

// --- rsa_public_key ---------------------------------------------------------

result<rsa_public_key> rsa_public_key::from_components(bytes_view modulus, bytes_view public_exponent)
{
    modulus = strip_leading_zeros(modulus);
    public_exponent = strip_leading_zeros(public_exponent);

    // Size first, on the byte length, so absurd inputs cost nothing.
    if (modulus.size() > rsa_max_modulus_bits / 8 || modulus.empty())
        return error(errc::key_size_unsupported, "RSA modulus must be 1024 to 16384 bits");
    auto data = std::make_shared<detail::public_key_data>();
    import_magnitude(data->n, modulus);
    const std::size_t bits = mpz_sizeinbase(data->n, 2);
    if (bits < rsa_min_modulus_bits || bits > rsa_max_modulus_bits)
        return error(errc::key_size_unsupported, "RSA modulus must be 1024 to 16384 bits");
    if (mpz_even_p(data->n)) return error(errc::key_size_unsupported, "RSA modulus must be odd");

    if (public_exponent.size() > modulus.size())
        return error(errc::key_bad_public_exponent, "public exponent must be smaller than the modulus");
    import_magnitude(data->e, public_exponent);
    if (mpz_cmp_ui(data->e, 1) <= 0)
        return error(errc::key_bad_public_exponent, "public exponent must be greater than 1");
    if (mpz_even_p(data->e)) return error(errc::key_bad_public_exponent, "public exponent must be odd");
    if (mpz_cmp(data->e, data->n) >= 0)
        return error(errc::key_bad_public_exponent, "public exponent must be smaller than the modulus");

    data->bits = bits;
    data->bytes = (bits + 7) / 8;
    return rsa_public_key(std::shared_ptr<const detail::public_key_data>(std::move(data)));
}

std::size_t rsa_public_key::modulus_bits() const noexcept { return data_->bits; }
std::size_t rsa_public_key::modulus_bytes() const noexcept { return data_->bytes; }
std::vector<std::uint8_t> rsa_public_key::modulus() const { return export_magnitude(data_->n); }
std::vector<std::uint8_t> rsa_public_key::public_exponent() const { return export_magnitude(data_->e); }

std::uint64_t rsa_public_key::public_exponent_u64() const noexcept
{
    if (mpz_sizeinbase(data_->e, 2) > 64) return 0;
    std::uint8_t buf[8] = {};
    std::size_t written = 0;
    mpz_export(buf, &written, 1, 1, 1, 0, data_->e);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < written; ++i) v = v << 8 | buf[i];
    return v;
}

std::vector<std::uint8_t> rsa_public_key::spki_der() const
{
    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
    // with the BIT STRING holding RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    // (RFC 5280 §4.1, RFC 8017 Appendix A.1.1); the parameters of rsaEncryption are NULL.
    std::vector<std::uint8_t> rsa_public_key_der;
    {
        der::writer w(rsa_public_key_der);
        const auto seq = w.begin(der::tag::sequence);
        w.add_unsigned_integer(modulus());
        w.add_unsigned_integer(public_exponent());
        w.end(seq);
    }
    std::vector<std::uint8_t> out;
    der::writer w(out);
    const auto spki = w.begin(der::tag::sequence);
    const auto algorithm = w.begin(der::tag::sequence);
    w.add_oid(oid::rsa_encryption);
    w.add_null();
    w.end(algorithm);
    w.add_bit_string(rsa_public_key_der);
    w.end(spki);
    return out;
}

sha256_digest rsa_public_key::spki_sha256() const { return sha256_hash(spki_der()); }

// --- rsa_private_key --------------------------------------------------------

result<rsa_private_key> rsa_private_key::from_components(const rsa_private_components &c)
{
    // The public half carries the public checks and their specific messages.
    auto pub = rsa_public_key::from_components(c.modulus, c.public_exponent);
    if (!pub) return pub.err();
    const error inconsistent(errc::key_inconsistent);

    // Every private number is below n: bound the byte lengths before importing.
    const std::size_t n_bytes = pub->modulus_bytes();
    const bytes_view secrets[] = {c.private_exponent, c.prime1, c.prime2,
                                  c.exponent1, c.exponent2, c.coefficient};
    for (bytes_view s : secrets)
        if (strip_leading_zeros(s).size() > n_bytes) return inconsistent;

    auto data = std::make_shared<detail::private_key_data>();
    data->pub = *pub;
    const mpz_srcptr n = pub->data().n;
    const mpz_srcptr e = pub->data().e;
    import_magnitude(data->d, c.private_exponent);
    import_magnitude(data->p, c.prime1);
    import_magnitude(data->q, c.prime2);
    import_magnitude(data->dp, c.exponent1);
    import_magnitude(data->dq, c.exponent2);
    import_magnitude(data->qinv, c.coefficient);

    // 1 < p < n, 1 < q < n, p·q = n.
    if (mpz_cmp_ui(data->p, 1) <= 0 || mpz_cmp(data->p, n) >= 0) return inconsistent;
    if (mpz_cmp_ui(data->q, 1) <= 0 || mpz_cmp(data->q, n) >= 0) return inconsistent;
    scratch_numbers t;
    mpz_mul(t.a, data->p, data->q);
    if (mpz_cmp(t.a, n) != 0) return inconsistent;

    // 1 < d < n.
    if (mpz_cmp_ui(data->d, 1) <= 0 || mpz_cmp(data->d, n) >= 0) return inconsistent;

    // For each prime r with its CRT exponent dR: e·d ≡ 1 (mod r−1) and dR = d mod (r−1).
    auto check_prime = [&](mpz_srcptr r, mpz_srcptr d_r) {
        mpz_sub_ui(t.a, r, 1);              // r − 1 (≥ 1 since r > 1)
        mpz_mul(t.b, e, data->d);
        mpz_mod(t.c, t.b, t.a);
        if (mpz_cmp_ui(t.c, 1) != 0) return false;
        mpz_mod(t.c, data->d, t.a);
        return mpz_cmp(t.c, d_r) == 0;
    };
    if (!check_prime(data->p, data->dp)) return inconsistent;
    if (!check_prime(data->q, data->dq)) return inconsistent;

    // 0 < qInv < p and q·qInv ≡ 1 (mod p).
    if (mpz_sgn(data->qinv) <= 0 || mpz_cmp(data->qinv, data->p) >= 0) return inconsistent;
    mpz_mul(t.a, data->q, data->qinv);
    mpz_mod(t.b, t.a, data->p);
    if (mpz_cmp_ui(t.b, 1) != 0) return inconsistent;

    // Per-key signing data (rsa_core.cpp): fixed-size CRT exponents and the
    // Montgomery contexts of both primes. p and q are odd (n is) and > 1.
    auto padded_limbs = [](mpz_srcptr x, std::size_t limbs) {
        std::vector<mp_limb_t> out(limbs, 0);
        const std::size_t used = mpz_size(x);
        std::copy(mpz_limbs_read(x), mpz_limbs_read(x) + used, out.begin());
        return out;
    };
    const std::size_t p_limbs = mpz_size(data->p);
    const std::size_t q_limbs = mpz_size(data->q);
    data->dp_limbs = padded_limbs(data->dp, p_limbs);
    data->dq_limbs = padded_limbs(data->dq, q_limbs);
    data->qinv_limbs = padded_limbs(data->qinv, p_limbs);
    if (!data->mont_p.prepare(mpz_limbs_read(data->p), p_limbs)) return inconsistent;
    if (!data->mont_q.prepare(mpz_limbs_read(data->q), q_limbs)) return inconsistent;
    const mpz_srcptr modulus = data->pub.data().n;
    if (!data->mont_n.prepare(mpz_limbs_read(modulus), mpz_size(modulus))) return inconsistent;
    data->blinding.prepare(mpz_size(modulus));
    // Both halves at once on the dual-prime kernel when the primes have the
    // same limb count and the kernel exists for it (chosen once, here).
    if (p_limbs == q_limbs &&
        !data->dual.prepare(mpz_limbs_read(data->p), mpz_limbs_read(data->q), p_limbs,
                            data->mont_p.neg_inverse(), data->mont_q.neg_inverse(),
                            detail::choose_dual_kernel(p_limbs)))
        return inconsistent;

    return rsa_private_key(std::shared_ptr<const detail::private_key_data>(std::move(data)));
}

const rsa_public_key &rsa_private_key::public_key() const noexcept { return data_->pub; }

// --- writing private keys ----------------------------------------------------

namespace {

/// The eight numbers of RSAPrivateKey after the version, exported once and wiped on exit.
struct private_numbers {
    std::vector<std::uint8_t> v[8];
    explicit private_numbers(const detail::private_key_data &k)
    {
        const mpz_srcptr all[] = {k.pub.data().n, k.pub.data().e, k.d, k.p, k.q, k.dp, k.dq, k.qinv};
        for (std::size_t i = 0; i < 8; ++i) v[i] = export_magnitude(all[i]);
    }
    ~private_numbers()
    {
        for (auto &x : v) detail::secure_wipe(x);
    }
    private_numbers(const private_numbers &) = delete;
    private_numbers &operator=(const private_numbers &) = delete;

    /// RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dP, dQ, qInv }  (RFC 8017 §A.1.2)
    void write(der::writer &w) const
    {
        const auto seq = w.begin(der::tag::sequence);
        w.add_small_unsigned_integer(0);
        for (const auto &x : v) w.add_unsigned_integer(x);
        w.end(seq);
    }
    std::size_t size_hint() const noexcept
    {
        std::size_t n = 16;
        for (const auto &x : v) n += x.size() + 6;
        return n + 32;
    }
};

} // namespace

std::vector<std::uint8_t> rsa_private_key::pkcs1_der() const
{
    const private_numbers numbers(*data_);
    std::vector<std::uint8_t> out;
    out.reserve(numbers.size_hint());
    der::writer w(out);
    numbers.write(w);
    return out;
}

std::vector<std::uint8_t> rsa_private_key::pkcs8_der() const
{
    // PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier { rsaEncryption, NULL },
    //   privateKey OCTET STRING (RSAPrivateKey) }  (RFC 5208 §5)
    const private_numbers numbers(*data_);
    std::vector<std::uint8_t> out;
    out.reserve(numbers.size_hint());
    der::writer w(out);
    const auto info = w.begin(der::tag::sequence);
    w.add_small_unsigned_integer(0);
    const auto algorithm = w.begin(der::tag::sequence);
    w.add_oid(oid::rsa_encryption);
    w.add_null();
    w.end(algorithm);
    const auto octets = w.begin(der::tag::octet_string);
    numbers.write(w);
    w.end(octets);
    w.end(info);
    return out;
}

} // namespace twoleg
