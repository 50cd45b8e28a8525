// Run under valgrind (tests/meson.build, suite 'valgrind'): the GMP-based
// Montgomery arithmetic of a signature's blinding and fault check
// (gmp_montgomery.hpp) with its secret operands marked undefined through
// memcheck's client requests. In a signature these operands are secret: the
// blinding pair r^e·R and r^-1·R, the blinded message c and the blinded
// signature. Memcheck reports any conditional branch or memory address
// computed from an undefined value, so a clean run shows that no branch or
// address of the products, squarings, entry into Montgomery form or the
// public-exponent power (including GMP's mpn_sec_mul / mpn_sec_sqr /
// mpn_addmul_1 underneath) depends on those values. The modulus and the
// exponent are public and stay defined.
#include <gmp.h>
#include <valgrind/memcheck.h>

#include <cstdio>
#include <vector>

#include "ct_support.hpp"
#include "rsa/gmp_montgomery.hpp"
#include "rsa/mont_exp.hpp"

namespace {

void undefine(std::vector<mp_limb_t> &v) { VALGRIND_MAKE_MEM_UNDEFINED(v.data(), v.size() * sizeof(mp_limb_t)); }
void define(std::vector<mp_limb_t> &v) { VALGRIND_MAKE_MEM_DEFINED(v.data(), v.size() * sizeof(mp_limb_t)); }

} // namespace

int main()
{
    using namespace twoleg::detail;
    const mp_limb_t e[1] = {65537};
    for (std::size_t limbs : {16u, 32u, 48u, 64u}) {
        auto n = ct::pseudo_limbs(limbs, 0x9e3779b97f4a7c15u);
        n[0] |= 1;
        n[limbs - 1] |= mp_limb_t{1} << 63;
        montgomery_modulus mod;
        if (!mod.prepare(n.data(), limbs)) return 2;
        std::vector<mp_limb_t> scratch(gmp_montgomery_scratch_size(mod));
        auto a = ct::pseudo_limbs(limbs, 7), b = ct::pseudo_limbs(limbs, 11);
        a[limbs - 1] >>= 1;  // below n
        b[limbs - 1] >>= 1;
        std::vector<mp_limb_t> out(limbs), power(limbs);

        undefine(a);
        undefine(b);
        gmp_montgomery_multiply(mod, out.data(), a.data(), b.data(), scratch.data());  // c = m·blind
        gmp_montgomery_square(mod, a.data(), a.data(), scratch.data());               // the pair's update
        gmp_montgomery_enter(mod, b.data(), b.data(), scratch.data());                // a fresh pair
        gmp_montgomery_power_public(mod, power.data(), out.data(), e, 17, scratch.data());  // r^e
        // The results are secret too; define them (and the scratch) to end the check here.
        define(out);
        define(power);
        define(a);
        define(b);
        define(scratch);
        std::printf("GMP Montgomery arithmetic, %zu limbs: done\n", limbs);
    }
    return 0;
}
