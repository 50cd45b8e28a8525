// Fuzz target: JWK Sets and kid -> certificate maps (jwks.hpp), and a
// key-set verification of a fixed token against whatever set parsed.
//
// Properties:
//   - an accepted set has 1 to kid_key_set_max_keys keys with distinct,
//     non-empty kids, each at least 1024 bits (rsa_key.hpp's lower bound);
//   - the fixed token (signed by no key the fuzzer can know) is never
//     accepted, and its refusal is never errc::internal;
//   - refusals are never errc::internal and offsets lie in the input.
#include <set>
#include <string>

#include "fuzz_support.hpp"
#include "twoleg/jwks.hpp"

using namespace twoleg;

namespace {

// {"alg":"RS256","kid":"k1"} . {"exp":9999999999} . 256 zero octets
const std::string fixed_token = std::string("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJleHAiOjk5OTk5OTk5OTl9.") +
                                std::string(341, 'A') + "A";

void check_set(const result<kid_key_set> &set, std::size_t size)
{
    if (!set) {
        FUZZ_CHECK(set.err().code != errc::internal);
        FUZZ_CHECK(!set.err().has_offset() || set.err().offset <= size);
        return;
    }
    FUZZ_CHECK(!set->keys.empty() && set->keys.size() <= kid_key_set_max_keys);
    std::set<std::string> kids;
    for (const auto &[kid, key] : set->keys) {
        FUZZ_CHECK(!kid.empty() && kids.insert(kid).second);
        FUZZ_CHECK(key.modulus_bits() >= 1024);
    }
    auto v = jwt_verify_with_kid_key_set(fixed_token, *set);
    FUZZ_CHECK(!v.ok());
    FUZZ_CHECK(v.err().code != errc::internal);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text = fuzz::as_text(data, size);
    check_set(parse_jwks(text), size);
    check_set(parse_x509_cert_map(text), size);
    return 0;
}
