// bench/bench_support.hpp — what every benchmark shares: the keys, the message,
// the reference signature, and the counters.
//
// Keys are RSA 2048/3072/4096, e = 65537, generated once by the openssl command
// (bench/make_bench_keys.sh) into the build tree; TWOLEG_BENCH_KEYS overrides
// the directory. Each key is read once, lazily and thread-safely, and shared.
#pragma once

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "alloc_counter.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace bench {

inline constexpr int key_sizes[] = {2048, 3072, 4096};
inline constexpr int sha256_sizes[] = {64, 1024, 8192, 1 << 20};

/// Big-endian octets of the RFC 8017 private-key fields.
struct key_components {
    std::vector<std::uint8_t> n, e, d, p, q, dp, dq, qinv;
};

struct bench_key {
    int bits = 0;
    std::size_t modulus_bytes = 0;
    std::string sa_json;                  // service-account JSON file
    std::string pkcs8_pem;                // PKCS#8 PEM text
    std::vector<std::uint8_t> pkcs8_der;  // PKCS#8 DER
    key_components components;
    EVP_PKEY *openssl_key = nullptr;      // owned for the life of the process
    /// RSASSA-PKCS1-v1_5 SHA-256 of message() by OpenSSL's EVP_DigestSign: every
    /// implementation's signature is compared with it before it is timed.
    std::vector<std::uint8_t> reference_signature;
};

/// The key of `bits` bits; aborts the process with a message if it cannot be read.
const bench_key &key_for(int bits);
/// The directory the keys are read from.
std::string keys_directory();

/// The message every sign/verify benchmark signs: a JWT signing input of the
/// size a service-account assertion has (header.claims, base64url).
std::string_view message();
std::span<const std::uint8_t> message_bytes();

/// Pseudo-random bytes (fixed seed) for hashing benchmarks.
const std::vector<std::uint8_t> &hash_input(std::size_t size);

/// Marks the benchmark failed (SkipWithError) and makes the binary exit non-zero.
void fail(benchmark::State &state, const std::string &why);
bool any_failure() noexcept;

/// Compares a produced signature with the key's reference; fails the benchmark if different.
bool check_signature(benchmark::State &state, const bench_key &key, std::span<const std::uint8_t> signature);

/// Counts allocations between construction and report().
class alloc_scope {
  public:
    alloc_scope() noexcept : start_(thread_alloc_counts()) {}
    /// Sets allocs (heap), cxx_allocs and gmp_allocs per iteration.
    void report(benchmark::State &state) const;

  private:
    alloc_counts start_;
};

/// Sets the signatures-per-second rate counter.
void report_signatures(benchmark::State &state);
void report_verifications(benchmark::State &state);

std::string hex(std::span<const std::uint8_t> data);

/// The timed loop of every signing benchmark: signs into `signature` with
/// sign(signature) (true on success), counting allocations, then sets the
/// signatures-per-second rate. On failure the benchmark fails with `failure`.
template <class Sign>
void time_signing(benchmark::State &state, std::vector<std::uint8_t> &signature, const char *failure, Sign sign)
{
    alloc_scope allocs;
    for (auto _ : state) {
        if (!sign(signature)) return fail(state, failure);
        benchmark::DoNotOptimize(signature.data());
    }
    allocs.report(state);
    report_signatures(state);
}

} // namespace bench
