// One row per way a key input can be malformed, each with the error code it
// must produce. Inputs are built from real openssl keys, by a test-side DER
// writer (key_test_helpers.hpp) or by the openssl command itself (EC, Ed25519,
// RSA-PSS, multi-prime, encrypted and 512-bit keys, CSRs).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "key_test_helpers.hpp"
#include "test_support.hpp"
#include "twoleg/key_formats.hpp"
#include "twoleg/key_loader.hpp"

using namespace twoleg;
using bytes = std::vector<std::uint8_t>;
using test::der_bytes;

namespace {

enum class target { load_key, load_private_key, pkcs1, pkcs8, spki, rsapub, cert };

const char *target_name(target t)
{
    switch (t) {
    case target::load_key: return "load_key";
    case target::load_private_key: return "load_private_key";
    case target::pkcs1: return "parse_pkcs1_private_key";
    case target::pkcs8: return "parse_pkcs8_private_key";
    case target::spki: return "parse_spki_public_key";
    case target::rsapub: return "parse_pkcs1_public_key";
    case target::cert: return "parse_certificate_public_key";
    }
    return "?";
}

/// The error a target gives for an input, or errc::ok.
error outcome(target t, std::span<const std::uint8_t> in)
{
    auto code_of = [](const auto &r) { return r ? error(errc::ok) : r.err(); };
    switch (t) {
    case target::load_key: return code_of(load_key(in));
    case target::load_private_key: return code_of(load_private_key(in));
    case target::pkcs1: return code_of(parse_pkcs1_private_key(in));
    case target::pkcs8: return code_of(parse_pkcs8_private_key(in));
    case target::spki: return code_of(parse_spki_public_key(in));
    case target::rsapub: return code_of(parse_pkcs1_public_key(in));
    case target::cert: return code_of(parse_certificate_public_key(in));
    }
    return error(errc::internal);
}

struct row {
    std::string what;
    bytes input;
    target via;
    errc expected;
    const char *message_fragment = nullptr;
    /// For DER rows: also through load_key, which must give this code (errc::ok: skip).
    errc via_loader = errc::ok;
};

/// Runs "openssl SUBCOMMAND ARGS" with "-out FILE" after SUBCOMMAND and returns FILE's bytes.
bytes openssl_output(const std::string &command)
{
    static int counter = 0;
    const std::string path = test::temp_dir() + "/made" + std::to_string(++counter);
    const std::size_t after_subcommand = command.find(' ', command.find(' ') + 1);
    auto r = test::run(command.substr(0, after_subcommand) + " -out " + test::shell_quote(path) +
                       command.substr(after_subcommand));
    REQUIRE_MESSAGE(r.status == 0, std::string(command + ": " + r.err));
    return test::read_file(path);
}

std::string temp_file(const std::string &name, const bytes &data)
{
    const std::string path = test::temp_dir() + "/" + name;
    test::write_file(path, data);
    return path;
}

std::string text_of(const bytes &b) { return std::string(b.begin(), b.end()); }

std::string replace_first(std::string s, std::string_view from, std::string_view to)
{
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

der_bytes with_field(std::vector<der_bytes> fields, std::size_t index, der_bytes replacement)
{
    fields.at(index) = std::move(replacement);
    return test::der_seq_of(fields);
}

der_bytes appended(der_bytes d, std::initializer_list<std::uint8_t> extra)
{
    d.insert(d.end(), extra);
    return d;
}

/// A small X.509 certificate around an SPKI, built field by field so that each can be altered.
struct cert_parts {
    der_bytes version = test::der_tlv(0xa0, test::der_small(2));
    der_bytes serial = test::der_small(4660);
    der_bytes signature = test::der_seq({{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b},
                                         test::der_null});
    der_bytes issuer = test::der_seq({test::der_tlv(0x31, test::der_seq({{0x06, 0x03, 0x55, 0x04, 0x03},
                                                                          test::der_tlv(0x0c, {'x'})}))});
    der_bytes validity = test::der_seq({test::der_tlv(0x17, test::bytes("260101000000Z")),
                                        test::der_tlv(0x17, test::bytes("270101000000Z"))});
    der_bytes subject = issuer;
    der_bytes spki;
    // basicConstraints (2.5.29.19), critical, CA:FALSE.
    der_bytes extensions = test::der_tlv(
        0xa3, test::der_seq({test::der_seq({{0x06, 0x03, 0x55, 0x1d, 0x13}, {0x01, 0x01, 0xff},
                                            test::der_tlv(0x04, test::der_seq({}))})}));
    der_bytes tail;  // anything after the extensions
    der_bytes signature_algorithm = signature;
    der_bytes signature_value = test::der_tlv(0x03, {0x00, 0x01, 0x02, 0x03});
    der_bytes after;  // a fourth element of Certificate

    der_bytes build() const
    {
        der_bytes tbs = test::der_seq({version, serial, signature, issuer, validity, subject, spki, extensions, tail});
        return test::der_seq({tbs, signature_algorithm, signature_value, after});
    }
};

struct corpus {
    test::openssl_numbers n;         // 1024-bit, e = 65537
    std::vector<der_bytes> fields;   // its RSAPrivateKey fields
    bytes pkcs1_der, spki_der, rsapub_der, cert_der, pkcs8_der;
    std::string pkcs1_pem, spki_pem, sa_json;

    corpus()
    {
        auto path = [](const char *form) { return test::key_path(1024, 65537, form); };
        n = test::openssl_rsa_numbers(path("pkcs1.pem"));
        fields = test::rsa_private_key_fields(n);
        pkcs1_der = test::read_file(path("pkcs1.der"));
        spki_der = test::read_file(path("spki.der"));
        rsapub_der = test::read_file(path("rsapub.der"));
        cert_der = test::read_file(path("cert.der"));
        pkcs8_der = openssl_output("openssl pkcs8 -topk8 -nocrypt -outform DER -in " +
                                   test::shell_quote(path("pkcs1.pem")));
        pkcs1_pem = test::read_text(path("pkcs1.pem"));
        spki_pem = test::read_text(path("spki.pem"));
        sa_json = test::read_text(path("sa.json"));
    }
};

const corpus &keys()
{
    static const corpus c;
    return c;
}

std::vector<row> der_rows()
{
    const corpus &k = keys();
    const auto &f = k.fields;
    const test::openssl_numbers &n = k.n;
    auto uint = [](const bytes &m) { return test::der_uint(m); };
    // An INTEGER with the given raw content octets.
    auto raw_int = [](std::initializer_list<std::uint8_t> c) { return test::der_tlv(0x02, der_bytes(c)); };
    auto raw_int_of = [](const der_bytes &c) { return test::der_tlv(0x02, c); };
    auto changed = [&](const char *field, bytes value) {
        auto m = n;
        m[field] = std::move(value);
        return test::der_rsa_private_key(m);
    };
    const der_bytes rsa_alg = test::der_seq({test::rsa_encryption_oid, test::der_null});
    auto pkcs8_of = [&](const der_bytes &alg, const der_bytes &inner, unsigned version = 0) {
        return test::der_seq({test::der_small(version), alg, test::der_tlv(0x04, inner)});
    };
    auto spki_of = [&](const der_bytes &alg, const der_bytes &rsa_public) {
        return test::der_seq({alg, test::der_tlv(0x03, test::der_concat({{0x00}, rsa_public}))});
    };
    auto rsapub = [&](const bytes &modulus, const bytes &e) { return test::der_seq({uint(modulus), uint(e)}); };
    const der_bytes good_rsapub = rsapub(n.at("modulus"), n.at("publicexponent"));
    const bytes &modulus = n.at("modulus");
    const bytes modulus_bytes(modulus.begin(), modulus.end());
    const der_bytes sha256_rsa_oid = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};

    std::vector<row> rows = {
        // --- tags ---
        {"RSAPrivateKey in a SET", test::der_tlv(0x31, test::der_seq_of(f)), target::pkcs1, errc::der_unexpected_tag,
         nullptr, errc::key_unrecognized},
        {"version as OCTET STRING", with_field(f, 0, {0x04, 0x01, 0x00}), target::pkcs1, errc::der_unexpected_tag},
        {"modulus as BIT STRING", with_field(f, 1, test::der_tlv(0x03, test::der_concat({{0x00}, modulus_bytes}))),
         target::pkcs1, errc::der_unexpected_tag},
        {"constructed INTEGER", with_field(f, 0, {0x22, 0x03, 0x02, 0x01, 0x00}), target::pkcs1,
         errc::der_unexpected_tag},
        {"high tag number form", with_field(f, 0, {0x1f, 0x02, 0x01, 0x00}), target::pkcs1,
         errc::der_high_tag_number},
        {"end-of-contents tag", with_field(f, 0, {0x00, 0x00}), target::pkcs1, errc::der_unexpected_tag},
        // --- lengths ---
        {"long-form length below 128", with_field(f, 0, {0x02, 0x81, 0x01, 0x00}), target::pkcs1,
         errc::der_non_minimal_length},
        {"length with a leading zero octet",
         with_field(f, 1, test::der_concat({{0x02, 0x82, 0x00, 0x81, 0x00}, modulus_bytes})), target::pkcs1,
         errc::der_non_minimal_length},
        {"indefinite length", test::der_concat({{0x30, 0x80}, test::der_concat({f[0], f[1]}), {0x00, 0x00}}),
         target::pkcs1, errc::der_indefinite_length},
        {"5-octet length", {0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00}, target::pkcs1,
         errc::der_length_too_long},
        {"huge length claim", {0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00}, target::pkcs1,
         errc::der_truncated},
        {"inner length beyond its parent", test::der_tlv(0x30, {0x02, 0x05, 0x00}), target::pkcs1,
         errc::der_truncated},
        // --- INTEGERs in key fields ---
        {"version negative", with_field(f, 0, raw_int({0xff})), target::pkcs1, errc::der_negative_integer},
        {"version non-minimal", with_field(f, 0, raw_int({0x00, 0x00})), target::pkcs1,
         errc::der_non_minimal_integer},
        {"version above 64 bits", with_field(f, 0, raw_int({0x01, 0, 0, 0, 0, 0, 0, 0, 0})), target::pkcs1,
         errc::der_integer_too_large},
        {"modulus with a redundant 00", with_field(f, 1, raw_int_of(test::der_concat({{0x00, 0x00}, modulus_bytes}))),
         target::pkcs1, errc::der_non_minimal_integer},
        {"modulus negative", with_field(f, 1, raw_int_of(modulus_bytes)), target::pkcs1, errc::der_negative_integer},
        {"e non-minimal", with_field(f, 2, raw_int({0x00, 0x01, 0x00, 0x01})), target::pkcs1,
         errc::der_non_minimal_integer},
        {"e negative", with_field(f, 2, raw_int({0x81})), target::pkcs1, errc::der_negative_integer},
        {"d empty", with_field(f, 3, {0x02, 0x00}), target::pkcs1, errc::der_empty_integer},
        {"qInv with redundant ff", with_field(f, 8, raw_int({0xff, 0x80})), target::pkcs1,
         errc::der_non_minimal_integer},
        {"p negative", with_field(f, 4, raw_int({0xf1})), target::pkcs1, errc::der_negative_integer},
        // --- structure and trailing data ---
        {"missing coefficient", test::der_seq_of({f.begin(), f.end() - 1}), target::pkcs1, errc::der_truncated},
        {"extra INTEGER after coefficient", [&] {
             auto more = f;
             more.push_back(test::der_small(0));
             return test::der_seq_of(more);
         }(),
         target::pkcs1, errc::der_trailing_data},
        {"trailing byte after the key", appended(k.pkcs1_der, {0x00}), target::pkcs1, errc::der_trailing_data},
        {"second key after the key", test::der_concat({k.pkcs1_der, k.pkcs1_der}), target::pkcs1,
         errc::der_trailing_data},
        {"deep nesting", [] {
             der_bytes d = {0x05, 0x00};
             for (int i = 0; i < 60; ++i) d = test::der_tlv(0x30, d);
             return d;
         }(),
         target::pkcs1, errc::der_unexpected_tag},
        // --- versions ---
        {"version 1 (multi-prime)", test::der_rsa_private_key(n, 1), target::pkcs1, errc::key_multi_prime,
         "multi-prime"},
        {"version 2", test::der_rsa_private_key(n, 2), target::pkcs1, errc::key_unsupported_version},
        {"otherPrimeInfos in version 0",
         test::der_seq({test::der_concat({f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]}),
                        test::der_seq({test::der_seq({f[4], f[6], f[8]})})}),
         target::pkcs1, errc::key_multi_prime},
        // --- inconsistent CRT values, one at a time ---
        {"p altered", changed("prime1", test::plus_two(n.at("prime1"))), target::pkcs1, errc::key_inconsistent},
        {"q altered", changed("prime2", test::plus_two(n.at("prime2"))), target::pkcs1, errc::key_inconsistent},
        {"dP altered", changed("exponent1", test::plus_one(n.at("exponent1"))), target::pkcs1,
         errc::key_inconsistent},
        {"dQ altered", changed("exponent2", test::plus_one(n.at("exponent2"))), target::pkcs1,
         errc::key_inconsistent},
        {"qInv altered", changed("coefficient", test::plus_one(n.at("coefficient"))), target::pkcs1,
         errc::key_inconsistent},
        {"d altered", changed("privateexponent", test::plus_one(n.at("privateexponent"))), target::pkcs1,
         errc::key_inconsistent},
        {"e altered", changed("publicexponent", test::plus_two(n.at("publicexponent"))), target::pkcs1,
         errc::key_inconsistent},
        {"n altered", changed("modulus", test::plus_two(n.at("modulus"))), target::pkcs1, errc::key_inconsistent},
        {"p zero", changed("prime1", bytes{}), target::pkcs1, errc::key_inconsistent},
        {"qInv zero", changed("coefficient", bytes{}), target::pkcs1, errc::key_inconsistent},
        // --- public values ---
        {"n even", changed("modulus", test::plus_one(n.at("modulus"))), target::pkcs1, errc::key_size_unsupported},
        {"e = 1", changed("publicexponent", bytes{1}), target::pkcs1, errc::key_bad_public_exponent},
        {"e = 2", changed("publicexponent", bytes{2}), target::pkcs1, errc::key_bad_public_exponent},
        {"e even", changed("publicexponent", bytes{1, 0, 0}), target::pkcs1, errc::key_bad_public_exponent},
        {"e = n", changed("publicexponent", n.at("modulus")), target::pkcs1, errc::key_bad_public_exponent},
        {"RSAPublicKey e = 1", rsapub(modulus, {1}), target::rsapub, errc::key_bad_public_exponent},
        {"RSAPublicKey e = 0", rsapub(modulus, {}), target::rsapub, errc::key_bad_public_exponent},
        {"RSAPublicKey e even", rsapub(modulus, {1, 0, 0}), target::rsapub, errc::key_bad_public_exponent},
        {"RSAPublicKey n even", rsapub(test::plus_one(modulus), {3}), target::rsapub, errc::key_size_unsupported},
        {"RSAPublicKey n of 1016 bits", rsapub(bytes(modulus.begin() + 1, modulus.end()), {3}), target::rsapub,
         errc::key_size_unsupported},
        {"RSAPublicKey n of 16392 bits", rsapub(bytes(2049, 0xff), {3}), target::rsapub, errc::key_size_unsupported},
        {"RSAPublicKey third INTEGER", test::der_seq({uint(modulus), uint({3}), uint({3})}), target::rsapub,
         errc::der_trailing_data},
        {"RSAPublicKey missing e", test::der_seq({uint(modulus)}), target::rsapub, errc::der_truncated},
        // --- PKCS#8 ---
        {"PKCS#8 version 2", pkcs8_of(rsa_alg, test::der_seq_of(f), 2), target::pkcs8, errc::key_unsupported_version},
        {"PKCS#8 sha256WithRSAEncryption", pkcs8_of(test::der_seq({sha256_rsa_oid, test::der_null}), test::der_seq_of(f)),
         target::pkcs8, errc::key_unsupported_algorithm},
        {"PKCS#8 parameters absent", pkcs8_of(test::der_seq({test::rsa_encryption_oid}), test::der_seq_of(f)),
         target::pkcs8, errc::key_unsupported_algorithm, "NULL"},
        {"PKCS#8 parameters an OID", pkcs8_of(test::der_seq({test::rsa_encryption_oid, sha256_rsa_oid}), test::der_seq_of(f)),
         target::pkcs8, errc::key_unsupported_algorithm, "NULL"},
        {"PKCS#8 NULL with content", pkcs8_of(test::der_seq({test::rsa_encryption_oid, {0x05, 0x01, 0x00}}), test::der_seq_of(f)),
         target::pkcs8, errc::der_bad_null},
        {"PKCS#8 OID with a non-minimal sub-identifier",
         pkcs8_of(test::der_seq({{0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x80, 0x01}, test::der_null}),
                  test::der_seq_of(f)),
         target::pkcs8, errc::der_bad_oid},
        {"PKCS#8 OID ending inside a sub-identifier",
         pkcs8_of(test::der_seq({{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x81}, test::der_null}),
                  test::der_seq_of(f)),
         target::pkcs8, errc::der_bad_oid},
        {"PKCS#8 extra element in AlgorithmIdentifier",
         pkcs8_of(test::der_seq({test::rsa_encryption_oid, test::der_null, test::der_null}), test::der_seq_of(f)),
         target::pkcs8, errc::der_trailing_data},
        {"PKCS#8 key in a BIT STRING",
         test::der_seq({test::der_small(0), rsa_alg, test::der_tlv(0x03, test::der_concat({{0x00}, test::der_seq_of(f)}))}),
         target::pkcs8, errc::der_unexpected_tag},
        {"PKCS#8 trailing byte inside the OCTET STRING", pkcs8_of(rsa_alg, appended(test::der_seq_of(f), {0x00})),
         target::pkcs8, errc::der_trailing_data},
        {"PKCS#8 trailing byte outside", appended(k.pkcs8_der, {0x00}), target::pkcs8, errc::der_trailing_data},
        {"PKCS#8 around an inconsistent key", pkcs8_of(rsa_alg, changed("exponent2", test::plus_one(n.at("exponent2")))),
         target::pkcs8, errc::key_inconsistent},
        {"PKCS#8 around a multi-prime key", pkcs8_of(rsa_alg, test::der_rsa_private_key(n, 1)), target::pkcs8,
         errc::key_multi_prime},
        {"PKCS#8 with an empty OCTET STRING", pkcs8_of(rsa_alg, {}), target::pkcs8, errc::der_truncated},
        // --- SubjectPublicKeyInfo ---
        {"SPKI BIT STRING with unused bits",
         test::der_seq({rsa_alg, test::der_tlv(0x03, test::der_concat({{0x01}, good_rsapub}))}), target::spki,
         errc::der_bad_bit_string},
        {"SPKI key in an OCTET STRING", test::der_seq({rsa_alg, test::der_tlv(0x04, good_rsapub)}), target::spki,
         errc::der_unexpected_tag},
        {"SPKI trailing byte inside the BIT STRING", spki_of(rsa_alg, appended(good_rsapub, {0x00})), target::spki,
         errc::der_trailing_data},
        {"SPKI trailing byte outside", appended(k.spki_der, {0x00}), target::spki, errc::der_trailing_data},
        {"SPKI with sha256WithRSAEncryption", spki_of(test::der_seq({sha256_rsa_oid, test::der_null}), good_rsapub),
         target::spki, errc::key_unsupported_algorithm},
        {"SPKI with e even", spki_of(rsa_alg, rsapub(modulus, {1, 0, 0})), target::spki,
         errc::key_bad_public_exponent},
        {"SPKI missing its key", test::der_seq({rsa_alg}), target::spki, errc::der_truncated},
    };

