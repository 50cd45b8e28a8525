// Implements ifma_native_kernel (src/rsa/ifma_dual.hpp): the dual-prime kernel
// compiled against the AVX-512 IFMA instructions. Every function that touches
// them carries the target attribute, so the rest of the library stays
// baseline x86-64; dispatch (choose_dual_kernel) calls in only where
// cpu_features().avx512_ifma. Other architectures get no native kernel.
#include "rsa/ifma_dual.hpp"

#if defined(__x86_64__)
#include "rsa/ifma_lanes_native.hpp"

#define TWOLEG_LANE_TARGET TWOLEG_IFMA_TARGET
#include "rsa/ifma_dual_kernel.hpp"

namespace twoleg::detail {

const dual_kernel_entry *ifma_native_kernel(std::size_t limbs, dual_schedule schedule) noexcept
{
    return dual_entry_for<native_lanes>(limbs, schedule);
}

} // namespace twoleg::detail

#else

namespace twoleg::detail {
const dual_kernel_entry *ifma_native_kernel(std::size_t, dual_schedule) noexcept { return nullptr; }
} // namespace twoleg::detail

#endif
