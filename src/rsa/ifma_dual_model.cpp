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

namespace {
constexpr dual_kernel_entry model_20 = dual_entry<model_lanes, 16, 20>("ifma-model");
constexpr dual_kernel_entry model_30 = dual_entry<model_lanes, 24, 30>("ifma-model");
constexpr dual_kernel_entry model_40 = dual_entry<model_lanes, 32, 40>("ifma-model");
} // namespace

const dual_kernel_entry *ifma_model_kernel(std::size_t limbs) noexcept
{
    switch (limbs) {
    case 16: return &model_20;
    case 24: return &model_30;
    case 32: return &model_40;
    default: return nullptr;
    }
}

} // namespace twoleg::detail
