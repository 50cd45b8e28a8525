// Internal: the exact scalar model of the AVX-512 lane operations the
// dual-prime kernel (ifma_dual_kernel.hpp) uses, so every machine can run and
// test that kernel; ifma_lanes_native.hpp has the same operations as
// instructions. Each operation is written from the instruction's definition
// (Intel SDM), with nothing the hardware lacks: a multiplicand's bits 52-63
// are ignored, additions wrap modulo 2^64, lane shifts fill from the other
// operand. Every operation is counted in per-thread counters, so the cost of a
// kernel change can be read on any machine (bench_twoleg_paths.cpp prints them).
// Branch-free in the data, like the instructions: the valgrind check marks
// secrets undefined and runs this model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace twoleg::detail {

/// How many of each lane operation the model executed on this thread.
struct lane_op_counts {
    std::uint64_t ifma = 0;        // madd52lo + madd52hi
    std::uint64_t lane_shifts = 0; // align (VALIGNQ)
    std::uint64_t loads = 0;       // vector loads (incl. memory operands)
    std::uint64_t stores = 0;
    std::uint64_t broadcasts = 0;  // from a general-purpose register or memory
    std::uint64_t lane_extracts = 0;  // lane 0 to a general-purpose register (VMOVQ)
    std::uint64_t other = 0;       // add, and, shifts, compares, blends
};

/// The calling thread's counters (reset them by assigning {}).
lane_op_counts &model_lane_counts() noexcept;

struct model_lanes {
    static constexpr const char *kernel_name = "ifma-model";  // rsa_kernel_name() of a key on it
    __extension__ typedef unsigned __int128 product;  // the 104-bit product fits
    struct vec {
        std::uint64_t l[8];
    };
    using mask = std::uint8_t;
    static constexpr std::uint64_t low52 = (std::uint64_t{1} << 52) - 1;

    static vec zero() noexcept { return vec{}; }
    static vec load(const std::uint64_t *p) noexcept
    {
        ++model_lane_counts().loads;
        vec r;
        for (int i = 0; i < 8; ++i) r.l[i] = p[i];
        return r;
    }
    static void store(std::uint64_t *p, const vec &a) noexcept
    {
        ++model_lane_counts().stores;
        for (int i = 0; i < 8; ++i) p[i] = a.l[i];
    }
    static vec broadcast(std::uint64_t x) noexcept
    {
        ++model_lane_counts().broadcasts;
        vec r;
        for (int i = 0; i < 8; ++i) r.l[i] = x;
        return r;
    }
    /// VPBROADCASTQ from memory (counted as a load).
    static vec broadcast_from(const std::uint64_t *p) noexcept
    {
        ++model_lane_counts().loads;
        vec r;
        for (int i = 0; i < 8; ++i) r.l[i] = *p;
        return r;
    }
    /// VPMADD52LUQ: acc + bits 0-51 of lo52(a)·lo52(b), per lane.
    static vec madd52lo(const vec &acc, const vec &a, const vec &b) noexcept
    {
        ++model_lane_counts().ifma;
        vec r;
        for (int i = 0; i < 8; ++i) {
            const product p = static_cast<product>(a.l[i] & low52) * (b.l[i] & low52);
            r.l[i] = acc.l[i] + (static_cast<std::uint64_t>(p) & low52);
        }
        return r;
    }
    /// VPMADD52HUQ: acc + bits 52-103 of lo52(a)·lo52(b), per lane.
    static vec madd52hi(const vec &acc, const vec &a, const vec &b) noexcept
    {
        ++model_lane_counts().ifma;
        vec r;
        for (int i = 0; i < 8; ++i) {
            const product p = static_cast<product>(a.l[i] & low52) * (b.l[i] & low52);
            r.l[i] = acc.l[i] + static_cast<std::uint64_t>(p >> 52);
        }
        return r;
    }
    static vec add(const vec &a, const vec &b) noexcept
    {
        ++model_lane_counts().other;
        vec r;
        for (int i = 0; i < 8; ++i) r.l[i] = a.l[i] + b.l[i];
        return r;
    }
    static vec bit_and(const vec &a, const vec &b) noexcept
    {
        ++model_lane_counts().other;
        vec r;
        for (int i = 0; i < 8; ++i) r.l[i] = a.l[i] & b.l[i];
        return r;
    }
    /// VPSRLQ by an immediate below 64.
    template <unsigned S>
    static vec shift_right(const vec &a) noexcept
    {
        static_assert(S < 64);
        ++model_lane_counts().other;
        vec r;
        for (int i = 0; i < 8; ++i) r.l[i] = a.l[i] >> S;
        return r;
    }
    /// VALIGNQ: lanes I..I+7 of the 16-lane concatenation hi:lo (lo below).
    template <unsigned I>
    static vec align(const vec &hi, const vec &lo) noexcept
    {
        static_assert(I < 8);
        ++model_lane_counts().lane_shifts;
        vec r;
        for (unsigned i = 0; i < 8; ++i) r.l[i] = i + I < 8 ? lo.l[i + I] : hi.l[i + I - 8];
        return r;
    }
    /// VPCMPUQ: bit i set when lane i of a > lane i of b (unsigned).
    static mask greater(const vec &a, const vec &b) noexcept
    {
        ++model_lane_counts().other;
        unsigned m = 0;
        for (int i = 0; i < 8; ++i) m |= static_cast<unsigned>(a.l[i] > b.l[i]) << i;
        return static_cast<mask>(m);
    }
    /// VPCMPUQ: bit i set when lane i of a == lane i of b.
    static mask equal(const vec &a, const vec &b) noexcept
    {
        ++model_lane_counts().other;
        unsigned m = 0;
        for (int i = 0; i < 8; ++i) m |= static_cast<unsigned>(a.l[i] == b.l[i]) << i;
        return static_cast<mask>(m);
    }
    /// KMOVB: a mask into a general-purpose register, zero-extended.
    static std::uint64_t mask_bits(mask k) noexcept { return k; }
    /// VPBLENDMQ: lane i from b where bit i of k is set, else from a.
    static vec blend(mask k, const vec &a, const vec &b) noexcept
    {
        ++model_lane_counts().other;
        vec r;
        for (int i = 0; i < 8; ++i) {
            const std::uint64_t take_b = 0 - static_cast<std::uint64_t>((k >> i) & 1);
            r.l[i] = (a.l[i] & ~take_b) | (b.l[i] & take_b);
        }
        return r;
    }
    /// VMOVQ: lane 0 into a general-purpose register.
    static std::uint64_t lane0(const vec &a) noexcept
    {
        ++model_lane_counts().lane_extracts;
        return a.l[0];
    }
    /// VMOVHPD: lane 1 stored to `slot`, its bits read back by a scalar load.
    static std::uint64_t lane1_through(const vec &a, double *slot) noexcept
    {
        ++model_lane_counts().stores;
        std::memcpy(slot, &a.l[1], sizeof *slot);
        std::uint64_t x;
        std::memcpy(&x, slot, sizeof x);
        return x;
    }
    /// IMUL r64, m64: x·(*p) mod 2^64.
    static std::uint64_t multiply_low(std::uint64_t x, const std::uint64_t *p) noexcept { return x * *p; }
};

} // namespace twoleg::detail
