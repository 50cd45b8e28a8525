// Placeholder until the subcommand is implemented.
#include "cli.hpp"

namespace twoleg::cli {

int run_inspect(std::span<char *const>)
{
    fail_usage("'inspect' is not implemented yet");
}

} // namespace twoleg::cli
