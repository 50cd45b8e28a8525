// The decimal core (see decimal_core.hpp). Plain, allocation-happy code on
// purpose: it mirrors what a platform with only decimal arithmetic can do.
#include "decimal_core.hpp"

#include <algorithm>
#include <cassert>

namespace decimal_core {

namespace {

constexpr std::uint64_t B = decimal::limb_base;

// DigestInfo{ sha256, NULL } without the digest, RFC 8017 §9.2 note 1.
constexpr std::array<std::uint8_t, 19> sha256_digest_info = {
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

} // namespace

decimal::decimal(std::uint32_t small)
{
    while (small != 0) {
        limbs_.push_back(small % limb_base);
        small /= limb_base;
    }
}

void decimal::trim() noexcept
{
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

bool decimal::parse(std::string_view digits, decimal &out)
{
    if (digits.empty()) return false;
    for (char c : digits)
        if (c < '0' || c > '9') return false;
    out.limbs_.clear();
    // Nine digits per limb, taken from the right-hand end.
    std::size_t end = digits.size();
    while (end > 0) {
        std::size_t begin = end >= digits_per_limb ? end - digits_per_limb : 0;
        std::uint32_t limb = 0;
        for (std::size_t i = begin; i < end; ++i) limb = limb * 10 + std::uint32_t(digits[i] - '0');
        out.limbs_.push_back(limb);
        end = begin;
    }
    out.trim();
    return true;
}

std::string decimal::to_string() const
{
    if (limbs_.empty()) return "0";
    std::string text = std::to_string(limbs_.back());
    for (std::size_t i = limbs_.size() - 1; i-- > 0;) {
        std::string part = std::to_string(limbs_[i]);
        text.append(digits_per_limb - part.size(), '0');
        text += part;
    }
    return text;
}

std::size_t decimal::digit_count() const
{
    return limbs_.empty() ? 1 : to_string().size();
}

void decimal::multiply_add_small(std::uint32_t factor, std::uint32_t addend)
{
    std::uint64_t carry = addend;
    for (std::uint32_t &limb : limbs_) {
        std::uint64_t t = std::uint64_t(limb) * factor + carry;
        limb = std::uint32_t(t % B);
        carry = t / B;
    }
    while (carry != 0) {
        limbs_.push_back(std::uint32_t(carry % B));
        carry /= B;
    }
    trim();
}

std::uint32_t decimal::divide_small(std::uint32_t divisor)
{
    std::uint64_t rem = 0;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
        std::uint64_t cur = rem * B + limbs_[i];
        limbs_[i] = std::uint32_t(cur / divisor);
        rem = cur % divisor;
    }
    trim();
    return std::uint32_t(rem);
}

decimal decimal::from_octets(std::span<const std::uint8_t> big_endian)
{
    decimal x;
    for (std::uint8_t octet : big_endian) x.multiply_add_small(256, octet);
    return x;
}

bool decimal::to_octets(std::span<std::uint8_t> big_endian) const
{
    decimal rest = *this;
    for (std::size_t i = big_endian.size(); i-- > 0;) big_endian[i] = std::uint8_t(rest.divide_small(256));
    return rest.is_zero();
}

int compare(const decimal &a, const decimal &b) noexcept
{
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
    for (std::size_t i = a.limbs_.size(); i-- > 0;)
        if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    return 0;
}

decimal add(const decimal &a, const decimal &b)
{
    const decimal &longer = a.limbs_.size() >= b.limbs_.size() ? a : b;
    const decimal &shorter = a.limbs_.size() >= b.limbs_.size() ? b : a;
    decimal sum;
    sum.limbs_.resize(longer.limbs_.size() + 1);
    std::uint32_t carry = 0;
    for (std::size_t i = 0; i < longer.limbs_.size(); ++i) {
        std::uint32_t t = longer.limbs_[i] + carry + (i < shorter.limbs_.size() ? shorter.limbs_[i] : 0);
        carry = t >= decimal::limb_base ? 1 : 0;
        sum.limbs_[i] = t - carry * decimal::limb_base;
    }
    sum.limbs_.back() = carry;
    sum.trim();
    return sum;
}

decimal subtract(const decimal &a, const decimal &b)
{
    assert(compare(a, b) >= 0);
    decimal diff;
    diff.limbs_.resize(a.limbs_.size());
    std::int64_t borrow = 0;
    for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
        std::int64_t t = std::int64_t(a.limbs_[i]) - borrow - (i < b.limbs_.size() ? b.limbs_[i] : 0);
        borrow = t < 0 ? 1 : 0;
        diff.limbs_[i] = std::uint32_t(t + borrow * std::int64_t(B));
    }
    diff.trim();
    return diff;
}

decimal multiply(const decimal &a, const decimal &b)
{
    decimal product;
    if (a.is_zero() || b.is_zero()) return product;
    product.limbs_.assign(a.limbs_.size() + b.limbs_.size(), 0);
    // Row by row; every partial sum stays below 10^18 + 2·10^9 < 2^64.
    for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
        std::uint64_t carry = 0;
        const std::uint64_t ai = a.limbs_[i];
        for (std::size_t j = 0; j < b.limbs_.size(); ++j) {
            std::uint64_t t = product.limbs_[i + j] + ai * b.limbs_[j] + carry;
            product.limbs_[i + j] = std::uint32_t(t % B);
            carry = t / B;
        }
        product.limbs_[i + b.limbs_.size()] = std::uint32_t(carry);
    }
    product.trim();
    return product;
}

