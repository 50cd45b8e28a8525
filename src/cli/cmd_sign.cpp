// Placeholder until the subcommand is implemented.
#include "cli.hpp"

namespace twoleg::cli {

int run_sign(std::span<char *const>)
{
    fail_usage("'sign' is not implemented yet");
}

} // namespace twoleg::cli
