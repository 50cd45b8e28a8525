// Encrypted keys through load_key: PKCS#12 files, EncryptedPrivateKeyInfo and
// OpenSSL's encrypted PEM, all made by the openssl command in the test; the
// key that comes out must be the plain key (its PrivateKeyInfo equals
// `openssl pkcs8 -topk8 -nocrypt -outform DER`). Then the limits and refusals
// on identifiers built here with der::writer (each row names what it proves),
// and the order of work: DER and limits before the MAC, the MAC before any
// decryption.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "keys/pbe.hpp"
#include "test_support.hpp"
#include "twoleg/der.hpp"
#include "twoleg/der_writer.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/oid.hpp"

namespace {

using twoleg::errc;
using bytes = std::vector<std::uint8_t>;
namespace der = twoleg::der;
namespace oid = twoleg::oid;

const char *const password = "p\xc3\xa4ss word";  // "päss word": not ASCII, with a space

std::string dir()
{
    static const std::string d = test::temp_dir();
    return d;
}

bytes openssl(const std::string &command)
{
    const auto r = test::run("OPENSSL_CONF=/dev/null " + command);
    REQUIRE_MESSAGE(r.status == 0, command << ": " << r.err);
    return test::read_file(dir() + "/out");
}

const std::string &plain_key()
{
    static const std::string path = [] {
        const std::string p = dir() + "/plain.pem";
        const auto r = test::run("OPENSSL_CONF=/dev/null openssl genrsa -out " + p + " 2048 2>/dev/null && "
                                 "OPENSSL_CONF=/dev/null openssl req -new -x509 -key " + p +
                                 " -subj /CN=987654321 -days 30 -out " + dir() + "/cert.pem");
        REQUIRE(r.status == 0);
        return p;
    }();
    return path;
}

const bytes &plain_pkcs8_der()
{
    static const bytes der_bytes =
        openssl("openssl pkcs8 -topk8 -nocrypt -outform DER -in " + plain_key() + " -out " + dir() + "/out");
    return der_bytes;
}

std::string pass_arg() { return test::shell_quote(std::string("pass:") + password); }
const std::string legacy = " -provider default -provider legacy";

bytes make_p12(const std::string &options)
{
    return openssl("openssl pkcs12 -export -inkey " + plain_key() + " -in " + dir() + "/cert.pem -passout " +
                   pass_arg() + " " + options + " -out " + dir() + "/out");
}

twoleg::result<twoleg::loaded_key> load(const bytes &data, std::optional<std::string_view> pw)
{
    twoleg::key_load_options o;
    o.password = pw;
    return twoleg::load_key(data, o);
}

void check_is_plain_key(const twoleg::result<twoleg::loaded_key> &k)
{
    REQUIRE_MESSAGE(k.ok(), (k.ok() ? std::string() : k.err().message()));
    REQUIRE(k->is_private());
    CHECK(k->private_key->pkcs8_der() == plain_pkcs8_der());
}

} // namespace

TEST_CASE("files made by openssl give the plain key back; a wrong password gives the one message")
{
    struct row {
        const char *what;
        bytes file;
        twoleg::key_format format;
    };
    const std::string in = " -in " + plain_key() + " -passout " + pass_arg() + " -out " + dir() + "/out";
    const row rows[] = {
        {"pkcs12 default (PBES2 AES-256, SHA-256 MAC)", make_p12(""), twoleg::key_format::pkcs12},
        {"pkcs12 -legacy (3DES key, RC2-40 certificate, SHA-1 MAC)", make_p12("-legacy"), twoleg::key_format::pkcs12},
        {"pkcs12 -keypbe AES-128-CBC -macalg sha512", make_p12("-keypbe AES-128-CBC -macalg sha512"),
         twoleg::key_format::pkcs12},
        {"pkcs12 -nomac", make_p12("-nomac"), twoleg::key_format::pkcs12},
        {"pkcs8 -v2 aes-128-cbc -v2prf hmacWithSHA1",
         openssl("openssl pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1" + in),
         twoleg::key_format::pkcs8_encrypted_pem},
        {"pkcs8 -v2 des3 -v2prf hmacWithSHA512 DER",
         openssl("openssl pkcs8 -topk8 -v2 des3 -v2prf hmacWithSHA512 -outform DER" + in),
         twoleg::key_format::pkcs8_encrypted_der},
        {"pkcs8 -v1 PBE-SHA1-3DES", openssl("openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES" + legacy + in),
         twoleg::key_format::pkcs8_encrypted_pem},
        {"rsa -aes256 -traditional", openssl("openssl rsa -aes256 -traditional" + in), twoleg::key_format::pem_encrypted},
        {"rsa -des3 -traditional", openssl("openssl rsa -des3 -traditional" + in), twoleg::key_format::pem_encrypted},
    };
    for (const auto &r : rows) {
        INFO(r.what);
        auto k = load(r.file, password);
        check_is_plain_key(k);
        if (k) CHECK(k->format == r.format);
        auto wrong = load(r.file, std::string_view("pass word"));
        REQUIRE_FALSE(wrong.ok());
        CHECK(wrong.err().code == errc::key_wrong_password);
        CHECK(wrong.err().message() == "wrong password, or the file is damaged: the integrity check failed");
        auto none = load(r.file, std::nullopt);
        REQUIRE_FALSE(none.ok());
        CHECK(none.err().code == errc::key_password_required);
    }
}

