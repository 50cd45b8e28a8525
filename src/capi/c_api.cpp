// Implements twoleg/twoleg.h: the C interface, a thin layer over the C++ API.
//
// Every exported function is noexcept and runs its body inside `guarded`,
// which turns any exception (std::bad_alloc from a string or vector, or
// anything unexpected) into a status code: nothing is thrown across the C
// boundary. Handles own copies of everything they hand out, so the caller
// never needs free(). Text that may be a credential (assertions, token
// request bodies, access tokens) is wiped from twoleg's own memory once it
// has been copied to the caller.
#include "twoleg/twoleg.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "twoleg/assertion.hpp"
#include "twoleg/dpop.hpp"
#include "twoleg/jwk.hpp"
#include "twoleg/ecdsa.hpp"
#include "twoleg/doctor.hpp"
#include "twoleg/error.hpp"
#include "twoleg/jwt.hpp"
#include "twoleg/key_loader.hpp"
#include "twoleg/pkcs1v15.hpp"
#include "twoleg/random.hpp"
#include "twoleg/rsa_key.hpp"
#include "twoleg/service_account.hpp"
#include "twoleg/sha256.hpp"
#include "twoleg/http_date.hpp"
#include "twoleg/response_advice.hpp"
#include "twoleg/token_response.hpp"
#include "core/wipe.hpp"
#include "twoleg/client_secret.hpp"
#include "twoleg/jwks.hpp"
#include "twoleg/oauth_forms.hpp"
#include "twoleg/oauth_redirect.hpp"
#include "twoleg/oauth_url.hpp"
#include "twoleg/percent_encoding.hpp"

#ifndef TWOLEG_VERSION
#error "TWOLEG_VERSION must be defined by the build (the Meson project version)"
#endif

using twoleg::errc;

