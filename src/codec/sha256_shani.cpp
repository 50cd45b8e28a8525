// SHA-256 compression (FIPS 180-4 §6.2.2) with the x86 SHA extensions.
//
// Written from the instruction descriptions in the Intel SDM (SHA256RNDS2,
// SHA256MSG1, SHA256MSG2). The code is compiled for the SHA extensions through
// function attributes, so the rest of the library needs no special flags; the
// caller (sha256.cpp) must check sha_extensions_available() first.
#include "codec/sha256_compress.hpp"
#include "codec/sha_extensions.hpp"

namespace twoleg::detail {

#if defined(__x86_64__) || defined(__i386__)

namespace {

// Reverses the order of bytes inside each 32-bit lane: the message is
// big-endian (FIPS 180-4 §3.1), the lanes are little-endian.
TWOLEG_SHANI_TARGET inline __m128i load_message_words(const std::uint8_t *p)
{
    const __m128i swap_bytes = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)), swap_bytes);
}

// The next four schedule words W[t..t+3] (FIPS 180-4 §6.2.2 step 1) from the
// previous sixteen, held as w0 = W[t-16..t-13], ..., w3 = W[t-4..t-1].
// SHA256MSG1 adds sigma0(W[t-15+i]) to W[t-16+i]; the W[t-7+i] terms are
// W[t-7..t-4], i.e. the vector w2:w3 shifted by one word; SHA256MSG2 adds
// sigma1(W[t-2+i]), feeding its own first two results into the last two.
TWOLEG_SHANI_TARGET inline __m128i next_schedule_words(__m128i w0, __m128i w1, __m128i w2, __m128i w3)
{
    const __m128i partial = _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4));
    return _mm_sha256msg2_epu32(partial, w3);
}

// Four rounds. SHA256RNDS2 takes the working variables split as (A,B,E,F)
// and (C,D,G,H), each with the first letter in the highest lane, and uses the
// two low lanes of its third operand as W+K of two rounds. After two rounds
// the old (A,B,E,F) is exactly the new (C,D,G,H), so the roles alternate.
TWOLEG_SHANI_TARGET inline void four_rounds(__m128i &abef, __m128i &cdgh, __m128i words, int group)
{
    const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i *>(sha256_round_constants.data() + 4 * group));
    const __m128i wk = _mm_add_epi32(words, k);
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
    abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0e)); // lanes 2,3 -> 0,1
}

} // namespace

TWOLEG_SHANI_TARGET
void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept
{
    // state[0..3] = a,b,c,d and state[4..7] = e,f,g,h in memory (lowest lane first).
    // Reversed: dcba and hgfe; then ABEF has lanes f,e,b,a and CDGH h,g,d,c.
    const __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(state)), 0x1b);
    const __m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(state + 4)), 0x1b);
    __m128i abef = _mm_unpackhi_epi64(hgfe, dcba);
    __m128i cdgh = _mm_unpacklo_epi64(hgfe, dcba);

    for (; count > 0; --count, blocks += 64) {
        const __m128i abef_in = abef;
        const __m128i cdgh_in = cdgh;

        __m128i w[4];
        for (int g = 0; g < 4; ++g) {
            w[g] = load_message_words(blocks + 16 * g);
            four_rounds(abef, cdgh, w[g], g);
        }
        // w[g % 4] always holds the most recent sixteen words in order.
#pragma GCC unroll 12
        for (int g = 4; g < 16; ++g) {
            w[g % 4] = next_schedule_words(w[g % 4], w[(g + 1) % 4], w[(g + 2) % 4], w[(g + 3) % 4]);
            four_rounds(abef, cdgh, w[g % 4], g);
        }

        // FIPS 180-4 §6.2.2 step 4: add the working variables to the state.
        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
    }

    // Back to a,b,c,d / e,f,g,h: unpackhi gives d,c,b,a and unpacklo h,g,f,e.
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state), _mm_shuffle_epi32(_mm_unpackhi_epi64(cdgh, abef), 0x1b));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state + 4), _mm_shuffle_epi32(_mm_unpacklo_epi64(cdgh, abef), 0x1b));
}

#else // not x86

// Never selected on this architecture; kept so the symbol exists everywhere.
void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t *blocks, std::size_t count) noexcept
{
    sha256_compress_portable(state, blocks, count);
}

#endif

} // namespace twoleg::detail
