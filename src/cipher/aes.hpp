// Internal: the AES block cipher (FIPS 197), 128-, 192- and 256-bit keys.
//
// Two implementations, chosen per key when it is set:
//  - AES-NI when cpu_features().aes_ni and TWOLEG_NO_AESNI is not set;
//  - a constant-time portable one otherwise: no table is indexed and no
//    branch is taken by key or data. SubBytes computes the S-box as GF(2^8)
//    inversion (x^254) followed by the affine map, bitsliced over the 16
//    bytes of the state; xtime uses masks instead of conditionals.
// Both give identical results; the tests run both on every vector.
// The key schedule is a secret: it is wiped when the object dies or gets a
// new key. An aes object may be used from several threads once keyed (its
// block functions are const).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace twoleg::detail {

/// True when the CPU has AES-NI (regardless of TWOLEG_NO_AESNI).
bool aes_ni_available() noexcept;

class aes {
  public:
    static constexpr std::size_t block_size = 16;

    enum class implementation : std::uint8_t {
        automatic, // AES-NI if available and not switched off, else portable
        portable,
        aes_ni, // set_key fails if the CPU lacks AES-NI
    };

    aes() noexcept = default;
    ~aes();
    aes(const aes &) = delete;
    aes &operator=(const aes &) = delete;

    /// Expands a 16-, 24- or 32-byte key. Returns false (and the object is
    /// unkeyed) for any other size, or for implementation::aes_ni without
    /// AES-NI.
    [[nodiscard]] bool set_key(std::span<const std::uint8_t> key,
                               implementation impl = implementation::automatic) noexcept;
    bool keyed() const noexcept { return rounds_ != 0; }

    /// One block (16 bytes) each; in and out may be the same buffer. Call only
    /// when keyed().
    void encrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept;
    void decrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept;

    /// "aes-ni" or "portable" (for the key currently set).
    const char *implementation_name() const noexcept;

  private:
    void clear() noexcept;
    // Round keys as bytes, FIPS 197 order: encryption w[0..4(Nr+1)), and for
    // AES-NI the equivalent inverse cipher's keys (InvMixColumns applied).
    alignas(16) std::uint8_t encrypt_keys_[15 * 16] = {};
    alignas(16) std::uint8_t decrypt_keys_[15 * 16] = {};
    unsigned rounds_ = 0; // 10, 12, 14; 0 when unkeyed
    bool use_aes_ni_ = false;
};

/// The portable block functions on a FIPS 197 key schedule (4(rounds+1)
/// words as bytes), exposed for the tests and for aes.cpp.
void aes_encrypt_block_portable(const std::uint8_t *round_keys, unsigned rounds, const std::uint8_t *in,
                                std::uint8_t *out) noexcept;
void aes_decrypt_block_portable(const std::uint8_t *round_keys, unsigned rounds, const std::uint8_t *in,
                                std::uint8_t *out) noexcept;

} // namespace twoleg::detail