TEST_CASE("pkcs12 without a password: notasecret, then the empty password, and a note says which")
{
    const bytes google = openssl("openssl pkcs12 -export -legacy -name privatekey -inkey " + plain_key() + " -in " +
                                 dir() + "/cert.pem -passout pass:notasecret -out " + dir() + "/out");
    auto k = load(google, std::nullopt);
    check_is_plain_key(k);
    REQUIRE(k);
    REQUIRE(k->container);
    CHECK(k->container->friendly_name == "privatekey");
    REQUIRE(k->container->certificate);
    CHECK(k->container->certificate->subject_common_name == "987654321");
    REQUIRE(k->notes.size() == 1);
    CHECK(k->notes[0].find("notasecret") != std::string::npos);

    const bytes empty = openssl("openssl pkcs12 -export -inkey " + plain_key() + " -in " + dir() +
                                "/cert.pem -passout pass: -out " + dir() + "/out");
    auto e = load(empty, std::nullopt);
    check_is_plain_key(e);
    REQUIRE(e);
    REQUIRE(e->notes.size() == 1);
    CHECK(e->notes[0].find("empty password") != std::string::npos);
    check_is_plain_key(load(empty, std::string_view("")));
}

namespace {

/// AlgorithmIdentifier { pbes2, { { pbkdf2, { salt, iterations [, keyLength] [, prf] } }, { cipher, iv } } }
bytes pbes2_identifier(std::uint64_t iterations, std::span<const std::uint8_t> prf_oid, std::span<const std::uint8_t> cipher_oid,
                       std::size_t iv_size, std::size_t salt_size = 8, std::uint64_t key_length = 0)
{
    bytes out;
    der::writer w(out);
    const auto alg = w.begin(der::tag::sequence);
    w.add_oid(oid::pbes2);
    const auto params = w.begin(der::tag::sequence);
    const auto kdf = w.begin(der::tag::sequence);
    w.add_oid(oid::pbkdf2);
    const auto kdf_params = w.begin(der::tag::sequence);
    w.add_octet_string(bytes(salt_size, 0x5a));
    w.add_small_unsigned_integer(iterations);
    if (key_length) w.add_small_unsigned_integer(key_length);
    if (!prf_oid.empty()) {
        const auto prf = w.begin(der::tag::sequence);
        w.add_oid(prf_oid);
        w.add_null();
        w.end(prf);
    }
    w.end(kdf_params);
    w.end(kdf);
    const auto enc = w.begin(der::tag::sequence);
    w.add_oid(cipher_oid);
    w.add_octet_string(bytes(iv_size, 0x11));
    w.end(enc);
    w.end(params);
    w.end(alg);
    return out;
}

/// AlgorithmIdentifier { oid, { salt, iterations } } (PKCS#12 PBE and PBES1 share this shape).
bytes salted_identifier(std::span<const std::uint8_t> algorithm, std::uint64_t iterations)
{
    bytes out;
    der::writer w(out);
    const auto alg = w.begin(der::tag::sequence);
    w.add_oid(algorithm);
    const auto params = w.begin(der::tag::sequence);
    w.add_octet_string(bytes(8, 0x5a));
    w.add_small_unsigned_integer(iterations);
    w.end(params);
    w.end(alg);
    return out;
}

bytes with_last_arc(std::span<const std::uint8_t> arc, std::uint8_t last)
{
    bytes o(arc.begin(), arc.end());
    o.push_back(last);
    return o;
}

/// EncryptedPrivateKeyInfo { identifier, ciphertext }
bytes encrypted_key_info(const bytes &identifier, std::size_t ciphertext_size = 32)
{
    bytes out;
    der::writer w(out);
    const auto seq = w.begin(der::tag::sequence);
    w.add_encoded(identifier);
    w.add_octet_string(bytes(ciphertext_size, 0xc3));
    w.end(seq);
    return out;
}

} // namespace

