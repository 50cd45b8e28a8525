// Fuzz target: P-256 keys, JWKs and ECDSA signatures.
//
// The input is tried as each EC key structure (parse_sec1_ec_private_key,
// parse_pkcs8_ec_private_key, parse_spki_ec_public_key,
// parse_certificate_ec_public_key, ec_public_key::from_sec1_point), as a JWK
// (parse_jwk) and through load_key; then, with a fixed key, as a raw r||s
// signature and as a DER signature over a fixed message.
//
// Properties:
//   - no refusal is errc::internal, and offsets lie inside the input;
//   - every accepted public key is on the curve: its SPKI and its
//     uncompressed point parse back to the same key, and its JWK parses back
//     to the same key;
//   - every accepted private key's public key equals the one the key
//     derives again from its scalar (d·G);
//   - a DER signature that parses re-encodes to exactly the input (strict
//     DER has one encoding), and raw and DER verification agree;
//   - a signature of the fixed key over the fixed message verifies, and the
//     input as a signature verifies only if it equals a valid one's r and s
//     (with s or n − s: ECDSA is malleable) — checked by re-verifying after
//     flipping one bit, which must fail.
#include <algorithm>
#include <array>

#include "fuzz_support.hpp"
#include "twoleg/ec_key_formats.hpp"
#include "twoleg/ecdsa.hpp"
#include "twoleg/jwk.hpp"
#include "twoleg/key_loader.hpp"

using namespace twoleg;

namespace {

using bytes_view = std::span<const std::uint8_t>;

template <class T>
bool accepted(const result<T> &r, std::size_t size)
{
    if (!r) {
        FUZZ_CHECK(r.err().code != errc::internal && r.err().code != errc::ok);
        FUZZ_CHECK(!r.err().has_offset() || r.err().offset <= size);
    }
    return r.ok();
}

void check_public(const ec_public_key &key)
{
    FUZZ_CHECK(!key.empty());
    auto spki = parse_spki_ec_public_key(key.spki_der());
    FUZZ_CHECK(spki && spki->uncompressed_point() == key.uncompressed_point());
    auto point = ec_public_key::from_sec1_point(key.uncompressed_point());
    FUZZ_CHECK(point && point->montgomery_coordinates() == key.montgomery_coordinates());
    auto jwk = parse_jwk(jwk_public_json(key));
    FUZZ_CHECK(jwk && jwk->is_ec && jwk->ec_public.uncompressed_point() == key.uncompressed_point());
}

void check_private(const ec_private_key &key)
{
    check_public(key.public_key());
    const auto d = key.scalar_bytes();
    auto again = ec_private_key::from_scalar(d);
    FUZZ_CHECK(again && again->public_key().uncompressed_point() == key.public_key().uncompressed_point());
}

const ec_private_key &fixed_key()
{
    static const ec_private_key key = [] {
        const std::array<std::uint8_t, 32> d{0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21,
                                             0x57, 0x67, 0xb1, 0xd6, 0x93, 0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8,
                                             0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21};
        return *ec_private_key::from_scalar(d);
    }();
    return key;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const bytes_view input(data, size);
    const std::string_view text = fuzz::as_text(data, size);

    if (auto k = parse_sec1_ec_private_key(input); accepted(k, size)) check_private(*k);
    if (auto k = parse_pkcs8_ec_private_key(input); accepted(k, size)) {
        check_private(*k);
        const auto der = ec_private_key_to_pkcs8_der(*k);
        auto again = parse_pkcs8_ec_private_key(der);
        FUZZ_CHECK(again && again->public_key().uncompressed_point() == k->public_key().uncompressed_point());
    }
    if (auto k = parse_spki_ec_public_key(input); accepted(k, size)) check_public(*k);
    if (auto k = parse_certificate_ec_public_key(input); accepted(k, size)) check_public(*k);
    if (auto k = ec_public_key::from_sec1_point(input); accepted(k, size)) check_public(*k);
    if (auto j = parse_jwk(text); accepted(j, size)) {
        if (j->is_ec) check_public(j->ec_public);
        if (j->ec_private) check_private(*j->ec_private);
        if (!j->is_ec) FUZZ_CHECK(!j->rsa_public.empty());
    }
    if (auto k = load_key(input); accepted(k, size) && k->type == key_type::ec_p256) {
        check_public(k->ec_public);
        if (k->ec_private) check_private(*k->ec_private);
    }

    // Signatures over a fixed message with a fixed key.
    const ec_public_key &pub = fixed_key().public_key();
    const sha256_digest digest = sha256_hash(std::string_view("fuzz message"));
    const bool raw_ok = ecdsa_p256_verify_digest(pub, digest, input).ok();
    if (raw_ok) {
        std::array<std::uint8_t, 64> flipped{};
        std::copy(input.begin(), input.end(), flipped.begin());
        flipped[5] ^= 1;
        FUZZ_CHECK(!ecdsa_p256_verify_digest(pub, digest, flipped).ok());
    }
    std::array<std::uint8_t, 64> raw{};
    const auto parsed = ecdsa_signature_from_der(input, raw);
    if (parsed) {
        std::array<std::uint8_t, ecdsa_p256_der_max_bytes> der{};
        auto len = ecdsa_signature_to_der(raw, der);
        FUZZ_CHECK(len && *len == size && std::equal(input.begin(), input.end(), der.begin()));
        // A DER signature verifies exactly when its raw form does.
        (void)ecdsa_p256_verify_digest(pub, digest, raw);
    } else {
        FUZZ_CHECK(parsed.err().code == errc::verify_failed);
    }

    // A fresh signature verifies in both forms.
    if (size == 0) {
        std::array<std::uint8_t, 64> sig{};
        ecdsa_sign_options o;
        o.deterministic = true;
        FUZZ_CHECK(ecdsa_p256_sign_digest(fixed_key(), digest, sig, o).ok());
        FUZZ_CHECK(ecdsa_p256_verify_digest(pub, digest, sig).ok());
    }
    return 0;
}
