// Internal: RC2 (RFC 2268), for pbeWithSHAAnd40BitRC2-CBC and
// pbeWithSHAAnd128BitRC2-CBC: the certificate bags of legacy PKCS#12 files.
//
// NOT constant time, on purpose: the key expansion indexes PITABLE by key
// bytes and the rounds index the expanded key by data (the "mash" step).
// twoleg only ever uses RC2 to decrypt certificates, which are public, under
// a key derived from the file's password (Google's is the public
// "notasecret"); never use it for a secret. The expanded key is still wiped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace twoleg::detail {

class rc2 {
  public:
    static constexpr std::size_t block_size = 8;

    rc2() noexcept = default;
    ~rc2();
    rc2(const rc2 &) = delete;
    rc2 &operator=(const rc2 &) = delete;

    /// Expands a 1..128-byte key with the given effective key bits (1..1024;
    /// 40 and 128 in PKCS#12). Returns false (unkeyed) when out of range.
    [[nodiscard]] bool set_key(std::span<const std::uint8_t> key, unsigned effective_bits) noexcept;
    bool keyed() const noexcept { return keyed_; }

    /// One block (8 bytes) each; in and out may be the same buffer.
    void encrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept;
    void decrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept;

  private:
    void clear() noexcept;
    std::uint16_t k_[64] = {}; // K[0..63] of RFC 2268 §2
    bool keyed_ = false;
};

} // namespace twoleg::detail
