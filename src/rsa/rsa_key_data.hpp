// Internal: the numbers behind rsa_public_key / rsa_private_key.
// Not installed. Only twoleg's own .cpp files include this header.
#pragma once

#include <gmp.h>

#include <cstddef>
#include <vector>

#include "core/wipe.hpp"
#include "rsa/blinding_cache.hpp"
#include "rsa/ifma_dual.hpp"
#include "rsa/mont_exp.hpp"

#include "twoleg/rsa_key.hpp"

namespace twoleg::detail {

/// Overwrites every allocated limb of `x` with zeros (not only the used ones).
void wipe_mpz(mpz_t x) noexcept;

struct public_key_data {
    mpz_t n;
    mpz_t e;
    std::size_t bits = 0;   // bit length of n
    std::size_t bytes = 0;  // k = ceil(bits / 8)

    public_key_data() { mpz_init(n); mpz_init(e); }
    ~public_key_data() { mpz_clear(n); mpz_clear(e); }
    public_key_data(const public_key_data &) = delete;
    public_key_data &operator=(const public_key_data &) = delete;
};

struct private_key_data {
    rsa_public_key pub;
    mpz_t d, p, q, dp, dq, qinv;

    // Prepared by rsa_private_key::from_components once the key is validated,
    // so that signing does no set-up and touches no allocator: the Montgomery
    // contexts of p and q; dP and qInv zero-padded to exactly the limb count of
    // p, dQ to that of q, so every operation runs over a length fixed by n alone.
    montgomery_modulus mont_p, mont_q;
    // n's Montgomery context, for the blinding factor's r^e (public modulus,
    // secret base): the mulx kernel when it has n's size, else mpn_sec_powm.
    montgomery_modulus mont_n;
    // Both primes for the dual-prime kernel (ifma_dual.hpp), active when the
    // key's primes have 16, 24 or 32 limbs each and the kernel may run here;
    // then it computes both CRT halves instead of mont_p and mont_q.
    dual_prime_context dual;
    std::vector<mp_limb_t> dp_limbs, dq_limbs, qinv_limbs;
    // The blinding pair kept between signatures (blinding_cache.hpp): the one
    // part of a key that signing changes, behind its own lock, hence mutable
    // in a key that is otherwise immutable and shared between threads.
    mutable blinding_cache blinding;

    private_key_data()
    {
        mpz_init(d); mpz_init(p); mpz_init(q);
        mpz_init(dp); mpz_init(dq); mpz_init(qinv);
    }
    ~private_key_data()
    {
        mpz_t *all[] = {&d, &p, &q, &dp, &dq, &qinv};
        for (mpz_t *x : all) {
            wipe_mpz(*x);
            mpz_clear(*x);
        }
        secure_wipe(dp_limbs);
        secure_wipe(dq_limbs);
        secure_wipe(qinv_limbs);
    }
    private_key_data(const private_key_data &) = delete;
    private_key_data &operator=(const private_key_data &) = delete;
};

} // namespace twoleg::detail
