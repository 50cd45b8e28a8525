// Implements the padding half of cipher/cbc.hpp (RFC 5652 §6.3); the mode
// itself is the templates in the header.
#include "cipher/cbc.hpp"

namespace twoleg::detail {

bool pkcs7_pad(std::span<const std::uint8_t> data, std::size_t block_size, std::span<std::uint8_t> out) noexcept
{
    if (block_size < 1 || block_size > 255) return false;
    const std::size_t padded = pkcs7_padded_size(data.size(), block_size);
    if (out.size() != padded) return false;
    if (!data.empty() && out.data() != data.data()) std::memmove(out.data(), data.data(), data.size());
    const auto n = static_cast<std::uint8_t>(padded - data.size());
    for (std::size_t i = data.size(); i < padded; ++i) out[i] = n;
    return true;
}

namespace {
// All ones when a < b, else zero, for a, b < 2^31, without a branch.
inline unsigned mask_less(unsigned a, unsigned b) noexcept { return 0u - ((a - b) >> 31); }
} // namespace

bool pkcs7_unpad_ct(std::span<const std::uint8_t> padded, std::size_t block_size, std::size_t &length) noexcept
{
    length = 0;
    // Public facts: the size and the block size.
    if (block_size < 1 || block_size > 255 || padded.empty() || padded.size() % block_size != 0) return false;
    const std::size_t size = padded.size();
    const unsigned n = padded[size - 1];
    // bad collects any violation, as bits: n = 0, n > block_size, and for
    // each of the last block_size bytes that lies inside the padding
    // (position from the end < n), a value other than n. Every one of the
    // last block_size bytes is read whatever n is.
    unsigned bad = mask_less(n, 1) | mask_less(static_cast<unsigned>(block_size), n);
    for (std::size_t back = 0; back < block_size; ++back) {
        const unsigned in_padding = mask_less(static_cast<unsigned>(back), n);
        bad |= in_padding & (padded[size - 1 - back] ^ n);
    }
    // Turn bad into 0/1 without branching on it, then decide once (the
    // result, valid or not, is what the caller is told anyway).
    const unsigned ok = 1u & ((bad - 1u) >> 31) & ~(bad >> 31);
    const std::size_t ok_mask = 0 - static_cast<std::size_t>(ok);
    length = (size - n) & ok_mask;
    return ok != 0;
}

} // namespace twoleg::detail
