// Test-side helpers for the key tests: the numbers of a key as the openssl
// command prints them, and a tiny DER writer for building malformed keys.
// Everything here is independent of twoleg's own parsers, so a test comparing
// twoleg's results with these values compares two implementations.
#pragma once

#include <cctype>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"

namespace test {

/// The numbers `openssl rsa -text -noout` (or `-pubin -text`) prints, keyed by
/// its lowercase field names ("modulus", "publicexponent", "prime1", ...; for
/// public keys "exponent" is stored as "publicexponent"), big-endian, minimal.
/// `bits` is the size openssl reports in its first line ("Private-Key: (2048 bit, ...").
/// Note that openssl may make a key one bit smaller than requested for odd sizes.
struct openssl_numbers : std::map<std::string, std::vector<std::uint8_t>> {
    unsigned bits = 0;
};

inline std::vector<std::uint8_t> strip_zeros(std::vector<std::uint8_t> v)
{
    std::size_t i = 0;
    while (i < v.size() && v[i] == 0) ++i;
    return {v.begin() + static_cast<std::ptrdiff_t>(i), v.end()};
}

inline openssl_numbers parse_openssl_rsa_text(const std::string &text)
{
    openssl_numbers out;
    std::string current;
    std::string hexdigits;
    auto flush = [&] {
        if (!current.empty()) out[current] = strip_zeros(unhex(hexdigits));
        current.clear();
        hexdigits.clear();
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (line.empty()) continue;
        if (line[0] == ' ') {
            for (char c : line)
                if (std::isxdigit(static_cast<unsigned char>(c))) hexdigits += c;
            continue;
        }
        flush();
        if (auto b = line.find(" bit"); b != std::string::npos && line.find("Key: (") != std::string::npos)
            out.bits = static_cast<unsigned>(std::stoul(line.substr(line.find('(') + 1)));
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name;
        for (char c : line.substr(0, colon)) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == "exponent") name = "publicexponent";
        std::string rest = line.substr(colon + 1);
        if (rest.empty()) {
            current = name;  // the hex lines follow
        } else if (auto open = rest.find("(0x"); open != std::string::npos) {
            std::string h = rest.substr(open + 3, rest.find(')', open) - open - 3);
            if (h.size() % 2) h = "0" + h;
            out[name] = strip_zeros(unhex(h));
        }
    }
    flush();
    return out;
}

/// Runs openssl on a key file and parses its -text output.
inline openssl_numbers openssl_rsa_numbers(const std::string &path, bool public_input = false)
{
    std::string cmd = "openssl rsa " + std::string(public_input ? "-pubin " : "") + "-in " + shell_quote(path) +
                      " -text -noout";
    auto r = run(cmd);
    if (r.status != 0) throw std::runtime_error("openssl failed: " + cmd + ": " + r.err);
    return parse_openssl_rsa_text(r.out);
}

// --- a test-side DER writer --------------------------------------------------

using der_bytes = std::vector<std::uint8_t>;

inline der_bytes der_length(std::size_t n)
{
    if (n < 0x80) return {static_cast<std::uint8_t>(n)};
    der_bytes octets;
    for (std::size_t v = n; v; v >>= 8) octets.insert(octets.begin(), static_cast<std::uint8_t>(v));
    octets.insert(octets.begin(), static_cast<std::uint8_t>(0x80 | octets.size()));
    return octets;
}

inline der_bytes der_tlv(std::uint8_t tag, const der_bytes &contents)
{
    der_bytes out{tag};
    auto l = der_length(contents.size());
    out.insert(out.end(), l.begin(), l.end());
    out.insert(out.end(), contents.begin(), contents.end());
    return out;
}

