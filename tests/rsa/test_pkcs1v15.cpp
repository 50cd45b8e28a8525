// pkcs1v15.hpp against vectors twoleg did not produce: RFC 7515 appendix A.2,
// and signatures, keys and raw RSA blocks made by the openssl command.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "rsa/rsa_core.hpp"
#include "openssl_rsa.hpp"
#include "core/env.hpp"
#include "rsa/kernel_info.hpp"
#include "rsa/mont_exp.hpp"
#include "test_support.hpp"
#include "twoleg/pkcs1v15.hpp"
#include "twoleg/sha256.hpp"
#include "rsa/ifma_dual.hpp"

using bytes = std::vector<std::uint8_t>;

namespace {

/// base64url without padding (RFC 4648 §5), for the RFC's test vector only.
bytes decode_base64url(std::string_view text)
{
    auto value = [](char c) -> unsigned {
        if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A');
        if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 26);
        if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0' + 52);
        if (c == '-') return 62;
        if (c == '_') return 63;
        throw std::runtime_error("bad base64url character");
    };
    bytes out;
    unsigned acc = 0;
    int bits = 0;
    for (char c : text) {
        acc = (acc << 6) | value(c);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
            acc &= (1u << bits) - 1;
        }
    }
    return out;
}

bool is_all_zero(std::span<const std::uint8_t> v)
{
    return std::all_of(v.begin(), v.end(), [](std::uint8_t b) { return b == 0; });
}

bytes sha256_of(std::span<const std::uint8_t> m)
{
    auto d = twoleg::sha256_hash(m);
    return bytes(d.begin(), d.end());
}

std::vector<bytes> test_messages()
{
    return {bytes{}, test::bytes("a"), test::pseudo_random_bytes(55, 55), test::pseudo_random_bytes(64, 64),
            test::pseudo_random_bytes(100000, 100000)};
}

bool fill_constant_01(void *, std::uint8_t *out, std::size_t len) noexcept
{
    std::fill(out, out + len, std::uint8_t{0x01});
    return true;
}
bool fill_zero(void *, std::uint8_t *out, std::size_t len) noexcept
{
    std::fill(out, out + len, std::uint8_t{0x00});
    return true;
}
bool fill_ff(void *, std::uint8_t *out, std::size_t len) noexcept
{
    std::fill(out, out + len, std::uint8_t{0xff});
    return true;
}
bool fill_fails(void *, std::uint8_t *, std::size_t) noexcept { return false; }

} // namespace

// RFC 7515 appendix A.2.1: the RSA key as a JWK, the JWS signing input and the
// signature printed in the RFC (values copied exactly from the RFC text).
TEST_CASE("RFC 7515 A.2: the example key signs the example input to the printed signature")
{
    const bytes n = decode_base64url(
        "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-"
        "SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-"
        "KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-"
        "DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ");
    const bytes e = decode_base64url("AQAB");
    const bytes d = decode_base64url(
        "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_"
        "GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_"
        "V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_"
        "jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ");
    const bytes p = decode_base64url(
        "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc");
    const bytes q = decode_base64url(
        "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc");
    const bytes dp = decode_base64url(
        "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0");
    const bytes dq = decode_base64url(
        "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU");
    const bytes qi = decode_base64url(
        "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U");
    const std::string signing_input =
        "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    const bytes expected = decode_base64url(
        "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_"
        "O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_"
        "eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_"
        "IoypGlUPQGe77Rw");
    REQUIRE(n.size() == 256);
    REQUIRE(expected.size() == 256);

    twoleg::rsa_private_components c{n, e, d, p, q, dp, dq, qi};
    auto key = twoleg::rsa_private_key::from_components(c);
    REQUIRE_MESSAGE(key, (key ? std::string() : key.err().message()));
    const bytes message = test::bytes(signing_input);

    auto sig = twoleg::pkcs1v15_sign_sha256(*key, message);
    REQUIRE(sig);
    CHECK(test::hex(*sig) == test::hex(expected));
    CHECK(twoleg::pkcs1v15_verify_sha256(key->public_key(), message, expected));

    // A fixed, non-random blinding factor changes nothing in the result.
    twoleg::random_source fixed{fill_constant_01, nullptr};
    auto sig_fixed = twoleg::pkcs1v15_sign_sha256(*key, message, &fixed);
    REQUIRE(sig_fixed);
    CHECK(*sig_fixed == expected);

    // The public key alone, built from n and e, verifies the RFC's signature.
    auto pub = twoleg::rsa_public_key::from_components(n, e);
    REQUIRE(pub);
    CHECK(twoleg::pkcs1v15_verify_sha256(*pub, message, expected));
    bytes tampered = message;
    tampered[0] ^= 1;
    CHECK(twoleg::pkcs1v15_verify_sha256(*pub, tampered, expected).err().code == twoleg::errc::verify_failed);
}

