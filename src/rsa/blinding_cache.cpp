// Implements src/rsa/blinding_cache.hpp.
#include "rsa/blinding_cache.hpp"

#include <unistd.h>

#include <algorithm>

#include "core/wipe.hpp"
#include "rsa/gmp_montgomery.hpp"

namespace twoleg::detail {

blinding_cache::~blinding_cache()
{
    secure_wipe(pair_);
    remaining_ = 0;
}

void blinding_cache::prepare(std::size_t limbs)
{
    pair_.assign(2 * limbs, 0);
    remaining_ = 0;
}

bool blinding_cache::take(const montgomery_modulus &n, mp_limb_t *blind, mp_limb_t *unblind,
                          mp_limb_t *scratch) noexcept
{
    const std::size_t limbs = n.limbs();
    if (pair_.size() != 2 * limbs) return false;
    // getpid() before the lock: a system call, kept out of the critical section.
    const pid_t self = getpid();
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock() || remaining_ == 0 || owner_ != self) return false;
    mp_limb_t *a = pair_.data();
    mp_limb_t *b = a + limbs;
    std::copy(a, a + limbs, blind);
    std::copy(b, b + limbs, unblind);
    --remaining_;
    if (remaining_ == 0) {
        secure_wipe(pair_);  // used up: nothing derived from this r stays behind
    } else {
        gmp_montgomery_square(n, a, a, scratch);
        gmp_montgomery_square(n, b, b, scratch);
    }
    return true;
}

void blinding_cache::store_fresh(const montgomery_modulus &n, const mp_limb_t *blind, const mp_limb_t *unblind,
                                 mp_limb_t *scratch) noexcept
{
    const std::size_t limbs = n.limbs();
    if (pair_.size() != 2 * limbs || uses_per_draw < 2) return;
    const pid_t self = getpid();
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    mp_limb_t *a = pair_.data();
    mp_limb_t *b = a + limbs;
    gmp_montgomery_square(n, a, blind, scratch);
    gmp_montgomery_square(n, b, unblind, scratch);
    remaining_ = uses_per_draw - 1;
    owner_ = self;
}

} // namespace twoleg::detail
