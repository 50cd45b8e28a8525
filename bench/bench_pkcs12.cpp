// Loading a -legacy PKCS#12 file (3DES key bag, RC2-40 certificate bag,
// SHA-1 MAC, password "notasecret"): twoleg's load_key against OpenSSL's
// PKCS12_parse (what `openssl pkcs12 -legacy` runs), on the same two files:
// 2048 iterations (what openssl writes) and 100000 (like Google's files).
// Almost all of the time is the key derivations (MAC, key, IV, certificate
// key and IV: five PKCS#12 KDF runs of `iterations` SHA-1 compressions each).
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include <fstream>
#include <iterator>

#include "bench_support.hpp"
#include "twoleg/key_loader.hpp"
#include "core/wipe.hpp"

namespace {

const std::vector<std::uint8_t> &p12_file(int iterations)
{
    static const auto read = [](int n) {
        const std::string path = bench::keys_directory() + "/rsa-2048.legacy-" + std::to_string(n) + ".p12";
        std::ifstream in(path, std::ios::binary);
        std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (data.empty()) {
            std::fprintf(stderr, "cannot read %s (made by bench/make_bench_keys.sh)\n", path.c_str());
            std::exit(1);
        }
        return data;
    };
    static const std::vector<std::uint8_t> f2048 = read(2048), f100000 = read(100000);
    return iterations == 2048 ? f2048 : f100000;
}

void load_p12_legacy_twoleg(benchmark::State &state)
{
    const auto &file = p12_file(int(state.range(0)));
    const auto &reference = bench::key_for(2048);
    twoleg::key_load_options options;
    options.password = std::string_view("notasecret");
    {
        auto k = twoleg::load_key(file, options);
        if (!k || !k->private_key) return bench::fail(state, "twoleg cannot read the .p12 file");
        auto der = k->private_key->pkcs8_der();
        const bool same = der == reference.pkcs8_der;
        twoleg::detail::secure_wipe(der);
        if (!same) return bench::fail(state, "twoleg read another key from the .p12 file");
    }
    bench::alloc_scope allocs;
    for (auto _ : state) {
        auto k = twoleg::load_key(file, options);
        benchmark::DoNotOptimize(k);
    }
    allocs.report(state);
}

void load_p12_legacy_openssl(benchmark::State &state)
{
    // The legacy provider holds RC2 and the PKCS#12 PBE ciphers, as for `openssl pkcs12 -legacy`.
    static OSSL_PROVIDER *legacy = OSSL_PROVIDER_load(nullptr, "legacy");
    static OSSL_PROVIDER *deflt = OSSL_PROVIDER_load(nullptr, "default");
    if (!legacy || !deflt) return bench::fail(state, "OpenSSL's legacy provider is not available");
    const auto &file = p12_file(int(state.range(0)));
    bench::alloc_scope allocs;
    for (auto _ : state) {
        const unsigned char *p = file.data();
        PKCS12 *p12 = d2i_PKCS12(nullptr, &p, long(file.size()));
        EVP_PKEY *key = nullptr;
        X509 *cert = nullptr;
        if (!p12 || PKCS12_parse(p12, "notasecret", &key, &cert, nullptr) != 1 || !key) {
            ERR_clear_error();
            PKCS12_free(p12);
            return bench::fail(state, "OpenSSL cannot read the .p12 file");
        }
        EVP_PKEY_free(key);
        X509_free(cert);
        PKCS12_free(p12);
    }
    allocs.report(state);
}

} // namespace

BENCHMARK(load_p12_legacy_twoleg)->Name("load_p12_legacy/twoleg")->Arg(2048)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(load_p12_legacy_openssl)->Name("load_p12_legacy/openssl")->Arg(2048)->Arg(100000)->Unit(benchmark::kMillisecond);