    // --- certificates, built field by field around the real SPKI ---
    cert_parts base;
    base.spki = k.spki_der;
    auto cert_with = [&](const std::function<void(cert_parts &)> &change) {
        cert_parts c = base;
        change(c);
        return c.build();
    };
    const std::vector<row> cert_rows = {
        {"certificate v1 given explicitly", cert_with([](cert_parts &c) { c.version = test::der_tlv(0xa0, test::der_small(0)); }),
         target::cert, errc::key_unsupported_version},
        {"certificate version 5", cert_with([](cert_parts &c) { c.version = test::der_tlv(0xa0, test::der_small(4)); }),
         target::cert, errc::key_unsupported_version},
        {"certificate version with trailing data",
         cert_with([](cert_parts &c) { c.version = test::der_tlv(0xa0, test::der_concat({test::der_small(2), test::der_null})); }),
         target::cert, errc::der_trailing_data},
        {"certificate serial non-minimal", cert_with([](cert_parts &c) { c.serial = {0x02, 0x02, 0x00, 0x01}; }),
         target::cert, errc::der_non_minimal_integer},
        {"certificate serial empty", cert_with([](cert_parts &c) { c.serial = {0x02, 0x00}; }), target::cert,
         errc::der_empty_integer},
        {"certificate without issuer", cert_with([](cert_parts &c) { c.issuer.clear(); }), target::cert,
         errc::der_unexpected_tag},
        {"certificate with an EC key", cert_with([](cert_parts &c) {
             c.spki = test::der_seq({test::der_seq({{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01},
                                                    {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}}),
                                     test::der_tlv(0x03, {0x00, 0x04, 0x01, 0x02})});
         }),
         // The loader reads it as the EC certificate it is, whose point is not valid.
         target::cert, errc::key_unsupported_algorithm, "EC", errc::key_invalid_point},
        {"certificate with empty extensions", cert_with([](cert_parts &c) { c.extensions = test::der_tlv(0xa3, test::der_seq({})); }),
         target::cert, errc::der_truncated},
        {"certificate extension without its value",
         cert_with([](cert_parts &c) {
             c.extensions = test::der_tlv(0xa3, test::der_seq({test::der_seq({{0x06, 0x03, 0x55, 0x1d, 0x13}})}));
         }),
         target::cert, errc::der_truncated},
        {"certificate extension with an extra field",
         cert_with([](cert_parts &c) {
             c.extensions = test::der_tlv(
                 0xa3, test::der_seq({test::der_seq({{0x06, 0x03, 0x55, 0x1d, 0x13}, test::der_tlv(0x04, {}), test::der_null})}));
         }),
         target::cert, errc::der_trailing_data},
        {"certificate with a field after the extensions", cert_with([](cert_parts &c) { c.tail = test::der_null; }),
         target::cert, errc::der_trailing_data},
        {"certificate with a fourth element", cert_with([](cert_parts &c) { c.after = test::der_null; }), target::cert,
         errc::der_trailing_data},
        {"certificate without its signature", cert_with([](cert_parts &c) { c.signature_value.clear(); }),
         target::cert, errc::der_truncated},
        {"certificate signature with unused bits",
         cert_with([](cert_parts &c) { c.signature_value = test::der_tlv(0x03, {0x03, 0xf8}); }), target::cert,
         errc::der_bad_bit_string},
        {"certificate fields out of order", cert_with([](cert_parts &c) { std::swap(c.serial, c.signature); }),
         target::cert, errc::der_unexpected_tag},
        {"trailing byte after a real certificate", appended(k.cert_der, {0x00}), target::cert,
         errc::der_trailing_data},
    };
    rows.insert(rows.end(), cert_rows.begin(), cert_rows.end());
    return rows;
}

} // namespace

