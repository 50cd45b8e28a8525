// Implements keys/encrypted_pkcs8.hpp.
#include "keys/encrypted_pkcs8.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "twoleg/oid.hpp"
#include "core/wipe.hpp"

namespace twoleg::detail {

namespace {

using bytes_view = std::span<const std::uint8_t>;

/// Errors a correctly decrypted key may still give, and which name something
/// about the key rather than about the bytes: a key of another algorithm or
/// another curve. A wrong password reaches them only with a plaintext that
/// has valid padding and parses up to the algorithm: no oracle.
bool names_the_key(const error &e) noexcept
{
    return e.code == errc::key_unsupported_algorithm || e.code == errc::key_unsupported_curve;
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
    return (oid_is_under(*oid, oid::pkcs5) || oid_is_under(*oid, oid::pkcs12_pbe) || oid_is(*oid, oid::scrypt)) &&
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

result<any_private_key> decrypt_private_key_info(const encrypted_private_key_info &info, const pbe_password &password)
{
    const pbe_cipher c = info.algorithm.cipher;
    if (c == pbe_cipher::rc2_40_cbc || c == pbe_cipher::rc2_128_cbc)
        return error(errc::key_unsupported_algorithm,
                     "refused: RC2 (pbeWithSHAAnd40BitRC2-CBC / pbeWithSHAAnd128BitRC2-CBC) for a private key; "
                     "twoleg decrypts RC2 only for certificates");
    auto plain = pbe_decrypt(info.algorithm, password, info.ciphertext);
    if (!plain) return plain.err();
    wipe_on_exit wipe{*plain};
    auto key = parse_any_private_key_info(*plain);
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
