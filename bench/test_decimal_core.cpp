// Not a benchmark: checks that the decimal core (and twoleg, once it signs)
// produces exactly the signature of `openssl dgst -sha256 -sign` for the
// benchmark keys, on several messages. Exits non-zero and says what differed.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "decimal_core.hpp"

#include "twoleg/pkcs1v15.hpp"
#include "twoleg/rsa_key.hpp"

namespace {

int failures = 0;

void check(bool ok, const std::string &what)
{
    std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++failures;
}

std::vector<std::uint8_t> read_file(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        std::exit(2);
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string keys_dir()
{
    const char *env = std::getenv("TWOLEG_BENCH_KEYS");
    return env != nullptr && *env != '\0' ? env : TWOLEG_BENCH_KEYS_DIR;
}

std::string hex(const std::vector<std::uint8_t> &v)
{
    std::string s;
    char buf[3];
    for (auto b : v) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        s += buf;
    }
    return s;
}

// The openssl command's signature of `message` with the PEM key at `key_path`.
std::vector<std::uint8_t> openssl_command_signature(const std::string &key_path, const std::vector<std::uint8_t> &message)
{
    char name[] = "/tmp/twoleg-decimal-test-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0 || write(fd, message.data(), message.size()) != ssize_t(message.size())) {
        std::fprintf(stderr, "cannot write a temporary file\n");
        std::exit(2);
    }
    close(fd);
    const std::string cmd = "openssl dgst -sha256 -binary -sign '" + key_path + "' '" + name + "'";
    std::vector<std::uint8_t> out;
    if (FILE *p = popen(cmd.c_str(), "r")) {
        std::array<std::uint8_t, 4096> buf;
        std::size_t n;
        while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.insert(out.end(), buf.begin(), buf.begin() + n);
        if (pclose(p) != 0) out.clear();
    }
    unlink(name);
    return out;
}

std::vector<std::uint8_t> bn_param(EVP_PKEY *key, const char *name, std::string *decimal_text = nullptr)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) {
        std::fprintf(stderr, "OpenSSL: no parameter %s\n", name);
        std::exit(2);
    }
    std::vector<std::uint8_t> out(std::size_t(BN_num_bytes(bn)));
    BN_bn2bin(bn, out.data());
    if (decimal_text != nullptr) {
        char *text = BN_bn2dec(bn);
        *decimal_text = text;
        OPENSSL_free(text);
    }
    BN_free(bn);
    return out;
}

std::array<std::uint8_t, 32> openssl_sha256(const std::vector<std::uint8_t> &message)
{
    std::array<std::uint8_t, 32> digest{};
    unsigned int length = 0;
    EVP_Digest(message.data(), message.size(), digest.data(), &length, EVP_sha256(), nullptr);
    return digest;
}

// Long division against OpenSSL's BN_div on operands built from limbs chosen
// among 0, 1, B/2, B-1, ... and random ones: such patterns make Knuth D's rare
// "add back" step (D6) happen thousands of times, which random keys never do.
void check_division()
{
    constexpr std::uint32_t patterns[] = {0, 1, 2, 499999999, 500000000, 999999998, 999999999};
    std::uint64_t state = 88172645463325252u;
    auto next = [&] {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17;
        return state;
    };
    auto operand = [&](unsigned limbs) {
        std::string digits;
        char buf[16];
        for (unsigned i = 0; i < limbs; ++i) {
            const std::uint32_t limb = next() % 4 == 0 ? std::uint32_t(next() % 1000000000) : patterns[next() % 7];
            std::snprintf(buf, sizeof buf, "%09u", limb);
            digits += buf;
        }
        return digits;
    };
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *u = BN_new(), *v = BN_new(), *q = BN_new(), *r = BN_new();
    int wrong = 0, done = 0;
    for (int i = 0; i < 100000; ++i) {
        const std::string ut = operand(2 + unsigned(next() % 7)), vt = operand(1 + unsigned(next() % 5));
        decimal_core::decimal du, dv, dq, dr;
        decimal_core::decimal::parse(ut, du);
        decimal_core::decimal::parse(vt, dv);
        if (dv.is_zero()) continue;
        decimal_core::divide(du, dv, &dq, &dr);
        BN_dec2bn(&u, ut.c_str());
        BN_dec2bn(&v, vt.c_str());
        BN_div(q, r, u, v, ctx);
        char *qt = BN_bn2dec(q), *rt = BN_bn2dec(r);
        if (dq.to_string() != qt || dr.to_string() != rt) ++wrong;
        OPENSSL_free(qt);
        OPENSSL_free(rt);
        ++done;
    }
    BN_free(u); BN_free(v); BN_free(q); BN_free(r);
    BN_CTX_free(ctx);
    check(wrong == 0 && done > 90000,
          "long division equals BN_div on " + std::to_string(done) + " patterned operand pairs");
}

} // namespace