void divide(const decimal &dividend, const decimal &divisor, decimal *quotient, decimal *remainder)
{
    assert(!divisor.is_zero());
    if (compare(dividend, divisor) < 0) {
        if (quotient) *quotient = decimal();
        if (remainder) *remainder = dividend;
        return;
    }
    const std::size_t n = divisor.limbs_.size();
    if (n == 1) {
        decimal q = dividend;
        std::uint32_t r = q.divide_small(divisor.limbs_[0]);
        if (quotient) *quotient = std::move(q);
        if (remainder) *remainder = decimal(r);
        return;
    }
    const std::size_t m = dividend.limbs_.size() - n;

    // D1: scale both so the divisor's top limb is at least B/2, which keeps the
    // quotient-digit estimate at most two too large.
    const std::uint32_t scale = std::uint32_t(B / (std::uint64_t(divisor.limbs_.back()) + 1));
    decimal u = dividend, v = divisor;
    u.multiply_add_small(scale, 0);
    v.multiply_add_small(scale, 0);
    u.limbs_.resize(dividend.limbs_.size() + 1, 0);
    assert(v.limbs_.size() == n);
    const std::uint64_t v_top = v.limbs_[n - 1], v_next = v.limbs_[n - 2];

    decimal q;
    q.limbs_.assign(m + 1, 0);
    for (std::size_t j = m + 1; j-- > 0;) {
        // D3: estimate the quotient digit from the top two limbs, refined by the third.
        const std::uint64_t top = std::uint64_t(u.limbs_[j + n]) * B + u.limbs_[j + n - 1];
        std::uint64_t qhat = top / v_top, rhat = top % v_top;
        while (qhat >= B || qhat * v_next > rhat * B + u.limbs_[j + n - 2]) {
            --qhat;
            rhat += v_top;
            if (rhat >= B) break;
        }
        // D4: multiply and subtract.
        std::uint64_t carry = 0;
        std::int64_t borrow = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t p = qhat * v.limbs_[i] + carry;
            carry = p / B;
            std::int64_t t = std::int64_t(u.limbs_[i + j]) - std::int64_t(p % B) - borrow;
            borrow = t < 0 ? 1 : 0;
            u.limbs_[i + j] = std::uint32_t(t + borrow * std::int64_t(B));
        }
        std::int64_t t = std::int64_t(u.limbs_[j + n]) - std::int64_t(carry) - borrow;
        if (t < 0) {
            // D6: the estimate was one too large; add the divisor back.
            --qhat;
            std::uint64_t c = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint64_t s = std::uint64_t(u.limbs_[i + j]) + v.limbs_[i] + c;
                u.limbs_[i + j] = std::uint32_t(s % B);
                c = s / B;
            }
            t += std::int64_t(c);
            assert(t == 0);
        }
        u.limbs_[j + n] = std::uint32_t(t);
        q.limbs_[j] = std::uint32_t(qhat);
    }
    if (quotient) {
        q.trim();
        *quotient = std::move(q);
    }
    if (remainder) {
        // D8: the remainder is the low n limbs, unscaled.
        u.limbs_.resize(n);
        u.trim();
        u.divide_small(scale);
        *remainder = std::move(u);
    }
}

