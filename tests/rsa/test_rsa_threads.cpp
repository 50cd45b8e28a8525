// One immutable key, many threads signing at once: every result must equal the
// single-threaded signature of the same message and verify.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "openssl_rsa.hpp"
#include "test_support.hpp"
#include "twoleg/pkcs1v15.hpp"

using bytes = std::vector<std::uint8_t>;

TEST_CASE("concurrent signing with one shared key gives the single-threaded results")
{
    constexpr int thread_count = 6;
    constexpr int messages_per_thread = 12;
    constexpr int rounds = 3;

    for (auto size_and_exponent : {std::pair{2048u, 65537u}, std::pair{3072u, 3u}}) {
        // Plain variables, not a structured binding: clang 14 cannot capture those.
        const unsigned bits = size_and_exponent.first, e = size_and_exponent.second;
        CAPTURE(bits);
        const std::string pem = test::key_path(bits, e, "pkcs8.pem");
        const auto key = test::private_key_via_openssl(pem);

        std::vector<std::vector<bytes>> messages(thread_count);
        std::vector<std::vector<bytes>> expected(thread_count);
        for (int t = 0; t < thread_count; ++t) {
            for (int i = 0; i < messages_per_thread; ++i) {
                const bytes m = test::pseudo_random_bytes(static_cast<std::size_t>(1 + 37 * i),
                                                          static_cast<std::uint64_t>(1000 * t + i));
                messages[t].push_back(m);
                auto s = twoleg::pkcs1v15_sign_sha256(key, m);
                REQUIRE(s);
                expected[t].push_back(*s);
            }
        }
        // The single-threaded reference is itself openssl's signature.
        CHECK(expected[0][0] == test::openssl_sign(pem, messages[0][0]));
        CHECK(expected[thread_count - 1][messages_per_thread - 1] ==
              test::openssl_sign(pem, messages[thread_count - 1][messages_per_thread - 1]));

        // Results are collected and checked on the main thread.
        std::vector<std::vector<bytes>> got(thread_count,
                                            std::vector<bytes>(static_cast<std::size_t>(rounds * messages_per_thread)));
        std::vector<int> failures(thread_count, 0);
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < thread_count; ++t) {
            threads.emplace_back([&, t] {
                // Half the threads share the object itself, half hold their own copy.
                const twoleg::rsa_private_key own_copy = key;
                const twoleg::rsa_private_key &k = (t % 2) ? own_copy : key;
                ready.fetch_add(1);
                while (ready.load() < thread_count) std::this_thread::yield();
                for (int round = 0; round < rounds; ++round) {
                    for (int i = 0; i < messages_per_thread; ++i) {
                        auto s = twoleg::pkcs1v15_sign_sha256(k, messages[t][i]);
                        if (!s) {
                            ++failures[t];
                            continue;
                        }
                        got[t][static_cast<std::size_t>(round * messages_per_thread + i)] = std::move(*s);
                    }
                }
            });
        }
        for (auto &th : threads) th.join();

        for (int t = 0; t < thread_count; ++t) {
            CAPTURE(t);
            CHECK(failures[t] == 0);
            for (int round = 0; round < rounds; ++round) {
                for (int i = 0; i < messages_per_thread; ++i) {
                    const bytes &s = got[t][static_cast<std::size_t>(round * messages_per_thread + i)];
                    CHECK(s == expected[t][i]);
                    CHECK(twoleg::pkcs1v15_verify_sha256(key.public_key(), messages[t][i], s));
                }
            }
        }
    }
}
