// Internal: the two exponentiation ladders, written once for every kernel.
//
// A kernel type K passed here provides
//   K::streams                 how many exponentiations run side by side (1 or 2)
//   k.window_bits()            fixed window width w of the secret ladder
//   k.words()                  64-bit words per value (all streams together)
//   k.multiply(out, a, b)      almost-Montgomery product, out may alias a or b
//   k.square(out, a)           the same for a·a, out may alias a
//   k.select(out, table, entries, index)
//                              masked scan: out = entry index[s] for stream s,
//                              reading every entry in full
// and the ladders only decide the order of those calls, from public data (the
// exponent's bit length) alone.
#pragma once

#include <gmp.h>

#include <cstddef>

namespace twoleg::detail {

/// Bits [pos, pos + width) of an exponent of `limbs` limbs; pos and width are
/// public, so the two reads are at public addresses.
inline mp_limb_t exponent_window(const mp_limb_t *exponent, std::size_t limbs, std::size_t pos,
                                 unsigned width) noexcept
{
    const std::size_t word = pos / 64;
    const unsigned shift = pos % 64;
    mp_limb_t bits = exponent[word] >> shift;
    if (shift + width > 64 && word + 1 < limbs) bits |= exponent[word + 1] << (64 - shift);
    return bits & ((mp_limb_t{1} << width) - 1);
}

/// Fixed-window exponentiation with a secret exponent per stream, all of
/// `exponent_bits` bits (padded: leading zeros cost as much as any window).
/// table: 2^w entries of k.words() words, entries 0 and 1 already holding one
/// and the base in the kernel's Montgomery form; the ladder fills the rest
/// (T[2i] = T[i]², T[2i+1] = T[2i]·T[1]). acc, factor: k.words() words each.
/// Leaves acc = base^exponent in Montgomery form (almost reduced). Every
/// window costs w squarings, one full table scan and one product.
template <class K>
void fixed_window_ladder(const K &k, mp_limb_t *table, mp_limb_t *acc, mp_limb_t *factor,
                         const mp_limb_t *const (&exponents)[K::streams], std::size_t exponent_limbs,
                         std::size_t exponent_bits) noexcept
{
    const unsigned w = k.window_bits();
    const std::size_t entries = std::size_t{1} << w, words = k.words();
    for (std::size_t i = 2; i < entries; ++i) {
        if (i % 2 == 0)
            k.square(table + i * words, table + (i / 2) * words);
        else
            k.multiply(table + i * words, table + (i - 1) * words, table + words);
    }
    mp_limb_t index[K::streams];
    const auto windows_at = [&](std::size_t pos, unsigned width) {
        for (std::size_t s = 0; s < K::streams; ++s)
            index[s] = exponent_window(exponents[s], exponent_limbs, pos, width);
    };
    // The top window holds the leftover bits (1..w); then full windows.
    std::size_t pos = exponent_bits;
    if (exponent_bits == 0) {
        for (std::size_t i = 0; i < words; ++i) acc[i] = table[i];
    } else {
        const unsigned top = exponent_bits % w ? static_cast<unsigned>(exponent_bits % w) : w;
        pos -= top;
        windows_at(pos, top);
        k.select(acc, table, entries, index);
    }
    while (pos > 0) {
        pos -= w;
        for (unsigned s = 0; s < w; ++s) k.square(acc, acc);
        windows_at(pos, w);
        k.select(factor, table, entries, index);
        k.multiply(acc, acc, factor);
    }
    for (std::size_t s = 0; s < K::streams; ++s) index[s] = 0;
}

/// Left-to-right binary exponentiation for a PUBLIC exponent (its top bit,
/// exponent_bits − 1, set): the squarings and products follow the exponent's
/// bits, each constant time in the (possibly secret) base. x: the base in
/// Montgomery form; acc receives x^exponent in Montgomery form.
template <class K>
void public_exponent_ladder(const K &k, mp_limb_t *acc, const mp_limb_t *x, const mp_limb_t *exponent,
                            std::size_t exponent_bits) noexcept
{
    for (std::size_t i = 0; i < k.words(); ++i) acc[i] = x[i];
    for (std::size_t bit = exponent_bits - 1; bit-- > 0;) {
        k.square(acc, acc);
        if ((exponent[bit / 64] >> (bit % 64)) & 1) k.multiply(acc, acc, x);
    }
}

} // namespace twoleg::detail