TEST_CASE("algorithm identifiers: limits and refusals, each named, before any work")
{
    const bytes sha256_prf(oid::hmac_with_sha256.begin(), oid::hmac_with_sha256.end());
    const bytes no_prf;
    struct row {
        const char *what;
        bytes identifier;
        errc expected;
        const char *fragment;
    };
    const row rows[] = {
        {"10000001 PBKDF2 iterations: refused", pbes2_identifier(10'000'001, sha256_prf, oid::aes256_cbc, 16),
         errc::input_too_large, "10000000"},
        {"2^40 PBKDF2 iterations: refused", pbes2_identifier(std::uint64_t{1} << 40, sha256_prf, oid::aes256_cbc, 16),
         errc::input_too_large, "10000000"},
        {"zero iterations", pbes2_identifier(0, sha256_prf, oid::aes256_cbc, 16), errc::key_unsupported_algorithm,
         "at least 1"},
        {"10000001 PKCS#12 PBE iterations", salted_identifier(with_last_arc(oid::pkcs12_pbe, 3), 10'000'001),
         errc::input_too_large, "10000000"},
        {"RC4 128", salted_identifier(with_last_arc(oid::pkcs12_pbe, 1), 2048), errc::key_unsupported_algorithm,
         "pbeWithSHAAnd128BitRC4 (1.2.840.113549.1.12.1.1)"},
        {"RC4 40", salted_identifier(with_last_arc(oid::pkcs12_pbe, 2), 2048), errc::key_unsupported_algorithm,
         "pbeWithSHAAnd40BitRC4 (1.2.840.113549.1.12.1.2)"},
        {"PBES1 MD5 and DES", salted_identifier(with_last_arc(oid::pkcs5, 3), 2048), errc::key_unsupported_algorithm,
         "pbeWithMD5AndDES-CBC (1.2.840.113549.1.5.3)"},
        {"PBES1 SHA-1 and RC2", salted_identifier(with_last_arc(oid::pkcs5, 11), 2048),
         errc::key_unsupported_algorithm, "pbeWithSHA1AndRC2-CBC (1.2.840.113549.1.5.11)"},
        {"PBMAC1 as encryption", salted_identifier(oid::pbmac1, 2048), errc::key_unsupported_algorithm, "PBMAC1"},
        {"RC2 inside PBES2", pbes2_identifier(2048, sha256_prf, oid::rc2_cbc, 8), errc::key_unsupported_algorithm,
         "rc2-cbc (1.2.840.113549.3.2)"},
        {"an unknown PRF (MD5)", pbes2_identifier(2048, bytes(oid::md5.begin(), oid::md5.end()), oid::aes256_cbc, 16),
         errc::key_unsupported_algorithm, "PRF"},
        {"an IV shorter than the block", pbes2_identifier(2048, sha256_prf, oid::aes256_cbc, 8),
         errc::key_unsupported_algorithm, "IV"},
        {"keyLength 16 for AES-256", pbes2_identifier(2048, sha256_prf, oid::aes256_cbc, 16, 8, 16),
         errc::key_unsupported_algorithm, "keyLength"},
        {"an empty salt", pbes2_identifier(2048, sha256_prf, oid::aes256_cbc, 16, 0), errc::key_unsupported_algorithm,
         "salt"},
        {"an unknown PKCS#12 PBE identifier", salted_identifier(with_last_arc(oid::pkcs12_pbe, 7), 1),
         errc::key_unsupported_algorithm, "unknown PKCS#12 PBE algorithm"},
        {"an unknown PKCS#5 identifier", salted_identifier(with_last_arc(oid::pkcs5, 9), 1),
         errc::key_unsupported_algorithm, "unknown PKCS#5 algorithm"},
    };
    for (const auto &r : rows) {
        INFO(std::string(r.what));
        auto k = load(encrypted_key_info(r.identifier), password);
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == r.expected);
        CHECK(k.err().message().find(r.fragment) != std::string::npos);
        CHECK(k.err().has_offset());
    }

    // The limit itself is accepted by the parser (10000000 iterations are not run here).
    const bytes at_limit = pbes2_identifier(10'000'000, sha256_prf, oid::aes256_cbc, 16);
    der::cursor c(at_limit);
    auto parsed = twoleg::detail::read_pbe_algorithm(c);
    REQUIRE(parsed.ok());
    CHECK(parsed->iterations == 10'000'000);
    CHECK(parsed->hash == twoleg::detail::hash_algorithm::sha256);
    CHECK(parsed->cipher == twoleg::detail::pbe_cipher::aes256_cbc);

    // hmacWithSHA1 written out although it is the DEFAULT (as OpenSSL does) is read as SHA-1; absent too.
    const bytes sha1_prf(oid::hmac_with_sha1.begin(), oid::hmac_with_sha1.end());
    for (const bytes &id : {pbes2_identifier(1, sha1_prf, oid::aes128_cbc, 16), pbes2_identifier(1, no_prf, oid::aes128_cbc, 16)}) {
        der::cursor c1(id);
        auto p = twoleg::detail::read_pbe_algorithm(c1);
        REQUIRE(p.ok());
        CHECK(p->hash == twoleg::detail::hash_algorithm::sha1);
    }
}