TEST_CASE("EMSA-PKCS1-v1_5 encoding equals the block inside openssl's signatures")
{
    for (unsigned bits : {1024u, 2047u, 2049u}) {
        CAPTURE(bits);
        const std::string key = test::key_path(bits, 65537, "pkcs8.pem");
        const bytes message = test::bytes("encode me");
        const bytes recovered =
            test::openssl_raw_public(test::key_path(bits, 65537, "spki.pem"), test::openssl_sign(key, message));
        bytes em(recovered.size());
        REQUIRE(twoleg::emsa_pkcs1_v15_sha256(twoleg::sha256_hash(message), em));
        CHECK(test::hex(em) == test::hex(recovered));
    }
}

TEST_CASE("EMSA-PKCS1-v1_5: 62 octets is the shortest encoding (eight octets of padding)")
{
    twoleg::sha256_digest digest{};
    bytes em(62);
    REQUIRE(twoleg::emsa_pkcs1_v15_sha256(digest, em));
    CHECK(em[0] == 0x00);
    CHECK(em[1] == 0x01);
    CHECK(std::all_of(em.begin() + 2, em.begin() + 10, [](std::uint8_t b) { return b == 0xff; }));
    CHECK(em[10] == 0x00);
    bytes short_em(61);
    auto r = twoleg::emsa_pkcs1_v15_sha256(digest, short_em);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == twoleg::errc::invalid_argument);
}

TEST_CASE("signatures are byte-identical to openssl dgst -sha256 -sign for every test key, message and kernel")
{
    // Every exponentiation path, chosen when a key is loaded: the dual-prime
    // kernel's model (any CPU), the default (native IFMA where the CPU has it,
    // else mulx), mulx, and GMP.
    struct path {
        const char *name, *no_ifma, *force_model, *no_mulx;
    };
    const path paths[] = {
        {"ifma-model", nullptr, "1", nullptr},
        {"default", nullptr, nullptr, nullptr},
        {"mulx", "1", nullptr, nullptr},
        {"gmp", "1", nullptr, "1"},
    };
    // The native IFMA kernel: a CPU with IFMA and a build that carries it.
    const bool ifma_cpu = twoleg::detail::cpu_features().avx512_ifma && twoleg::detail::ifma_native_kernel(16) != nullptr;
    const auto messages = test_messages();
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            CAPTURE(bits);
            CAPTURE(e);
            const std::string pem = test::key_path(bits, e, "pkcs8.pem");
            std::vector<bytes> expected;
            for (const bytes &m : messages) expected.push_back(test::openssl_sign(pem, m));
            for (const path &route : paths) {
                CAPTURE(route.name);
                test::scoped_env no_ifma("TWOLEG_NO_IFMA", route.no_ifma);
                test::scoped_env model("TWOLEG_FORCE_IFMA_MODEL", route.force_model);
                test::scoped_env no_mulx("TWOLEG_NO_MULX", route.no_mulx);
                const auto key = test::private_key_via_openssl(pem);
                // openssl genpkey may land one bit short for odd sizes (2049 -> 2048).
                REQUIRE((key.modulus_bits() == bits || key.modulus_bits() == bits - 1));
                const std::string kernel = twoleg::detail::rsa_kernel_name(key);
                CAPTURE(kernel);
                const bool dual_size = bits == 2048 || bits == 3072 || bits == 4096;
                if (std::string(route.name) == "ifma-model")
                    CHECK((kernel == "ifma-model" || (!dual_size && kernel == "gmp")));
                if (std::string(route.name) == "default" && dual_size && ifma_cpu) CHECK(kernel == "ifma");
                if (std::string(route.name) == "gmp") CHECK(kernel == "gmp");
                if (std::string(route.name) == "mulx" && dual_size && twoleg::detail::modexp_ct_fast_available(bits / 128))
                    CHECK(kernel == "mulx");
                for (std::size_t i = 0; i < messages.size(); ++i) {
                    CAPTURE(messages[i].size());
                    auto sig = twoleg::pkcs1v15_sign_sha256(key, messages[i]);
                    REQUIRE(sig);
                    CHECK(sig->size() == (key.modulus_bits() + 7) / 8);
                    CHECK(test::hex(*sig) == test::hex(expected[i]));
                    CHECK(twoleg::pkcs1v15_verify_sha256(key.public_key(), messages[i], expected[i]));
                }
            }
        }
    }
}

