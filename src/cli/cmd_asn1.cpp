// Placeholder until the subcommand is implemented.
#include "cli.hpp"

namespace twoleg::cli {

int run_asn1(std::span<char *const>)
{
    fail_usage("'asn1' is not implemented yet");
}

} // namespace twoleg::cli
