// Run under valgrind (tests/meson.build, suite 'valgrind'): the dual-prime
// kernel on its scalar model, with every secret marked undefined through
// memcheck's client requests — both primes in the kernel layout, R'^2,
// the 64-bit primes, the bases and the exponents. Memcheck reports any
// conditional branch or memory address computed from an undefined value, so
// a clean run shows that no branch or address of the kernel (conversions,
// products, table scan, final reduction) depends on a secret. The model has
// the native kernel's access pattern: the same source, with each lane
// operation a fixed loop. valgrind cannot execute AVX-512, hence the model.
#include <gmp.h>
#include <valgrind/memcheck.h>

#include <cstdio>
#include <vector>

#include "ct_support.hpp"
#include "rsa/ifma_dual.hpp"

namespace {

mp_limb_t neg_inverse(mp_limb_t m0)
{
    mp_limb_t inverse = m0;
    for (int i = 0; i < 5; ++i) inverse *= 2 - m0 * inverse;
    return 0 - inverse;
}

} // namespace

int main()
{
    using twoleg::detail::dual_prime_context;
    using twoleg::detail::dual_schedule;
    for (dual_schedule schedule : {dual_schedule::high_halves_apart, dual_schedule::high_halves_into_r})
    for (std::size_t limbs : {16u, 24u, 32u}) {
        auto p = ct::pseudo_limbs(limbs, 0x9e3779b97f4a7c15u), q = ct::pseudo_limbs(limbs, 0x2545f4914f6cdd1du);
        p[0] |= 1;
        q[0] |= 1;
        p[limbs - 1] |= mp_limb_t{1} << 63;
        q[limbs - 1] |= mp_limb_t{1} << 63;
        const auto *kernel = twoleg::detail::ifma_model_kernel(limbs, schedule);
        dual_prime_context ctx;
        if (!ctx.prepare(p.data(), q.data(), limbs, neg_inverse(p[0]), neg_inverse(q[0]), kernel)) return 2;
        auto base_p = ct::pseudo_limbs(limbs, 7), base_q = ct::pseudo_limbs(limbs, 11);
        auto exp_p = ct::pseudo_limbs(limbs, 13), exp_q = ct::pseudo_limbs(limbs, 17);
        base_p[limbs - 1] >>= 1;  // below the primes
        base_q[limbs - 1] >>= 1;
        std::vector<mp_limb_t> out_p(limbs), out_q(limbs);

        // The secrets become undefined: both primes in digits and limbs, R'^2
        // (k0 is derived from the primes and enters only through products).
        VALGRIND_MAKE_MEM_UNDEFINED(ctx.moduli(), 2 * ctx.lanes() * sizeof(std::uint64_t));
        VALGRIND_MAKE_MEM_UNDEFINED(ctx.r_squared(), 2 * ctx.lanes() * sizeof(std::uint64_t));
        VALGRIND_MAKE_MEM_UNDEFINED(ctx.prime(0), limbs * sizeof(mp_limb_t));
        VALGRIND_MAKE_MEM_UNDEFINED(ctx.prime(1), limbs * sizeof(mp_limb_t));
        VALGRIND_MAKE_MEM_UNDEFINED(base_p.data(), limbs * sizeof(mp_limb_t));
        VALGRIND_MAKE_MEM_UNDEFINED(base_q.data(), limbs * sizeof(mp_limb_t));
        VALGRIND_MAKE_MEM_UNDEFINED(exp_p.data(), limbs * sizeof(mp_limb_t));
        VALGRIND_MAKE_MEM_UNDEFINED(exp_q.data(), limbs * sizeof(mp_limb_t));
        kernel->modexp(ctx, out_p.data(), out_q.data(), base_p.data(), base_q.data(), exp_p.data(), exp_q.data(),
                       64 * limbs);
        // The results are secret too; define them to end the check here.
        VALGRIND_MAKE_MEM_DEFINED(out_p.data(), limbs * sizeof(mp_limb_t));
        VALGRIND_MAKE_MEM_DEFINED(out_q.data(), limbs * sizeof(mp_limb_t));
        std::printf("dual kernel model, %zu limbs, high halves %s: done\n", limbs,
                    schedule == dual_schedule::high_halves_apart ? "apart" : "into R");
    }
    return 0;
}