TEST_CASE("a valid signature that starts with a zero octet is produced in full and accepted")
{
    const std::string pem = test::key_path(2048, 65537, "pkcs8.pem");
    const auto key = test::private_key_via_openssl(pem);
    // Search with our own (fast) signer, then let openssl sign the message it
    // found: openssl's signature must itself start with 0x00 and be identical.
    bytes message, sig;
    for (int i = 0; i < 20000; ++i) {
        message = test::bytes("zero-lead-" + std::to_string(i));
        auto s = twoleg::pkcs1v15_sign_sha256(key, message);
        REQUIRE(s);
        if ((*s)[0] == 0x00) {
            sig = *s;
            break;
        }
    }
    REQUIRE(sig.size() == 256);
    const bytes expected = test::openssl_sign(pem, message);
    REQUIRE(expected.size() == 256);
    CHECK(expected[0] == 0x00);
    CHECK(sig == expected);
    CHECK(twoleg::pkcs1v15_verify_sha256(key.public_key(), message, expected));
    CHECK(test::openssl_verifies(test::key_path(2048, 65537, "spki.pem"), message, sig));
    // Without its leading zero it is one octet short and refused.
    const bytes stripped(expected.begin() + 1, expected.end());
    CHECK(twoleg::pkcs1v15_verify_sha256(key.public_key(), message, stripped).err().code ==
          twoleg::errc::verify_failed);
}

namespace {

constexpr std::array<std::uint8_t, 15> sha1_digest_info_prefix = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                                                  0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};

/// 0x00 0x01 FF.. 0x00 || tail, exactly k octets (`lead` replaces the first two octets).
bytes block_with_tail(std::size_t k, const bytes &tail, std::array<std::uint8_t, 2> lead = {0x00, 0x01})
{
    bytes em(k, 0xff);
    em[0] = lead[0];
    em[1] = lead[1];
    em[k - tail.size() - 1] = 0x00;
    std::copy(tail.begin(), tail.end(), em.end() - static_cast<std::ptrdiff_t>(tail.size()));
    return em;
}

bytes concat(std::initializer_list<std::span<const std::uint8_t>> parts)
{
    bytes out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

} // namespace

