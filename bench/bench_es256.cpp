// ES256 (ECDSA P-256 / SHA-256): twoleg against OpenSSL 3's EVP_DigestSign /
// EVP_DigestVerify in the same run, over the same message with the same key
// (made by OpenSSL at start-up and loaded by twoleg from its PKCS#8 PEM).
// Each benchmark first checks that the other side accepts its signature.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "twoleg/ecdsa.hpp"
#include "twoleg/key_loader.hpp"

namespace {

/// A typical JWS signing input: a DPoP proof's header and claims.
const std::string &message()
{
    static const std::string m(280, 'm');
    return m;
}

struct shared_key {
    EVP_PKEY *openssl = nullptr;
    twoleg::ec_private_key twoleg_key;
    bool ok = false;
};

const shared_key &key()
{
    static const shared_key k = [] {
        shared_key s;
        s.openssl = EVP_EC_gen("P-256");
        if (!s.openssl) return s;
        BIO *bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(bio, s.openssl, nullptr, nullptr, 0, nullptr, nullptr);
        char *data = nullptr;
        const long len = BIO_get_mem_data(bio, &data);
        auto loaded = twoleg::load_key(std::span(reinterpret_cast<const std::uint8_t *>(data), std::size_t(len)));
        BIO_free(bio);
        if (!loaded || !loaded->ec_private) return s;
        s.twoleg_key = *loaded->ec_private;
        s.ok = true;
        return s;
    }();
    return k;
}

std::vector<std::uint8_t> openssl_sign_der()
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    std::vector<std::uint8_t> sig(80);
    std::size_t len = sig.size();
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key().openssl);
    EVP_DigestSign(ctx, sig.data(), &len, reinterpret_cast<const unsigned char *>(message().data()), message().size());
    EVP_MD_CTX_free(ctx);
    sig.resize(len);
    return sig;
}

void es256_sign_twoleg(benchmark::State &state, bool deterministic)
{
    if (!key().ok) return bench::fail(state, "cannot make the P-256 key");
    twoleg::ecdsa_sign_options o;
    o.deterministic = deterministic;
    std::array<std::uint8_t, 64> sig{};
    std::array<std::uint8_t, 72> der{};
    {
        // OpenSSL must accept twoleg's signature (DER form).
        if (!twoleg::ecdsa_p256_sign_digest(key().twoleg_key, twoleg::sha256_hash(message()), sig, o))
            return bench::fail(state, "twoleg could not sign");
        auto len = twoleg::ecdsa_signature_to_der(sig, der);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key().openssl);
        const int v = EVP_DigestVerify(ctx, der.data(), *len, reinterpret_cast<const unsigned char *>(message().data()),
                                       message().size());
        EVP_MD_CTX_free(ctx);
        if (v != 1) return bench::fail(state, "OpenSSL rejects twoleg's ES256 signature");
    }
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto r = twoleg::ecdsa_p256_sign_digest(key().twoleg_key, twoleg::sha256_hash(message()), sig, o);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(sig);
    }
    allocs.report(state);
}

void es256_sign_twoleg_hedged(benchmark::State &state) { es256_sign_twoleg(state, false); }
void es256_sign_twoleg_deterministic(benchmark::State &state) { es256_sign_twoleg(state, true); }

void es256_verify_twoleg(benchmark::State &state)
{
    if (!key().ok) return bench::fail(state, "cannot make the P-256 key");
    std::array<std::uint8_t, 64> raw{};
    if (!twoleg::ecdsa_signature_from_der(openssl_sign_der(), raw))
        return bench::fail(state, "twoleg cannot read OpenSSL's DER signature");
    const twoleg::ec_public_key &pub = key().twoleg_key.public_key();
    if (!twoleg::ecdsa_p256_verify_digest(pub, twoleg::sha256_hash(message()), raw))
        return bench::fail(state, "twoleg rejects OpenSSL's ES256 signature");
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto r = twoleg::ecdsa_p256_verify_digest(pub, twoleg::sha256_hash(message()), raw);
        benchmark::DoNotOptimize(r);
    }
    allocs.report(state);
}

void es256_sign_openssl(benchmark::State &state)
{
    if (!key().ok) return bench::fail(state, "cannot make the P-256 key");
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char sig[80];
    bench::alloc_scope allocs;
    for (auto _ : state) {
        std::size_t len = sizeof sig;
        EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key().openssl);
        EVP_DigestSign(ctx, sig, &len, reinterpret_cast<const unsigned char *>(message().data()), message().size());
        benchmark::DoNotOptimize(sig);
    }
    allocs.report(state);
    EVP_MD_CTX_free(ctx);
}

void es256_verify_openssl(benchmark::State &state)
{
    if (!key().ok) return bench::fail(state, "cannot make the P-256 key");
    const auto der = openssl_sign_der();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bench::alloc_scope allocs;
    for (auto _ : state) {
        EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key().openssl);
        const int v = EVP_DigestVerify(ctx, der.data(), der.size(),
                                       reinterpret_cast<const unsigned char *>(message().data()), message().size());
        if (v != 1) return bench::fail(state, "OpenSSL rejects its own signature");
    }
    allocs.report(state);
    EVP_MD_CTX_free(ctx);
}

} // namespace

BENCHMARK(es256_sign_twoleg_hedged)->Name("es256_sign/twoleg");
BENCHMARK(es256_sign_twoleg_deterministic)->Name("es256_sign_deterministic/twoleg");
BENCHMARK(es256_sign_openssl)->Name("es256_sign/openssl");
BENCHMARK(es256_verify_twoleg)->Name("es256_verify/twoleg");
BENCHMARK(es256_verify_openssl)->Name("es256_verify/openssl");