int main()
{
    check_division();

    // Messages: empty, short, a JWT-sized one and a longer pseudo-random one.
    std::vector<std::vector<std::uint8_t>> messages = {{}, {'a', 'b', 'c'}};
    messages.emplace_back(300, std::uint8_t('x'));
    std::vector<std::uint8_t> noise(5000);
    std::uint32_t x = 2463534242u;
    for (auto &b : noise) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        b = std::uint8_t(x);
    }
    messages.push_back(noise);

    for (int bits : {2048, 3072, 4096}) {
        const std::string base = keys_dir() + "/rsa-" + std::to_string(bits);
        const auto der = read_file(base + ".pkcs8.der");
        const unsigned char *p = der.data();
        EVP_PKEY *key = d2i_AutoPrivateKey(nullptr, &p, long(der.size()));
        if (key == nullptr) {
            std::fprintf(stderr, "OpenSSL cannot read %s.pkcs8.der\n", base.c_str());
            return 2;
        }
        std::string n_decimal, p_decimal;
        const auto n = bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n_decimal);
        const auto prime1 = bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR1, &p_decimal);
        const auto prime2 = bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR2);
        const auto dp = bn_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT1);
        const auto dq = bn_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT2);
        const auto qinv = bn_param(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
        const auto e = bn_param(key, OSSL_PKEY_PARAM_RSA_E);
        const auto d = bn_param(key, OSSL_PKEY_PARAM_RSA_D);
        EVP_PKEY_free(key);

        const std::string tag = "RSA-" + std::to_string(bits);
        // The octets -> decimal conversion agrees with OpenSSL's BN_bn2dec.
        check(decimal_core::to_decimal_string(n) == n_decimal, tag + ": n in decimal equals BN_bn2dec");
        check(decimal_core::to_decimal_string(prime1) == p_decimal, tag + ": p in decimal equals BN_bn2dec");
        std::printf("      %s: p has %zu decimal digits\n", tag.c_str(), p_decimal.size());

        const auto dkey = decimal_core::prepare_key({n, prime1, prime2, dp, dq, qinv});
        const auto twoleg_key = twoleg::rsa_private_key::from_components({n, e, d, prime1, prime2, dp, dq, qinv});
        check(twoleg_key.ok(), tag + ": twoleg loads the key");
        for (const auto &message : messages) {
            const std::string what = tag + ", " + std::to_string(message.size()) + "-byte message";
            const auto expected = openssl_command_signature(base + ".pkcs8.pem", message);
            check(expected.size() == std::size_t(bits / 8), what + ": openssl dgst -sign produced a signature");
            const auto got = decimal_core::sign_sha256_digest(dkey, openssl_sha256(message));
            check(got == expected, what + ": decimal core == openssl dgst -sha256 -sign");
            if (got != expected) std::printf("      got      %s\n      expected %s\n", hex(got).c_str(), hex(expected).c_str());
            if (twoleg_key.ok()) {
                const auto t = twoleg::pkcs1v15_sign_sha256(*twoleg_key, message);
                check(t.ok() && *t == expected, what + ": twoleg == openssl dgst -sha256 -sign");
                check(t.ok() && *t == got, what + ": decimal core == twoleg");
            }
        }
    }
    std::printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