TEST_CASE("the hand-built certificate used by the malformed rows is itself valid")
{
    cert_parts c;
    c.spki = keys().spki_der;
    auto k = parse_certificate_public_key(c.build());
    REQUIRE_MESSAGE(k.ok(), k.err().message());
    CHECK(k->spki_der() == keys().spki_der);
    // The unaltered RSAPrivateKey fields rebuild a loadable key.
    CHECK(parse_pkcs1_private_key(test::der_seq_of(keys().fields)).ok());
    CHECK(test::der_seq_of(keys().fields) == keys().pkcs1_der);
}

TEST_CASE("malformed DER key structures: one row per defect")
{
    for (const row &r : der_rows()) {
        INFO(r.what);
        INFO(target_name(r.via));
        error e = outcome(r.via, r.input);
        CHECK(e.code == r.expected);
        if (e.code != r.expected) MESSAGE("got: " << e.message());
        if (r.message_fragment) CHECK(e.message().find(r.message_fragment) != std::string::npos);
        // Bare DER through the loader: the most plausible structure's error.
        const errc loader_expected = r.via_loader == errc::ok ? r.expected : r.via_loader;
        error via_loader = outcome(target::load_key, r.input);
        CHECK(via_loader.code == loader_expected);
        if (via_loader.code != loader_expected) MESSAGE("load_key said: " << via_loader.message());
    }
}

