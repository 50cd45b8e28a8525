// "0 heap allocations per signature", as a test rather than a
// benchmark counter: this executable replaces malloc and friends (forwarding to
// glibc's __libc_* functions, as glibc allows) and counts the calls the signing
// thread makes while a counter is armed. After the key is loaded, signing with
// the C++ API and with the C API must not reach the allocator at all, for every
// test key (1024 to 4096 bits, e = 3 and 65537), on whichever exponentiation
// path this run selects (CI runs the suite with and without TWOLEG_NO_MULX).
// Under AddressSanitizer the sanitizer owns malloc, so the test skips itself.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "test_support.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/pkcs1v15.hpp"
#include "twoleg/sha256.hpp"
#include "twoleg/twoleg.h"

#if defined(__SANITIZE_ADDRESS__)
#define TWOLEG_TEST_OWNS_MALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define TWOLEG_TEST_OWNS_MALLOC 0
#endif
#endif
#ifndef TWOLEG_TEST_OWNS_MALLOC
#define TWOLEG_TEST_OWNS_MALLOC 1
#endif

#if TWOLEG_TEST_OWNS_MALLOC
namespace {
thread_local bool armed = false;
thread_local std::uint64_t calls = 0;
void count() noexcept
{
    if (armed) ++calls;
}
} // namespace

extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *ptr, std::size_t size);
void *__libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void *ptr);

void *malloc(std::size_t size) noexcept { count(); return __libc_malloc(size); }
void *calloc(std::size_t n, std::size_t size) noexcept { count(); return __libc_calloc(n, size); }
void *realloc(void *ptr, std::size_t size) noexcept { count(); return __libc_realloc(ptr, size); }
void free(void *ptr) noexcept { __libc_free(ptr); }
void *memalign(std::size_t alignment, std::size_t size) noexcept
{
    count();
    return __libc_memalign(alignment, size);
}
void *aligned_alloc(std::size_t alignment, std::size_t size) noexcept
{
    count();
    return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, std::size_t alignment, std::size_t size) noexcept
{
    count();
    void *p = __libc_memalign(alignment, size);
    if (p == nullptr) return 12;  // ENOMEM
    *out = p;
    return 0;
}
}

namespace {
struct armed_scope {
    armed_scope() { calls = 0; armed = true; }
    ~armed_scope() { armed = false; }
};
} // namespace

TEST_CASE("the counter sees an allocation (the hook works)")
{
    std::uint64_t seen = 0;
    {
        armed_scope scope;
        std::vector<std::uint8_t> *v = new std::vector<std::uint8_t>(100);
        delete v;
        seen = calls;
    }
    CHECK(seen >= 2);
}

TEST_CASE("signing allocates nothing once the key is loaded")
{
    const std::vector<std::uint8_t> message = test::bytes("allocation-free signing, prepared keys");
    const twoleg::sha256_digest digest = twoleg::sha256_hash(message);
    // The default kernels, and the dual-prime kernel's model (chosen at load).
    for (const char *force_model : {static_cast<const char *>(nullptr), "1"})
    for (unsigned bits : test::key_sizes) {
        for (unsigned e : test::exponents) {
            CAPTURE(bits);
            CAPTURE(e);
            CAPTURE(force_model != nullptr);
            test::scoped_env model("TWOLEG_FORCE_IFMA_MODEL", force_model);
            const std::vector<std::uint8_t> pem = test::read_file(test::key_path(bits, e, "pkcs8.pem"));
            auto key = twoleg::load_private_key(pem);
            REQUIRE(key);
            std::vector<std::uint8_t> signature(key->modulus_bytes());
            REQUIRE(twoleg::pkcs1v15_sign_sha256_digest(*key, digest, signature));  // warm-up

            std::uint64_t cxx_calls = 0;
            bool cxx_ok = false;
            {
                armed_scope scope;
                cxx_ok = static_cast<bool>(twoleg::pkcs1v15_sign_sha256_digest(*key, digest, signature));
                cxx_calls = calls;
            }
            CHECK(cxx_ok);
            CHECK(cxx_calls == 0);
            CHECK(twoleg::pkcs1v15_verify_sha256_digest(key->public_key(), digest, signature));

            twoleg_key *ckey = nullptr;
            REQUIRE(twoleg_key_load(pem.data(), pem.size(), &ckey) == 0);
            std::vector<unsigned char> csig(twoleg_key_size(ckey));
            int status = -1;
            std::uint64_t c_calls = 0;
            {
                armed_scope scope;
                status = twoleg_sign_rs256(ckey, message.data(), message.size(), csig.data(), csig.size());
                c_calls = calls;
            }
            CHECK(status == 0);
            CHECK(c_calls == 0);
            CHECK(twoleg_verify_rs256(ckey, message.data(), message.size(), csig.data(), csig.size()) == 0);
            twoleg_key_free(ckey);
        }
    }
}
#else
TEST_CASE("allocation counting needs the C allocator (skipped under a sanitizer)")
{
    MESSAGE("AddressSanitizer owns malloc in this build: the allocation test is skipped");
}
#endif
