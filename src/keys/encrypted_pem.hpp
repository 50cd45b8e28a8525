// Internal: OpenSSL's encrypted "traditional" PEM keys (RFC 1421 headers).
//
//   -----BEGIN RSA PRIVATE KEY-----
//   Proc-Type: 4,ENCRYPTED
//   DEK-Info: AES-256-CBC,<IV as hex>
//
//   <base64 of the CBC-encrypted, PKCS#7-padded RSAPrivateKey>
// as `openssl rsa -aes256 -traditional` writes, and the same with "EC PRIVATE
// KEY" around an ECPrivateKey (SEC 1), as `openssl ec -aes256` writes. Ciphers: AES-128/192/256-CBC,
// DES-EDE3-CBC, DES-CBC; the key is OpenSSL's EVP_BytesToKey with MD5, one
// iteration, salt = the first 8 IV bytes (codec/pem_kdf.hpp). The IV is hex of
// exactly the block size. Any other DEK-Info cipher is refused by name. After
// decryption every failure is errc::key_wrong_password (see pbe.hpp), except
// an EC key of another curve, which is named (as in encrypted_pkcs8.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "keys/any_private_key.hpp"
#include "keys/pbe.hpp"
#include "twoleg/error.hpp"
#include "twoleg/key_loader.hpp"

namespace twoleg::detail {

struct pem_encryption {
    pbe_cipher cipher = pbe_cipher::aes256_cbc;
    std::uint8_t iv[16] = {};
    std::size_t iv_size = 0;
};

/// Parses the value of a DEK-Info header ("AES-256-CBC,0123...").
result<pem_encryption> parse_dek_info(std::string_view value);

/// Decrypts the PEM body and parses the RSAPrivateKey or ECPrivateKey in it
/// (`kind`, from the block's label).
result<any_private_key> decrypt_pem_private_key(const pem_encryption &encryption, traditional_key kind,
                                                std::string_view password, std::span<const std::uint8_t> ciphertext);

encryption_description describe_pem_encryption(const pem_encryption &encryption);

} // namespace twoleg::detail
