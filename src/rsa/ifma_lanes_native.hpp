// Internal: the lane operations of ifma_lanes_model.hpp as AVX-512 instructions
// (F, IFMA, VL, BW, DQ). Include only in a translation unit whose functions
// carry TWOLEG_IFMA_TARGET, and call only after cpu_features().avx512_ifma.
#pragma once

// g++ 12 reports its own _mm512_setzero_si512 (`__Y = __Y`) as uninitialised
// once inlined into other intrinsics; the warning points into the header.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <cstdint>

// Sanitizer builds (see mask_bits).
#if defined(__SANITIZE_ADDRESS__)
#define TWOLEG_SANITIZED_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define TWOLEG_SANITIZED_BUILD 1
#endif
#endif

#define TWOLEG_IFMA_TARGET __attribute__((target("avx512f,avx512ifma,avx512vl,avx512bw,avx512dq")))
#define TWOLEG_IFMA_INLINE inline __attribute__((always_inline, target("avx512f,avx512ifma,avx512vl,avx512bw,avx512dq")))

namespace twoleg::detail {

struct native_lanes {
    static constexpr const char *kernel_name = "ifma";  // rsa_kernel_name() of a key on it
    using vec = __m512i;
    using mask = __mmask8;

    static TWOLEG_IFMA_INLINE vec zero() noexcept { return _mm512_setzero_si512(); }
    static TWOLEG_IFMA_INLINE vec load(const std::uint64_t *p) noexcept { return _mm512_loadu_si512(p); }
    static TWOLEG_IFMA_INLINE void store(std::uint64_t *p, vec a) noexcept { _mm512_storeu_si512(p, a); }
    static TWOLEG_IFMA_INLINE vec broadcast(std::uint64_t x) noexcept
    {
        return _mm512_set1_epi64(static_cast<long long>(x));
    }
    /// VPBROADCASTQ from memory: a load, no vector ALU operation. Written
    /// as assembly so that the compiler cannot merge it with a scalar load of
    /// the same word and broadcast from the register instead.
    static TWOLEG_IFMA_INLINE vec broadcast_from(const std::uint64_t *p) noexcept
    {
        vec r;
        asm("vpbroadcastq %1, %0" : "=v"(r) : "m"(*p));
        return r;
    }
    static TWOLEG_IFMA_INLINE vec madd52lo(vec acc, vec a, vec b) noexcept { return _mm512_madd52lo_epu64(acc, a, b); }
    static TWOLEG_IFMA_INLINE vec madd52hi(vec acc, vec a, vec b) noexcept { return _mm512_madd52hi_epu64(acc, a, b); }
    static TWOLEG_IFMA_INLINE vec add(vec a, vec b) noexcept { return _mm512_add_epi64(a, b); }
    static TWOLEG_IFMA_INLINE vec bit_and(vec a, vec b) noexcept { return _mm512_and_si512(a, b); }
    template <unsigned S>
    static TWOLEG_IFMA_INLINE vec shift_right(vec a) noexcept
    {
        return _mm512_srli_epi64(a, S);
    }
    template <unsigned I>
    static TWOLEG_IFMA_INLINE vec align(vec hi, vec lo) noexcept
    {
        return _mm512_alignr_epi64(hi, lo, I);
    }
    static TWOLEG_IFMA_INLINE mask greater(vec a, vec b) noexcept { return _mm512_cmpgt_epu64_mask(a, b); }
    static TWOLEG_IFMA_INLINE mask equal(vec a, vec b) noexcept { return _mm512_cmpeq_epu64_mask(a, b); }
    /// A mask as a number. Sanitizer builds move it with KMOVB written as
    /// assembly: there g++ 12 fuses the compare that made the mask with the
    /// widening into a pattern (avx512f_ucmp<mode>3_zero_extend) whose
    /// splitter writes only the low byte of the 64-bit result, and under the
    /// register pressure of -O1 with -fsanitize=address,undefined that result
    /// is spilled: a one-byte KMOVB store is reloaded as eight bytes, seven of
    /// them stale, and normalise adds stray carries. Release builds do not
    /// spill there (the native tests compare every result with GMP and the
    /// model) and keep the plain conversion, which schedules 2-4 % faster.
    static TWOLEG_IFMA_INLINE std::uint64_t mask_bits(mask k) noexcept
    {
#if defined(TWOLEG_SANITIZED_BUILD)
        std::uint64_t x;
        asm("kmovb %1, %k0" : "=r"(x) : "k"(k));
        return x;
#else
        return k;
#endif
    }
    static TWOLEG_IFMA_INLINE vec blend(mask k, vec a, vec b) noexcept { return _mm512_mask_blend_epi64(k, a, b); }
    static TWOLEG_IFMA_INLINE std::uint64_t lane0(vec a) noexcept
    {
        return static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm512_castsi512_si128(a)));
    }
    /// Lane 1 through memory: VMOVHPD stores it to `slot` (no vector ALU
    /// operation, where VPEXTRQ to a register takes two) and a scalar load
    /// reads its bits back.
    static TWOLEG_IFMA_INLINE std::uint64_t lane1_through(vec a, double *slot) noexcept
    {
        _mm_storeh_pd(slot, _mm_castsi128_pd(_mm512_castsi512_si128(a)));
        std::uint64_t x;
        asm volatile("movq %1, %0" : "=r"(x) : "m"(*slot));
        return x;
    }
    /// x·(*p) mod 2^64 with *p read by the multiply itself (IMUL r64, m64),
    /// so the compiler cannot keep the factor in a vector register, whose
    /// every read would take a vector ALU operation from the products.
    static TWOLEG_IFMA_INLINE std::uint64_t multiply_low(std::uint64_t x, const std::uint64_t *p) noexcept
    {
        asm("imulq %1, %0" : "+r"(x) : "m"(*p) : "cc");
        return x;
    }
};

} // namespace twoleg::detail