// The C codes are the negated errc values; twoleg.h's macros are a copy, so
// check each against the one list (error.hpp).
#define TWOLEG_SAME_CODE(name, value, c_macro, category, message) \
    static_assert((c_macro) == -static_cast<int>(errc::name), #c_macro " differs from errc::" #name);
TWOLEG_ERROR_LIST(TWOLEG_SAME_CODE)
#undef TWOLEG_SAME_CODE

struct twoleg_key {
    twoleg::key_type type = twoleg::key_type::rsa;
    twoleg::rsa_public_key public_key;                   // type rsa
    std::optional<twoleg::rsa_private_key> private_key;
    twoleg::ec_public_key ec_public;                     // type ec_p256
    std::optional<twoleg::ec_private_key> ec_private;
    bool is_rsa() const noexcept { return type == twoleg::key_type::rsa; }
    // From a service-account file; has_account tells "absent" from "empty".
    bool has_account = false;
    std::string client_email;
    std::string private_key_id;
    std::string token_uri;
    std::string project_id;
    std::string client_id;
    std::string universe_domain;
    // Blinding randomness: the caller's function, reached through a
    // random_source whose context is this handle (it never moves).
    twoleg_random_fn random_fn = nullptr;
    void *random_context = nullptr;
    twoleg::random_source random{};

    const twoleg::random_source *random_source() const noexcept
    {
        return random_fn ? &random : nullptr;
    }
};

struct twoleg_token_response {
    static constexpr int field_count = TWOLEG_FIELD_REFRESH_TOKEN + 1;
    std::string fields[field_count];
    std::optional<std::int64_t> expires_in;
    std::optional<std::int64_t> refresh_token_expires_in;
    int problem = TWOLEG_PROBLEM_OTHER;
};

struct twoleg_client {
    twoleg::client_secret client;
    std::string kind;
};

struct twoleg_jwks {
    twoleg::kid_key_set set;
};

namespace {

/// Overwrites a string's bytes so a credential does not linger on the heap.
void wipe(std::string &s) noexcept
{
    twoleg::detail::secure_wipe(s);
    s.clear();
}

int status_of(errc code) noexcept { return -static_cast<int>(code); }

void set_info(twoleg_error_info *info, const twoleg::error &e) noexcept
{
    if (!info) return;
    info->status = status_of(e.code);
    info->message = e.detail ? e.detail : twoleg::default_message(e.code);
    info->offset = e.offset;
}

void set_success(twoleg_error_info *info) noexcept
{
    if (!info) return;
    info->status = TWOLEG_OK;
    info->message = twoleg::default_message(errc::ok);
    info->offset = TWOLEG_NO_OFFSET;
}

/// Reports `e` through `info` and returns its status.
int fail(twoleg_error_info *info, const twoleg::error &e) noexcept
{
    set_info(info, e);
    return status_of(e.code);
}

/// Runs `body` (which returns a status and fills `info` itself) with every
/// exception turned into a status.
template <class Body>
int guarded(twoleg_error_info *info, Body &&body) noexcept
{
    try {
        return body();
    } catch (const std::bad_alloc &) {
        return fail(info, twoleg::error(errc::out_of_memory));
    } catch (...) {
        return fail(info, twoleg::error(errc::internal, "unexpected exception inside twoleg"));
    }
}

std::span<const std::uint8_t> bytes_of(const void *data, std::size_t len) noexcept
{
    return {static_cast<const std::uint8_t *>(data), len};
}

/// Prepares a caller's text buffer: checks the arguments and leaves the
/// buffer empty and *out_len 0, so every failure path leaves nothing behind.
bool begin_text(char *out, std::size_t out_size, std::size_t *out_len) noexcept
{
    if (!out_len || (!out && out_size != 0)) return false;
    *out_len = 0;
    if (out && out_size > 0) out[0] = '\0';
    return true;
}

/// Copies `text` (then wipes it) into the caller's buffer, or reports the size needed.
int deliver_text(std::string &text, char *out, std::size_t out_size, std::size_t *out_len,
                 twoleg_error_info *info) noexcept
{
    const std::size_t needed = text.size() + 1;
    *out_len = needed;
    if (!out || out_size < needed) {
        wipe(text);
        return fail(info, twoleg::error(errc::buffer_too_small));
    }
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    wipe(text);
    set_success(info);
    return TWOLEG_OK;
}

/// Reads a caller's option struct: NULL means `defaults`; otherwise
/// struct_size must be the size this library was built with.
template <class Options>
bool read_options(const Options *given, const Options &defaults, Options &out) noexcept
{
    static_assert(std::is_trivially_copyable_v<Options>);
    if (!given) {
        out = defaults;
        return true;
    }
    if (given->struct_size != sizeof(Options)) return false;
    out = *given;
    return true;
}

/// The opening both JWT verifications share: checks the claims buffer and
/// the caller's inputs (`inputs_ok`, else `inputs_problem`), then reads the
/// caller's options (NULL: the defaults) into the library's form. Returns
/// TWOLEG_OK or the failure status, reported through `info`.
int start_verify(char *claims, std::size_t claims_size, std::size_t *claims_len, bool inputs_ok,
                 const char *inputs_problem, const twoleg_jwt_verify_options *given,
                 twoleg::jwt_verify_options &options, twoleg_error_info *info)
{
    if (!begin_text(claims, claims_size, claims_len))
        return fail(info, twoleg::error(errc::invalid_argument,
                                        "claims_len is NULL, or claims is NULL with claims_size > 0"));
    if (!inputs_ok) return fail(info, twoleg::error(errc::invalid_argument, inputs_problem));
    twoleg_jwt_verify_options defaults;
    twoleg_jwt_verify_options_init(&defaults);
    twoleg_jwt_verify_options opts;
    if (!read_options(given, defaults, opts))
        return fail(info, twoleg::error(errc::invalid_argument,
                                        "struct_size is not sizeof(twoleg_jwt_verify_options): call "
                                        "twoleg_jwt_verify_options_init"));
    if (opts.audience) options.audience = opts.audience;
    if (opts.issuer) options.issuer = opts.issuer;
    if (opts.now != 0) options.now = opts.now;
    options.leeway = opts.leeway;
    options.require_exp = opts.allow_missing_exp == 0;
    return TWOLEG_OK;
}

/// Splits a space-separated scope list; runs of spaces count as one separator.
std::vector<std::string> split_scopes(const char *scope)
{
    std::vector<std::string> scopes;
    if (!scope) return scopes;
    std::string_view rest(scope);
    while (!rest.empty()) {
        const std::size_t start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        const std::size_t end = rest.find(' ');
        scopes.emplace_back(rest.substr(0, end));
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    }
    return scopes;
}

int assertion_text(const twoleg_key *key, const twoleg_assertion_options *given, bool as_request,
                   char *out, std::size_t out_size, std::size_t *out_len, twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if (!key) return fail(info, twoleg::error(errc::invalid_argument, "key is NULL"));

    twoleg_assertion_options defaults;
    twoleg_assertion_options_init(&defaults);
    twoleg_assertion_options opts;
    if (!read_options(given, defaults, opts))
        return fail(info, twoleg::error(errc::invalid_argument,
                                        "struct_size is not sizeof(twoleg_assertion_options): call twoleg_assertion_options_init"));
    if (!key->is_rsa())
        return fail(info, twoleg::error(errc::key_unsupported_algorithm,
                                        "a service-account assertion needs an RSA key, not an EC key"));
    if (!key->private_key)
        return fail(info, twoleg::error(errc::key_wrong_kind, "an assertion needs a private key"));

    twoleg::assertion_options options;
    switch (opts.kind) {
    case TWOLEG_ASSERTION_ACCESS_TOKEN: options.kind = twoleg::assertion_kind::access_token; break;
    case TWOLEG_ASSERTION_SELF_SIGNED: options.kind = twoleg::assertion_kind::self_signed; break;
    case TWOLEG_ASSERTION_ID_TOKEN: options.kind = twoleg::assertion_kind::id_token; break;
    default: return fail(info, twoleg::error(errc::invalid_argument, "kind is not a TWOLEG_ASSERTION_* value"));
    }
    options.scopes = split_scopes(opts.scope);
    if (opts.subject) options.subject = opts.subject;
    if (opts.audience) options.audience = opts.audience;
    if (opts.target_audience) options.target_audience = opts.target_audience;
    if (opts.issued_at != 0) options.issued_at = opts.issued_at;
    options.clock_offset = opts.clock_offset;
    if (opts.lifetime != 0) options.lifetime = opts.lifetime;

    twoleg::service_account account;
    account.key = *key->private_key;
    account.client_email = opts.client_email ? opts.client_email : key->client_email;
    account.private_key_id = opts.private_key_id ? opts.private_key_id : key->private_key_id;
    account.token_uri = key->token_uri.empty() ? std::string(twoleg::default_token_uri) : key->token_uri;
    account.project_id = key->project_id;
    account.client_id = key->client_id;
    if (!key->universe_domain.empty()) account.universe_domain = key->universe_domain;
    if (account.client_email.empty())
        return fail(info, twoleg::error(errc::assertion_bad_options,
                                        "client_email is required: set it in the options when the key "
                                        "is not a service-account file"));

    auto text = as_request ? twoleg::make_token_request(account, options, key->random_source())
                           : twoleg::make_assertion(account, options, key->random_source());
    if (!text) return fail(info, text.err());
    return deliver_text(*text, out, out_size, out_len, info);
}

int problem_code(twoleg::response_problem p) noexcept
{
    using twoleg::response_problem;
    switch (p) {
    case response_problem::none: return TWOLEG_PROBLEM_NONE;
    case response_problem::key_rejected: return TWOLEG_PROBLEM_KEY_REJECTED;
    case response_problem::clock_skew: return TWOLEG_PROBLEM_CLOCK_SKEW;
    case response_problem::account_missing: return TWOLEG_PROBLEM_ACCOUNT_MISSING;
    case response_problem::subject_invalid: return TWOLEG_PROBLEM_SUBJECT_INVALID;
    case response_problem::delegation_denied: return TWOLEG_PROBLEM_DELEGATION_DENIED;
    case response_problem::invalid_scope: return TWOLEG_PROBLEM_INVALID_SCOPE;
    case response_problem::not_shared: return TWOLEG_PROBLEM_NOT_SHARED;
    case response_problem::api_disabled: return TWOLEG_PROBLEM_API_DISABLED;
    case response_problem::scope_insufficient: return TWOLEG_PROBLEM_SCOPE_INSUFFICIENT;
    case response_problem::token_rejected: return TWOLEG_PROBLEM_TOKEN_REJECTED;
    case response_problem::other: return TWOLEG_PROBLEM_OTHER;
    case response_problem::grant_rejected: return TWOLEG_PROBLEM_GRANT_REJECTED;
    case response_problem::client_rejected: return TWOLEG_PROBLEM_CLIENT_REJECTED;
    case response_problem::consent_denied: return TWOLEG_PROBLEM_CONSENT_DENIED;
    case response_problem::redirect_mismatch: return TWOLEG_PROBLEM_REDIRECT_MISMATCH;
    }
    return TWOLEG_PROBLEM_OTHER;
}

} // namespace

extern "C" {

const char *twoleg_status_message(int status)
{
    if (status > 0 || status < -1000) return "unknown status";
    const char *text = twoleg::default_message(static_cast<errc>(-status));
    return std::strcmp(text, "unknown error") == 0 ? "unknown status" : text;
}

const char *twoleg_version(void) { return TWOLEG_VERSION; }

int twoleg_key_load(const void *data, size_t len, twoleg_key **out)
{
    return twoleg_key_load_ex(data, len, out, nullptr);
}

int twoleg_key_load_ex(const void *data, size_t len, twoleg_key **out, twoleg_error_info *info)
{
    return twoleg_key_load_with_password(data, len, nullptr, 0, out, info);
}

int twoleg_key_load_with_password(const void *data, size_t len, const char *password, size_t password_len,
                                  twoleg_key **out, twoleg_error_info *info)
{
    if (out) *out = nullptr;
    if (!data || !out)
        return fail(info, twoleg::error(errc::invalid_argument, "data or out is NULL"));
    if (!password && password_len != 0)
        return fail(info, twoleg::error(errc::invalid_argument, "password is NULL but password_len is not 0"));
    return guarded(info, [&]() -> int {
        twoleg::key_load_options options;
        if (password) options.password = std::string_view(password, password_len);
        auto loaded = twoleg::load_key(bytes_of(data, len), options);
        if (!loaded) return fail(info, loaded.err());
        auto *key = new twoleg_key;
        key->type = loaded->type;
        key->public_key = loaded->public_key;
        key->private_key = std::move(loaded->private_key);
        key->ec_public = loaded->ec_public;
        key->ec_private = std::move(loaded->ec_private);
        if (loaded->account) {
            key->has_account = true;
            key->client_email = loaded->account->client_email;
            key->private_key_id = loaded->account->private_key_id;
            key->token_uri = loaded->account->token_uri;
            key->project_id = loaded->account->project_id;
            key->client_id = loaded->account->client_id;
            key->universe_domain = loaded->account->universe_domain;
        }
        *out = key;
        set_success(info);
        return TWOLEG_OK;
    });
}

void twoleg_key_free(twoleg_key *key)
{
    // The private key's numbers are wiped by its destructor (rsa_key.hpp).
    delete key;
}

size_t twoleg_key_size(const twoleg_key *key)
{
    if (!key) return 0;
    return key->is_rsa() ? key->public_key.modulus_bytes() : twoleg::es256_signature_bytes;
}

size_t twoleg_key_bits(const twoleg_key *key)
{
    if (!key) return 0;
    return key->is_rsa() ? key->public_key.modulus_bits() : 256;
}

int twoleg_key_is_private(const twoleg_key *key) { return key && (key->private_key || key->ec_private) ? 1 : 0; }

const char *twoleg_key_client_email(const twoleg_key *key)
{
    return key && key->has_account ? key->client_email.c_str() : nullptr;
}

const char *twoleg_key_private_key_id(const twoleg_key *key)
{
    return key && key->has_account ? key->private_key_id.c_str() : nullptr;
}

const char *twoleg_key_token_uri(const twoleg_key *key)
{
    return key && key->has_account ? key->token_uri.c_str() : nullptr;
}

const char *twoleg_key_project_id(const twoleg_key *key)
{
    return key && key->has_account ? key->project_id.c_str() : nullptr;
}

int twoleg_key_set_random(twoleg_key *key, twoleg_random_fn fn, void *context)
{
    if (!key) return TWOLEG_E_INVALID_ARGUMENT;
    key->random_fn = fn;
    key->random_context = context;
    key->random.context = key;
    key->random.fill = [](void *self, std::uint8_t *bytes, std::size_t len) noexcept -> bool {
        const auto *k = static_cast<const twoleg_key *>(self);
        return k->random_fn(k->random_context, bytes, len) == 0;
    };
    return TWOLEG_OK;
}

int twoleg_sign_rs256(const twoleg_key *key, const void *msg, size_t len, unsigned char *sig, size_t sig_len)
{
    if (sig) twoleg::detail::secure_wipe(sig, sig_len);  // no partial signature on failure
    if (!key || !sig || (!msg && len != 0)) return TWOLEG_E_INVALID_ARGUMENT;
    if (!key->is_rsa()) return TWOLEG_E_KEY_UNSUPPORTED_ALGORITHM;
    if (!key->private_key) return TWOLEG_E_KEY_WRONG_KIND;
    if (sig_len != key->public_key.modulus_bytes()) return TWOLEG_E_INVALID_ARGUMENT;
    return guarded(nullptr, [&]() -> int {
        const twoleg::sha256_digest digest = twoleg::sha256_hash(bytes_of(msg, len));
        auto signed_ok = twoleg::pkcs1v15_sign_sha256_digest(*key->private_key, digest, {sig, sig_len},
                                                            key->random_source());
        if (!signed_ok) {
            twoleg::detail::secure_wipe(sig, sig_len);
            return status_of(signed_ok.err().code);
        }
        return TWOLEG_OK;
    });
}

int twoleg_verify_rs256(const twoleg_key *key, const void *msg, size_t len, const unsigned char *sig, size_t sig_len)
{
    if (!key || (!msg && len != 0) || (!sig && sig_len != 0)) return TWOLEG_E_INVALID_ARGUMENT;
    if (!key->is_rsa()) return TWOLEG_E_KEY_UNSUPPORTED_ALGORITHM;
    return guarded(nullptr, [&]() -> int {
        auto verified = twoleg::pkcs1v15_verify_sha256(key->public_key, bytes_of(msg, len), {sig, sig_len});
        return verified ? TWOLEG_OK : status_of(verified.err().code);
    });
}

int twoleg_assertion(const twoleg_key *key, const twoleg_assertion_options *opts, char *out, size_t out_size,
                     size_t *out_len, twoleg_error_info *info)
{
    return guarded(info, [&] { return assertion_text(key, opts, false, out, out_size, out_len, info); });
}

int twoleg_token_request(const twoleg_key *key, const twoleg_assertion_options *opts, char *out,
                         size_t out_size, size_t *out_len, twoleg_error_info *info)
{
    return guarded(info, [&] { return assertion_text(key, opts, true, out, out_size, out_len, info); });
}

int twoleg_jwt_verify(const twoleg_key *key, const char *token, size_t token_len,
                      const twoleg_jwt_verify_options *given, char *claims, size_t claims_size,
                      size_t *claims_len, twoleg_error_info *info)
{
    return guarded(info, [&]() -> int {
        twoleg::jwt_verify_options options;
        const int started = start_verify(claims, claims_size, claims_len, key && (token || token_len == 0),
                                         "key or token is NULL", given, options, info);
        if (started != TWOLEG_OK) return started;
        const std::string_view text(token ? token : "", token_len);
        auto verified = key->is_rsa() ? twoleg::jwt_verify_rs256(text, key->public_key, options)
                                      : twoleg::jwt_verify_es256(text, key->ec_public, options);
        if (!verified) return fail(info, verified.err());
        return deliver_text(verified->claims_json, claims, claims_size, claims_len, info);
    });
}

int twoleg_token_response_parse(const void *body, size_t len, const twoleg_key *key, const char *http_date,
                                twoleg_token_response **out, twoleg_error_info *info)
{
    if (out) *out = nullptr;
    if (!out || (!body && len != 0))
        return fail(info, twoleg::error(errc::invalid_argument, "body or out is NULL"));
    return guarded(info, [&]() -> int {
        const std::string_view text(body ? static_cast<const char *>(body) : "", len);

        twoleg::advice_context context;
        if (key && key->has_account) {
            context.client_email = key->client_email;
            context.client_id = key->client_id;
            context.project_id = key->project_id;
        }
        if (http_date) {
            auto server_time = twoleg::parse_http_date(http_date);
            if (!server_time) return fail(info, server_time.err());
            context.server_time = *server_time;
            context.local_time = twoleg::system_unix_time();
        }

        auto parsed = twoleg::parse_google_response(text);
        if (!parsed) return fail(info, parsed.err());
        const twoleg::advice advice = twoleg::explain_parsed_response(*parsed, context);

        auto response = std::make_unique<twoleg_token_response>();
        auto &fields = response->fields;
        if (parsed->is_api_error) {
            fields[TWOLEG_FIELD_ERROR] = std::move(parsed->api.status);
            fields[TWOLEG_FIELD_ERROR_DESCRIPTION] = std::move(parsed->api.message);
        } else {
            twoleg::token_response &token = parsed->token;
            fields[TWOLEG_FIELD_ACCESS_TOKEN] = std::move(token.access_token);
            fields[TWOLEG_FIELD_ID_TOKEN] = std::move(token.id_token);
            fields[TWOLEG_FIELD_TOKEN_TYPE] = std::move(token.token_type);
            fields[TWOLEG_FIELD_SCOPE] = std::move(token.scope);
            fields[TWOLEG_FIELD_ERROR] = std::move(token.error);
            fields[TWOLEG_FIELD_ERROR_DESCRIPTION] = std::move(token.error_description);
            fields[TWOLEG_FIELD_ERROR_URI] = std::move(token.error_uri);
            fields[TWOLEG_FIELD_REFRESH_TOKEN] = std::move(token.refresh_token);
            response->refresh_token_expires_in = token.refresh_token_expires_in;
            response->expires_in = token.expires_in;
        }
        response->problem = problem_code(advice.problem);
        fields[TWOLEG_FIELD_ADVICE] = advice.text;

        *out = response.release();
        set_success(info);
        return TWOLEG_OK;
    });
}

const char *twoleg_token_response_field(const twoleg_token_response *response, int field)
{
    if (!response || field < 0 || field >= twoleg_token_response::field_count) return nullptr;
    return response->fields[field].c_str();
}

int64_t twoleg_token_response_expires_in(const twoleg_token_response *response)
{
    return response && response->expires_in ? *response->expires_in : -1;
}

int twoleg_token_response_problem(const twoleg_token_response *response)
{
    return response ? response->problem : -1;
}

int twoleg_doctor(const void *key_file, size_t len, const twoleg_doctor_options *given, char *out,
                  size_t out_size, size_t *out_len, int *checks_ok, twoleg_error_info *info)
{
    if (checks_ok) *checks_ok = 0;
    return guarded(info, [&]() -> int {
        if (!begin_text(out, out_size, out_len))
            return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
        if (!key_file && len != 0) return fail(info, twoleg::error(errc::invalid_argument, "key_file is NULL"));
        twoleg_doctor_options defaults;
        twoleg_doctor_options_init(&defaults);
        twoleg_doctor_options opts;
        if (!read_options(given, defaults, opts))
            return fail(info, twoleg::error(errc::invalid_argument,
                                            "struct_size is not sizeof(twoleg_doctor_options): call "
                                            "twoleg_doctor_options_init"));
        if (!opts.published_keys && opts.published_keys_len != 0)
            return fail(info, twoleg::error(errc::invalid_argument, "published_keys is NULL with a length"));

        twoleg::doctor_input in;
        in.key_file = std::string_view(key_file ? static_cast<const char *>(key_file) : "", len);
        if (opts.published_keys) in.published_keys = std::string_view(opts.published_keys, opts.published_keys_len);
        if (opts.http_date) {
            auto server_time = twoleg::parse_http_date(opts.http_date);
            if (!server_time) return fail(info, server_time.err());
            in.server_time = *server_time;
            if (opts.local_time != 0) in.local_time = opts.local_time;
        }
        struct fixed_now {
            static std::int64_t read(void *context) noexcept { return *static_cast<const std::int64_t *>(context); }
        };
        if (opts.now != 0) {
            in.clock.now = &fixed_now::read;
            in.clock.context = &opts.now;
        }
        const twoleg::doctor_report report = twoleg::run_doctor(in);
        std::string text = twoleg::doctor_report_json(report, opts.file_name ? opts.file_name : "");
        const int status = deliver_text(text, out, out_size, out_len, info);
        if (status == TWOLEG_OK && checks_ok) *checks_ok = report.ok() ? 1 : 0;
        return status;
    });
}

void twoleg_token_response_free(twoleg_token_response *response)
{
    if (!response) return;
    for (std::string &f : response->fields) wipe(f);
    delete response;
}

int twoleg_key_type(const twoleg_key *key)
{
    if (!key) return 0;
    return key->is_rsa() ? TWOLEG_KEY_RSA : TWOLEG_KEY_EC_P256;
}

int twoleg_sign(const twoleg_key *key, const void *msg, size_t len, unsigned char *sig, size_t sig_size,
                size_t *sig_len)
{
    if (sig_len) *sig_len = 0;
    if (!key || !sig_len || (!msg && len != 0) || (!sig && sig_size != 0)) return TWOLEG_E_INVALID_ARGUMENT;
    const std::size_t needed = twoleg_key_size(key);
    *sig_len = needed;
    if (!sig || sig_size < needed) return TWOLEG_E_BUFFER_TOO_SMALL;
    twoleg::detail::secure_wipe(sig, sig_size);
    if (!twoleg_key_is_private(key)) {
        *sig_len = 0;
        return TWOLEG_E_KEY_WRONG_KIND;
    }
    return guarded(nullptr, [&]() -> int {
        const twoleg::sha256_digest digest = twoleg::sha256_hash(bytes_of(msg, len));
        twoleg::result<void> done;
        if (key->is_rsa()) {
            done = twoleg::pkcs1v15_sign_sha256_digest(*key->private_key, digest, {sig, needed}, key->random_source());
        } else {
            twoleg::ecdsa_sign_options options;
            options.rng = key->random_source();
            done = twoleg::ecdsa_p256_sign_digest(*key->ec_private, digest,
                                                  std::span<std::uint8_t, twoleg::es256_signature_bytes>(sig, 64),
                                                  options);
        }
        if (!done) {
            twoleg::detail::secure_wipe(sig, sig_size);
            *sig_len = 0;
            return status_of(done.err().code);
        }
        return TWOLEG_OK;
    });
}

int twoleg_verify(const twoleg_key *key, const void *msg, size_t len, const unsigned char *sig, size_t sig_len)
{
    if (!key || (!msg && len != 0) || (!sig && sig_len != 0)) return TWOLEG_E_INVALID_ARGUMENT;
    return guarded(nullptr, [&]() -> int {
        const twoleg::sha256_digest digest = twoleg::sha256_hash(bytes_of(msg, len));
        auto verified = key->is_rsa() ? twoleg::pkcs1v15_verify_sha256_digest(key->public_key, digest, {sig, sig_len})
                                      : twoleg::ecdsa_p256_verify_digest(key->ec_public, digest, {sig, sig_len});
        return verified ? TWOLEG_OK : status_of(verified.err().code);
    });
}

int twoleg_jwk(const twoleg_key *key, int with_kid, char *out, size_t out_size, size_t *out_len,
               twoleg_error_info *info)
{
    return guarded(info, [&]() -> int {
        if (!begin_text(out, out_size, out_len))
            return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
        if (!key) return fail(info, twoleg::error(errc::invalid_argument, "key is NULL"));
        std::string kid;
        if (with_kid)
            kid = key->is_rsa() ? twoleg::jwk_thumbprint(key->public_key) : twoleg::jwk_thumbprint(key->ec_public);
        std::string text = key->is_rsa() ? twoleg::jwk_public_json(key->public_key, kid)
                                         : twoleg::jwk_public_json(key->ec_public, kid);
        return deliver_text(text, out, out_size, out_len, info);
    });
}

int twoleg_jwk_thumbprint(const twoleg_key *key, char *out, size_t out_size, size_t *out_len,
                          twoleg_error_info *info)
{
    return guarded(info, [&]() -> int {
        if (!begin_text(out, out_size, out_len))
            return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
        if (!key) return fail(info, twoleg::error(errc::invalid_argument, "key is NULL"));
        std::string text = key->is_rsa() ? twoleg::jwk_thumbprint(key->public_key) : twoleg::jwk_thumbprint(key->ec_public);
        return deliver_text(text, out, out_size, out_len, info);
    });
}

int twoleg_dpop_proof(const twoleg_key *key, const twoleg_dpop_options *given, char *out, size_t out_size,
                      size_t *out_len, twoleg_error_info *info)
{
    return guarded(info, [&]() -> int {
        if (!begin_text(out, out_size, out_len))
            return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
        if (!key) return fail(info, twoleg::error(errc::invalid_argument, "key is NULL"));
        twoleg_dpop_options defaults;
        twoleg_dpop_options_init(&defaults);
        twoleg_dpop_options opts;
        if (!read_options(given, defaults, opts))
            return fail(info, twoleg::error(errc::invalid_argument,
                                            "struct_size is not sizeof(twoleg_dpop_options): call twoleg_dpop_options_init"));
        if (!opts.htm || !opts.htu) return fail(info, twoleg::error(errc::invalid_argument, "htm and htu are required"));
        if (!twoleg_key_is_private(key))
            return fail(info, twoleg::error(errc::key_wrong_kind, "a DPoP proof needs a private key"));
        twoleg::dpop_options options;
        options.htm = opts.htm;
        options.htu = opts.htu;
        if (opts.nonce) options.nonce = opts.nonce;
        if (opts.access_token) options.access_token = opts.access_token;
        if (opts.jti) options.jti = opts.jti;
        if (opts.issued_at != 0) options.iat = opts.issued_at;
        else options.iat = twoleg::system_unix_time() + opts.clock_offset;
        options.rng = key->random_source();
        auto proof = key->is_rsa() ? twoleg::dpop_proof(*key->private_key, options)
                                   : twoleg::dpop_proof(*key->ec_private, options);
        if (options.access_token) wipe(*options.access_token);
        if (!proof) return fail(info, proof.err());
        return deliver_text(*proof, out, out_size, out_len, info);
    });
}

int64_t twoleg_token_response_refresh_token_expires_in(const twoleg_token_response *response)
{
    return response && response->refresh_token_expires_in ? *response->refresh_token_expires_in : -1;
}

// ---- OAuth user consent -------------------------------------------------------

int twoleg_client_load(const void *data, size_t len, twoleg_client **out, twoleg_error_info *info)
{
    if (out) *out = nullptr;
    if (!out || (!data && len != 0)) return fail(info, twoleg::error(errc::invalid_argument, "data or out is NULL"));
    return guarded(info, [&]() -> int {
        auto parsed = twoleg::parse_client_secret(std::string_view(data ? static_cast<const char *>(data) : "", len));
        if (!parsed) return fail(info, parsed.err());
        auto client = std::make_unique<twoleg_client>();
        client->client = std::move(*parsed);
        client->kind = client->client.kind == twoleg::oauth_client_kind::web ? "web" : "installed";
        *out = client.release();
        set_success(info);
        return TWOLEG_OK;
    });
}

void twoleg_client_free(twoleg_client *client) { delete client; }  // ~client_secret wipes the secret

const char *twoleg_client_field(const twoleg_client *client, int field)
{
    if (!client) return nullptr;
    const twoleg::client_secret &c = client->client;
    switch (field) {
    case TWOLEG_CLIENT_ID: return c.client_id.c_str();
    case TWOLEG_CLIENT_AUTH_URI: return c.auth_uri.c_str();
    case TWOLEG_CLIENT_TOKEN_URI: return c.token_uri.c_str();
    case TWOLEG_CLIENT_PROJECT_ID: return c.project_id.c_str();
    case TWOLEG_CLIENT_REDIRECT_URI: return c.redirect_uris.empty() ? "" : c.redirect_uris.front().c_str();
    case TWOLEG_CLIENT_KIND: return client->kind.c_str();
    default: return nullptr;
    }
}

int twoleg_oauth_random(int what, twoleg_random_fn fn, void *context, char *out, size_t out_size, size_t *out_len,
                        twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if (what != TWOLEG_OAUTH_STATE && what != TWOLEG_OAUTH_CODE_VERIFIER)
        return fail(info, twoleg::error(errc::invalid_argument, "what is not TWOLEG_OAUTH_STATE or TWOLEG_OAUTH_CODE_VERIFIER"));
    return guarded(info, [&]() -> int {
        struct caller {
            twoleg_random_fn fn;
            void *context;
        } c{fn, context};
        twoleg::random_source source;
        source.context = &c;
        source.fill = [](void *self, std::uint8_t *bytes, std::size_t len) noexcept -> bool {
            auto *k = static_cast<caller *>(self);
            return k->fn(k->context, bytes, len) == 0;
        };
        const twoleg::random_source *rng = fn ? &source : nullptr;
        auto text = what == TWOLEG_OAUTH_STATE ? twoleg::make_state(rng) : twoleg::make_code_verifier(rng);
        if (!text) return fail(info, text.err());
        return deliver_text(*text, out, out_size, out_len, info);
    });
}

int twoleg_oauth_code_challenge(const char *verifier, char *out, size_t out_size, size_t *out_len,
                                twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if (!verifier) return fail(info, twoleg::error(errc::invalid_argument, "verifier is NULL"));
    return guarded(info, [&]() -> int {
        auto ok = twoleg::check_code_verifier(verifier);
        if (!ok) return fail(info, ok.err());
        std::string challenge = twoleg::pkce_challenge_s256(verifier);
        return deliver_text(challenge, out, out_size, out_len, info);
    });
}

namespace {

std::vector<std::string> scope_list(const char *const *scopes, std::size_t count, bool &ok)
{
    std::vector<std::string> out;
    ok = scopes != nullptr || count == 0;
    for (std::size_t i = 0; ok && i < count; ++i) {
        if (!scopes[i]) ok = false;
        else out.emplace_back(scopes[i]);
    }
    return out;
}

} // namespace

int twoleg_oauth_authorization_url(const twoleg_client *client, const twoleg_authorization_options *given, char *out,
                                   size_t out_size, size_t *out_len, twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if (!client || !given) return fail(info, twoleg::error(errc::invalid_argument, "client or opts is NULL"));
    return guarded(info, [&]() -> int {
        twoleg_authorization_options defaults;
        twoleg_authorization_options_init(&defaults);
        twoleg_authorization_options opts;
        if (!read_options(given, defaults, opts))
            return fail(info, twoleg::error(errc::invalid_argument, "struct_size is not sizeof(twoleg_authorization_options): "
                                                                    "call twoleg_authorization_options_init"));
        twoleg::authorization_request r;
        const twoleg::client_secret &c = client->client;
        r.client_id = c.client_id;
        if (opts.redirect_uri) r.redirect_uri = opts.redirect_uri;
        else if (!c.redirect_uris.empty()) r.redirect_uri = c.redirect_uris.front();
        bool ok = true;
        r.scopes = scope_list(opts.scopes, opts.scope_count, ok);
        if (!ok) return fail(info, twoleg::error(errc::invalid_argument, "scopes is NULL or holds a NULL"));
        if (opts.state) r.state = opts.state;
        if (opts.code_challenge) r.code_challenge = opts.code_challenge;
        if (opts.access_type) r.access_type = opts.access_type;
        r.prompt = split_scopes(opts.prompt);
        if (opts.login_hint) r.login_hint = opts.login_hint;
        r.include_granted_scopes = opts.include_granted_scopes != 0;
        if (opts.granular_consent == 0 || opts.granular_consent == 1) r.granular_consent = opts.granular_consent == 1;
        else if (opts.granular_consent != -1)
            return fail(info, twoleg::error(errc::invalid_argument, "granular_consent must be -1, 0 or 1"));
        if (opts.hosted_domain) r.hosted_domain = opts.hosted_domain;
        if (opts.nonce) r.nonce = opts.nonce;
        auto url = twoleg::authorization_url(c.auth_uri, r);
        if (!url) return fail(info, url.err());
        return deliver_text(*url, out, out_size, out_len, info);
    });
}

int twoleg_oauth_redirect_code(const char *url, size_t url_len, const char *expected_state, char *out,
                               size_t out_size, size_t *out_len, twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if ((!url && url_len != 0) || !expected_state)
        return fail(info, twoleg::error(errc::invalid_argument, "url or expected_state is NULL"));
    return guarded(info, [&]() -> int {
        auto redirect = twoleg::parse_redirect_url(std::string_view(url ? url : "", url_len));
        if (!redirect) return fail(info, redirect.err());
        auto code = twoleg::accept_redirect(*redirect, expected_state);
        if (!code) return fail(info, code.err());
        return deliver_text(*code, out, out_size, out_len, info);
    });
}

int twoleg_oauth_redirect_parameter(const char *url, size_t url_len, const char *name, char *out, size_t out_size,
                                    size_t *out_len, twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if ((!url && url_len != 0) || !name) return fail(info, twoleg::error(errc::invalid_argument, "url or name is NULL"));
    return guarded(info, [&]() -> int {
        const std::string_view text(url ? url : "", url_len);
        auto redirect = twoleg::parse_redirect_url(text);  // the same checks as twoleg_oauth_redirect_code
        if (!redirect) return fail(info, redirect.err());
        std::string_view rest = text.substr(0, text.find('#'));
        auto params = twoleg::parse_query(rest.substr(rest.find('?') + 1));
        if (!params) return fail(info, params.err());
        const std::string *value = twoleg::find_parameter(*params, name);
        std::string copy = value ? *value : std::string();
        for (auto &p : *params) wipe(p.second);
        return deliver_text(copy, out, out_size, out_len, info);
    });
}

int twoleg_oauth_exchange_body(const twoleg_client *client, const char *code, const char *redirect_uri,
                               const char *code_verifier, char *out, size_t out_size, size_t *out_len,
                               twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if (!client || !code || !redirect_uri)
        return fail(info, twoleg::error(errc::invalid_argument, "client, code or redirect_uri is NULL"));
    return guarded(info, [&]() -> int {
        auto body = twoleg::exchange_body(client->client, code, redirect_uri, code_verifier ? code_verifier : "");
        if (!body) return fail(info, body.err());
        return deliver_text(*body, out, out_size, out_len, info);
    });
}

int twoleg_oauth_refresh_body(const twoleg_client *client, const char *refresh_token, const char *const *scopes,
                              size_t scope_count, char *out, size_t out_size, size_t *out_len, twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if (!client || !refresh_token) return fail(info, twoleg::error(errc::invalid_argument, "client or refresh_token is NULL"));
    return guarded(info, [&]() -> int {
        bool ok = true;
        auto list = scope_list(scopes, scope_count, ok);
        if (!ok) return fail(info, twoleg::error(errc::invalid_argument, "scopes is NULL or holds a NULL"));
        auto body = twoleg::refresh_body(client->client, refresh_token, list);
        if (!body) return fail(info, body.err());
        return deliver_text(*body, out, out_size, out_len, info);
    });
}

int twoleg_oauth_revoke_body(const char *token, char *out, size_t out_size, size_t *out_len, twoleg_error_info *info)
{
    if (!begin_text(out, out_size, out_len))
        return fail(info, twoleg::error(errc::invalid_argument, "out_len is NULL, or out is NULL with out_size > 0"));
    if (!token) return fail(info, twoleg::error(errc::invalid_argument, "token is NULL"));
    return guarded(info, [&]() -> int {
        auto body = twoleg::revoke_body(token);
        if (!body) return fail(info, body.err());
        return deliver_text(*body, out, out_size, out_len, info);
    });
}

// ---- ID tokens --------------------------------------------------------------------

int twoleg_jwks_load(const void *data, size_t len, int format, twoleg_jwks **out, twoleg_error_info *info)
{
    if (out) *out = nullptr;
    if (!out || (!data && len != 0)) return fail(info, twoleg::error(errc::invalid_argument, "data or out is NULL"));
    if (format != TWOLEG_JWKS_SET && format != TWOLEG_JWKS_X509_MAP)
        return fail(info, twoleg::error(errc::invalid_argument, "format is not TWOLEG_JWKS_SET or TWOLEG_JWKS_X509_MAP"));
    return guarded(info, [&]() -> int {
        const std::string_view text(data ? static_cast<const char *>(data) : "", len);
        auto set = format == TWOLEG_JWKS_SET ? twoleg::parse_jwks(text) : twoleg::parse_x509_cert_map(text);
        if (!set) return fail(info, set.err());
        auto handle = std::make_unique<twoleg_jwks>();
        handle->set = std::move(*set);
        *out = handle.release();
        set_success(info);
        return TWOLEG_OK;
    });
}

size_t twoleg_jwks_count(const twoleg_jwks *set) { return set ? set->set.keys.size() : 0; }

void twoleg_jwks_free(twoleg_jwks *set) { delete set; }

int twoleg_jwt_verify_jwks(const twoleg_jwks *set, const char *token, size_t token_len,
                              const twoleg_jwt_verify_options *given, const twoleg_id_token_checks *checks,
                              char *claims, size_t claims_size, size_t *claims_len, twoleg_error_info *info)
{
    return guarded(info, [&]() -> int {
        twoleg::jwt_verify_options options;
        const int started = start_verify(claims, claims_size, claims_len, set && (token || token_len == 0),
                                         "set or token is NULL", given, options, info);
        if (started != TWOLEG_OK) return started;
        twoleg_id_token_checks no_checks;
        twoleg_id_token_checks_init(&no_checks);
        twoleg_id_token_checks extra;
        if (!read_options(checks, no_checks, extra))
            return fail(info, twoleg::error(errc::invalid_argument,
                                            "struct_size is not sizeof(twoleg_id_token_checks): call "
                                            "twoleg_id_token_checks_init"));
        bool ok = true;
        options.issuers = scope_list(extra.issuers, extra.issuer_count, ok);
        if (!ok) return fail(info, twoleg::error(errc::invalid_argument, "issuers is NULL or holds a NULL"));
        if (extra.nonce) options.nonce = extra.nonce;
        if (extra.hosted_domain) options.hosted_domain = extra.hosted_domain;

        auto verified = twoleg::jwt_verify_with_kid_key_set(std::string_view(token ? token : "", token_len), set->set, options);
        if (!verified) return fail(info, verified.err());
        return deliver_text(verified->claims_json, claims, claims_size, claims_len, info);
    });
}

} // extern "C"
