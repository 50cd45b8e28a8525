// OpenSSL's traditional-PEM key derivation (EVP_BytesToKey, MD5, one
// iteration) against `openssl enc -md md5 -P`, which prints the key and IV
// it derives from a password and an 8-byte salt with that very function.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "codec/pem_kdf.hpp"
#include "test_support.hpp"

namespace {
// key || iv as `openssl enc -<cipher> -md md5 -P` prints them.
std::string openssl_key_iv(const std::string &cipher, const std::string &password_file, std::string_view salt_hex)
{
    // Single DES lives in OpenSSL 3's legacy provider.
    const std::string providers = cipher == "des-cbc" ? " -provider legacy -provider default" : "";
    const auto r = test::run("openssl enc -" + cipher + providers + " -md md5 -P -pass file:" +
                             test::shell_quote(password_file) + " -S " + std::string(salt_hex));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::string key, iv;
    const auto field = [&](const std::string &name) {
        // "key=..." and "iv =..." (openssl pads the name).
        const auto at = r.out.find("\n" + name);
        REQUIRE(at != std::string::npos);
        const auto start = r.out.find('=', at) + 1;
        std::string value = r.out.substr(start, r.out.find('\n', start) - start);
        for (char &c : value)
            if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
        return value;
    };
    return field("key") + field("iv");
}
} // namespace

TEST_CASE("key and IV bytes agree with openssl enc -md md5 -P for several ciphers and passwords")
{
    const struct {
        const char *cipher;
        std::size_t key_plus_iv;
    } ciphers[] = {{"aes-128-cbc", 32}, {"aes-192-cbc", 40}, {"aes-256-cbc", 48}, {"des-ede3-cbc", 32},
                   {"des-cbc", 16}};
    const char *passwords[] = {"secret", "a", "a much longer pass phrase with spaces, 0123456789 and more"};
    std::uint64_t seed = 1;
    for (const auto &c : ciphers)
        for (const char *password : passwords) {
            CAPTURE(c.cipher);
            CAPTURE(password);
            const auto salt = test::pseudo_random_bytes(8, seed++);
            // `-pass file:` reads the first line: the password without newline.
            const std::string path = test::temp_dir() + "/pem-kdf-password";
            test::write_file(path, std::string(password) + "\n");
            std::vector<std::uint8_t> out(c.key_plus_iv);
            REQUIRE(twoleg::detail::pem_kdf_md5(test::bytes(password), salt, out));
            CHECK(test::hex(out) == openssl_key_iv(c.cipher, path, test::hex(salt)));
        }
}

TEST_CASE("refused: salt not 8 bytes, key empty or longer than 64 bytes")
{
    std::vector<std::uint8_t> key(32, 0xee);
    const auto pw = test::bytes("pw");
    CHECK_FALSE(twoleg::detail::pem_kdf_md5(pw, test::pseudo_random_bytes(7, 1), key));
    CHECK_FALSE(twoleg::detail::pem_kdf_md5(pw, test::pseudo_random_bytes(16, 1), key));
    for (std::uint8_t b : key) CHECK(b == 0xee);
    CHECK_FALSE(twoleg::detail::pem_kdf_md5(pw, test::pseudo_random_bytes(8, 1), std::span<std::uint8_t>()));
    std::vector<std::uint8_t> big(65);
    CHECK_FALSE(twoleg::detail::pem_kdf_md5(pw, test::pseudo_random_bytes(8, 1), big));
    CHECK(twoleg::detail::pem_kdf_md5({}, test::pseudo_random_bytes(8, 1), key)); // empty password is fine
}
