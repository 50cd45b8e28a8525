// Shared benchmark state (see bench_support.hpp).
#include "bench_support.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#ifndef TWOLEG_BENCH_KEYS_DIR
#define TWOLEG_BENCH_KEYS_DIR "bench-keys"
#endif

namespace bench {

namespace {

std::atomic<bool> failed{false};

[[noreturn]] void die(const std::string &why)
{
    std::fprintf(stderr, "twoleg bench: %s\n", why.c_str());
    std::exit(2);
}

std::string read_text(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) die("cannot read " + path + " (run the build, or set TWOLEG_BENCH_KEYS)");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::uint8_t> big_endian(EVP_PKEY *key, const char *param)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, param, &bn) != 1) die(std::string("OpenSSL: no key parameter ") + param);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, out.data());
    BN_clear_free(bn);
    return out;
}

std::string base64url(std::string_view text)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : text) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += alphabet[(acc << (6 - bits)) & 63];
    return out;
}

std::unique_ptr<bench_key> load(int bits)
{
    auto key = std::make_unique<bench_key>();
    const std::string base = keys_directory() + "/rsa-" + std::to_string(bits);
    key->bits = bits;
    key->sa_json = read_text(base + ".sa.json");
    key->pkcs8_pem = read_text(base + ".pkcs8.pem");
    const std::string der = read_text(base + ".pkcs8.der");
    key->pkcs8_der.assign(der.begin(), der.end());

    const unsigned char *p = key->pkcs8_der.data();
    PKCS8_PRIV_KEY_INFO *info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, long(key->pkcs8_der.size()));
    if (info == nullptr) die(base + ".pkcs8.der is not PKCS#8 (regenerate the keys)");
    PKCS8_PRIV_KEY_INFO_free(info);
    p = key->pkcs8_der.data();
    key->openssl_key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(key->pkcs8_der.size()));
    if (key->openssl_key == nullptr) die("OpenSSL cannot read " + base + ".pkcs8.der");
    if (EVP_PKEY_get_bits(key->openssl_key) != bits) die(base + ".pkcs8.der has the wrong size");
    key->modulus_bytes = static_cast<std::size_t>(EVP_PKEY_get_size(key->openssl_key));

    key_components &c = key->components;
    c.n = big_endian(key->openssl_key, OSSL_PKEY_PARAM_RSA_N);
    c.e = big_endian(key->openssl_key, OSSL_PKEY_PARAM_RSA_E);
    c.d = big_endian(key->openssl_key, OSSL_PKEY_PARAM_RSA_D);
    c.p = big_endian(key->openssl_key, OSSL_PKEY_PARAM_RSA_FACTOR1);
    c.q = big_endian(key->openssl_key, OSSL_PKEY_PARAM_RSA_FACTOR2);
    c.dp = big_endian(key->openssl_key, OSSL_PKEY_PARAM_RSA_EXPONENT1);
    c.dq = big_endian(key->openssl_key, OSSL_PKEY_PARAM_RSA_EXPONENT2);
    c.qinv = big_endian(key->openssl_key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);

    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    std::size_t length = key->modulus_bytes;
    key->reference_signature.resize(length);
    if (ctx == nullptr || EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key->openssl_key) != 1 ||
        EVP_DigestSign(ctx, key->reference_signature.data(), &length, message_bytes().data(),
                       message_bytes().size()) != 1 ||
        length != key->modulus_bytes)
        die("OpenSSL cannot sign with " + base + ".pkcs8.der");
    EVP_MD_CTX_free(ctx);
    return key;
}

} // namespace

std::string keys_directory()
{
    const char *env = std::getenv("TWOLEG_BENCH_KEYS");
    return env != nullptr && *env != '\0' ? env : TWOLEG_BENCH_KEYS_DIR;
}

const bench_key &key_for(int bits)
{
    static std::mutex lock;
    static std::map<int, std::unique_ptr<bench_key>> keys;
    std::lock_guard<std::mutex> guard(lock);
    auto &slot = keys[bits];
    if (!slot) slot = load(bits);
    return *slot;
}

std::string_view message()
{
    // Built once: header.claims of a service-account assertion (RFC 7519, 7523).
    static const std::string text = [] {
        const std::string header = R"({"alg":"RS256","typ":"JWT","kid":"3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098"})";
        const std::string claims =
            R"({"iss":"signer@twoleg-bench.iam.gserviceaccount.com",)"
            R"("scope":"https://www.googleapis.com/auth/spreadsheets",)"
            R"("aud":"https://oauth2.googleapis.com/token","exp":1767229200,"iat":1767225600})";
        return base64url(header) + "." + base64url(claims);
    }();
    return text;
}

std::span<const std::uint8_t> message_bytes()
{
    std::string_view m = message();
    return {reinterpret_cast<const std::uint8_t *>(m.data()), m.size()};
}

const std::vector<std::uint8_t> &hash_input(std::size_t size)
{
    static std::mutex lock;
    static std::map<std::size_t, std::vector<std::uint8_t>> inputs;
    std::lock_guard<std::mutex> guard(lock);
    auto &v = inputs[size];
    if (v.size() != size) {
        v.resize(size);
        std::uint64_t x = 0x9e3779b97f4a7c15u ^ size;
        for (auto &b : v) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b = static_cast<std::uint8_t>(x >> 32);
        }
    }
    return v;
}

void fail(benchmark::State &state, const std::string &why)
{
    failed = true;
    std::fprintf(stderr, "twoleg bench: FAILED: %s\n", why.c_str());
    state.SkipWithError(why.c_str());
}

bool any_failure() noexcept { return failed; }

bool check_signature(benchmark::State &state, const bench_key &key, std::span<const std::uint8_t> signature)
{
    if (signature.size() == key.reference_signature.size() &&
        std::equal(signature.begin(), signature.end(), key.reference_signature.begin()))
        return true;
    fail(state, "signature differs from OpenSSL's for the " + std::to_string(key.bits) + "-bit key: " +
                    hex(signature).substr(0, 32) + "...");
    return false;
}

void alloc_scope::report(benchmark::State &state) const
{
    const alloc_counts now = thread_alloc_counts();
    using benchmark::Counter;
    state.counters["allocs"] = Counter(double(now.heap - start_.heap), Counter::kAvgIterations);
    state.counters["cxx_allocs"] = Counter(double(now.cxx - start_.cxx), Counter::kAvgIterations);
    state.counters["gmp_allocs"] = Counter(double(now.gmp - start_.gmp), Counter::kAvgIterations);
}

void report_signatures(benchmark::State &state)
{
    state.counters["sig/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

void report_verifications(benchmark::State &state)
{
    state.counters["verify/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

std::string hex(std::span<const std::uint8_t> data)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : data) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

} // namespace bench
