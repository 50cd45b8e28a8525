// Implements key_input.hpp.
#include "key_input.hpp"

#include <vector>

#include "cli.hpp"
#include "core/wipe.hpp"

namespace twoleg::cli {

loaded_key read_key_file(const std::string &path)
{
    std::vector<std::uint8_t> data = read_input(path, key_max_input_bytes);
    result<loaded_key> loaded = load_key(data);
    detail::secure_wipe(data);
    return take(std::move(loaded), path);
}

loaded_key read_private_key_file(const std::string &path)
{
    loaded_key key = read_key_file(path);
    if (!key.is_private()) {
        const bool certificate =
            key.format == key_format::certificate_pem || key.format == key_format::certificate_der;
        fail(exit_invalid_input, path + ": " + (certificate ? "this is a certificate, not a private key"
                                                            : "this is a public key, not a private key"));
    }
    return key;
}

} // namespace twoleg::cli
