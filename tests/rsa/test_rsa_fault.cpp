// The fault check (Boneh-DeMillo-Lipton / Lenstra): a signature computed with a
// wrong CRT half would reveal a prime factor as gcd(s^e - m, n). A test-only
// hook corrupts one half; no signature may leave, only zeros and
// errc::sign_fault_detected.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "rsa/rsa_core.hpp"
#include "openssl_rsa.hpp"
#include "test_support.hpp"
#include "twoleg/pkcs1v15.hpp"

using bytes = std::vector<std::uint8_t>;
using twoleg::detail::crt_half;

namespace {

enum class corruption { none, flip_low_bit, flip_high_bit, zero_all };

struct fault_plan {
    crt_half target = crt_half::p;
    corruption kind = corruption::none;
    int calls_p = 0;
    int calls_q = 0;
};

void corrupt(void *context, crt_half half, mp_limb_t *limbs, std::size_t count) noexcept
{
    auto *plan = static_cast<fault_plan *>(context);
    (half == crt_half::p ? plan->calls_p : plan->calls_q)++;
    if (half != plan->target) return;
    switch (plan->kind) {
    case corruption::none: break;
    case corruption::flip_low_bit: limbs[0] ^= 1; break;
    case corruption::flip_high_bit: limbs[count - 1] ^= mp_limb_t{1} << 20; break;
    case corruption::zero_all: std::fill(limbs, limbs + count, mp_limb_t{0}); break;
    }
}

/// The EMSA block of `message`, signed by the raw operation with `plan` as hook.
twoleg::result<void> sign_with_fault(const twoleg::rsa_private_key &key, const bytes &message, fault_plan &plan,
                                     bytes &out)
{
    bytes em(key.modulus_bytes());
    REQUIRE(twoleg::emsa_pkcs1_v15_sha256(twoleg::sha256_hash(message), em));
    out.assign(key.modulus_bytes(), 0xaa);
    twoleg::detail::fault_injection hook{corrupt, &plan};
    return twoleg::detail::rsa_private_operation(key, em, out, nullptr, &hook);
}

} // namespace

TEST_CASE("a fault in either CRT half releases no signature")
{
    for (auto size_and_exponent : {std::pair{2048u, 65537u}, std::pair{1024u, 3u}, std::pair{3072u, 65537u}}) {
        // Plain variables, not a structured binding: clang 14 cannot capture those.
        const unsigned bits = size_and_exponent.first, e = size_and_exponent.second;
        CAPTURE(bits);
        const std::string pem = test::key_path(bits, e, "pkcs8.pem");
        const auto key = test::private_key_via_openssl(pem);
        const bytes message = test::bytes("fault me");

        // Control: the hook runs for both halves, and when it changes nothing
        // the result is openssl's signature. The check is not what fails below.
        fault_plan clean;
        bytes sig;
        REQUIRE(sign_with_fault(key, message, clean, sig));
        CHECK(clean.calls_p == 1);
        CHECK(clean.calls_q == 1);
        CHECK(sig == test::openssl_sign(pem, message));

        for (crt_half half : {crt_half::p, crt_half::q}) {
            for (corruption kind : {corruption::flip_low_bit, corruption::flip_high_bit, corruption::zero_all}) {
                CAPTURE(half == crt_half::p ? "p" : "q");
                CAPTURE(static_cast<int>(kind));
                fault_plan plan{half, kind};
                bytes out;
                auto r = sign_with_fault(key, message, plan, out);
                REQUIRE_FALSE(r);
                CHECK(r.err().code == twoleg::errc::sign_fault_detected);
                CHECK(plan.calls_p == 1);
                CHECK(plan.calls_q == 1);
                CHECK(std::all_of(out.begin(), out.end(), [](std::uint8_t b) { return b == 0; }));
            }
        }
    }
}
