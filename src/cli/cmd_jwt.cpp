// Placeholder until the subcommand is implemented.
#include "cli.hpp"

namespace twoleg::cli {

int run_jwt(std::span<char *const>)
{
    fail_usage("'jwt' is not implemented yet");
}

} // namespace twoleg::cli
