// SHA-1 compression (FIPS 180-4 §6.1.2) with the x86 SHA extensions.
//
// Written from the instruction descriptions in the Intel SDM (SHA1RNDS4,
// SHA1NEXTE, SHA1MSG1, SHA1MSG2). Compiled for the SHA extensions through
// function attributes, like sha256_shani.cpp; the dispatcher in sha1.cpp
// calls it only if sha_extensions_available().
#include "codec/sha1_compress.hpp"
#include "codec/sha_extensions.hpp"

namespace twoleg::detail {

#if defined(__x86_64__) || defined(__i386__)

namespace {

// Four rounds of group g (rounds 4g..4g+3); the instruction takes the
// round function (f and K of §4.1.1, §4.2.1: one per 20 rounds) as an
// immediate, hence the switch on the public round number.
TWOLEG_SHANI_TARGET inline __m128i four_rounds(__m128i abcd, __m128i e_plus_w, int g)
{
    switch (g / 5) {
    case 0: return _mm_sha1rnds4_epu32(abcd, e_plus_w, 0);
    case 1: return _mm_sha1rnds4_epu32(abcd, e_plus_w, 1);
    case 2: return _mm_sha1rnds4_epu32(abcd, e_plus_w, 2);
    default: return _mm_sha1rnds4_epu32(abcd, e_plus_w, 3);
    }
}

} // namespace

TWOLEG_SHANI_TARGET
void sha1_compress_shani(std::uint32_t state[5], const std::uint8_t *blocks, std::size_t count) noexcept
{
    // The instructions keep A in the highest lane and E alone in the highest
    // lane of a second register; message words go highest lane first, so a
    // 16-byte group of the big-endian message is byte-reversed as a whole.
    const __m128i reverse_bytes = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(state)), 0x1b);
    __m128i e0 = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);

    for (; count > 0; --count, blocks += 64) {
        const __m128i abcd_in = abcd;
        const __m128i e_in = e0;
        __m128i w[4];
        __m128i e_plus_w = e0;
        __m128i before = abcd; // A..D before the latest four rounds
#pragma GCC unroll 20
        for (int g = 0; g < 20; ++g) {
            if (g < 4) {
                w[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(blocks + 16 * g)),
                                        reverse_bytes);
            } else {
                // §6.1.2 step 1 for W[4g..4g+3]: SHA1MSG1 xors W[t-16] and
                // W[t-14], the xor adds W[t-8], SHA1MSG2 adds W[t-3] and rotates.
                const __m128i partial =
                    _mm_xor_si128(_mm_sha1msg1_epu32(w[g % 4], w[(g + 1) % 4]), w[(g + 2) % 4]);
                w[g % 4] = _mm_sha1msg2_epu32(partial, w[(g + 3) % 4]);
            }
            // E for these rounds: the initial E in group 0; afterwards
            // SHA1NEXTE derives it (ROTL30 of the A four rounds back).
            e_plus_w = g == 0 ? _mm_add_epi32(e0, w[0]) : _mm_sha1nexte_epu32(before, w[g % 4]);
            before = abcd;
            abcd = four_rounds(abcd, e_plus_w, g);
        }
        // §6.1.2 step 4: E after round 79 is ROTL30 of A before the last group.
        e0 = _mm_sha1nexte_epu32(before, e_in);
        abcd = _mm_add_epi32(abcd, abcd_in);
    }

    _mm_storeu_si128(reinterpret_cast<__m128i *>(state), _mm_shuffle_epi32(abcd, 0x1b));
    state[4] = static_cast<std::uint32_t>(_mm_extract_epi32(e0, 3));
}

#else // not x86

// Never selected on this architecture; kept so the symbol exists everywhere.
void sha1_compress_shani(std::uint32_t state[5], const std::uint8_t *blocks, std::size_t count) noexcept
{
    sha1_compress_portable(state, blocks, count);
}

#endif

} // namespace twoleg::detail
