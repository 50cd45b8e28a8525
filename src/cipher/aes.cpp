// Implements cipher/aes.hpp from FIPS 197: the key expansion (§5.2), the
// cipher (§5.1) and the inverse cipher (§5.3), in constant time, and the
// choice of AES-NI (aes_ni.cpp).
//
// Constant time without tables: SubBytes computes S(x) = A(x^254) + 0x63
// (§5.1.1: the multiplicative inverse in GF(2^8), then the affine map A).
// The bytes are "bitsliced" first: plane i holds bit i of every byte (bit j
// of the plane for byte j), so one AND or XOR on planes acts on all bytes at
// once and GF(2^8) multiplication becomes a fixed sequence of 64 ANDs and
// about 90 XORs. xtime (multiplication by x) uses a mask from the top bit.
// No index or branch depends on key or data anywhere in this file.
#include "cipher/aes.hpp"

#include <cstring>

#include "cipher/aes_ni.hpp"
#include "core/env.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

namespace {

using planes = std::uint32_t[8];

// n ≤ 32 bytes into planes: bit j of p[i] = bit i of bytes[j].
void to_planes(const std::uint8_t *bytes, std::size_t n, planes p) noexcept
{
    for (int i = 0; i < 8; ++i) p[i] = 0;
    for (std::size_t j = 0; j < n; ++j)
        for (int i = 0; i < 8; ++i) p[i] |= static_cast<std::uint32_t>((bytes[j] >> i) & 1u) << j;
}

void from_planes(const planes p, std::uint8_t *bytes, std::size_t n) noexcept
{
    for (std::size_t j = 0; j < n; ++j) {
        unsigned b = 0;
        for (int i = 0; i < 8; ++i) b |= ((p[i] >> j) & 1u) << i;
        bytes[j] = static_cast<std::uint8_t>(b);
    }
}

// Reduces a product of degree ≤ 14 modulo m(x) = x^8 + x^4 + x^3 + x + 1
// (§4.2): x^k = x^(k-8)·(x^4 + x^3 + x + 1), highest term first so that the
// terms it creates at 8..10 are reduced in turn.
void reduce(std::uint32_t c[15], planes out) noexcept
{
    for (int k = 14; k >= 8; --k) {
        c[k - 4] ^= c[k];
        c[k - 5] ^= c[k];
        c[k - 7] ^= c[k];
        c[k - 8] ^= c[k];
    }
    for (int i = 0; i < 8; ++i) out[i] = c[i];
}

void gf_multiply(const planes a, const planes b, planes out) noexcept
{
    std::uint32_t c[15] = {};
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 8; ++j) c[i + j] ^= a[i] & b[j];
    reduce(c, out);
}

// Squaring is linear over GF(2): (Σ a_i x^i)^2 = Σ a_i x^(2i).
void gf_square(const planes a, planes out) noexcept
{
    std::uint32_t c[15] = {};
    for (int i = 0; i < 8; ++i) c[2 * i] = a[i];
    reduce(c, out);
}

// x^254 = x^-1 for x ≠ 0, and 0 for 0 (as §5.1.1 wants), by the chain
// 2, 3, 6, 12, 15, 30, 60, 120, 240, 252, 254.
void gf_invert(const planes x, planes out) noexcept
{
    planes x2, x3, x6, x12, x15, t;
    gf_square(x, x2);
    gf_multiply(x2, x, x3);
    gf_square(x3, x6);
    gf_square(x6, x12);
    gf_multiply(x12, x3, x15);
    gf_square(x15, t);  // 30
    gf_square(t, t);    // 60
    gf_square(t, t);    // 120
    gf_square(t, t);    // 240
    gf_multiply(t, x12, t); // 252
    gf_multiply(t, x2, out); // 254
}

// §5.1.1 (5.1): s_i = b_i ⊕ b_(i+4) ⊕ b_(i+5) ⊕ b_(i+6) ⊕ b_(i+7) ⊕ c_i, c = 0x63.
void affine(const planes b, planes s) noexcept
{
    for (int i = 0; i < 8; ++i) {
        const std::uint32_t constant = (0x63u >> i) & 1u ? ~0u : 0u; // i is public
        s[i] = b[i] ^ b[(i + 4) % 8] ^ b[(i + 5) % 8] ^ b[(i + 6) % 8] ^ b[(i + 7) % 8] ^ constant;
    }
}

