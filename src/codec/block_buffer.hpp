// Internal: the buffering and length padding shared by the Merkle-Damgård
// hashes written in twoleg::detail (SHA-1, SHA-224, SHA-384/512, MD5), so
// that the partial-block logic exists once.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace twoleg::detail {

/// Appends data to a hash's block buffer, calling compress(blocks, count)
/// for every complete block (whole blocks of `data` straight from the
/// caller's memory). An empty span (null data()) does nothing.
template <std::size_t Block, class Compress>
inline void absorb(std::array<std::uint8_t, Block> &buffer, std::size_t &buffered, std::uint64_t &total_bytes,
                   std::span<const std::uint8_t> data, Compress compress) noexcept
{
    if (data.empty()) return;
    const std::uint8_t *p = data.data();
    std::size_t n = data.size();
    total_bytes += n;
    if (buffered > 0) {
        const std::size_t take = std::min(n, Block - buffered);
        std::memcpy(buffer.data() + buffered, p, take);
        buffered += take;
        p += take;
        n -= take;
        if (buffered < Block) return;
        compress(buffer.data(), 1);
        buffered = 0;
    }
    if (n >= Block) {
        const std::size_t blocks = n / Block;
        compress(p, blocks);
        p += blocks * Block;
        n -= blocks * Block;
    }
    if (n > 0) {
        std::memcpy(buffer.data(), p, n);
        buffered = n;
    }
}

/// The final padding: 0x80, zeros, then the message length in bits in
/// LengthBytes bytes (8 for SHA-1/SHA-256/MD5, 16 for SHA-512), big-endian
/// for the SHA family, little-endian for MD5 (RFC 1321 §3.2). Leaves the
/// buffer empty after the last compression.
template <std::size_t Block, std::size_t LengthBytes, bool BigEndian, class Compress>
inline void pad_and_finish(std::array<std::uint8_t, Block> &buffer, std::size_t &buffered,
                           std::uint64_t &total_bytes, Compress compress) noexcept
{
    const std::uint64_t bit_length = total_bytes * 8; // messages stay far below 2^61 bytes
    std::uint8_t pad[2 * Block] = {0x80};
    const std::size_t room = Block - LengthBytes;
    const std::size_t zeros_end = buffered < room ? room : Block + room; // where the length starts
    const std::size_t pad_len = zeros_end - buffered + LengthBytes;
    std::uint8_t *length = pad + (zeros_end - buffered);
    for (std::size_t i = 0; i < 8; ++i) {
        const auto byte = static_cast<std::uint8_t>(bit_length >> (8 * i));
        if constexpr (BigEndian)
            length[LengthBytes - 1 - i] = byte;
        else
            length[i] = byte;
    }
    std::uint64_t ignored_total = 0;
    absorb(buffer, buffered, ignored_total, std::span<const std::uint8_t>(pad, pad_len), compress);
}

/// A hash of data in one call: a fresh Hash, one update, finish.
template <class Hash>
inline auto hash_in_one_call(std::span<const std::uint8_t> data) noexcept
{
    Hash h;
    h.update(data);
    return h.finish();
}

} // namespace twoleg::detail
