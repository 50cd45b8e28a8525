// Implements codec/pem_kdf.hpp: OpenSSL's EVP_BytesToKey with MD5 and one
// iteration, as its traditional PEM encryption uses it.
#include "codec/pem_kdf.hpp"

#include <algorithm>
#include <cstring>

#include "codec/md5.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

bool pem_kdf_md5(std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
                 std::span<std::uint8_t> key) noexcept
{
    if (salt.size() != 8 || key.empty() || key.size() > pem_kdf_max_key_size) return false;
    md5 h;
    md5_digest previous{};
    std::size_t written = 0;
    for (bool first = true; written < key.size(); first = false) {
        if (!first) h.update(previous);
        h.update(password);
        h.update(salt);
        previous = h.finish();
        const std::size_t take = std::min(previous.size(), key.size() - written);
        std::memcpy(key.data() + written, previous.data(), take);
        written += take;
    }
    secure_wipe(std::span<std::uint8_t>(previous));
    secure_wipe(static_cast<void *>(&h), sizeof h); // its buffer held the password
    return true;
}

} // namespace twoleg::detail