// The inverse of affine (§5.3.2): b_i = s_(i+2) ⊕ s_(i+5) ⊕ s_(i+7) ⊕ d_i, d = 0x05.
void inverse_affine(const planes s, planes b) noexcept
{
    for (int i = 0; i < 8; ++i) {
        const std::uint32_t constant = (0x05u >> i) & 1u ? ~0u : 0u;
        b[i] = s[(i + 2) % 8] ^ s[(i + 5) % 8] ^ s[(i + 7) % 8] ^ constant;
    }
}

// SubBytes on n ≤ 32 bytes in place: the inversion in GF(2^8), then the
// affine map; InvSubBytes (Inverse) undoes the affine map, then inverts.
template <bool Inverse>
void substitute_bytes(std::uint8_t *bytes, std::size_t n) noexcept
{
    planes in, mid, out;
    to_planes(bytes, n, in);
    if constexpr (Inverse) {
        inverse_affine(in, mid);
        gf_invert(mid, out);
    } else {
        gf_invert(in, mid);
        affine(mid, out);
    }
    from_planes(out, bytes, n);
}

void sub_bytes(std::uint8_t *bytes, std::size_t n) noexcept { substitute_bytes<false>(bytes, n); }
void inv_sub_bytes(std::uint8_t *bytes, std::size_t n) noexcept { substitute_bytes<true>(bytes, n); }

// Multiplication by x (§4.2.1) without a branch on the top bit.
inline std::uint8_t xtime(std::uint8_t b) noexcept
{
    return static_cast<std::uint8_t>((b << 1) ^ (0x1b & (0u - (b >> 7))));
}

// The state is 16 bytes, column-major as in §3.4: s[r + 4c].
void shift_rows(std::uint8_t s[16]) noexcept
{
    std::uint8_t t[16];
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) t[r + 4 * c] = s[r + 4 * ((c + r) % 4)];
    std::memcpy(s, t, 16);
}

void inv_shift_rows(std::uint8_t s[16]) noexcept
{
    std::uint8_t t[16];
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) t[r + 4 * ((c + r) % 4)] = s[r + 4 * c];
    std::memcpy(s, t, 16);
}

// §5.1.3: each column times {03}x^3 + {01}x^2 + {01}x + {02}. With
// t = a0 ⊕ a1 ⊕ a2 ⊕ a3, the new a_i = a_i ⊕ t ⊕ xtime(a_i ⊕ a_(i+1)).
void mix_columns(std::uint8_t s[16]) noexcept
{
    for (int c = 0; c < 4; ++c) {
        std::uint8_t *a = s + 4 * c;
        const std::uint8_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
        const auto t = static_cast<std::uint8_t>(a0 ^ a1 ^ a2 ^ a3);
        a[0] = static_cast<std::uint8_t>(a0 ^ t ^ xtime(static_cast<std::uint8_t>(a0 ^ a1)));
        a[1] = static_cast<std::uint8_t>(a1 ^ t ^ xtime(static_cast<std::uint8_t>(a1 ^ a2)));
        a[2] = static_cast<std::uint8_t>(a2 ^ t ^ xtime(static_cast<std::uint8_t>(a2 ^ a3)));
        a[3] = static_cast<std::uint8_t>(a3 ^ t ^ xtime(static_cast<std::uint8_t>(a3 ^ a0)));
    }
}

// §5.3.3: the inverse polynomial {0b}x^3 + {0d}x^2 + {09}x + {0e} factors as
// ({04}x^2 + {05}) times MixColumns' polynomial, so: first multiply by
// {04}x^2 + {05} (a_i ⊕= {04}·(a_i ⊕ a_(i+2))), then MixColumns.
void inv_mix_columns(std::uint8_t s[16]) noexcept
{
    for (int c = 0; c < 4; ++c) {
        std::uint8_t *a = s + 4 * c;
        const std::uint8_t u = xtime(xtime(static_cast<std::uint8_t>(a[0] ^ a[2])));
        const std::uint8_t v = xtime(xtime(static_cast<std::uint8_t>(a[1] ^ a[3])));
        a[0] = static_cast<std::uint8_t>(a[0] ^ u);
        a[1] = static_cast<std::uint8_t>(a[1] ^ v);
        a[2] = static_cast<std::uint8_t>(a[2] ^ u);
        a[3] = static_cast<std::uint8_t>(a[3] ^ v);
    }
    mix_columns(s);
}

inline void add_round_key(std::uint8_t s[16], const std::uint8_t *k) noexcept
{
    for (int i = 0; i < 16; ++i) s[i] = static_cast<std::uint8_t>(s[i] ^ k[i]);
}

