// "0 heap allocations per signature", as a test rather than a
// benchmark counter: this executable replaces malloc and friends (forwarding to
// glibc's __libc_* functions, as glibc allows; tests/malloc_counter.cpp) and
// counts the calls the signing thread makes while a counter is armed. After
// the key is loaded, signing with the C++ API and with the C API must not
// reach the allocator at all, for every test key (1024 to 4096 bits, e = 3
// and 65537), on whichever exponentiation path this run selects (CI runs the suite with and without TWOLEG_NO_MULX).
// Under AddressSanitizer the sanitizer owns malloc, so the test skips itself.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "rsa/blinding_cache.hpp"
#include "test_support.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/pkcs1v15.hpp"
#include "twoleg/sha256.hpp"
#include "twoleg/twoleg.h"

#include "../malloc_counter.hpp"

#if TWOLEG_MALLOC_COUNTER
namespace {
// Counts the C allocator calls this thread makes from construction on.
class armed_scope {
  public:
    armed_scope() noexcept : start_(malloc_counter::thread_calls()) {}
    std::uint64_t calls() const noexcept { return malloc_counter::thread_calls() - start_; }

  private:
    std::uint64_t start_;
};
} // namespace

TEST_CASE("the counter sees an allocation (the hook works)")
{
    std::uint64_t seen = 0;
    {
        armed_scope scope;
        std::vector<std::uint8_t> *v = new std::vector<std::uint8_t>(100);
        // Let the buffer escape, so the optimizer cannot elide the allocations.
        asm volatile("" : : "r"(v->data()) : "memory");
        delete v;
        seen = scope.calls();
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

            const int sign_rounds = force_model ? 2 : static_cast<int>(twoleg::detail::blinding_cache::uses_per_draw) + 2;
            std::uint64_t cxx_calls = 0;
            bool cxx_ok = false;
            {
                // Past uses_per_draw: the kept blinding pair is taken, squared,
                // used up and drawn afresh, all without an allocation.
                armed_scope scope;
                cxx_ok = true;
                for (int i = 0; i < sign_rounds; ++i)
                    cxx_ok = cxx_ok && static_cast<bool>(twoleg::pkcs1v15_sign_sha256_digest(*key, digest, signature));
                cxx_calls = scope.calls();
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
                c_calls = scope.calls();
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
