// Implements codec/pbkdf2.hpp from RFC 8018 §5.2.
#include "codec/pbkdf2.hpp"

#include <algorithm>
#include <cstring>

#include "codec/hmac.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

bool pbkdf2(hash_algorithm a, std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
            std::uint32_t iterations, std::span<std::uint8_t> out) noexcept
{
    if (iterations == 0 || iterations > pbkdf2_max_iterations) return false;
    if (out.empty() || out.size() > pbkdf2_max_output_size) return false;

    const hmac keyed(a, password); // PRF = HMAC keyed with P, copied per use
    const std::size_t h_len = keyed.size();
    std::uint8_t u[max_digest_size], t[max_digest_size];

    // T_i = U_1 ⊕ ... ⊕ U_c, U_1 = PRF(P, S || INT(i)), U_j = PRF(P, U_{j-1});
    // DK = T_1 || T_2 || ..., truncated (out.size() ≤ 1024 keeps i small).
    std::size_t written = 0;
    for (std::uint32_t i = 1; written < out.size(); ++i) {
        const std::uint8_t index[4] = {static_cast<std::uint8_t>(i >> 24), static_cast<std::uint8_t>(i >> 16),
                                       static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
        hmac prf = keyed;
        prf.update(salt);
        prf.update(index);
        prf.finish(std::span<std::uint8_t>(u, h_len));
        std::memcpy(t, u, h_len);
        for (std::uint32_t j = 1; j < iterations; ++j) {
            prf.update(std::span<const std::uint8_t>(u, h_len)); // prf is back at the keyed state
            prf.finish(std::span<std::uint8_t>(u, h_len));
            for (std::size_t k = 0; k < h_len; ++k) t[k] ^= u[k];
        }
        const std::size_t take = std::min(h_len, out.size() - written);
        std::memcpy(out.data() + written, t, take);
        written += take;
    }
    secure_wipe(u, sizeof u);
    secure_wipe(t, sizeof t);
    return true;
}

} // namespace twoleg::detail