TEST_CASE("truncation at every offset of real keys")
{
    const corpus &k = keys();
    const std::pair<const bytes *, target> ders[] = {
        {&k.pkcs1_der, target::pkcs1}, {&k.pkcs8_der, target::pkcs8}, {&k.spki_der, target::spki},
        {&k.rsapub_der, target::rsapub}, {&k.cert_der, target::cert},
    };
    for (const auto &entry : ders) {
        const bytes *der = entry.first;
        const target via = entry.second;  // a plain variable: clang 14 cannot capture structured bindings
        INFO(target_name(via));
        for (std::size_t len = 0; len < der->size(); ++len) {
            CAPTURE(len);
            std::span<const std::uint8_t> prefix(der->data(), len);
            const error own = outcome(via, prefix);
            CHECK(own.code == errc::der_truncated);
            const error loaded = outcome(target::load_key, prefix);
            CHECK(loaded.code == (len == 0 ? errc::key_unrecognized : errc::der_truncated));
        }
    }
    // Text forms: every prefix that stops before the last significant byte fails.
    for (const std::string *text : {&k.pkcs1_pem, &k.spki_pem, &k.sa_json}) {
        std::size_t significant = text->find_last_not_of("\r\n") + 1;
        for (std::size_t len = 0; len < significant; ++len) {
            CAPTURE(len);
            auto r = load_key(test::bytes(text->substr(0, len)));
            CHECK_FALSE(r.ok());
        }
    }
}

