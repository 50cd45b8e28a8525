// Implements codec/sha_extensions.hpp from the CPU features and switches
// that core/env.hpp reads once.
#include "codec/sha_extensions.hpp"

#include "core/env.hpp"

namespace twoleg::detail {

bool sha_extensions_available() noexcept { return cpu_features().sha_ni; }

bool sha_extensions_in_use() noexcept { return sha_extensions_available() && !env_flag("TWOLEG_NO_SHANI"); }

} // namespace twoleg::detail