namespace {

/// A PFX from an openssl-made one, with the authSafe content and the MAC rebuilt.
struct pfx_parts {
    bytes auth_content;  // the AuthenticatedSafe DER
    bytes mac_data;      // the whole MacData element
};

pfx_parts split_pfx(const bytes &pfx)
{
    der::cursor top(pfx);
    auto seq = top.read_sequence();
    REQUIRE(seq);
    REQUIRE(seq->read_small_unsigned_integer());
    auto auth = seq->read_sequence();
    REQUIRE(auth);
    REQUIRE(auth->read_oid());
    auto explicit_content = auth->read_constructed(der::tag::context_constructed(0));
    REQUIRE(explicit_content);
    auto octets = explicit_content->read_octet_string();
    REQUIRE(octets);
    auto mac = seq->read_element(der::tag::sequence);
    REQUIRE(mac);
    const bytes mac_bytes(mac->contents.data() - mac->header_length, mac->contents.data() + mac->contents.size());
    return {bytes(octets->begin(), octets->end()), mac_bytes};
}

bytes join_pfx(const bytes &auth_content, const bytes &mac_data)
{
    bytes out;
    der::writer w(out);
    const auto seq = w.begin(der::tag::sequence);
    w.add_small_unsigned_integer(3);
    const auto auth = w.begin(der::tag::sequence);
    w.add_oid(oid::pkcs7_data);
    const auto explicit_content = w.begin(der::tag::context_constructed(0));
    w.add_octet_string(auth_content);
    w.end(explicit_content);
    w.end(auth);
    w.add_encoded(mac_data);
    w.end(seq);
    return out;
}

bytes mac_data_with_iterations(const bytes &mac_data, std::uint64_t iterations)
{
    der::cursor top(mac_data);
    auto seq = top.read_sequence();
    REQUIRE(seq);
    auto digest_info = seq->read_element(der::tag::sequence);
    REQUIRE(digest_info);
    auto salt = seq->read_octet_string();
    REQUIRE(salt);
    bytes out;
    der::writer w(out);
    const auto m = w.begin(der::tag::sequence);
    w.add_encoded(std::span(digest_info->contents.data() - digest_info->header_length, digest_info->total_length()));
    w.add_octet_string(*salt);
    w.add_small_unsigned_integer(iterations);
    w.end(m);
    return out;
}

} // namespace

TEST_CASE("pkcs12: strict DER and limits before the MAC, the MAC before any decryption")
{
    const bytes p12 = make_p12("");
    const pfx_parts parts = split_pfx(p12);
    REQUIRE(join_pfx(parts.auth_content, parts.mac_data) == p12);  // the rebuild is faithful

    SUBCASE("a byte after the AuthenticatedSafe: a DER error, not a MAC failure")
    {
        bytes content = parts.auth_content;
        content.push_back(0);
        auto k = load(join_pfx(content, parts.mac_data), password);
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == errc::der_trailing_data);
    }
    SUBCASE("10000001 MAC iterations: refused before the MAC is computed")
    {
        auto k = load(join_pfx(parts.auth_content, mac_data_with_iterations(parts.mac_data, 10'000'001)), password);
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == errc::input_too_large);
    }
    SUBCASE("a MAC with another iteration count fails as a wrong password would")
    {
        auto k = load(join_pfx(parts.auth_content, mac_data_with_iterations(parts.mac_data, 2047)), password);
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == errc::key_wrong_password);
    }
    SUBCASE("version 2 is refused")
    {
        bytes v2 = p12;
        REQUIRE(v2[4] == 0x02);
        REQUIRE(v2[6] == 0x03);
        v2[6] = 0x02;
        auto k = load(v2, password);
        REQUIRE_FALSE(k.ok());
        CHECK(k.err().code == errc::key_unsupported_version);
    }
}
