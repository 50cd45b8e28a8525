// Nettle 3.8 doing what twoleg does: rsa_sha256_sign_digest_tr (blinded,
// mpn_sec_powm, result check), rsa_sha256_verify_digest, sha256; and sha256
// once more with Nettle's SHA-NI code switched off (sha256/nettle_portable).
#include <nettle/asn1.h>
#include <nettle/base64.h>
#include <nettle/bignum.h>
#include <nettle/rsa.h>
#include <nettle/sha2.h>
#include <nettle/yarrow.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#if defined(__GLIBC__) && defined(__x86_64__)
#include <dlfcn.h>
#define TWOLEG_BENCH_NETTLE_NO_SHANI 1
#endif

#include "bench_support.hpp"

namespace {

using bench::key_for;

struct nettle_key {
    rsa_public_key pub;
    rsa_private_key priv;
    nettle_key() { rsa_public_key_init(&pub); rsa_private_key_init(&priv); }
    ~nettle_key() { rsa_public_key_clear(&pub); rsa_private_key_clear(&priv); }
    nettle_key(const nettle_key &) = delete;
    nettle_key &operator=(const nettle_key &) = delete;
};

// Nettle reads PKCS#1 RSAPrivateKey DER; PKCS#8 wraps it in
// SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING }: unwrap with
// Nettle's DER iterator, as a Nettle application would.
bool read_pkcs8_der(nettle_key &key, const std::uint8_t *der, std::size_t length)
{
    asn1_der_iterator outer, inner;
    if (asn1_der_iterator_first(&outer, length, der) != ASN1_ITERATOR_CONSTRUCTED ||
        outer.type != ASN1_SEQUENCE || asn1_der_decode_constructed(&outer, &inner) != ASN1_ITERATOR_PRIMITIVE ||
        inner.type != ASN1_INTEGER || asn1_der_iterator_next(&inner) != ASN1_ITERATOR_CONSTRUCTED ||
        inner.type != ASN1_SEQUENCE || asn1_der_iterator_next(&inner) != ASN1_ITERATOR_PRIMITIVE ||
        inner.type != ASN1_OCTETSTRING)
        return false;
    return rsa_keypair_from_der(&key.pub, &key.priv, 0, inner.length, inner.data) == 1;
}

// PEM: the base64 between the BEGIN and END lines (Nettle's decoder skips line breaks).
bool read_pkcs8_pem(nettle_key &key, std::string_view pem, std::vector<std::uint8_t> &der)
{
    constexpr std::string_view begin = "-----BEGIN PRIVATE KEY-----", end = "-----END PRIVATE KEY-----";
    const auto b = pem.find(begin);
    const auto e = pem.find(end);
    if (b == std::string_view::npos || e == std::string_view::npos || e < b) return false;
    const std::string_view body = pem.substr(b + begin.size(), e - b - begin.size());
    der.resize(BASE64_DECODE_LENGTH(body.size()));
    base64_decode_ctx ctx;
    base64_decode_init(&ctx);
    std::size_t length = der.size();
    if (base64_decode_update(&ctx, &length, der.data(), body.size(), body.data()) != 1 ||
        base64_decode_final(&ctx) != 1)
        return false;
    return read_pkcs8_der(key, der.data(), length);
}

const nettle_key &shared_key(int bits)
{
    static std::mutex lock;
    static std::map<int, std::unique_ptr<nettle_key>> keys;
    std::lock_guard<std::mutex> guard(lock);
    auto &slot = keys[bits];
    if (!slot) {
        slot = std::make_unique<nettle_key>();
        const auto &der = key_for(bits).pkcs8_der;
        if (!read_pkcs8_der(*slot, der.data(), der.size())) {
            std::fprintf(stderr, "twoleg bench: Nettle cannot read the %d-bit key\n", bits);
            std::exit(2);
        }
    }
    return *slot;
}

struct seeded_yarrow {
    yarrow256_ctx ctx;
    seeded_yarrow()
    {
        yarrow256_init(&ctx, 0, nullptr);
        std::uint8_t seed[YARROW256_SEED_FILE_SIZE] = {1, 2, 3, 4, 5, 6, 7, 8};
        yarrow256_seed(&ctx, sizeof seed, seed);
    }
};

void sha256_nettle(benchmark::State &state)
{
    const auto &input = bench::hash_input(std::size_t(state.range(0)));
    sha256_ctx ctx;
    std::uint8_t digest[SHA256_DIGEST_SIZE];
    bench::alloc_scope allocs;
    for (auto _ : state) {
        sha256_init(&ctx);
        sha256_update(&ctx, input.size(), input.data());
        sha256_digest(&ctx, sizeof digest, digest);
        benchmark::DoNotOptimize(digest);
    }
    allocs.report(state);
    state.SetBytesProcessed(state.iterations() * state.range(0));
}

// Nettle's SHA-256 without SHA-NI, in this same process. Nettle's "fat"
// build (Debian's) picks its SHA-256 compression once, in a library
// constructor, fat_init, which reads NETTLE_FAT_OVERRIDE: when set, it is a
// comma-separated feature list that replaces CPUID detection, so a list that
// does not name "sha_ni" (here the empty list) selects Nettle's generic
// x86_64 assembly instead of its SHA-NI code. The copy of libnettle linked
// into this program ran its constructor before main(), so setting the
// variable now would change nothing for it; instead a second, private copy of
// the same library file is loaded with dlmopen(LM_ID_NEWLM), whose
// constructor runs during that call, while the variable is set. The variable
// is restored at once; the linked copy (sha256/nettle) keeps its SHA-NI code.
struct nettle_sha256_functions {
    void (*init)(sha256_ctx *) = nullptr;
    void (*update)(sha256_ctx *, std::size_t, const std::uint8_t *) = nullptr;
    void (*digest)(sha256_ctx *, std::size_t, std::uint8_t *) = nullptr;
    std::string error;  // why init is null
};

nettle_sha256_functions load_nettle_without_shani()
{
    nettle_sha256_functions f;
#if TWOLEG_BENCH_NETTLE_NO_SHANI
    // The file of the libnettle this program uses (not the executable's PLT).
    Dl_info info{};
    void *linked_init = dlsym(RTLD_DEFAULT, "nettle_sha256_init");
    if (!linked_init || !dladdr(linked_init, &info) || !info.dli_fname) {
        f.error = "cannot find the file of the linked libnettle";
        return f;
    }
    const char *previous = std::getenv("NETTLE_FAT_OVERRIDE");
    const std::optional<std::string> saved = previous ? std::optional<std::string>(previous) : std::nullopt;
    setenv("NETTLE_FAT_OVERRIDE", "", 1);
    void *library = dlmopen(LM_ID_NEWLM, info.dli_fname, RTLD_NOW | RTLD_LOCAL);
    if (saved)
        setenv("NETTLE_FAT_OVERRIDE", saved->c_str(), 1);
    else
        unsetenv("NETTLE_FAT_OVERRIDE");
    if (!library) {
        const char *why = dlerror();
        f.error = std::string("dlmopen of ") + info.dli_fname + " failed: " + (why ? why : "?");
        return f;
    }
    // Only a fat build has a SHA-NI variant chosen at load time (and so an
    // override to honour); any other build would time the same code as
    // sha256/nettle under another name.
    if (!dlsym(library, "_nettle_sha256_compress_sha_ni") || !dlsym(library, "_nettle_sha256_compress_x86_64")) {
        f.error = "this libnettle is not an x86-64 fat build: no SHA-NI to switch off";
        return f;
    }
    f.init = reinterpret_cast<decltype(f.init)>(dlsym(library, "nettle_sha256_init"));
    f.update = reinterpret_cast<decltype(f.update)>(dlsym(library, "nettle_sha256_update"));
    f.digest = reinterpret_cast<decltype(f.digest)>(dlsym(library, "nettle_sha256_digest"));
    if (!f.init || !f.update || !f.digest) {
        f.init = nullptr;
        f.error = "the dlmopen'ed libnettle lacks nettle_sha256_*";
    }
    // The library stays loaded for the life of the process.
#else
    f.error = "needs glibc's dlmopen on x86-64 to load a second libnettle";
#endif
    return f;
}

void sha256_nettle_portable(benchmark::State &state)
{
    static const nettle_sha256_functions nettle = load_nettle_without_shani();
    if (!nettle.init) return state.SkipWithError(nettle.error.c_str());
    const auto &input = bench::hash_input(std::size_t(state.range(0)));
    sha256_ctx ctx;
    std::uint8_t digest[SHA256_DIGEST_SIZE], expected[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, input.size(), input.data());
    sha256_digest(&ctx, sizeof expected, expected);
    nettle.init(&ctx);
    nettle.update(&ctx, input.size(), input.data());
    nettle.digest(&ctx, sizeof digest, digest);
    if (std::memcmp(digest, expected, sizeof digest) != 0)
        return bench::fail(state, "Nettle without SHA-NI disagrees with Nettle with it");
    bench::alloc_scope allocs;
    for (auto _ : state) {
        nettle.init(&ctx);
        nettle.update(&ctx, input.size(), input.data());
        nettle.digest(&ctx, sizeof digest, digest);
        benchmark::DoNotOptimize(digest);
    }
    allocs.report(state);
    state.SetLabel("NETTLE_FAT_OVERRIDE=\"\" (no sha_ni)");
    state.SetBytesProcessed(state.iterations() * state.range(0));
}

void load_sa_json_nettle(benchmark::State &state)
{
    // Nettle has no JSON: parse with nlohmann::json, then read the PEM.
    const auto &key = key_for(int(state.range(0)));
    std::vector<std::uint8_t> der;
    bench::alloc_scope allocs;
    for (auto _ : state) {
        const auto json = nlohmann::json::parse(key.sa_json, nullptr, false);
        nettle_key k;
        if (!read_pkcs8_pem(k, json.value("private_key", std::string()), der))
            return bench::fail(state, "Nettle cannot read the service-account key");
    }
    allocs.report(state);
}

void load_pkcs8_pem_nettle(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    std::vector<std::uint8_t> der;
    bench::alloc_scope allocs;
    for (auto _ : state) {
        nettle_key k;
        if (!read_pkcs8_pem(k, key.pkcs8_pem, der)) return bench::fail(state, "Nettle cannot read the PEM key");
    }
    allocs.report(state);
}

void load_pkcs8_der_nettle(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    bench::alloc_scope allocs;
    for (auto _ : state) {
        nettle_key k;
        if (!read_pkcs8_der(k, key.pkcs8_der.data(), key.pkcs8_der.size()))
            return bench::fail(state, "Nettle cannot read the DER key");
    }
    allocs.report(state);
}

// SHA-256 of the message with Nettle's own hash, as its sign and verify take a digest.
void sha256_of(std::span<const std::uint8_t> message, std::uint8_t (&digest)[SHA256_DIGEST_SIZE])
{
    sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, message.size(), message.data());
    sha256_digest(&h, SHA256_DIGEST_SIZE, digest);
}