decimal remainder(const decimal &a, const decimal &m)
{
    decimal r;
    divide(a, m, nullptr, &r);
    return r;
}

decimal power_modulo(const decimal &base, const decimal &exponent, const decimal &modulus)
{
    // The exponent's bits, least significant first, by halving its digits.
    std::vector<std::uint8_t> bits;
    decimal e = exponent;
    while (!e.is_zero()) bits.push_back(std::uint8_t(e.divide_small(2)));

    const decimal b = remainder(base, modulus);
    decimal acc = remainder(decimal(1), modulus);
    for (std::size_t i = bits.size(); i-- > 0;) {
        acc = remainder(multiply(acc, acc), modulus);
        if (bits[i]) acc = remainder(multiply(acc, b), modulus);
    }
    return acc;
}

std::string to_decimal_string(std::span<const std::uint8_t> big_endian)
{
    return decimal::from_octets(big_endian).to_string();
}

private_key prepare_key(const key_octets &octets)
{
    // Octets -> decimal strings -> numbers, as the platform imported keys.
    auto import = [](std::span<const std::uint8_t> field) {
        decimal x;
        bool ok = decimal::parse(to_decimal_string(field), x);
        assert(ok);
        (void)ok;
        return x;
    };
    private_key key;
    key.n = import(octets.n);
    key.p = import(octets.p);
    key.q = import(octets.q);
    key.dp = import(octets.dp);
    key.dq = import(octets.dq);
    key.qinv = import(octets.qinv);
    std::size_t leading_zeros = 0;
    while (leading_zeros < octets.n.size() && octets.n[leading_zeros] == 0) ++leading_zeros;
    key.modulus_octets = octets.n.size() - leading_zeros;
    return key;
}

std::vector<std::uint8_t> sign_sha256_digest(const private_key &key,
                                             const std::array<std::uint8_t, 32> &digest)
{
    const std::size_t k = key.modulus_octets;
    const std::size_t t_len = sha256_digest_info.size() + digest.size();
    if (k < t_len + 11) return {};

    // EM = 0x00 || 0x01 || PS (0xff...) || 0x00 || DigestInfo || digest  (RFC 8017 §9.2)
    std::vector<std::uint8_t> em(k, 0xff);
    em[0] = 0x00;
    em[1] = 0x01;
    em[k - t_len - 1] = 0x00;
    std::copy(sha256_digest_info.begin(), sha256_digest_info.end(), em.end() - std::ptrdiff_t(t_len));
    std::copy(digest.begin(), digest.end(), em.end() - std::ptrdiff_t(digest.size()));
    const decimal m = decimal::from_octets(em);

    // CRT (RFC 8017 §5.1.2, 2.b): two half-size exponentiations, then Garner.
    const decimal m1 = power_modulo(m, key.dp, key.p);
    const decimal m2 = power_modulo(m, key.dq, key.q);
    const decimal m2_mod_p = remainder(m2, key.p);
    const decimal diff = compare(m1, m2_mod_p) >= 0 ? subtract(m1, m2_mod_p)
                                                     : subtract(add(m1, key.p), m2_mod_p);
    const decimal h = remainder(multiply(key.qinv, diff), key.p);
    const decimal s = add(m2, multiply(key.q, h));

    std::vector<std::uint8_t> signature(k);
    if (!s.to_octets(signature)) return {};
    return signature;
}

} // namespace decimal_core
