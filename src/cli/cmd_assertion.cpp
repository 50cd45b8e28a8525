// Placeholder until the subcommands are implemented.
#include "cli.hpp"

namespace twoleg::cli {

int run_assertion(std::span<char *const>) { fail_usage("'assertion' is not implemented yet"); }
int run_token_request(std::span<char *const>) { fail_usage("'token-request' is not implemented yet"); }

} // namespace twoleg::cli
