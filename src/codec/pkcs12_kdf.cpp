// Implements codec/pkcs12_kdf.hpp from RFC 7292 appendix B.1 and B.2.
#include "codec/pkcs12_kdf.hpp"

#include <algorithm>
#include <cstring>

#include "core/wipe.hpp"

namespace twoleg::detail {

bool pkcs12_password_from_utf8(std::string_view utf8, std::vector<std::uint8_t> &bmp)
{
    secure_wipe(bmp);
    bmp.clear();
    std::vector<std::uint8_t> encoded;
    encoded.reserve(2 * utf8.size() + 2);
    const auto fail = [&] {
        secure_wipe(encoded);
        return false;
    };
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        std::size_t length;
        std::uint32_t cp;
        if (lead < 0x80) {
            length = 1;
            cp = lead;
        } else if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            cp = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            cp = lead & 0x0f;
        } else {
            // 0x80-0xc1 (continuation or overlong lead) and 0xf0-0xff (four
            // bytes: above U+FFFF, or invalid) cannot give a BMP character.
            return fail();
        }
        if (utf8.size() - i < length) return fail();
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(utf8[i + k]);
            if ((next & 0xc0) != 0x80) return fail();
            cp = cp << 6 | (next & 0x3f);
        }
        // Overlong three-byte forms, UTF-16 surrogates (RFC 3629 §3), and
        // U+0000, which would end the password early.
        if ((length == 3 && cp < 0x800) || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0) return fail();
        encoded.push_back(static_cast<std::uint8_t>(cp >> 8));
        encoded.push_back(static_cast<std::uint8_t>(cp));
        i += length;
    }
    encoded.push_back(0);
    encoded.push_back(0);
    if (encoded.size() > pkcs12_kdf_max_password_size) return fail();
    bmp = std::move(encoded);
    return true;
}

namespace {

// Fills `to` (a multiple of v bytes) with copies of `from`, the last possibly
// partial (B.2 steps 2 and 3); empty when `from` is empty.
std::size_t repeat_to_blocks(std::span<const std::uint8_t> from, std::size_t v, std::uint8_t *to) noexcept
{
    if (from.empty()) return 0;
    const std::size_t length = v * ((from.size() + v - 1) / v);
    for (std::size_t i = 0; i < length; ++i) to[i] = from[i % from.size()];
    return length;
}

constexpr std::size_t max_expanded = pkcs12_kdf_max_salt_size + max_hash_block_size; // rounded up to v

} // namespace

bool pkcs12_kdf(hash_algorithm a, std::span<const std::uint8_t> bmp_password, std::span<const std::uint8_t> salt,
                std::uint32_t iterations, pkcs12_purpose purpose, std::span<std::uint8_t> out) noexcept
{
    if (iterations == 0 || iterations > pkcs12_kdf_max_iterations) return false;
    if (out.empty() || out.size() > pkcs12_kdf_max_output_size) return false;
    if (bmp_password.size() > pkcs12_kdf_max_password_size || salt.size() > pkcs12_kdf_max_salt_size) return false;

    const std::size_t u = digest_size(a), v = hash_block_size(a);
    // B.2 step 1: D = v copies of the ID. Steps 2-4: I = S || P, each
    // repeated to a multiple of v bytes.
    std::uint8_t d[max_hash_block_size];
    std::memset(d, static_cast<int>(purpose), v);
    std::uint8_t i_buffer[2 * max_expanded];
    std::size_t i_length = repeat_to_blocks(salt, v, i_buffer);
    i_length += repeat_to_blocks(bmp_password, v, i_buffer + i_length);

    std::uint8_t block_a[max_digest_size], block_b[max_hash_block_size];
    std::size_t written = 0;
    for (;;) {
        // Step 6a: A_i = H^r(D || I).
        any_hash h(a);
        h.update(std::span<const std::uint8_t>(d, v));
        h.update(std::span<const std::uint8_t>(i_buffer, i_length));
        h.finish(std::span<std::uint8_t>(block_a, u));
        for (std::uint32_t r = 1; r < iterations; ++r) {
            h.update(std::span<const std::uint8_t>(block_a, u));
            h.finish(std::span<std::uint8_t>(block_a, u));
        }
        // Step 7: A = A_1 || A_2 || ..., the first n bytes of it.
        const std::size_t take = std::min(u, out.size() - written);
        std::memcpy(out.data() + written, block_a, take);
        written += take;
        if (written == out.size()) break;
        // Step 6b: B = A_i repeated to v bytes. Step 6c: each v-byte block
        // I_j of I becomes (I_j + B + 1) mod 2^(8v), big-endian.
        for (std::size_t k = 0; k < v; ++k) block_b[k] = block_a[k % u];
        for (std::size_t j = 0; j < i_length; j += v) {
            unsigned carry = 1;
            for (std::size_t k = v; k-- > 0;) {
                const unsigned sum = i_buffer[j + k] + block_b[k] + carry;
                i_buffer[j + k] = static_cast<std::uint8_t>(sum);
                carry = sum >> 8;
            }
        }
    }
    secure_wipe(i_buffer, i_length);
    secure_wipe(block_a, sizeof block_a);
    secure_wipe(block_b, sizeof block_b);
    return true;
}

} // namespace twoleg::detail
