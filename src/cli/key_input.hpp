// The CLI's one way to read a key file: the password options and the prompt.
//
// Every command that reads a key accepts
//   --password-file FILE   the password is FILE's content without one trailing
//                          LF or CRLF ('-': standard input)
//   --password-env NAME    the password is the value of environment variable NAME
// (not both). With neither, the key is loaded without a password (PKCS#12
// files then try "notasecret" and the empty password); if it turns out to
// need one and standard input is a terminal, the password is asked for there,
// without echo. Passwords are wiped after use and never printed.
#pragma once

#include <string>
#include <vector>

#include "cli.hpp"
#include "twoleg/key_loader.hpp"

namespace twoleg::cli {

/// The two options, to append to a command's option_spec list.
inline constexpr option_spec password_file_option{"password-file", true};
inline constexpr option_spec password_env_option{"password-env", true};

/// Help text lines for the two options (for each command's --help).
inline constexpr const char *password_options_help =
    "  --password-file FILE   password of an encrypted key (.p12, ENCRYPTED PRIVATE KEY, encrypted PEM):\n"
    "                         FILE's content without one trailing newline\n"
    "  --password-env NAME    ... or the value of environment variable NAME\n"
    "                         (neither: asked on the terminal when needed; .p12 files first try\n"
    "                         Google's \"notasecret\" and the empty password)\n";

/// Reads and loads the key at `path` ('-': standard input). Failures exit
/// with the key error's status and one message naming `path`.
loaded_key load_key_file(const arguments &args, const std::string &path);

/// The same for a key that must be private (RSA or P-256): anything else
/// fails saying that a private key is needed.
loaded_key load_private_key_file(const arguments &args, const std::string &path);

} // namespace twoleg::cli
