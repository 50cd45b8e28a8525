// Internal: DES (FIPS 46-3) and Triple DES / TDEA (NIST SP 800-67), for the
// legacy formats that still use them: pbeWithSHAAnd3-KeyTripleDES-CBC and
// pbeWithSHAAnd2-KeyTripleDES-CBC (PKCS#12), des-ede3-cbc (PBES2), and
// DES-EDE3-CBC / DES-CBC in traditional encrypted PEM.
//
// Constant time: no table is indexed and no branch is taken by key or data.
// Each S-box is held as four 64-bit constants (its 64 four-bit entries) and
// an entry is chosen with a tree of masked selects driven by the six input
// bits; the permutations move bits at fixed, public positions.
// Parity bits of the key are ignored (as OpenSSL does). The key schedule is
// wiped when the object dies or gets a new key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace twoleg::detail {

class des {
  public:
    static constexpr std::size_t block_size = 8;

    des() noexcept = default;
    ~des();
    des(const des &) = delete;
    des &operator=(const des &) = delete;

    /// An 8-byte key gives single DES; 16 bytes two-key TDEA (K1, K2, K3 =
    /// K1); 24 bytes three-key TDEA (encrypt with K1, decrypt with K2,
    /// encrypt with K3). Returns false (unkeyed) for any other size.
    [[nodiscard]] bool set_key(std::span<const std::uint8_t> key) noexcept;
    bool keyed() const noexcept { return passes_ != 0; }

    /// One block (8 bytes) each; in and out may be the same buffer.
    void encrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept;
    void decrypt_block(const std::uint8_t *in, std::uint8_t *out) const noexcept;

  private:
    void clear() noexcept;
    // Per key: the sixteen 48-bit round keys (FIPS 46-3 KS), one per word.
    std::uint64_t round_keys_[3][16] = {};
    unsigned passes_ = 0; // 1 (DES) or 3 (TDEA); 0 when unkeyed
};

} // namespace twoleg::detail
