// Implements keys/encrypted_pkcs8.hpp.
#include "keys/encrypted_pkcs8.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "twoleg/key_formats.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

namespace {

using bytes_view = std::span<const std::uint8_t>;

// 1.2.840.113549.1.5 (PKCS#5) and 1.2.840.113549.1.12.1 (PKCS#12 PBE).
constexpr std::array<std::uint8_t, 8> prefix_pkcs5{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05};
constexpr std::array<std::uint8_t, 9> prefix_pkcs12_pbe{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01};
// 1.3.6.1.4.1.11591.4.11 (scrypt), which some tools name directly.
constexpr std::array<std::uint8_t, 9> oid_scrypt{0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b};

template <std::size_t N>
bool starts_with(bytes_view oid, const std::array<std::uint8_t, N> &prefix) noexcept
{
    return oid.size() >= N && std::equal(prefix.begin(), prefix.end(), oid.begin());
}

/// Errors a correctly decrypted key may still give, and which name something
/// about the key rather than about the bytes: a key of another algorithm.
bool names_the_key(const error &e) noexcept
{
    return e.code == errc::key_unsupported_algorithm;
}

} // namespace

bool looks_like_encrypted_private_key_info(bytes_view der) noexcept
{
    der::cursor top(der);
    auto outer = top.read_sequence();
    if (!outer) return false;
    auto alg = outer->read_sequence();
    if (!alg) return false;
    auto oid = alg->read_oid();
    if (!oid) return false;
    return (starts_with(*oid, prefix_pkcs5) || starts_with(*oid, prefix_pkcs12_pbe) ||
            std::equal(oid->begin(), oid->end(), oid_scrypt.begin(), oid_scrypt.end())) &&
           outer->peek_tag(der::tag::octet_string);
}

result<encrypted_private_key_info> read_encrypted_private_key_info(der::cursor &c)
{
    auto seq = c.read_sequence();
    if (!seq) return seq.err();
    encrypted_private_key_info out;
    auto algorithm = read_pbe_algorithm(*seq);
    if (!algorithm) return algorithm.err();
    out.algorithm = *algorithm;
    auto data = seq->read_octet_string();
    if (!data) return data.err();
    if (data->empty() || data->size() % cipher_block_bytes(out.algorithm.cipher) != 0)
        return error(errc::key_wrong_password);
    out.ciphertext = *data;
    TWOLEG_TRY(seq->expect_end());
    return out;
}

result<encrypted_private_key_info> parse_encrypted_private_key_info(bytes_view der)
{
    der::cursor c(der);
    auto info = read_encrypted_private_key_info(c);
    if (!info) return info.err();
    TWOLEG_TRY(c.expect_end());
    return info;
}

result<rsa_private_key> decrypt_private_key_info(const encrypted_private_key_info &info, const pbe_password &password)
{
    const pbe_cipher c = info.algorithm.cipher;
    if (c == pbe_cipher::rc2_40_cbc || c == pbe_cipher::rc2_128_cbc)
        return error(errc::key_unsupported_algorithm,
                     "refused: RC2 (pbeWithSHAAnd40BitRC2-CBC / pbeWithSHAAnd128BitRC2-CBC) for a private key; "
                     "twoleg decrypts RC2 only for certificates");
    auto plain = pbe_decrypt(info.algorithm, password, info.ciphertext);
    if (!plain) return plain.err();
    wipe_on_exit wipe{*plain};
    auto key = parse_pkcs8_private_key(*plain);
    if (key) return key;
    if (names_the_key(key.err())) return error(key.err().code, key.err().detail);
    return error(errc::key_wrong_password);
}

encryption_description describe_encryption(const pbe_algorithm &algorithm)
{
    encryption_description d;
    d.scheme = scheme_name(algorithm);
    d.kdf = kdf_name(algorithm);
    d.cipher = cipher_name(algorithm.cipher);
    d.iterations = algorithm.iterations;
    return d;
}

} // namespace twoleg::detail
