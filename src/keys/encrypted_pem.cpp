// Implements keys/encrypted_pem.hpp.
#include "keys/encrypted_pem.hpp"

#include <array>
#include <vector>

#include "codec/pem_kdf.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

namespace {

struct dek_cipher {
    std::string_view name;
    pbe_cipher cipher;
};
constexpr dek_cipher dek_ciphers[] = {
    {"AES-128-CBC", pbe_cipher::aes128_cbc}, {"AES-192-CBC", pbe_cipher::aes192_cbc},
    {"AES-256-CBC", pbe_cipher::aes256_cbc}, {"DES-EDE3-CBC", pbe_cipher::des_ede3_cbc},
    {"DES-CBC", pbe_cipher::des_cbc},
};

int hex_value(char c) noexcept
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

result<pem_encryption> parse_dek_info(std::string_view value)
{
    const std::size_t comma = value.find(',');
    if (comma == std::string_view::npos)
        return error(errc::pem_malformed, "PEM: DEK-Info must be \"<cipher>,<IV in hex>\"");
    const std::string_view name = value.substr(0, comma);
    const std::string_view iv_hex = value.substr(comma + 1);
    pem_encryption out;
    bool known = false;
    for (const auto &c : dek_ciphers)
        if (c.name == name) {
            out.cipher = c.cipher;
            known = true;
        }
    if (!known)
        return error(errc::key_unsupported_algorithm,
                     "PEM: DEK-Info names a cipher twoleg does not decrypt (AES-128/192/256-CBC, DES-EDE3-CBC and "
                     "DES-CBC are supported); re-encrypt with `openssl pkcs8 -topk8 -v2 aes-256-cbc`");
    out.iv_size = cipher_block_bytes(out.cipher);
    if (iv_hex.size() != 2 * out.iv_size)
        return error(errc::pem_malformed, "PEM: the DEK-Info IV must be the cipher's block size in hex");
    for (std::size_t i = 0; i < out.iv_size; ++i) {
        const int hi = hex_value(iv_hex[2 * i]), lo = hex_value(iv_hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return error(errc::pem_malformed, "PEM: the DEK-Info IV is not hexadecimal");
        out.iv[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return out;
}

result<any_private_key> decrypt_pem_private_key(const pem_encryption &encryption, traditional_key kind,
                                                std::string_view password, std::span<const std::uint8_t> ciphertext)
{
    std::array<std::uint8_t, 32> key{};
    const std::size_t key_size = cipher_key_bytes(encryption.cipher);
    const std::span<const std::uint8_t> password_bytes(reinterpret_cast<const std::uint8_t *>(password.data()),
                                                       password.size());
    const std::span<const std::uint8_t> iv(encryption.iv, encryption.iv_size);
    if (!pem_kdf_md5(password_bytes, iv.first(8), std::span(key).first(key_size)))
        return error(errc::internal, "the PEM key derivation refused its parameters");
    auto plain = decrypt_with_key(encryption.cipher, std::span(key).first(key_size), iv, ciphertext);
    secure_wipe(key.data(), key.size());
    if (!plain) return plain.err();
    wipe_on_exit wipe{*plain};
    auto parsed = parse_traditional_private_key(kind, *plain);
    if (parsed) return parsed;
    // A well-formed ECPrivateKey of another curve is named; all else looks like a wrong password.
    if (parsed.err().code == errc::key_unsupported_curve) return error(parsed.err().code, parsed.err().detail);
    return error(errc::key_wrong_password);
}

encryption_description describe_pem_encryption(const pem_encryption &encryption)
{
    encryption_description d;
    d.scheme = "OpenSSL PEM (Proc-Type 4,ENCRYPTED)";
    d.kdf = "MD5 (EVP_BytesToKey)";
    d.cipher = cipher_name(encryption.cipher);
    d.iterations = 1;
    return d;
}

} // namespace twoleg::detail