TEST_CASE("verification rejects every defect in the table and accepts the controls")
{
    for (unsigned e : test::exponents) {
        CAPTURE(e);
        const std::string pem = test::key_path(2048, e, "pkcs8.pem");
        const auto key = test::private_key_via_openssl(pem);
        const auto &pub = key.public_key();
        const std::size_t k = pub.modulus_bytes();
        const bytes message = test::bytes("the message that was signed");
        const bytes other = test::bytes("the message that was not signed");
        const bytes hash = sha256_of(message);
        const bytes prefix(twoleg::sha256_digest_info_prefix.begin(), twoleg::sha256_digest_info_prefix.end());
        const bytes n = test::openssl_modulus(pem);
        bytes n_exact(n.begin() + static_cast<std::ptrdiff_t>(n.size() - k), n.end());  // drop openssl's 00 sign octet
        REQUIRE(n_exact.size() == k);

        const bytes good_sig = test::openssl_sign(pem, message);
        const bytes sha1_hash = [&] {
            test::command_result r = test::run("printf %s " + test::shell_quote("the message that was signed") +
                                         " | openssl dgst -sha1 -binary | od -An -tx1");
            return test::unhex(r.out);
        }();
        REQUIRE(sha1_hash.size() == 20);

        // Controls: the correct block, made raw by openssl, and openssl's own signature.
        const bytes good_block = block_with_tail(k, concat({prefix, hash}));
        REQUIRE(twoleg::pkcs1v15_verify_sha256(pub, message, test::openssl_raw_private(pem, good_block)));
        REQUIRE(twoleg::pkcs1v15_verify_sha256(pub, message, good_sig));

        struct row {
            const char *name;
            bytes message;
            bytes signature;
        };
        std::vector<row> rows;
        auto raw = [&](const bytes &block) { return test::openssl_raw_private(pem, block); };

        rows.push_back({"other message", other, good_sig});
        rows.push_back({"SHA-1 DigestInfo (openssl dgst -sha1 -sign)", message, test::openssl_sign(pem, message, "-sha1")});
        {
            bytes sha1_block = block_with_tail(
                k, concat({bytes(sha1_digest_info_prefix.begin(), sha1_digest_info_prefix.end()), sha1_hash}));
            rows.push_back({"SHA-1 DigestInfo (raw block)", message, raw(sha1_block)});
        }
        {
            // BER, not DER: the outer SEQUENCE length in long form (81 31).
            bytes ber = prefix;
            ber.erase(ber.begin() + 1);
            const std::uint8_t long_form[] = {0x81, 0x31};
            ber.insert(ber.begin() + 1, std::begin(long_form), std::end(long_form));
            rows.push_back({"BER length of the DigestInfo SEQUENCE", message, raw(block_with_tail(k, concat({ber, hash})))});
        }
        {
            // BER: the OCTET STRING length in long form (04 81 20).
            bytes ber = prefix;
            ber.back() = 0x81;
            ber.push_back(0x20);
            ber[1] = 0x32;  // outer length grows by one, as a BER encoder would write it
            rows.push_back({"BER length of the digest OCTET STRING", message, raw(block_with_tail(k, concat({ber, hash})))});
        }
        {
            bytes altered = good_block;
            altered[k / 3] = 0xfe;
            rows.push_back({"one padding octet altered", message, raw(altered)});
        }
        {
            bytes altered = good_block;
            altered[2] = 0x00;
            rows.push_back({"first padding octet zero", message, raw(altered)});
        }
        rows.push_back({"block type 2", message, raw(block_with_tail(k, concat({prefix, hash}), {0x00, 0x02}))});
        {
            const bytes garbage = test::pseudo_random_bytes(8, 7);
            rows.push_back({"garbage after the hash", message, raw(block_with_tail(k, concat({prefix, hash, garbage})))});
        }
        {
            // 01 FF .. FF 00 DigestInfo hash in all k octets: the leading 00 is missing.
            bytes shifted = block_with_tail(k, concat({prefix, hash}), {0x01, 0xff});
            rows.push_back({"missing leading zero", message, raw(shifted)});
        }
        {
            bytes zero_padding = good_block;  // 00 01 00 .. 00 00 DigestInfo hash
            std::fill(zero_padding.begin() + 2, zero_padding.end() - 52, std::uint8_t{0x00});
            rows.push_back({"padding octets all zero", message, raw(zero_padding)});
        }
        rows.push_back({"signature = 0", message, bytes(k, 0x00)});
        {
            bytes one(k, 0x00);
            one.back() = 1;
            rows.push_back({"signature = 1", message, one});
        }
        {
            bytes n_minus_1 = n_exact;
            n_minus_1.back() -= 1;  // n is odd: no borrow
            rows.push_back({"signature = n - 1", message, n_minus_1});
        }
        rows.push_back({"signature = n", message, n_exact});
        rows.push_back({"signature all 0xFF", message, bytes(k, 0xff)});
        rows.push_back({"one octet short", message, bytes(good_sig.begin() + 1, good_sig.end())});
        rows.push_back({"one octet short (last dropped)", message, bytes(good_sig.begin(), good_sig.end() - 1)});
        {
            bytes longer = good_sig;
            longer.insert(longer.begin(), 0x00);  // same number, wrong length
            rows.push_back({"one octet long", message, longer});
        }
        rows.push_back({"empty", message, bytes{}});

        for (const row &r : rows) {
            CAPTURE(r.name);
            auto result = twoleg::pkcs1v15_verify_sha256(pub, r.message, r.signature);
            REQUIRE_FALSE(result);
            CHECK(result.err().code == twoleg::errc::verify_failed);
        }
    }
}

