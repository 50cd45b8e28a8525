// Placeholder until the subcommand is implemented.
#include "cli.hpp"

namespace twoleg::cli {

int run_verify(std::span<char *const>)
{
    fail_usage("'verify' is not implemented yet");
}

} // namespace twoleg::cli
