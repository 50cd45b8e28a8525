// OpenSSL 3 (EVP) doing what twoleg does: the reference every ratio is taken against.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>

#include "bench_support.hpp"

namespace {

using bench::key_for;

void sha256_openssl(benchmark::State &state)
{
    const auto &input = bench::hash_input(std::size_t(state.range(0)));
    EVP_MD *md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    bench::alloc_scope allocs;
    for (auto _ : state) {
        EVP_DigestInit_ex2(ctx, md, nullptr);
        EVP_DigestUpdate(ctx, input.data(), input.size());
        EVP_DigestFinal_ex(ctx, digest, &length);
        benchmark::DoNotOptimize(digest);
    }
    allocs.report(state);
    state.SetBytesProcessed(state.iterations() * state.range(0));
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
}

EVP_PKEY *read_pem(const std::string &pem)
{
    BIO *bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return key;
}

/// The timed loop of the key-loading benchmarks: load() returns a key (nullptr
/// on failure, then the benchmark fails with `failure`), freed each time.
template <class Load>
void time_loading(benchmark::State &state, const char *failure, Load load)
{
    bench::alloc_scope allocs;
    for (auto _ : state) {
        EVP_PKEY *k = load();
        if (k == nullptr) return bench::fail(state, failure);
        EVP_PKEY_free(k);
    }
    allocs.report(state);
}

void load_sa_json_openssl(benchmark::State &state)
{
    // OpenSSL has no JSON: parse with nlohmann::json, then read the PEM.
    const auto &key = key_for(int(state.range(0)));
    time_loading(state, "OpenSSL cannot read the service-account key", [&] {
        const auto json = nlohmann::json::parse(key.sa_json, nullptr, false);
        return read_pem(json.value("private_key", std::string()));
    });
}

void load_pkcs8_pem_openssl(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    time_loading(state, "OpenSSL cannot read the PEM key", [&] { return read_pem(key.pkcs8_pem); });
}

void load_pkcs8_der_openssl(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    time_loading(state, "OpenSSL cannot read the DER key", [&] {
        const unsigned char *p = key.pkcs8_der.data();
        return d2i_AutoPrivateKey(nullptr, &p, long(key.pkcs8_der.size()));
    });
}

// One signature as an application makes it: a fresh EVP_MD_CTX, EVP_DigestSignInit
// with the shared key (RSA defaults to PKCS#1 v1.5), EVP_DigestSign.
bool sign_once(EVP_PKEY *pkey, std::span<const std::uint8_t> message, std::vector<std::uint8_t> &signature)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    std::size_t length = signature.size();
    const bool ok = ctx != nullptr && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
                    EVP_DigestSign(ctx, signature.data(), &length, message.data(), message.size()) == 1 &&
                    length == signature.size();
    EVP_MD_CTX_free(ctx);
    return ok;
}

void sign_openssl(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    std::vector<std::uint8_t> signature(key.modulus_bytes);
    if (!sign_once(key.openssl_key, bench::message_bytes(), signature) ||
        !bench::check_signature(state, key, signature))
        return;
    bench::time_signing(state, signature, "EVP_DigestSign failed", [&](std::vector<std::uint8_t> &out) {
        return sign_once(key.openssl_key, bench::message_bytes(), out);
    });
}

void verify_openssl(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    const auto message = bench::message_bytes();
    bench::alloc_scope allocs;
    for (auto _ : state) {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key.openssl_key) == 1 &&
                        EVP_DigestVerify(ctx, key.reference_signature.data(), key.reference_signature.size(),
                                         message.data(), message.size()) == 1;
        EVP_MD_CTX_free(ctx);
        if (!ok) return bench::fail(state, "EVP_DigestVerify rejected the reference signature");
    }
    allocs.report(state);
    bench::report_verifications(state);
}

void sign_threads_openssl(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    std::vector<std::uint8_t> signature(key.modulus_bytes);
    bench::time_signing(state, signature, "EVP_DigestSign failed", [&](std::vector<std::uint8_t> &out) {
        return sign_once(key.openssl_key, bench::message_bytes(), out);
    });
}

} // namespace

BENCHMARK(sha256_openssl)->Name("sha256/openssl")->Arg(64)->Arg(1024)->Arg(8192)->Arg(1 << 20);
BENCHMARK(load_sa_json_openssl)->Name("load_sa_json/openssl")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(load_pkcs8_pem_openssl)->Name("load_pkcs8_pem/openssl")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(load_pkcs8_der_openssl)->Name("load_pkcs8_der/openssl")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(sign_openssl)->Name("sign/openssl")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(verify_openssl)->Name("verify/openssl")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(sign_threads_openssl)->Name("sign_threads/openssl")->Arg(2048)->Arg(3072)->Arg(4096)
    ->Threads(1)->Threads(2)->UseRealTime();
