// Implements ifma_model_kernel (src/rsa/ifma_dual.hpp) and the model's
// operation counters (src/rsa/ifma_lanes_model.hpp): the dual-prime kernel
// compiled against the exact scalar lane model, which runs on any CPU.
#include "rsa/ifma_lanes_model.hpp"

#define TWOLEG_LANE_TARGET
#include "rsa/ifma_dual_kernel.hpp"

namespace twoleg::detail {

lane_op_counts &model_lane_counts() noexcept
{
    thread_local lane_op_counts counts;
    return counts;
}

const dual_kernel_entry *ifma_model_kernel(std::size_t limbs, dual_schedule schedule) noexcept
{
    return dual_entry_for<model_lanes>(limbs, schedule);
}

} // namespace twoleg::detail
