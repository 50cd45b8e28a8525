// Implements keys/pbe.hpp: AlgorithmIdentifiers of password-based encryption
// (RFC 8018 appendix A.4 and B, RFC 7292 appendix C) and running them.
#include "keys/pbe.hpp"

#include "twoleg/oid.hpp"

#include <algorithm>
#include <array>

#include "cipher/cbc_cipher.hpp"
#include "codec/constant_time.hpp"
#include "codec/hmac.hpp"
#include "codec/pbkdf2.hpp"
#include "codec/pkcs12_kdf.hpp"
#include "core/wipe.hpp"
#include "keys/algorithm_identifier.hpp"

namespace twoleg::detail {

namespace {

using bytes_view = std::span<const std::uint8_t>;

template <std::size_t N>
bool oid_under(bytes_view oid, const oid::octets<N> &prefix, std::uint8_t &last) noexcept
{
    if (oid.size() != N + 1 || !std::equal(prefix.begin(), prefix.end(), oid.begin())) return false;
    last = oid[N];
    return true;
}

/// Known identifiers twoleg refuses, with the text that names them.
const char *refused_pkcs5(std::uint8_t last) noexcept
{
    switch (last) {
    case 1: return "refused: pbeWithMD2AndDES-CBC (1.2.840.113549.1.5.1), 56-bit PBES1 of PKCS#5 v1.5";
    case 3: return "refused: pbeWithMD5AndDES-CBC (1.2.840.113549.1.5.3), 56-bit PBES1 of PKCS#5 v1.5";
    case 4: return "refused: pbeWithMD2AndRC2-CBC (1.2.840.113549.1.5.4), 64-bit PBES1 of PKCS#5 v1.5";
    case 6: return "refused: pbeWithMD5AndRC2-CBC (1.2.840.113549.1.5.6), 64-bit PBES1 of PKCS#5 v1.5";
    case 10: return "refused: pbeWithSHA1AndDES-CBC (1.2.840.113549.1.5.10), 56-bit PBES1 of PKCS#5 v1.5";
    case 11: return "refused: pbeWithSHA1AndRC2-CBC (1.2.840.113549.1.5.11), 64-bit PBES1 of PKCS#5 v1.5";
    case 12: return "id-PBKDF2 (1.2.840.113549.1.5.12) is a key derivation, not an encryption scheme";
    case 14: return "refused: PBMAC1 (1.2.840.113549.1.5.14) is a MAC, not an encryption scheme";
    default: return "unknown PKCS#5 algorithm (1.2.840.113549.1.5.*); PBES2 (1.2.840.113549.1.5.13) is supported";
    }
}

const char *refused_pkcs12(std::uint8_t last) noexcept
{
    switch (last) {
    case 1: return "refused: pbeWithSHAAnd128BitRC4 (1.2.840.113549.1.12.1.1), RC4 is broken";
    case 2: return "refused: pbeWithSHAAnd40BitRC4 (1.2.840.113549.1.12.1.2), RC4 is broken";
    default: return "unknown PKCS#12 PBE algorithm (1.2.840.113549.1.12.1.*)";
    }
}

/// Reads an INTEGER iteration count and checks 1 .. max_pbe_iterations.
result<std::uint64_t> read_iterations(der::cursor &c)
{
    const std::size_t at = c.offset();
    auto n = c.read_small_unsigned_integer();
    if (!n) {
        if (n.err().code == errc::der_integer_too_large)
            return error(errc::input_too_large, "iteration count above 10000000: refused before any work", at);
        return n.err();
    }
    if (*n == 0) return error(errc::key_unsupported_algorithm, "iteration count must be at least 1", at);
    if (*n > max_pbe_iterations)
        return error(errc::input_too_large, "iteration count above 10000000: refused before any work", at);
    return *n;
}

/// A salt: 1 .. 1024 octets (RFC 8018 asks for at least 8; some tools write fewer).
result<bytes_view> read_salt(der::cursor &c)
{
    const std::size_t at = c.offset();
    auto salt = c.read_octet_string();
    if (!salt) return salt.err();
    if (salt->empty() || salt->size() > 1024)
        return error(errc::key_unsupported_algorithm, "salt must be 1 to 1024 octets", at);
    return *salt;
}

/// Optional parameters of a PRF or digest AlgorithmIdentifier: NULL or absent.
result<void> read_null_or_nothing(der::cursor &alg)
{
    if (alg.peek_tag(der::tag::null)) TWOLEG_TRY(alg.read_null());
    return alg.expect_end();
}

/// PBKDF2 PRF: AlgorithmIdentifier { hmacWithSHA*, NULL or absent } (RFC 8018 §B.1.2).
result<hash_algorithm> read_prf(der::cursor &c)
{
    auto id = read_algorithm_identifier(c);
    if (!id) return id.err();
    auto &[alg, oid, at] = *id;
    std::uint8_t last = 0;
    hash_algorithm hash{};
    if (!oid_under(oid, oid::rsadsi_digest, last) || last < 7 || last > 11)
        return error(errc::key_unsupported_algorithm,
                     "unknown PBKDF2 PRF (expected hmacWithSHA1/224/256/384/512, 1.2.840.113549.2.7-11)", at);
    constexpr hash_algorithm by_last[] = {hash_algorithm::sha1, hash_algorithm::sha224, hash_algorithm::sha256, hash_algorithm::sha384,
                                    hash_algorithm::sha512};
    hash = by_last[last - 7];
    TWOLEG_TRY(read_null_or_nothing(alg));
    return hash;
}

/// salt OCTET STRING, iterationCount INTEGER: the opening both PBKDF2-params
/// (RFC 8018 §A.2) and pkcs-12PbeParams (RFC 7292 §C) share.
result<void> read_salt_and_iterations(der::cursor &params, pbe_algorithm &out)
{
    auto salt = read_salt(params);
    if (!salt) return salt.err();
    out.salt = *salt;
    auto iterations = read_iterations(params);
    if (!iterations) return iterations.err();
    out.iterations = *iterations;
    return {};
}

/// PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier },
///   iterationCount INTEGER, keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
/// A prf of hmacWithSHA1 written out although it is the DEFAULT is accepted: OpenSSL writes it so.
result<void> read_pbkdf2_params(der::cursor &c, pbe_algorithm &out, std::uint64_t &key_length)
{
    auto params = c.read_sequence();
    if (!params) return params.err();
    if (params->peek_tag(der::tag::sequence))
        return error(errc::key_unsupported_algorithm, "PBKDF2 salt from otherSource is not supported",
                     params->offset());
    TWOLEG_TRY(read_salt_and_iterations(*params, out));
    key_length = 0;
    if (params->peek_tag(der::tag::integer)) {
        const std::size_t at = params->offset();
        auto n = params->read_small_unsigned_integer();
        if (!n) return n.err();
        if (*n == 0 || *n > 64) return error(errc::key_unsupported_algorithm, "PBKDF2 keyLength out of range", at);
        key_length = *n;
    }
    out.hash = hash_algorithm::sha1;
    if (!params->empty()) {
        auto prf = read_prf(*params);
        if (!prf) return prf.err();
        out.hash = *prf;
    }
    return params->expect_end();
}

/// The encryption scheme of PBES2: AlgorithmIdentifier { cipher OID, IV OCTET STRING }.
result<void> read_pbes2_cipher(der::cursor &c, pbe_algorithm &out)
{
    auto alg = c.read_sequence();
    if (!alg) return alg.err();
    const std::size_t at = alg->offset();
    auto oid = alg->read_oid();
    if (!oid) return oid.err();
    if (oid_is(*oid, oid::aes128_cbc)) out.cipher = pbe_cipher::aes128_cbc;
    else if (oid_is(*oid, oid::aes192_cbc)) out.cipher = pbe_cipher::aes192_cbc;
    else if (oid_is(*oid, oid::aes256_cbc)) out.cipher = pbe_cipher::aes256_cbc;
    else if (oid_is(*oid, oid::des_ede3_cbc)) out.cipher = pbe_cipher::des_ede3_cbc;
    else if (oid_is(*oid, oid::des_cbc)) out.cipher = pbe_cipher::des_cbc;
    else if (oid_is(*oid, oid::rc2_cbc))
        return error(errc::key_unsupported_algorithm, "refused: rc2-cbc (1.2.840.113549.3.2) inside PBES2", at);
    else
        return error(errc::key_unsupported_algorithm,
                     "unknown PBES2 encryption scheme (expected AES-128/192/256-CBC, DES-EDE3-CBC or DES-CBC)", at);
    const std::size_t iv_at = alg->offset();
    auto iv = alg->read_octet_string();
    if (!iv) return iv.err();
    if (iv->size() != cipher_block_bytes(out.cipher))
        return error(errc::key_unsupported_algorithm, "the IV's length is not the cipher's block size", iv_at);
    out.iv = *iv;
    return alg->expect_end();
}

/// PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
result<void> read_pbes2_params(der::cursor &c, pbe_algorithm &out)
{
    auto params = c.read_sequence();
    if (!params) return params.err();
    auto kdf = params->read_sequence();
    if (!kdf) return kdf.err();
    const std::size_t kdf_at = kdf->offset();
    auto kdf_oid = kdf->read_oid();
    if (!kdf_oid) return kdf_oid.err();
    if (oid_is(*kdf_oid, oid::scrypt))
        return error(errc::key_unsupported_algorithm,
                     "refused: scrypt (1.3.6.1.4.1.11591.4.11) key derivation; re-encrypt the key with PBKDF2, "
                     "e.g. `openssl pkcs8 -topk8 -v2 aes-256-cbc`",
                     kdf_at);
    if (!oid_is(*kdf_oid, oid::pbkdf2))
        return error(errc::key_unsupported_algorithm, "unknown PBES2 key derivation (expected PBKDF2)", kdf_at);
    out.kdf = pbe_kdf::pbkdf2;
    std::uint64_t key_length = 0;
    TWOLEG_TRY(read_pbkdf2_params(*kdf, out, key_length));
    TWOLEG_TRY(kdf->expect_end());
    const std::size_t cipher_at = params->offset();
    TWOLEG_TRY(read_pbes2_cipher(*params, out));
    if (key_length != 0 && key_length != cipher_key_bytes(out.cipher))
        return error(errc::key_unsupported_algorithm, "PBKDF2 keyLength differs from the cipher's key length",
                     cipher_at);
    return params->expect_end();
}

/// pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
result<void> read_pkcs12_pbe_params(der::cursor &c, pbe_algorithm &out)
{
    auto params = c.read_sequence();
    if (!params) return params.err();
    TWOLEG_TRY(read_salt_and_iterations(*params, out));
    return params->expect_end();
}

} // namespace

std::size_t cipher_key_bytes(pbe_cipher cipher) noexcept
{
    switch (cipher) {
    case pbe_cipher::aes128_cbc: return 16;
    case pbe_cipher::aes192_cbc: return 24;
    case pbe_cipher::aes256_cbc: return 32;
    case pbe_cipher::des_ede3_cbc: return 24;
    case pbe_cipher::des_ede2_cbc: return 16;
    case pbe_cipher::des_cbc: return 8;
    case pbe_cipher::rc2_40_cbc: return 5;
    case pbe_cipher::rc2_128_cbc: return 16;
    }
    return 0;
}

std::size_t cipher_block_bytes(pbe_cipher cipher) noexcept
{
    switch (cipher) {
    case pbe_cipher::aes128_cbc:
    case pbe_cipher::aes192_cbc:
    case pbe_cipher::aes256_cbc: return 16;
    default: return 8;
    }
}

result<pbe_algorithm> read_pbe_algorithm(der::cursor &c)
{
    auto id = read_algorithm_identifier(c);
    if (!id) return id.err();
    auto &[alg, oid, at] = *id;
    pbe_algorithm out;
    std::uint8_t last = 0;
    if (oid_is(oid, oid::pbes2)) {
        TWOLEG_TRY(read_pbes2_params(alg, out));
    } else if (oid_under(oid, oid::pkcs12_pbe, last)) {
        switch (last) {
        case 3: out.cipher = pbe_cipher::des_ede3_cbc; break;
        case 4: out.cipher = pbe_cipher::des_ede2_cbc; break;
        case 5: out.cipher = pbe_cipher::rc2_128_cbc; break;
        case 6: out.cipher = pbe_cipher::rc2_40_cbc; break;
        default: return error(errc::key_unsupported_algorithm, refused_pkcs12(last), at);
        }
        out.kdf = pbe_kdf::pkcs12;
        out.hash = hash_algorithm::sha1;
        TWOLEG_TRY(read_pkcs12_pbe_params(alg, out));
    } else if (oid_under(oid, oid::pkcs5, last)) {
        return error(errc::key_unsupported_algorithm, refused_pkcs5(last), at);
    } else if (oid_is(oid, oid::scrypt)) {
        return error(errc::key_unsupported_algorithm, "refused: scrypt (1.3.6.1.4.1.11591.4.11) alone", at);
    } else {
        return error(errc::key_unsupported_algorithm,
                     "unknown key encryption algorithm (expected PBES2 or a PKCS#12 PBE identifier)", at);
    }
    TWOLEG_TRY(alg.expect_end());
    return out;
}

result<hash_algorithm> read_digest_algorithm(der::cursor &c)
{
    auto alg = c.read_sequence();
    if (!alg) return alg.err();
    const std::size_t at = alg->offset();
    auto oid = alg->read_oid();
    if (!oid) return oid.err();
    hash_algorithm hash{};
    if (oid_is(*oid, oid::sha1)) hash = hash_algorithm::sha1;
    else if (oid_is(*oid, oid::sha224)) hash = hash_algorithm::sha224;
    else if (oid_is(*oid, oid::sha256)) hash = hash_algorithm::sha256;
    else if (oid_is(*oid, oid::sha384)) hash = hash_algorithm::sha384;
    else if (oid_is(*oid, oid::sha512)) hash = hash_algorithm::sha512;
    else if (oid_is(*oid, oid::md5))
        return error(errc::key_unsupported_algorithm, "refused: MD5 (1.2.840.113549.2.5) integrity check", at);
    else if (oid_is(*oid, oid::md2))
        return error(errc::key_unsupported_algorithm, "refused: MD2 (1.2.840.113549.2.2) integrity check", at);
    else if (oid_is(*oid, oid::pbmac1))
        return error(errc::key_unsupported_algorithm,
                     "refused: PBMAC1 (1.2.840.113549.1.5.14, RFC 9579) integrity check is not supported yet", at);
    else
        return error(errc::key_unsupported_algorithm,
                     "unknown integrity check digest (expected SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512)", at);
    TWOLEG_TRY(read_null_or_nothing(*alg));
    return hash;
}

result<std::vector<std::uint8_t>> decrypt_with_key(pbe_cipher cipher, bytes_view key, bytes_view iv,
                                                   bytes_view ciphertext)
{
    cbc_parameters p;
    p.key = key;
    p.iv = iv;
    switch (cipher) {
    case pbe_cipher::aes128_cbc:
    case pbe_cipher::aes192_cbc:
    case pbe_cipher::aes256_cbc: p.cipher = cbc_cipher::aes; break;
    case pbe_cipher::des_cbc: p.cipher = cbc_cipher::des; break;
    case pbe_cipher::des_ede3_cbc:
    case pbe_cipher::des_ede2_cbc: p.cipher = cbc_cipher::des_ede3; break;
    case pbe_cipher::rc2_40_cbc:
        p.cipher = cbc_cipher::rc2;
        p.rc2_effective_bits = 40;
        break;
    case pbe_cipher::rc2_128_cbc:
        p.cipher = cbc_cipher::rc2;
        p.rc2_effective_bits = 128;
        break;
    }
    std::vector<std::uint8_t> plain;
    switch (cbc_decrypt_unpad(p, ciphertext, plain)) {
    case cbc_status::ok: return plain;
    case cbc_status::invalid_parameters: return error(errc::internal, "cipher parameters of the wrong size");
    case cbc_status::invalid_length:
    case cbc_status::decryption_failed: break;
    }
    return error(errc::key_wrong_password);
}

namespace {

/// The BMPString form of a password (RFC 7292 B.1), or false if it has none
/// (invalid UTF-8, characters beyond U+FFFF): such a password cannot open the file.
bool encode_bmp(const pbe_password &password, std::vector<std::uint8_t> &bmp)
{
    bmp.clear();
    if (password.null_form) return password.utf8.empty();
    return pkcs12_password_from_utf8(password.utf8, bmp);
}

bytes_view as_bytes(std::string_view s) noexcept
{
    return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

} // namespace

result<std::vector<std::uint8_t>> pbe_decrypt(const pbe_algorithm &a, const pbe_password &password,
                                              bytes_view ciphertext)
{
    std::array<std::uint8_t, 32> key{};
    std::array<std::uint8_t, 8> iv{};
    auto wipe = [&] {
        secure_wipe(key.data(), key.size());
        secure_wipe(iv.data(), iv.size());
    };
    const std::size_t key_size = cipher_key_bytes(a.cipher);
    const auto iterations = static_cast<std::uint32_t>(a.iterations);
    if (a.iterations == 0 || a.iterations > max_pbe_iterations) return error(errc::internal);
    if (a.kdf == pbe_kdf::pbkdf2) {
        if (!pbkdf2(a.hash, as_bytes(password.utf8), a.salt, iterations, std::span(key).first(key_size)))
            return error(errc::internal, "PBKDF2 refused its parameters");
        auto plain = decrypt_with_key(a.cipher, std::span(key).first(key_size), a.iv, ciphertext);
        wipe();
        return plain;
    }
    std::vector<std::uint8_t> bmp;
    wipe_on_exit wipe_bmp{bmp};
    if (!encode_bmp(password, bmp)) return error(errc::key_wrong_password);
    const bool derived =
        pkcs12_kdf(hash_algorithm::sha1, bmp, a.salt, iterations, pkcs12_purpose::key, std::span(key).first(key_size)) &&
        pkcs12_kdf(hash_algorithm::sha1, bmp, a.salt, iterations, pkcs12_purpose::iv, std::span(iv));
    if (!derived) {
        wipe();
        return error(errc::internal, "the PKCS#12 key derivation refused its parameters");
    }
    auto plain = decrypt_with_key(a.cipher, std::span(key).first(key_size), iv, ciphertext);
    wipe();
    return plain;
}

bool pkcs12_mac_matches(hash_algorithm hash, const pbe_password &password, bytes_view salt, std::uint64_t iterations,
                        bytes_view data, bytes_view expected)
{
    if (iterations == 0 || iterations > max_pbe_iterations) return false;
    std::vector<std::uint8_t> bmp;
    wipe_on_exit wipe_bmp{bmp};
    if (!encode_bmp(password, bmp)) return false;
    std::array<std::uint8_t, max_digest_size> key{}, tag{};
    const std::size_t n = digest_size(hash);
    bool ok = pkcs12_kdf(hash, bmp, salt, static_cast<std::uint32_t>(iterations), pkcs12_purpose::mac,
                         std::span(key).first(n));
    ok = ok && hmac_oneshot(hash, std::span(key).first(n), data, tag) == n;
    ok = ok && equal_ct(std::span(tag).first(n), expected);
    secure_wipe(key.data(), key.size());
    secure_wipe(tag.data(), tag.size());
    return ok;
}

const char *scheme_name(const pbe_algorithm &a) noexcept
{
    if (a.kdf == pbe_kdf::pbkdf2) return "PBES2";
    switch (a.cipher) {
    case pbe_cipher::des_ede3_cbc: return "pbeWithSHAAnd3-KeyTripleDES-CBC";
    case pbe_cipher::des_ede2_cbc: return "pbeWithSHAAnd2-KeyTripleDES-CBC";
    case pbe_cipher::rc2_128_cbc: return "pbeWithSHAAnd128BitRC2-CBC";
    case pbe_cipher::rc2_40_cbc: return "pbeWithSHAAnd40BitRC2-CBC";
    default: return "PKCS#12 PBE";
    }
}

namespace {

/// The names of HMAC with a hash and of PBKDF2 over that HMAC, in one place.
struct hmac_names {
    const char *hmac;
    const char *pbkdf2;
};

hmac_names names_of(hash_algorithm hash) noexcept
{
    switch (hash) {
    case hash_algorithm::sha1: return {"HMAC-SHA1", "PBKDF2-HMAC-SHA1"};
    case hash_algorithm::sha224: return {"HMAC-SHA224", "PBKDF2-HMAC-SHA224"};
    case hash_algorithm::sha256: return {"HMAC-SHA256", "PBKDF2-HMAC-SHA256"};
    case hash_algorithm::sha384: return {"HMAC-SHA384", "PBKDF2-HMAC-SHA384"};
    case hash_algorithm::sha512: return {"HMAC-SHA512", "PBKDF2-HMAC-SHA512"};
    }
    return {"HMAC", "PBKDF2"};
}

} // namespace

const char *kdf_name(const pbe_algorithm &a) noexcept
{
    if (a.kdf == pbe_kdf::pkcs12) return "PKCS#12-KDF-SHA1";
    return names_of(a.hash).pbkdf2;
}

const char *cipher_name(pbe_cipher cipher) noexcept
{
    switch (cipher) {
    case pbe_cipher::aes128_cbc: return "AES-128-CBC";
    case pbe_cipher::aes192_cbc: return "AES-192-CBC";
    case pbe_cipher::aes256_cbc: return "AES-256-CBC";
    case pbe_cipher::des_ede3_cbc: return "DES-EDE3-CBC";
    case pbe_cipher::des_ede2_cbc: return "DES-EDE-CBC (2-key)";
    case pbe_cipher::des_cbc: return "DES-CBC";
    case pbe_cipher::rc2_40_cbc: return "RC2-40-CBC";
    case pbe_cipher::rc2_128_cbc: return "RC2-128-CBC";
    }
    return "unknown";
}

const char *hmac_name(hash_algorithm hash) noexcept
{
    return names_of(hash).hmac;
}

} // namespace twoleg::detail