// Hash, sign with the timing-resistant path, write the k-octet signature.
bool sign_once(const nettle_key &key, yarrow256_ctx &rng, std::span<const std::uint8_t> message,
               std::vector<std::uint8_t> &signature)
{
    std::uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_of(message, digest);
    mpz_t s;
    mpz_init(s);
    const bool ok = rsa_sha256_sign_digest_tr(&key.pub, &key.priv, &rng,
                                              reinterpret_cast<nettle_random_func *>(yarrow256_random),
                                              digest, s) == 1;
    if (ok) nettle_mpz_get_str_256(signature.size(), signature.data(), s);
    mpz_clear(s);
    return ok;
}

void sign_nettle(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    const nettle_key &nk = shared_key(key.bits);
    seeded_yarrow rng;
    std::vector<std::uint8_t> signature(key.modulus_bytes);
    if (!sign_once(nk, rng.ctx, bench::message_bytes(), signature) || !bench::check_signature(state, key, signature))
        return;
    bench::time_signing(state, signature, "rsa_sha256_sign_digest_tr failed", [&](std::vector<std::uint8_t> &out) {
        return sign_once(nk, rng.ctx, bench::message_bytes(), out);
    });
}

void verify_nettle(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    const nettle_key &nk = shared_key(key.bits);
    const auto message = bench::message_bytes();
    bench::alloc_scope allocs;
    for (auto _ : state) {
        std::uint8_t digest[SHA256_DIGEST_SIZE];
        sha256_of(message, digest);
        mpz_t s;
        nettle_mpz_init_set_str_256_u(s, key.reference_signature.size(), key.reference_signature.data());
        const bool ok = rsa_sha256_verify_digest(&nk.pub, digest, s) == 1;
        mpz_clear(s);
        if (!ok) return bench::fail(state, "rsa_sha256_verify_digest rejected the reference signature");
    }
    allocs.report(state);
    bench::report_verifications(state);
}

