// Reading a key file for a subcommand: the file is wiped once parsed, and a
// failure names the file. Any form key_loader.hpp detects, RSA or P-256.
#pragma once

#include <string>

#include "twoleg/key_loader.hpp"

namespace twoleg::cli {

/// Loads the key at `path` ('-': standard input) or fails with exit 3 / 4.
loaded_key read_key_file(const std::string &path);

/// Loads a private key (RSA or P-256) or fails saying that a private key is needed.
loaded_key read_private_key_file(const std::string &path);

} // namespace twoleg::cli