TEST_CASE("keys openssl makes that twoleg does not accept")
{
    const std::string rsa1024 = test::key_path(1024, 65537, "pkcs1.pem");
    struct made {
        const char *what;
        bytes input;
        target via;
        errc expected;
        const char *fragment;
    };
    const bytes ec = openssl_output("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");
    const std::string ec_path = temp_file("ec.pem", ec);
    const bytes ed = openssl_output("openssl genpkey -algorithm ED25519");
    const std::string ed_path = temp_file("ed.pem", ed);
    const bytes pss = openssl_output("openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048");
    const std::string pss_path = temp_file("pss.pem", pss);
    const bytes three_primes =
        openssl_output("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_primes:3");
    const std::string three_path = temp_file("three.pem", three_primes);
    const bytes small = openssl_output("openssl genrsa 512");
    const std::string small_path = temp_file("small.pem", small);
    const std::string in_rsa = " -in " + test::shell_quote(rsa1024);

    const made rows[] = {
        {"EC key, PKCS#8 PEM", ec, target::load_private_key, errc::key_unsupported_algorithm, "EC key"},
        // EC keys load through load_key (tests/keys/test_ec_key_formats.cpp); the
        // RSA-only entry point refuses them saying what they are.
        {"EC key, PKCS#8 DER", openssl_output("openssl pkcs8 -topk8 -nocrypt -outform DER -in " + ec_path),
         target::load_private_key, errc::key_unsupported_algorithm, "EC key"},
        {"EC key, traditional PEM", openssl_output("openssl ec -in " + ec_path), target::load_private_key,
         errc::key_unsupported_algorithm, "EC private key"},
        {"EC public key", openssl_output("openssl pkey -pubout -in " + ec_path), target::load_private_key,
         errc::key_unsupported_algorithm, "EC key"},
        {"EC certificate", openssl_output("openssl req -x509 -new -subj /CN=ec -days 2 -key " + ec_path),
         target::load_private_key, errc::key_unsupported_algorithm, "EC key"},
        {"Ed25519 key", ed, target::load_key, errc::key_unsupported_algorithm, "Ed25519"},
        {"Ed25519 public key", openssl_output("openssl pkey -pubout -in " + ed_path), target::load_key,
         errc::key_unsupported_algorithm, "Ed25519"},
        {"RSA-PSS key", pss, target::load_key, errc::key_unsupported_algorithm, "RSA-PSS"},
        {"RSA-PSS public key", openssl_output("openssl pkey -pubout -in " + pss_path), target::load_key,
         errc::key_unsupported_algorithm, "RSA-PSS"},
        {"three-prime key, PKCS#8", three_primes, target::load_key, errc::key_multi_prime, "multi-prime"},
        {"three-prime key, PKCS#1",
         openssl_output("openssl rsa -traditional -in " + three_path), target::load_key, errc::key_multi_prime,
         "multi-prime"},
        {"512-bit key", small, target::load_key, errc::key_size_unsupported, nullptr},
        {"512-bit key, PKCS#1 DER", openssl_output("openssl rsa -traditional -outform DER -in " + small_path),
         target::load_key, errc::key_size_unsupported, nullptr},
        {"512-bit public key", openssl_output("openssl rsa -pubout -in " + small_path), target::load_key,
         errc::key_size_unsupported, nullptr},
        {"encrypted PKCS#8", openssl_output("openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:pw" + in_rsa),
         target::load_key, errc::key_password_required, "password"},
        {"encrypted PKCS#8 DER",
         openssl_output("openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:pw -outform DER" + in_rsa),
         target::load_key, errc::key_password_required, "password"},
        {"encrypted traditional PEM", openssl_output("openssl rsa -aes256 -traditional -passout pass:pw" + in_rsa),
         target::load_key, errc::key_password_required, "password"},
        {"certificate request", openssl_output("openssl req -new -subj /CN=csr -key " + test::shell_quote(rsa1024)),
         target::load_key, errc::key_wrong_kind, "certificate request"},
        {"OpenSSL trusted certificate",
         openssl_output("openssl x509 -trustout -addtrust serverAuth -in " +
                        test::shell_quote(test::key_path(1024, 65537, "cert.pem"))),
         target::load_key, errc::key_unrecognized, "openssl x509"},
        {"certificate as a private key", test::read_file(test::key_path(1024, 65537, "cert.pem")),
         target::load_private_key, errc::key_wrong_kind, "this is a certificate, not a private key"},
        {"public key as a private key", test::read_file(test::key_path(1024, 65537, "spki.der")),
         target::load_private_key, errc::key_wrong_kind, "this is a public key, not a private key"},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        error e = outcome(r.via, r.input);
        CHECK(e.code == r.expected);
        if (e.code != r.expected) MESSAGE("got: " << e.message());
        if (r.fragment) CHECK(e.message().find(r.fragment) != std::string::npos);
    }
}