void sign_threads_nettle(benchmark::State &state)
{
    const auto &key = key_for(int(state.range(0)));
    const nettle_key &nk = shared_key(key.bits);
    seeded_yarrow rng;  // one generator per thread; the key is shared read-only
    std::vector<std::uint8_t> signature(key.modulus_bytes);
    bench::time_signing(state, signature, "rsa_sha256_sign_digest_tr failed", [&](std::vector<std::uint8_t> &out) {
        return sign_once(nk, rng.ctx, bench::message_bytes(), out);
    });
}

} // namespace

BENCHMARK(sha256_nettle)->Name("sha256/nettle")->Arg(64)->Arg(1024)->Arg(8192)->Arg(1 << 20);
BENCHMARK(sha256_nettle_portable)->Name("sha256/nettle_portable")->Arg(64)->Arg(1024)->Arg(8192)->Arg(1 << 20);
BENCHMARK(load_sa_json_nettle)->Name("load_sa_json/nettle")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(load_pkcs8_pem_nettle)->Name("load_pkcs8_pem/nettle")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(load_pkcs8_der_nettle)->Name("load_pkcs8_der/nettle")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(sign_nettle)->Name("sign/nettle")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(verify_nettle)->Name("verify/nettle")->Arg(2048)->Arg(3072)->Arg(4096);
BENCHMARK(sign_threads_nettle)->Name("sign_threads/nettle")->Arg(2048)->Arg(3072)->Arg(4096)
    ->Threads(1)->Threads(2)->UseRealTime();