// §5.2: Nk-word key to 4(Nr+1) words, written as bytes (word i at 4i,
// its first byte first, as the cipher adds them to the state's columns).
void expand_key(const std::uint8_t *key, unsigned nk, unsigned rounds, std::uint8_t *w) noexcept
{
    const unsigned words = 4 * (rounds + 1);
    std::memcpy(w, key, 4 * nk);
    std::uint8_t rcon = 0x01;
    for (unsigned i = nk; i < words; ++i) {
        std::uint8_t temp[4];
        std::memcpy(temp, w + 4 * (i - 1), 4);
        if (i % nk == 0) {
            // RotWord, SubWord, then Rcon[i/Nk] = x^(i/Nk - 1) on the first byte.
            const std::uint8_t first = temp[0];
            temp[0] = temp[1];
            temp[1] = temp[2];
            temp[2] = temp[3];
            temp[3] = first;
            sub_bytes(temp, 4);
            temp[0] = static_cast<std::uint8_t>(temp[0] ^ rcon);
            rcon = xtime(rcon);
        } else if (nk > 6 && i % nk == 4) {
            sub_bytes(temp, 4);
        }
        for (int b = 0; b < 4; ++b) w[4 * i + b] = static_cast<std::uint8_t>(w[4 * (i - nk) + b] ^ temp[b]);
        secure_wipe(temp, sizeof temp);
    }
}

// AES-NI unless the CPU lacks it or TWOLEG_NO_AESNI is set, decided once.
bool aes_ni_enabled() noexcept
{
    static const bool enabled = aes_ni_available() && !env_flag("TWOLEG_NO_AESNI");
    return enabled;
}

} // namespace

void aes_encrypt_block_portable(const std::uint8_t *round_keys, unsigned rounds, const std::uint8_t *in,
                                std::uint8_t *out) noexcept
{
    std::uint8_t s[16];
    std::memcpy(s, in, 16);
    add_round_key(s, round_keys);
    for (unsigned r = 1; r < rounds; ++r) {
        sub_bytes(s, 16);
        shift_rows(s);
        mix_columns(s);
        add_round_key(s, round_keys + 16 * r);
    }
    sub_bytes(s, 16);
    shift_rows(s);
    add_round_key(s, round_keys + 16 * rounds);
    std::memcpy(out, s, 16);
    secure_wipe(s, sizeof s);
}

void aes_decrypt_block_portable(const std::uint8_t *round_keys, unsigned rounds, const std::uint8_t *in,
                                std::uint8_t *out) noexcept
{
    std::uint8_t s[16];
    std::memcpy(s, in, 16);
    add_round_key(s, round_keys + 16 * rounds);
    for (unsigned r = rounds - 1; r >= 1; --r) {
        inv_shift_rows(s);
        inv_sub_bytes(s, 16);
        add_round_key(s, round_keys + 16 * r);
        inv_mix_columns(s);
    }
    inv_shift_rows(s);
    inv_sub_bytes(s, 16);
    add_round_key(s, round_keys);
    std::memcpy(out, s, 16);
    secure_wipe(s, sizeof s);
}

aes::~aes() { clear(); }

void aes::clear() noexcept
{
    secure_wipe(encrypt_keys_, sizeof encrypt_keys_);
    secure_wipe(decrypt_keys_, sizeof decrypt_keys_);
    rounds_ = 0;
    use_aes_ni_ = false;
}

bool aes::set_key(std::span<const std::uint8_t> key, implementation impl) noexcept
{
    clear();
    unsigned rounds;
    switch (key.size()) {
    case 16: rounds = 10; break;
    case 24: rounds = 12; break;
    case 32: rounds = 14; break;
    default: return false;
    }
    bool ni;
    switch (impl) {
    case implementation::portable: ni = false; break;
    case implementation::aes_ni:
        if (!aes_ni_available()) return false;
        ni = true;
        break;
    default: ni = aes_ni_enabled(); break;
    }
    expand_key(key.data(), static_cast<unsigned>(key.size() / 4), rounds, encrypt_keys_);
    if (ni) aes_ni_inverse_keys(encrypt_keys_, rounds, decrypt_keys_);
    rounds_ = rounds;
    use_aes_ni_ = ni;
    return true;
}

void aes::encrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept
{
    if (use_aes_ni_)
        aes_ni_encrypt_block(encrypt_keys_, rounds_, in, out);
    else
        aes_encrypt_block_portable(encrypt_keys_, rounds_, in, out);
}

void aes::decrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept
{
    if (use_aes_ni_)
        aes_ni_decrypt_block(decrypt_keys_, rounds_, in, out);
    else
        aes_decrypt_block_portable(encrypt_keys_, rounds_, in, out);
}

const char *aes::implementation_name() const noexcept { return use_aes_ni_ ? "aes-ni" : "portable"; }

} // namespace twoleg::detail
