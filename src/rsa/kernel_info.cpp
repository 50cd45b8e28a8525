// Implements src/rsa/kernel_info.hpp.
#include "rsa/kernel_info.hpp"

#include "rsa/rsa_key_data.hpp"

namespace twoleg::detail {

const char *rsa_kernel_name(const rsa_private_key &key) noexcept
{
    if (key.empty()) return "none";
    const private_key_data &data = key.data();
    if (data.dual.active()) return data.dual.kernel()->name;
    if (data.mont_p.uses_fast_kernel() && data.mont_q.uses_fast_kernel()) return data.mont_p.kernel()->name;
    return "gmp";
}

} // namespace twoleg::detail
