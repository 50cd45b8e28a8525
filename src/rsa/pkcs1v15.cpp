// Implements twoleg/pkcs1v15.hpp: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2).
//
// Verification follows the encode-and-compare method of §8.2.2 step 3-4: the
// expected encoded message is rebuilt from the digest and compared with the
// whole recovered block, all k octets, in constant time. Nothing is ever parsed
// out of the recovered block, which closes the door on the family of
// signature-forgery bugs that come from lenient DigestInfo parsers
// (Bleichenbacher 2006 and its descendants).
#include "twoleg/pkcs1v15.hpp"
#include "core/wipe.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "rsa/rsa_core.hpp"

namespace twoleg {

namespace {

constexpr std::size_t digest_info_size = sha256_digest_info_prefix.size() + sha256_digest_size;  // tLen = 51
/// 0x00 0x01, at least eight 0xFF, 0x00, DigestInfo (§9.2 step 3).
constexpr std::size_t min_encoded_size = digest_info_size + 11;
constexpr std::size_t max_modulus_bytes = rsa_max_modulus_bits / 8;

/// 0 when the spans are equal, without an early exit (their lengths are public).
unsigned char constant_time_difference(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept
{
    unsigned char acc = 0;
    for (std::size_t i = 0; i < a.size(); ++i) acc = static_cast<unsigned char>(acc | (a[i] ^ b[i]));
    return acc;
}

} // namespace

result<void> emsa_pkcs1_v15_sha256(const sha256_digest &digest, std::span<std::uint8_t> em) noexcept
{
    const std::size_t k = em.size();
    if (k < min_encoded_size)
        return error(errc::invalid_argument, "intended encoded message length too short (RFC 8017 9.2)");
    const std::size_t padding_end = k - digest_info_size - 1;  // index of the 0x00 separator
    em[0] = 0x00;
    em[1] = 0x01;
    std::fill(em.begin() + 2, em.begin() + padding_end, std::uint8_t{0xff});
    em[padding_end] = 0x00;
    std::memcpy(em.data() + padding_end + 1, sha256_digest_info_prefix.data(), sha256_digest_info_prefix.size());
    std::memcpy(em.data() + k - sha256_digest_size, digest.data(), sha256_digest_size);
    return {};
}

result<void> pkcs1v15_sign_sha256_digest(const rsa_private_key &key, const sha256_digest &digest,
                                         std::span<std::uint8_t> signature, const random_source *rng) noexcept
{
    detail::secure_wipe(signature);  // no partial signature leaves on any failure
    if (key.empty()) return error(errc::invalid_argument, "empty private key");
    const std::size_t k = key.modulus_bytes();
    if (signature.size() != k)
        return error(errc::invalid_argument, "signature buffer must be exactly as long as the modulus");
    std::array<std::uint8_t, max_modulus_bytes> em_storage;
    std::span<std::uint8_t> em(em_storage.data(), k);
    TWOLEG_TRY(emsa_pkcs1_v15_sha256(digest, em));
    return detail::rsa_private_operation(key, em, signature, rng, nullptr);
}

result<std::vector<std::uint8_t>> pkcs1v15_sign_sha256(const rsa_private_key &key,
                                                       std::span<const std::uint8_t> message,
                                                       const random_source *rng)
{
    if (key.empty()) return error(errc::invalid_argument, "empty private key");
    std::vector<std::uint8_t> signature(key.modulus_bytes());
    TWOLEG_TRY(pkcs1v15_sign_sha256_digest(key, sha256_hash(message), signature, rng));
    return signature;
}

result<void> pkcs1v15_verify_sha256_digest(const rsa_public_key &key, const sha256_digest &digest,
                                           std::span<const std::uint8_t> signature) noexcept
{
    if (key.empty()) return error(errc::invalid_argument, "empty public key");
    const std::size_t k = key.modulus_bytes();
    // §8.2.2 step 1: the length is checked before any arithmetic.
    if (signature.size() != k) return error(errc::verify_failed);
    std::array<std::uint8_t, max_modulus_bytes> recovered_storage;
    std::array<std::uint8_t, max_modulus_bytes> expected_storage;
    std::span<std::uint8_t> recovered(recovered_storage.data(), k);
    std::span<std::uint8_t> expected(expected_storage.data(), k);
    // Step 2: RSAVP1, which refuses a representative >= n.
    if (!detail::rsa_public_operation(key, signature, recovered)) return error(errc::verify_failed);
    // Steps 3-4: encode the expected block and compare everything.
    if (!emsa_pkcs1_v15_sha256(digest, expected)) return error(errc::verify_failed);
    if (constant_time_difference(recovered, expected) != 0) return error(errc::verify_failed);
    return {};
}

result<void> pkcs1v15_verify_sha256(const rsa_public_key &key, std::span<const std::uint8_t> message,
                                    std::span<const std::uint8_t> signature) noexcept
{
    return pkcs1v15_verify_sha256_digest(key, sha256_hash(message), signature);
}

} // namespace twoleg
