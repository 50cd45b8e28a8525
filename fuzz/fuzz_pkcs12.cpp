// Fuzz target: PKCS#12 (.p12) and the other encrypted key forms through
// load_key, with no password (PKCS#12: Google's "notasecret", then the empty
// password), with "notasecret", and with the empty password; and the C API's
// twoleg_key_load_with_password.
//
// Properties:
//   - no refusal is errc::internal, offsets lie inside the input, and the
//     two password errors (wrong password or damage; password required)
//     carry no offset: they must not say where decryption went wrong;
//   - giving "notasecret" or "" explicitly opens a file exactly when the
//     no-password load opened it with that default (its note says which);
//   - an accepted key re-encodes (PrivateKeyInfo) and parses back to itself;
//   - the C API agrees with load_key.
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "twoleg/ec_key_formats.hpp"
#include "twoleg/key_formats.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/twoleg.h"
#include "core/wipe.hpp"

using namespace twoleg;

namespace {

result<loaded_key> load_with(std::span<const std::uint8_t> input, std::optional<std::string_view> password)
{
    key_load_options o;
    o.password = password;
    return load_key(input, o);
}

void check(const result<loaded_key> &r, std::size_t size)
{
    if (!r) {
        const error &e = r.err();
        FUZZ_CHECK(e.code != errc::internal && e.code != errc::ok);
        FUZZ_CHECK(!e.has_offset() || e.offset <= size);
        if (e.code == errc::key_wrong_password || e.code == errc::key_password_required) FUZZ_CHECK(!e.has_offset());
        return;
    }
    if (r->ec_private) {
        // An EC key from a container re-encodes (PrivateKeyInfo) and parses back to itself.
        std::vector<std::uint8_t> der = ec_private_key_to_pkcs8_der(*r->ec_private);
        auto again = parse_pkcs8_ec_private_key(der);
        detail::secure_wipe(der);
        FUZZ_CHECK(again);
        FUZZ_CHECK(again->public_key().spki_der() == r->ec_public.spki_der());
        return;
    }
    if (!r->private_key) return;
    std::vector<std::uint8_t> der = r->private_key->pkcs8_der();
    auto again = parse_pkcs8_private_key(der);
    detail::secure_wipe(der);
    FUZZ_CHECK(again);
    FUZZ_CHECK(again->public_key().spki_der() == r->public_key.spki_der());
}

bool opened_with(const result<loaded_key> &r, std::string_view which)
{
    if (!r || r->format != key_format::pkcs12) return false;
    for (const auto &n : r->notes)
        if (n.find("no password given") != std::string::npos) return n.find(which) != std::string::npos;
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::span<const std::uint8_t> input(data, size);
    auto none = load_with(input, std::nullopt);
    check(none, size);
    auto google = load_with(input, std::string_view("notasecret"));
    check(google, size);
    auto empty = load_with(input, std::string_view(""));
    check(empty, size);

    if (opened_with(none, "notasecret")) FUZZ_CHECK(google);
    if (opened_with(none, "empty password")) FUZZ_CHECK(empty);
    if (google && google->format == key_format::pkcs12) FUZZ_CHECK(none);

    twoleg_key *handle = nullptr;
    twoleg_error_info info{};
    const int status = twoleg_key_load_with_password(data, size, "notasecret", 10, &handle, &info);
    FUZZ_CHECK(info.status == status);
    if (google) {
        FUZZ_CHECK(status == 0 && handle != nullptr);
        const bool rsa = google->type == key_type::rsa;
        FUZZ_CHECK(twoleg_key_bits(handle) == (rsa ? google->public_key.modulus_bits() : 256));
    } else {
        FUZZ_CHECK(handle == nullptr && status == -static_cast<int>(google.err().code));
    }
    twoleg_key_free(handle);
    return 0;
}
