// Fuzz target: every key-loading entry point — load_key, load_private_key,
// load_public_key (key_loader.hpp), each parse_* of key_formats.hpp on the raw
// bytes, parse_service_account (service_account.hpp) on them as text, and
// the C API's twoleg_key_load_ex (twoleg.h).
//
// Properties:
//   - no refusal is errc::internal, and offsets lie inside the input;
//   - the three loaders agree: load_public_key succeeds exactly when
//     load_key finds an RSA key, with the same public key; load_private_key
//     succeeds exactly when load_key finds an RSA private key; an EC key that
//     load_key finds carries its EC public key and no RSA one, and the two
//     RSA-only loaders refuse it as an unsupported algorithm (the EC readers
//     themselves are fuzzed by fuzz_ec.cpp);
//   - a loaded public key's SubjectPublicKeyInfo (spki_der) parses back to
//     the same key (round trip through the strict reader);
//   - whatever a parse_* function or parse_service_account accepts,
//     load_key accepts too (detection never loses a valid key);
//   - the C API reports what load_key reports: the same status (negated
//     errc), offset and key;
//   - with a password ("x", the one the encrypted seeds use) encrypted keys
//     are decrypted: the refusal rules hold, wrong-password errors carry no
//     offset, and whatever loads without a password loads the same with one.
#include <algorithm>
#include <optional>
#include <vector>

#include "fuzz_support.hpp"
#include "twoleg/key_formats.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/pem.hpp"
#include "twoleg/service_account.hpp"
#include "twoleg/twoleg.h"

using namespace twoleg;

namespace {

using bytes_view = std::span<const std::uint8_t>;

void check_refusal(const error &e, std::size_t size)
{
    FUZZ_CHECK(e.code != errc::internal && e.code != errc::ok);
    FUZZ_CHECK(!e.has_offset() || e.offset <= size);
}

template <class T>
bool accepted(const result<T> &r, std::size_t size)
{
    if (!r) check_refusal(r.err(), size);
    return r.ok();
}

void check_spki_round_trip(const rsa_public_key &key)
{
    const std::vector<std::uint8_t> spki = key.spki_der();
    auto again = parse_spki_public_key(spki);
    FUZZ_CHECK(again);
    FUZZ_CHECK(again->spki_der() == spki);
    FUZZ_CHECK(again->modulus_bits() == key.modulus_bits());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const bytes_view input(data, size);
    const std::string_view text = fuzz::as_text(data, size);

    auto loaded = load_key(input);
    std::optional<std::vector<std::uint8_t>> loaded_spki;
    const bool rsa = loaded && loaded->type == key_type::rsa;
    if (loaded && !rsa) FUZZ_CHECK(!loaded->ec_public.empty() && loaded->public_key.empty());
    if (accepted(loaded, size) && rsa) {
        loaded_spki = loaded->public_key.spki_der();
        check_spki_round_trip(loaded->public_key);
        if (loaded->private_key) FUZZ_CHECK(loaded->private_key->public_key().spki_der() == *loaded_spki);
        FUZZ_CHECK(loaded->account.has_value() == (loaded->format == key_format::service_account_json));
    }

    auto as_public = load_public_key(input);
    FUZZ_CHECK(accepted(as_public, size) == rsa);
    if (as_public) FUZZ_CHECK(as_public->spki_der() == *loaded_spki);

    auto as_private = load_private_key(input);
    FUZZ_CHECK(accepted(as_private, size) == (rsa && loaded->is_private()));
    if (as_private) FUZZ_CHECK(as_private->public_key().spki_der() == *loaded_spki);
    if (rsa && !loaded->is_private()) FUZZ_CHECK(as_private.err().code == errc::key_wrong_kind);
    if (loaded && !rsa) FUZZ_CHECK(as_private.err().code == errc::key_unsupported_algorithm);

    // The DER structures, each on the raw bytes. load_key reads DER only when
    // the input is neither JSON nor PEM, so only then must it agree.
    const bool plain_der = !looks_like_json(text) && !looks_like_pem(text) && size > 0 && data[0] == 0x30;
    bool some_structure = false;
    if (auto k = parse_pkcs1_private_key(input); accepted(k, size)) {
        some_structure = true;
        check_spki_round_trip(k->public_key());
    }
    if (auto k = parse_pkcs8_private_key(input); accepted(k, size)) {
        some_structure = true;
        check_spki_round_trip(k->public_key());
    }
    if (auto k = parse_spki_public_key(input); accepted(k, size)) {
        some_structure = true;
        FUZZ_CHECK(k->spki_der().size() == size && std::equal(input.begin(), input.end(), k->spki_der().begin()));
    }
    if (auto k = parse_pkcs1_public_key(input); accepted(k, size)) {
        some_structure = true;
        check_spki_round_trip(*k);
    }
    if (auto k = parse_certificate_public_key(input); accepted(k, size)) {
        some_structure = true;
        check_spki_round_trip(*k);
    }
    if (some_structure && plain_der && size <= key_max_input_bytes) FUZZ_CHECK(loaded);

    twoleg_key *handle = nullptr;
    twoleg_error_info info{};
    const int status = twoleg_key_load_ex(data, size, &handle, &info);
    FUZZ_CHECK(info.status == status);
    if (loaded) {
        FUZZ_CHECK(status == 0 && handle != nullptr);
        FUZZ_CHECK(twoleg_key_bits(handle) == (rsa ? loaded->public_key.modulus_bits() : 256));
        FUZZ_CHECK((twoleg_key_is_private(handle) == 1) == loaded->is_private());
        FUZZ_CHECK((twoleg_key_client_email(handle) != nullptr) == loaded->account.has_value());
    } else {
        FUZZ_CHECK(handle == nullptr);
        FUZZ_CHECK(status == -static_cast<int>(loaded.err().code));
        FUZZ_CHECK(info.offset == (loaded.err().has_offset() ? loaded.err().offset : TWOLEG_NO_OFFSET));
    }
    twoleg_key_free(handle);

    key_load_options with_password;
    with_password.password = std::string_view("x");
    auto decrypted = load_key(input, with_password);
    if (accepted(decrypted, size)) {
        if (decrypted->type == key_type::rsa) check_spki_round_trip(decrypted->public_key);
        else FUZZ_CHECK(!decrypted->ec_public.empty() && decrypted->public_key.empty());
    } else if (decrypted.err().code == errc::key_wrong_password) {
        FUZZ_CHECK(!decrypted.err().has_offset());
    }
    if (loaded && loaded->format != key_format::pkcs12) {
        FUZZ_CHECK(decrypted);
        FUZZ_CHECK(decrypted->type == loaded->type);
        if (rsa) FUZZ_CHECK(decrypted->public_key.spki_der() == *loaded_spki);
        else FUZZ_CHECK(decrypted->ec_public.spki_der() == loaded->ec_public.spki_der());
    }

    auto account = parse_service_account(text);
    if (accepted(account, size)) {
        // private_key_id may be absent (no kid); client_email and token_uri never are.
        FUZZ_CHECK(!account->client_email.empty() && !account->token_uri.empty() && !account->universe_domain.empty());
        check_spki_round_trip(account->key.public_key());
        FUZZ_CHECK(loaded && loaded->format == key_format::service_account_json);
        FUZZ_CHECK(account->key.public_key().spki_der() == *loaded_spki);
    }
    return 0;
}
