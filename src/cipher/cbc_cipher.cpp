// Implements cipher/cbc_cipher.hpp: one entry point for the four ciphers.
#include "cipher/cbc_cipher.hpp"

#include "cipher/aes.hpp"
#include "cipher/cbc.hpp"
#include "cipher/des.hpp"
#include "cipher/rc2.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

const char *cbc_status_name(cbc_status s) noexcept
{
    switch (s) {
    case cbc_status::ok: return "ok";
    case cbc_status::invalid_parameters: return "invalid key, IV or effective key size for the cipher";
    case cbc_status::invalid_length: return "ciphertext is empty or not a whole number of blocks";
    case cbc_status::decryption_failed: return "decryption failed";
    }
    return "unknown";
}

std::size_t cbc_block_size(cbc_cipher c) noexcept { return c == cbc_cipher::aes ? aes::block_size : 8; }

namespace {

// Keys the cipher the parameters name and calls use(cipher); false when the
// parameters do not fit it.
template <class Use>
bool with_cipher(const cbc_parameters &p, Use use)
{
    if (p.iv.size() != cbc_block_size(p.cipher)) return false;
    switch (p.cipher) {
    case cbc_cipher::aes: {
        aes c;
        if (!c.set_key(p.key)) return false;
        use(c);
        return true;
    }
    case cbc_cipher::des:
    case cbc_cipher::des_ede3: {
        const bool size_ok = p.cipher == cbc_cipher::des ? p.key.size() == 8
                                                         : (p.key.size() == 16 || p.key.size() == 24);
        des c;
        if (!size_ok || !c.set_key(p.key)) return false;
        use(c);
        return true;
    }
    case cbc_cipher::rc2: {
        rc2 c;
        if (!c.set_key(p.key, p.rc2_effective_bits)) return false;
        use(c);
        return true;
    }
    }
    return false;
}

} // namespace

cbc_status cbc_decrypt_unpad(const cbc_parameters &p, std::span<const std::uint8_t> ciphertext,
                             std::vector<std::uint8_t> &plaintext)
{
    secure_wipe(plaintext);
    plaintext.clear();
    const std::size_t block = cbc_block_size(p.cipher);
    if (ciphertext.empty() || ciphertext.size() % block != 0) {
        // Still check the parameters first, so that a caller's mistake is
        // not reported as a damaged file.
        const bool params_ok = with_cipher(p, [](const auto &) {});
        return params_ok ? cbc_status::invalid_length : cbc_status::invalid_parameters;
    }
    std::vector<std::uint8_t> out(ciphertext.size());
    bool decrypted = false;
    if (!with_cipher(p, [&](const auto &c) { decrypted = cbc_decrypt(c, p.iv, ciphertext, out); }))
        return cbc_status::invalid_parameters;
    std::size_t length = 0;
    const bool unpadded = decrypted && pkcs7_unpad_ct(out, block, length);
    if (!unpadded) {
        secure_wipe(out);
        return cbc_status::decryption_failed;
    }
    secure_wipe(std::span<std::uint8_t>(out).subspan(length)); // the padding bytes
    out.resize(length);
    plaintext = std::move(out);
    return cbc_status::ok;
}

cbc_status cbc_pad_encrypt(const cbc_parameters &p, std::span<const std::uint8_t> plaintext,
                           std::vector<std::uint8_t> &ciphertext)
{
    ciphertext.clear();
    const std::size_t block = cbc_block_size(p.cipher);
    std::vector<std::uint8_t> out(pkcs7_padded_size(plaintext.size(), block));
    bool encrypted = false;
    const bool keyed = with_cipher(p, [&](const auto &c) {
        encrypted = pkcs7_pad(plaintext, block, out) && cbc_encrypt(c, p.iv, out, out);
    });
    if (!keyed || !encrypted) {
        secure_wipe(out);
        return cbc_status::invalid_parameters;
    }
    ciphertext = std::move(out);
    return cbc_status::ok;
}

} // namespace twoleg::detail