inline der_bytes der_concat(std::initializer_list<der_bytes> parts)
{
    der_bytes out;
    for (const auto &p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

inline der_bytes der_seq(std::initializer_list<der_bytes> parts) { return der_tlv(0x30, der_concat(parts)); }

inline der_bytes der_seq_of(const std::vector<der_bytes> &parts)
{
    der_bytes contents;
    for (const auto &p : parts) contents.insert(contents.end(), p.begin(), p.end());
    return der_tlv(0x30, contents);
}

/// INTEGER from a non-negative big-endian magnitude (minimal encoding).
inline der_bytes der_uint(const std::vector<std::uint8_t> &magnitude)
{
    der_bytes c = strip_zeros(magnitude);
    if (c.empty() || (c[0] & 0x80)) c.insert(c.begin(), 0x00);
    return der_tlv(0x02, c);
}

inline der_bytes der_small(unsigned v)
{
    der_bytes m;
    for (unsigned x = v; x; x >>= 8) m.insert(m.begin(), static_cast<std::uint8_t>(x));
    return der_uint(m);
}

inline const der_bytes rsa_encryption_oid = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
inline const der_bytes der_null = {0x05, 0x00};

/// The nine fields of an RSAPrivateKey (RFC 8017 A.1.2), each encoded, so that a
/// test can replace one of them with any bytes.
inline std::vector<der_bytes> rsa_private_key_fields(const openssl_numbers &n, unsigned version = 0)
{
    std::vector<der_bytes> f{der_small(version)};
    for (const char *name : {"modulus", "publicexponent", "privateexponent", "prime1", "prime2", "exponent1",
                             "exponent2", "coefficient"})
        f.push_back(der_uint(n.at(name)));
    return f;
}

inline der_bytes der_rsa_private_key(const openssl_numbers &n, unsigned version = 0)
{
    return der_seq_of(rsa_private_key_fields(n, version));
}

/// PrivateKeyInfo (RFC 5208) around an RSAPrivateKey.
inline der_bytes der_pkcs8(const der_bytes &rsa_private_key, unsigned version = 0)
{
    return der_seq({der_small(version), der_seq({rsa_encryption_oid, der_null}), der_tlv(0x04, rsa_private_key)});
}

/// Adds one to a big-endian magnitude (a simple, always-different change).
inline std::vector<std::uint8_t> plus_one(std::vector<std::uint8_t> v)
{
    for (std::size_t i = v.size(); i-- > 0;) {
        if (++v[i] != 0) return v;
    }
    v.insert(v.begin(), 1);
    return v;
}

/// Adds two (keeps the parity of odd numbers such as n, e, p, q).
inline std::vector<std::uint8_t> plus_two(std::vector<std::uint8_t> v) { return plus_one(plus_one(std::move(v))); }

/// A self-signed certificate for `key_pem` valid from `start` to `end`
/// ("YYYYMMDDHHMMSSZ"), made by `openssl ca -selfsign` (OpenSSL 3.0's
/// `req -x509` cannot set dates in the past), written as PEM to `out_pem`.
inline void openssl_certificate_between(const std::string &key_pem, const std::string &start,
                                        const std::string &end, const std::string &out_pem)
{
    const std::string ca = out_pem + ".ca";
    const std::string q = shell_quote(ca);
    auto r = run("rm -rf " + q + " && mkdir -p " + q + " && : > " + q + "/index.txt && echo 01 > " + q +
                 "/serial && printf '%s\\n' '[ca]' 'default_ca = d' '[d]' 'database = " + ca +
                 "/index.txt' 'new_certs_dir = " + ca + "' 'serial = " + ca +
                 "/serial' 'default_md = sha256' 'policy = p' '[p]' 'commonName = supplied' > " + q +
                 "/ca.cnf && openssl req -new -key " + shell_quote(key_pem) + " -subj /CN=twoleg-test -out " + q +
                 "/req.csr && openssl ca -batch -notext -config " + q + "/ca.cnf -selfsign -keyfile " +
                 shell_quote(key_pem) + " -in " + q + "/req.csr -startdate " + start + " -enddate " + end +
                 " -out " + shell_quote(out_pem) + " 2>&1");
    if (r.status != 0) throw std::runtime_error("openssl ca failed: " + r.out + r.err);
}

} // namespace test
