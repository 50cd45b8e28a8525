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

namespace {
constexpr dual_kernel_entry native_20 = dual_entry<native_lanes, 16, 20>("ifma");
constexpr dual_kernel_entry native_30 = dual_entry<native_lanes, 24, 30>("ifma");
constexpr dual_kernel_entry native_40 = dual_entry<native_lanes, 32, 40>("ifma");
} // namespace

const dual_kernel_entry *ifma_native_kernel(std::size_t limbs) noexcept
{
    switch (limbs) {
    case 16: return &native_20;
    case 24: return &native_30;
    case 32: return &native_40;
    default: return nullptr;
    }
}

} // namespace twoleg::detail

#else

namespace twoleg::detail {
const dual_kernel_entry *ifma_native_kernel(std::size_t) noexcept { return nullptr; }
} // namespace twoleg::detail

#endif
