// Implements twoleg/oid.hpp: the OID validator, the dotted form and the name table.
#include "twoleg/oid.hpp"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace twoleg {

const char *oid_encoding_problem(std::span<const std::uint8_t> c) noexcept
{
    if (c.empty()) return "DER: OBJECT IDENTIFIER has no content octets";
    // X.690 §8.19.2: each sub-identifier is base 128, most significant group
    // first, as few octets as possible (so never a leading 0x80 octet), with
    // bit 8 set on every octet but the last.
    bool at_start = true;
    for (std::uint8_t b : c) {
        if (at_start && b == 0x80) return "DER: OBJECT IDENTIFIER sub-identifier is not minimal";
        at_start = (b & 0x80) == 0;
    }
    if (!at_start) return "DER: OBJECT IDENTIFIER ends inside a sub-identifier";
    return nullptr;
}

namespace {

struct known_oid {
    const char *dotted;
    const char *name;
};

// Names follow the ASN.1 modules that define them (RFC 8017, RFC 5280,
// RFC 8018, RFC 5480, RFC 8410, NIST CSOR), as OpenSSL mostly does too.
constexpr known_oid known_oids[] = {
    {"1.2.840.113549.1.1.1", "rsaEncryption"},
    {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
    {"1.2.840.113549.1.1.7", "rsaesOaep"},
    {"1.2.840.113549.1.1.8", "mgf1"},
    {"1.2.840.113549.1.1.10", "rsassaPss"},
    {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
    {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"},
    {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
    {"1.2.840.113549.1.5.12", "PBKDF2"},
    {"1.2.840.113549.1.5.13", "PBES2"},
    {"1.2.840.113549.1.9.1", "emailAddress"},
    {"1.2.840.113549.1.9.14", "extensionRequest"},
    {"1.2.840.113549.2.9", "hmacWithSHA256"},
    {"1.3.14.3.2.26", "sha1"},
    {"2.16.840.1.101.3.4.2.1", "sha256"},
    {"2.16.840.1.101.3.4.2.2", "sha384"},
    {"2.16.840.1.101.3.4.2.3", "sha512"},
    {"2.16.840.1.101.3.4.1.2", "aes-128-cbc"},
    {"2.16.840.1.101.3.4.1.42", "aes-256-cbc"},
    {"1.2.840.10045.2.1", "id-ecPublicKey"},
    {"1.2.840.113549.1.5.14", "PBMAC1"},
    {"1.3.6.1.4.1.11591.4.11", "scrypt"},
    {"1.2.840.113549.2.5", "md5"},
    {"1.2.840.113549.2.7", "hmacWithSHA1"},
    {"1.2.840.113549.2.8", "hmacWithSHA224"},
    {"1.2.840.113549.2.10", "hmacWithSHA384"},
    {"1.2.840.113549.2.11", "hmacWithSHA512"},
    {"2.16.840.1.101.3.4.2.4", "sha224"},
    {"2.16.840.1.101.3.4.1.22", "aes-192-cbc"},
    {"1.2.840.113549.3.2", "rc2-cbc"},
    {"1.2.840.113549.3.7", "des-ede3-cbc"},
    {"1.3.14.3.2.7", "des-cbc"},
    {"1.2.840.113549.1.12.1.1", "pbeWithSHAAnd128BitRC4"},
    {"1.2.840.113549.1.12.1.2", "pbeWithSHAAnd40BitRC4"},
    {"1.2.840.113549.1.12.1.3", "pbeWithSHAAnd3-KeyTripleDES-CBC"},
    {"1.2.840.113549.1.12.1.4", "pbeWithSHAAnd2-KeyTripleDES-CBC"},
    {"1.2.840.113549.1.12.1.5", "pbeWithSHAAnd128BitRC2-CBC"},
    {"1.2.840.113549.1.12.1.6", "pbeWithSHAAnd40BitRC2-CBC"},
    {"1.2.840.113549.1.12.10.1.1", "keyBag"},
    {"1.2.840.113549.1.12.10.1.2", "pkcs8ShroudedKeyBag"},
    {"1.2.840.113549.1.12.10.1.3", "certBag"},
    {"1.2.840.113549.1.12.10.1.4", "crlBag"},
    {"1.2.840.113549.1.12.10.1.5", "secretBag"},
    {"1.2.840.113549.1.12.10.1.6", "safeContentsBag"},
    {"1.2.840.113549.1.7.1", "pkcs7-data"},
    {"1.2.840.113549.1.7.2", "pkcs7-signedData"},
    {"1.2.840.113549.1.7.3", "pkcs7-envelopedData"},
    {"1.2.840.113549.1.7.6", "pkcs7-encryptedData"},
    {"1.2.840.113549.1.9.20", "friendlyName"},
    {"1.2.840.113549.1.9.21", "localKeyID"},
    {"1.2.840.113549.1.9.22.1", "x509Certificate"},
    {"1.2.840.10045.3.1.7", "prime256v1"},
    {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256"},
    {"1.3.101.112", "Ed25519"},
    {"2.5.4.3", "commonName"},
    {"2.5.4.5", "serialNumber"},
    {"2.5.4.6", "countryName"},
    {"2.5.4.7", "localityName"},
    {"2.5.4.8", "stateOrProvinceName"},
    {"2.5.4.10", "organizationName"},
    {"2.5.4.11", "organizationalUnitName"},
    {"2.5.29.14", "subjectKeyIdentifier"},
    {"2.5.29.15", "keyUsage"},
    {"2.5.29.17", "subjectAltName"},
    {"2.5.29.19", "basicConstraints"},
    {"2.5.29.31", "cRLDistributionPoints"},
    {"2.5.29.32", "certificatePolicies"},
    {"2.5.29.35", "authorityKeyIdentifier"},
    {"2.5.29.37", "extKeyUsage"},
    {"1.3.6.1.5.5.7.1.1", "authorityInfoAccess"},
    {"1.3.6.1.5.5.7.3.1", "serverAuth"},
    {"1.3.6.1.5.5.7.3.2", "clientAuth"},
};


/// A non-negative decimal number of any size, as little-endian base-10^9 limbs.
class decimal {
  public:
    void multiply_add(std::uint32_t factor, std::uint32_t addend)
    {
        std::uint64_t carry = addend;
        for (auto &limb : limbs_) {
            const std::uint64_t v = std::uint64_t{limb} * factor + carry;
            limb = static_cast<std::uint32_t>(v % base);
            carry = v / base;
        }
        while (carry) {
            limbs_.push_back(static_cast<std::uint32_t>(carry % base));
            carry /= base;
        }
    }
    /// Requires *this >= v (v < 10^9).
    void subtract(std::uint32_t v)
    {
        std::uint64_t borrow = v;
        for (auto &limb : limbs_) {
            if (borrow == 0) break;
            if (limb >= borrow) {
                limb = static_cast<std::uint32_t>(limb - borrow);
                borrow = 0;
            } else {
                limb = static_cast<std::uint32_t>(limb + base - borrow);
                borrow = 1;
            }
        }
        while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
    }
    bool less_than(std::uint32_t v) const { return limbs_.size() < 2 && (limbs_.empty() ? 0 : limbs_[0]) < v; }
    std::uint32_t low() const { return limbs_.empty() ? 0 : limbs_[0]; }
    void append_to(std::string &out) const
    {
        if (limbs_.empty()) {
            out += '0';
            return;
        }
        out += std::to_string(limbs_.back());
        for (std::size_t i = limbs_.size() - 1; i-- > 0;) {
            std::string part = std::to_string(limbs_[i]);
            out.append(9 - part.size(), '0');
            out += part;
        }
    }

  private:
    static constexpr std::uint64_t base = 1000000000;
    std::vector<std::uint32_t> limbs_;
};

/// Dotted form into a fixed buffer, for OIDs whose arcs fit in 64 bits;
/// false if the OID is malformed, has a larger arc, or does not fit.
bool oid_to_buffer(std::span<const std::uint8_t> c, std::array<char, 160> &buf) noexcept
{
    if (!oid_well_formed(c)) return false;
    std::size_t used = 0;
    auto put = [&](std::uint64_t v, bool dot) {
        char digits[24];
        int n = 0;
        do {
            digits[n++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v);
        if (used + static_cast<std::size_t>(n) + 2 > buf.size()) return false;
        if (dot) buf[used++] = '.';
        while (n) buf[used++] = digits[--n];
        return true;
    };
    std::uint64_t v = 0;
    bool first = true;
    for (std::uint8_t b : c) {
        if (v >> 57) return false;  // the next shift would overflow 64 bits
        v = (v << 7) | (b & 0x7fu);
        if (b & 0x80) continue;
        if (first) {
            const std::uint64_t top = v < 40 ? 0 : v < 80 ? 1 : 2;
            if (!put(top, false) || !put(v - 40 * top, true)) return false;
            first = false;
        } else if (!put(v, true)) {
            return false;
        }
        v = 0;
    }
    buf[used] = '\0';
    return true;
}

} // namespace

std::string oid_to_string(std::span<const std::uint8_t> oid_contents)
{
    if (!oid_well_formed(oid_contents)) return {};
    std::string out;
    decimal arc;
    bool first = true;
    for (std::uint8_t b : oid_contents) {
        arc.multiply_add(128, b & 0x7fu);
        if (b & 0x80) continue;
        if (first) {
            // X.690 §8.19.4: the first sub-identifier is 40 * X + Y, X in {0, 1, 2}.
            const std::uint32_t top = arc.less_than(40) ? 0 : arc.less_than(80) ? 1 : 2;
            arc.subtract(40 * top);
            out += static_cast<char>('0' + top);
            first = false;
        }
        out += '.';
        arc.append_to(out);
        arc = decimal();
    }
    return out;
}

const char *oid_name(std::span<const std::uint8_t> oid_contents) noexcept
{
    std::array<char, 160> dotted;
    if (!oid_to_buffer(oid_contents, dotted)) return nullptr;
    const std::string_view d(dotted.data());
    for (const auto &k : known_oids)
        if (d == k.dotted) return k.name;
    return nullptr;
}

} // namespace twoleg