TEST_CASE("signing failures release nothing but zeros")
{
    const auto key = test::private_key_via_openssl(test::key_path(2048, 65537, "pkcs8.pem"));
    const auto digest = twoleg::sha256_hash(std::string_view("x"));

    SUBCASE("wrong signature length")
    {
        bytes sig(255, 0xaa);
        auto r = twoleg::pkcs1v15_sign_sha256_digest(key, digest, sig);
        REQUIRE_FALSE(r);
        CHECK(r.err().code == twoleg::errc::invalid_argument);
        CHECK(is_all_zero(sig));
    }
    SUBCASE("random sources that fail or give no usable blinding factor")
    {
        for (auto fill : {fill_fails, fill_zero, fill_ff}) {
            twoleg::random_source src{fill, nullptr};
            bytes sig(256, 0xaa);
            auto r = twoleg::pkcs1v15_sign_sha256_digest(key, digest, sig, &src);
            REQUIRE_FALSE(r);
            CHECK(r.err().code == twoleg::errc::random_failure);
            CHECK(is_all_zero(sig));
        }
    }
    SUBCASE("empty key")
    {
        bytes sig(256, 0xaa);
        auto r = twoleg::pkcs1v15_sign_sha256_digest(twoleg::rsa_private_key{}, digest, sig);
        REQUIRE_FALSE(r);
        CHECK(r.err().code == twoleg::errc::invalid_argument);
        CHECK(twoleg::pkcs1v15_verify_sha256_digest(twoleg::rsa_public_key{}, digest, sig).err().code ==
              twoleg::errc::invalid_argument);
    }
    SUBCASE("raw private operation refuses a representative >= n")
    {
        bytes input(256, 0xff), output(256, 0xaa);
        auto r = twoleg::detail::rsa_private_operation(key, input, output, nullptr, nullptr);
        REQUIRE_FALSE(r);
        CHECK(r.err().code == twoleg::errc::message_representative_out_of_range);
        CHECK(is_all_zero(output));
    }
}

TEST_CASE("the raw private operation agrees with openssl's, also on edge values 0, 1 and n - 1")
{
    const std::string pem = test::key_path(2049, 3, "pkcs8.pem");
    const auto key = test::private_key_via_openssl(pem);
    const std::size_t k = key.modulus_bytes();
    const bytes n = test::openssl_modulus(pem);
    REQUIRE(n.size() >= k);
    bytes n_minus_1(n.end() - static_cast<std::ptrdiff_t>(k), n.end());
    n_minus_1[k - 1] = static_cast<std::uint8_t>(n_minus_1[k - 1] - 1);  // n is odd: no borrow
    bytes one(k, 0);
    one[k - 1] = 1;
    bytes random_block = test::pseudo_random_bytes(k, 3);
    random_block[0] = 0x00;  // below n, whose top octet is 0x01
    for (const bytes &input : {bytes(k, 0), one, n_minus_1, random_block}) {
        bytes out(k);
        REQUIRE(twoleg::detail::rsa_private_operation(key, input, out, nullptr, nullptr));
        CHECK(test::hex(out) == test::hex(test::openssl_raw_private(pem, input)));
    }
}
