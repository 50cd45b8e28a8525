// GMP helpers shared by the tests of the exponentiation kernels: an mpz_t that
// frees itself, a seeded GMP random state, and conversions between mpz_t and
// fixed-length limb vectors.
#pragma once

#include <doctest/doctest.h>

#include <gmp.h>

#include <string>
#include <vector>

namespace test {

using limbs_t = std::vector<mp_limb_t>;

struct mpz {
    mpz_t v;
    mpz() { mpz_init(v); }
    ~mpz() { mpz_clear(v); }
    mpz(const mpz &) = delete;
    mpz &operator=(const mpz &) = delete;
    operator mpz_ptr() { return v; }
};

struct gmp_random {
    gmp_randstate_t state;
    explicit gmp_random(unsigned long seed) { gmp_randinit_default(state); gmp_randseed_ui(state, seed); }
    ~gmp_random() { gmp_randclear(state); }
    gmp_random(const gmp_random &) = delete;
    gmp_random &operator=(const gmp_random &) = delete;
};

/// x as exactly n limbs (x < 2^(64n)).
inline limbs_t to_limbs(mpz_t x, std::size_t n)
{
    REQUIRE(mpz_size(x) <= n);
    limbs_t out(n, 0);
    for (std::size_t i = 0; i < mpz_size(x); ++i) out[i] = mpz_getlimbn(x, static_cast<mp_size_t>(i));
    return out;
}

inline void from_limbs(mpz_t out, const limbs_t &x)
{
    mpz_import(out, x.size(), -1, sizeof(mp_limb_t), 0, 0, x.data());
}

inline std::string hex_of(mpz_t x)
{
    char *s = mpz_get_str(nullptr, 16, x);
    std::string out(s);
    void (*free_fn)(void *, std::size_t);
    mp_get_memory_functions(nullptr, nullptr, &free_fn);
    free_fn(s, out.size() + 1);
    return out;
}

} // namespace test
