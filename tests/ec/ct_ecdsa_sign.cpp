// Run under valgrind (tests/meson.build, suite 'valgrind'): the secret steps
// of ES256 signing with the secrets marked undefined through memcheck's
// client requests — the nonce k for k·G (comb: Booth digits, masked row
// scans, complete mixed additions) with each field kernel this CPU has
// (mulx/adx and portable), the affine conversion of R (its Z depends on k),
// the constant-time inversion k^-1 mod n and s = k^-1·(e + r·d) with the
// private key d. Memcheck reports any conditional branch or memory address
// computed from an undefined value, so a clean run shows that none depends on
// k or d. (The HMAC-DRBG of RFC 6979 is left out: valgrind cannot execute the
// SHA extensions, and its control flow depends only on lengths.)
// --force-mulx runs the mulx/adx kernel even when CPUID does not offer it:
// valgrind's virtual CPU hides ADX but translates mulx, adcx and adox itself.
#include <valgrind/memcheck.h>

#include <cstdio>
#include <string_view>

#include "ec/mont256.hpp"
#include "ec/p256_point.hpp"

namespace {

namespace m = twoleg::detail::mont256;
namespace p256 = twoleg::detail::p256;

void undefine(m::limbs &x) { VALGRIND_MAKE_MEM_UNDEFINED(&x, sizeof x); }
template <class T>
void define(T &x) { VALGRIND_MAKE_MEM_DEFINED(&x, sizeof x); }

} // namespace

int main(int argc, char **argv)
{
    using p256::field_kernel;
    const bool force_mulx = argc > 1 && std::string_view(argv[1]) == "--force-mulx";
    // Build the comb table and the curve constants with defined data first.
    p256::point warm;
    p256::base_mult(warm, m::limbs{{1, 0, 0, 0}});

    const m::limbs nonces[] = {
        {{0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x0f1e2d3c4b5a6978ULL, 0x7a6b5c4d3e2f1001ULL}},
        {{1, 0, 0, 0}},  // digit patterns with many zero windows
        {{0xf3b9cac2fc632550ULL, 0xbce6faada7179e84ULL, 0xffffffffffffffffULL, 0xffffffff00000000ULL}},  // n − 1
    };
    const m::limbs d_plain{{0x1111111122222222ULL, 0x3333333344444444ULL, 0x5555555566666666ULL, 0x0777777788888888ULL}};
    const m::limbs e_plain{{0x9999999999999999ULL, 0x8888888888888888ULL, 0x7777777777777777ULL, 0x6666666666666666ULL}};
    for (const field_kernel kernel : {field_kernel::portable, field_kernel::mulx}) {
        if (!p256::field_kernel_available(kernel) && !force_mulx) continue;
        for (m::limbs k : nonces) {
            m::limbs d = d_plain;
            undefine(k);
            undefine(d);
            p256::point big_r;
            p256::base_mult(big_r, k, kernel);
            const p256::affine_point a = p256::to_affine(big_r);
            m::limbs x;
            m::from_montgomery(x, a.x, p256::field);
            m::reduce_once(x, 0, x, p256::order.m);
            // r is published with the signature: defined from here on.
            define(x);
            m::limbs k_mont, k_inv, d_mont, e_mont, r_mont, t, s;
            m::to_montgomery(k_mont, k, p256::order);
            m::invert(k_inv, k_mont, p256::order);
            m::to_montgomery(d_mont, d, p256::order);
            m::to_montgomery(e_mont, e_plain, p256::order);
            m::to_montgomery(r_mont, x, p256::order);
            m::mul(t, r_mont, d_mont, p256::order);
            m::add(t, t, e_mont, p256::order);
            m::mul(s, k_inv, t, p256::order);
            m::from_montgomery(s, s, p256::order);
            define(s);
            std::printf("%s kernel: r %016llx s %016llx\n", kernel == field_kernel::mulx ? "mulx" : "portable",
                        static_cast<unsigned long long>(x.v[0]), static_cast<unsigned long long>(s.v[0]));
        }
    }
    return 0;
}
