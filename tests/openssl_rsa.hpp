// Test helper for the RSA tests: keys and signatures as the openssl command
// produces them, so that the RSA tests depend neither on twoleg's own key
// parsers nor on any value computed by twoleg.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "twoleg/rsa_key.hpp"

namespace test {

/// The fields `openssl rsa -noout -text` prints ("modulus", "publicExponent",
/// "privateExponent", "prime1", ...), as big-endian bytes.
inline std::map<std::string, std::vector<std::uint8_t>> openssl_rsa_fields(const std::string &key_path)
{
    command_result r = run("openssl rsa -in " + shell_quote(key_path) + " -noout -text");
    if (r.status != 0) throw std::runtime_error("openssl rsa -text failed: " + r.err);
    std::map<std::string, std::vector<std::uint8_t>> fields;
    std::string current, hex_digits;
    auto flush = [&] {
        if (!current.empty()) fields[current] = unhex(hex_digits);
        current.clear();
        hex_digits.clear();
    };
    std::size_t pos = 0;
    while (pos < r.out.size()) {
        std::size_t end = r.out.find('\n', pos);
        if (end == std::string::npos) end = r.out.size();
        std::string line = r.out.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty()) continue;
        if (line[0] == ' ') {
            hex_digits += line;
            continue;
        }
        flush();
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        std::size_t inline_hex = line.find("(0x", colon);
        if (inline_hex != std::string::npos) {  // "publicExponent: 65537 (0x10001)"
            std::string digits = line.substr(inline_hex + 3, line.find(')', inline_hex) - inline_hex - 3);
            if (digits.size() % 2) digits = "0" + digits;
            fields[name] = unhex(digits);
        } else {
            current = name;
        }
    }
    flush();
    return fields;
}

inline twoleg::rsa_private_key private_key_via_openssl(const std::string &key_path)
{
    auto f = openssl_rsa_fields(key_path);
    twoleg::rsa_private_components c;
    c.modulus = f.at("modulus");
    c.public_exponent = f.at("publicExponent");
    c.private_exponent = f.at("privateExponent");
    c.prime1 = f.at("prime1");
    c.prime2 = f.at("prime2");
    c.exponent1 = f.at("exponent1");
    c.exponent2 = f.at("exponent2");
    c.coefficient = f.at("coefficient");
    auto key = twoleg::rsa_private_key::from_components(c);
    if (!key) throw std::runtime_error("from_components refused " + key_path + ": " + key.err().message());
    return *key;
}

inline std::vector<std::uint8_t> openssl_modulus(const std::string &key_path)
{
    return openssl_rsa_fields(key_path).at("modulus");
}

/// `openssl dgst -sha256 -sign KEY` of `message`.
inline std::vector<std::uint8_t> openssl_sign(const std::string &key_path, std::span<const std::uint8_t> message,
                                              const char *digest = "-sha256")
{
    const std::string in = temp_dir() + "/openssl-sign.in", out = temp_dir() + "/openssl-sign.out";
    write_file(in, message);
    command_result r = run(std::string("openssl dgst ") + digest + " -sign " + shell_quote(key_path) +
                           " -out " + shell_quote(out) + " " + shell_quote(in));
    if (r.status != 0) throw std::runtime_error("openssl dgst -sign failed: " + r.err);
    return read_file(out);
}

/// The raw RSA private operation of openssl (no padding) on a k-octet block:
/// turns a hand-made encoded message into a "signature" of exactly that block.
/// (openssl 3's `pkeyutl -sign` refuses unpadded input longer than a hash;
/// `-decrypt` with no padding is the same operation, m^d mod n.)
inline std::vector<std::uint8_t> openssl_raw_private(const std::string &key_path, std::span<const std::uint8_t> block)
{
    const std::string in = temp_dir() + "/openssl-raw.in", out = temp_dir() + "/openssl-raw.out";
    write_file(in, block);
    command_result r = run("openssl pkeyutl -decrypt -inkey " + shell_quote(key_path) +
                           " -pkeyopt rsa_padding_mode:none -in " + shell_quote(in) + " -out " + shell_quote(out));
    if (r.status != 0) throw std::runtime_error("openssl pkeyutl -decrypt (raw) failed: " + r.err);
    return read_file(out);
}

/// The raw RSA public operation of openssl (no padding): the block a signature decrypts to.
inline std::vector<std::uint8_t> openssl_raw_public(const std::string &spki_path, std::span<const std::uint8_t> signature)
{
    const std::string in = temp_dir() + "/openssl-recover.in", out = temp_dir() + "/openssl-recover.out";
    write_file(in, signature);
    command_result r = run("openssl pkeyutl -verifyrecover -pubin -inkey " + shell_quote(spki_path) +
                           " -pkeyopt rsa_padding_mode:none -in " + shell_quote(in) + " -out " + shell_quote(out));
    if (r.status != 0) throw std::runtime_error("openssl pkeyutl -verifyrecover (raw) failed: " + r.err);
    return read_file(out);
}

/// Whether `openssl dgst -sha256 -verify SPKI -signature SIG` accepts.
inline bool openssl_verifies(const std::string &spki_path, std::span<const std::uint8_t> message,
                             std::span<const std::uint8_t> signature)
{
    const std::string in = temp_dir() + "/openssl-verify.in", sig = temp_dir() + "/openssl-verify.sig";
    write_file(in, message);
    write_file(sig, signature);
    command_result r = run("openssl dgst -sha256 -verify " + shell_quote(spki_path) + " -signature " +
                           shell_quote(sig) + " " + shell_quote(in));
    return r.status == 0 && r.out == "Verified OK\n";
}

} // namespace test