TEST_CASE("bad PEM armour and base64")
{
    const std::string pem = keys().pkcs1_pem;
    const std::string body_line = pem.substr(pem.find('\n') + 1, 64);
    struct text_row {
        const char *what;
        std::string text;
        errc expected;
    };
    const text_row rows[] = {
        {"no END line", pem.substr(0, pem.find("-----END")), errc::pem_no_end},
        {"labels differ", replace_first(pem, "-----END RSA PRIVATE KEY", "-----END PRIVATE KEY"),
         errc::pem_label_mismatch},
        {"bad base64 character", replace_first(pem, body_line.substr(0, 4), "MI!B"), errc::base64_bad_character},
        {"padding in the middle", replace_first(pem, body_line.substr(0, 4), "MI=="), errc::base64_bad_padding},
        {"non-canonical final bits", "-----BEGIN RSA PRIVATE KEY-----\nMB==\n-----END RSA PRIVATE KEY-----\n",
         errc::base64_non_canonical},
        {"empty line in the body", replace_first(pem, body_line, body_line + "\n"), errc::pem_malformed},
        {"encryption headers with a one-byte IV",
         replace_first(pem, "KEY-----\n", "KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n"),
         errc::pem_malformed},
        {"encryption headers naming an unknown cipher",
         replace_first(pem, "KEY-----\n", "KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: BF-CBC,0011223344556677\n\n"),
         errc::key_unsupported_algorithm},
        {"Proc-Type without DEK-Info", replace_first(pem, "KEY-----\n", "KEY-----\nProc-Type: 4,ENCRYPTED\n\n"),
         errc::pem_malformed},
        {"unknown label", "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n", errc::key_unrecognized},
        {"OpenSSH key", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
         errc::key_unrecognized},
        {"body that is an INTEGER, not a SEQUENCE", "-----BEGIN RSA PRIVATE KEY-----\nAgEA\n-----END RSA PRIVATE KEY-----\n",
         errc::der_unexpected_tag},
        {"empty body", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", errc::der_truncated},
        {"BEGIN line only", "-----BEGIN RSA PRIVATE KEY-----\n", errc::pem_no_end},
        {"plain text", "hello, world\n", errc::key_unrecognized},
        {"empty input", "", errc::key_unrecognized},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        error e = outcome(target::load_key, test::bytes(r.text));
        CHECK(e.code == r.expected);
        if (e.code != r.expected) MESSAGE("got: " << e.message());
    }
}

TEST_CASE("JSON that is not a service-account key, through the loader")
{
    using json = nlohmann::json;
    const json good = json::parse(keys().sa_json);
    auto with = [&](const std::function<void(json &)> &change) {
        json f = good;
        change(f);
        return f.dump();
    };
    const std::string pkcs8 = test::read_text(test::key_path(1024, 65537, "pkcs8.pem"));
    struct text_row {
        const char *what;
        std::string text;
        errc expected;
    };
    const text_row rows[] = {
        {"authorized_user", R"({"type":"authorized_user","client_id":"a","client_secret":"b","refresh_token":"c"})",
         errc::json_not_service_account},
        {"missing client_email", with([](json &f) { f.erase("client_email"); }), errc::json_missing_field},
        {"private_key_id a number", with([](json &f) { f["private_key_id"] = 7; }), errc::json_bad_field},
        {"invalid JSON", "{\"type\": service_account}", errc::json_malformed},
        {"JSON array", "[1, 2, 3]", errc::json_not_service_account},
        {"deeply nested JSON", std::string(200000, '['), errc::json_malformed},
        {"private_key of an inconsistent key", with([&](json &f) {
             auto n = keys().n;
             n["coefficient"] = test::plus_one(n.at("coefficient"));
             const std::string der = temp_file("inconsistent.der", test::der_rsa_private_key(n));
             auto b64 = test::run("openssl base64 -e -in " + test::shell_quote(der));
             REQUIRE(b64.status == 0);
             f["private_key"] = "-----BEGIN RSA PRIVATE KEY-----\n" + b64.out + "-----END RSA PRIVATE KEY-----\n";
         }),
         errc::key_inconsistent},
        {"private_key of a 512-bit key", with([&](json &f) {
             f["private_key"] = text_of(openssl_output("openssl genrsa 512"));
         }),
         errc::key_size_unsupported},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        error e = outcome(target::load_key, test::bytes(r.text));
        CHECK(e.code == r.expected);
        if (e.code != r.expected) MESSAGE("got: " << e.message());
    }
}

TEST_CASE("garbage and oversized inputs")
{
    for (std::uint64_t seed = 1; seed <= 64; ++seed) {
        CAPTURE(seed);
        bytes junk = test::pseudo_random_bytes(4096 + seed * 97, seed);
        if (seed % 2) junk[0] = 0x30;  // half of them look like DER at first
        CHECK_FALSE(load_key(junk).ok());
    }
    bytes big = test::pseudo_random_bytes(key_max_input_bytes, 99);
    big[0] = 0x30;
    CHECK_FALSE(load_key(big).ok());
    big.push_back(0);
    auto too_big = load_key(big);
    REQUIRE_FALSE(too_big.ok());
    CHECK(too_big.err().code == errc::input_too_large);
}
