// AES with the x86 AES-NI instructions (AESENC, AESENCLAST, AESDEC,
// AESDECLAST, AESIMC), written from the Intel SDM's descriptions. The key
// expansion is aes.cpp's constant-time portable one, so no AESKEYGENASSIST
// is needed. Compiled for AES-NI through function attributes.
#include "cipher/aes_ni.hpp"

#include "cipher/aes.hpp"
#include "core/env.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TWOLEG_AESNI_TARGET __attribute__((target("aes,sse2")))
#endif

namespace twoleg::detail {

#if defined(__x86_64__) || defined(__i386__)

bool aes_ni_available() noexcept { return cpu_features().aes_ni; }

namespace {
TWOLEG_AESNI_TARGET inline __m128i load(const std::uint8_t *p)
{
    return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
}
} // namespace

namespace {
// One block through the cipher (AESENC rounds) or, with the inverse round
// keys of aes_ni_inverse_keys, the equivalent inverse cipher (AESDEC rounds).
template <bool Inverse>
TWOLEG_AESNI_TARGET inline void crypt_block(const std::uint8_t *keys, unsigned rounds, const std::uint8_t *in,
                                            std::uint8_t *out) noexcept
{
    __m128i x = _mm_xor_si128(load(in), load(keys));
    for (unsigned r = 1; r < rounds; ++r) {
        if constexpr (Inverse)
            x = _mm_aesdec_si128(x, load(keys + 16 * r));
        else
            x = _mm_aesenc_si128(x, load(keys + 16 * r));
    }
    if constexpr (Inverse)
        x = _mm_aesdeclast_si128(x, load(keys + 16 * rounds));
    else
        x = _mm_aesenclast_si128(x, load(keys + 16 * rounds));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(out), x);
}
} // namespace

TWOLEG_AESNI_TARGET
void aes_ni_encrypt_block(const std::uint8_t *keys, unsigned rounds, const std::uint8_t *in,
                          std::uint8_t *out) noexcept
{
    crypt_block<false>(keys, rounds, in, out);
}

TWOLEG_AESNI_TARGET
void aes_ni_decrypt_block(const std::uint8_t *inverse_keys, unsigned rounds, const std::uint8_t *in,
                          std::uint8_t *out) noexcept
{
    crypt_block<true>(inverse_keys, rounds, in, out);
}

TWOLEG_AESNI_TARGET
void aes_ni_inverse_keys(const std::uint8_t *keys, unsigned rounds, std::uint8_t *inverse_keys) noexcept
{
    _mm_storeu_si128(reinterpret_cast<__m128i *>(inverse_keys), load(keys + 16 * rounds));
    for (unsigned r = 1; r < rounds; ++r)
        _mm_storeu_si128(reinterpret_cast<__m128i *>(inverse_keys + 16 * r),
                         _mm_aesimc_si128(load(keys + 16 * (rounds - r))));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(inverse_keys + 16 * rounds), load(keys));
}

#else // not x86

bool aes_ni_available() noexcept { return false; }
// Never called on this architecture (aes_ni_available() is false).
void aes_ni_encrypt_block(const std::uint8_t *, unsigned, const std::uint8_t *, std::uint8_t *) noexcept {}
void aes_ni_decrypt_block(const std::uint8_t *, unsigned, const std::uint8_t *, std::uint8_t *) noexcept {}
void aes_ni_inverse_keys(const std::uint8_t *, unsigned, std::uint8_t *) noexcept {}

#endif

} // namespace twoleg::detail
