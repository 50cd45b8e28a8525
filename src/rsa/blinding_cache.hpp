// Internal: blinding factors kept with a private key and updated cheaply
// between signatures (rsa_core.cpp).
//
// A pair is (A, B) = (r^e, r^-1) mod n for a random r, stored in Montgomery
// form (A·R, B·R mod n; gmp_montgomery.hpp). Drawing one costs a random r, a
// blinded inversion (a gcd) and an exponentiation by e; the next pair is
// (A², B²), which is (r'^e, r'^-1) for r' = r², at the cost of two squarings.
// The cache hands out at most `uses_per_draw` pairs per drawn r, then the
// caller draws a fresh one; it also refuses to hand out a pair in another
// process than the one that stored it (after fork(), parent and child would
// otherwise blind with the same sequence).
//
// Thread safety: one key signs from many threads at once, so the cache is
// behind a mutex that is only ever try-locked: a thread that finds it busy
// (another thread is taking or storing a pair, or fork() copied it locked)
// draws a fresh pair itself instead of waiting. Nothing here allocates after
// prepare(). The branches here depend only on the use count, the process id
// and the lock, never on the factors. The destructor wipes the stored pair.
#pragma once

#include <gmp.h>
#include <sys/types.h>

#include <cstddef>
#include <mutex>
#include <vector>

#include "rsa/mont_exp.hpp"

namespace twoleg::detail {

class blinding_cache {
  public:
    /// Pairs handed out per drawn r: the fresh pair itself and its successors.
    static constexpr unsigned uses_per_draw = 32;

    blinding_cache() = default;
    ~blinding_cache();
    blinding_cache(const blinding_cache &) = delete;
    blinding_cache &operator=(const blinding_cache &) = delete;

    /// Allocates room for a pair modulo an n of `limbs` limbs (at key load).
    void prepare(std::size_t limbs);

    /// Copies the stored pair into blind (A·R) and unblind (B·R), nn limbs
    /// each, and replaces it by its squares. False, copying nothing, when
    /// there is no pair, it has been used up, it belongs to another process,
    /// or another thread holds the cache. scratch: gmp_montgomery_scratch_size.
    bool take(const montgomery_modulus &n, mp_limb_t *blind, mp_limb_t *unblind, mp_limb_t *scratch) noexcept;

    /// Stores the successor (the squares) of a freshly drawn pair that the
    /// caller uses itself, good for uses_per_draw - 1 more signatures in this
    /// process. Does nothing when another thread holds the cache.
    void store_fresh(const montgomery_modulus &n, const mp_limb_t *blind, const mp_limb_t *unblind,
                     mp_limb_t *scratch) noexcept;

  private:
    std::mutex mutex_;
    std::vector<mp_limb_t> pair_;  // A·R then B·R
    unsigned remaining_ = 0;       // pairs left to hand out
    pid_t owner_ = 0;              // the process that stored them
};

} // namespace twoleg::detail
