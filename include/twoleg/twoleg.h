/* twoleg/twoleg.h — the stable C interface of libtwoleg.
 *
 * For C programs and for anything that can only load a C ABI (Python's
 * ctypes, script runtimes' FFIs, native add-ins). C++ programs may use it too,
 * or the C++ headers (twoleg/<name>.hpp) with the static library.
 *
 * Conventions, the same for every function below:
 *   - Status: functions return 0 (TWOLEG_OK) on success and a negative
 *     TWOLEG_E_* code otherwise. The codes are the negated values of the C++
 *     enum twoleg::errc and never change meaning. twoleg_status_message()
 *     gives a fixed text for any code.
 *   - Nothing is thrown across this interface and nothing is printed.
 *   - Handles (twoleg_key, twoleg_token_response) are opaque. Each is created
 *     by one function and released by its twoleg_*_free function; every
 *     pointer the library hands out is either owned by such a handle (valid
 *     until it is freed) or a static string (valid forever). The library
 *     never returns memory the caller must release with free().
 *   - Text output goes to a caller buffer (char *out, size_t out_size,
 *     size_t *out_len). *out_len always receives the size the output needs,
 *     terminating NUL included (so the text is *out_len - 1 bytes). When out
 *     is NULL or out_size is smaller than that, nothing is written except a
 *     NUL at out[0] (if out_size > 0) and the function returns
 *     TWOLEG_E_BUFFER_TOO_SMALL: call once to learn the size, allocate, call
 *     again. On any other failure *out_len is 0 and out (if out_size > 0)
 *     holds the empty string: no partial output is ever left behind.
 *   - Optional details: functions that parse input accept a
 *     twoleg_error_info * (may be NULL) that receives the code, a static
 *     message and, for malformed input, the byte offset of the problem.
 *   - Option structs start with struct_size. Fill them with the matching
 *     *_init() function (inline, below), then change the fields you need; a
 *     NULL options pointer means all defaults.
 *   - Thread-safety: there is no global mutable state. Functions may run on
 *     many threads at once; a handle may be used from several threads at once
 *     for everything except twoleg_key_set_random and twoleg_*_free, which
 *     need exclusive use of the handle.
 */
#ifndef TWOLEG_TWOLEG_H
#define TWOLEG_TWOLEG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define TWOLEG_API __attribute__((visibility("default")))
#else
#define TWOLEG_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes (= -(int)twoleg::errc::...) -------------------------- */

#define TWOLEG_OK 0

/* usage and internal */
#define TWOLEG_E_INVALID_ARGUMENT (-1)    /* NULL where a pointer is required, wrong sig_len, bad struct_size ... */
#define TWOLEG_E_BUFFER_TOO_SMALL (-2)    /* see *out_len for the size needed */
#define TWOLEG_E_NOT_IMPLEMENTED (-3)
#define TWOLEG_E_INTERNAL (-4)
#define TWOLEG_E_OUT_OF_MEMORY (-5)
/* I/O and environment */
#define TWOLEG_E_IO (-10)
#define TWOLEG_E_RANDOM_FAILURE (-11)     /* the random source failed; nothing was signed */
#define TWOLEG_E_INPUT_TOO_LARGE (-12)
/* base64 / PEM */
#define TWOLEG_E_BASE64_BAD_CHARACTER (-20)
#define TWOLEG_E_BASE64_BAD_PADDING (-21)
#define TWOLEG_E_BASE64_NON_CANONICAL (-22)
#define TWOLEG_E_PEM_NO_BEGIN (-25)
#define TWOLEG_E_PEM_NO_END (-26)
#define TWOLEG_E_PEM_LABEL_MISMATCH (-27)
#define TWOLEG_E_PEM_MALFORMED (-28)
#define TWOLEG_E_PEM_ENCRYPTED (-29)
/* DER */
#define TWOLEG_E_DER_TRUNCATED (-40)
#define TWOLEG_E_DER_INDEFINITE_LENGTH (-41)
#define TWOLEG_E_DER_NON_MINIMAL_LENGTH (-42)
#define TWOLEG_E_DER_LENGTH_TOO_LONG (-43)
#define TWOLEG_E_DER_HIGH_TAG_NUMBER (-44)
#define TWOLEG_E_DER_UNEXPECTED_TAG (-45)
#define TWOLEG_E_DER_NON_MINIMAL_INTEGER (-46)
#define TWOLEG_E_DER_NEGATIVE_INTEGER (-47)
#define TWOLEG_E_DER_EMPTY_INTEGER (-48)
#define TWOLEG_E_DER_TRAILING_DATA (-49)
#define TWOLEG_E_DER_TOO_DEEP (-50)
#define TWOLEG_E_DER_BAD_OID (-51)
#define TWOLEG_E_DER_BAD_NULL (-52)
#define TWOLEG_E_DER_BAD_BIT_STRING (-53)
#define TWOLEG_E_DER_INTEGER_TOO_LARGE (-54)
#define TWOLEG_E_DER_BAD_TIME (-55)         /* a certificate time not in its RFC 5280 form */
/* keys */
#define TWOLEG_E_KEY_WRONG_KIND (-60)     /* e.g. signing with a public key */
#define TWOLEG_E_KEY_UNSUPPORTED_VERSION (-61)
#define TWOLEG_E_KEY_MULTI_PRIME (-62)
#define TWOLEG_E_KEY_UNSUPPORTED_ALGORITHM (-63)
#define TWOLEG_E_KEY_SIZE_UNSUPPORTED (-64)
#define TWOLEG_E_KEY_INCONSISTENT (-65)
#define TWOLEG_E_KEY_BAD_PUBLIC_EXPONENT (-66)
#define TWOLEG_E_KEY_UNRECOGNIZED (-67)   /* not PEM, DER or service-account JSON */
#define TWOLEG_E_KEY_PASSWORD_REQUIRED (-68) /* encrypted key, no password given (and no default opens it) */
#define TWOLEG_E_KEY_WRONG_PASSWORD (-69) /* wrong password, or the file is damaged (deliberately the same) */
/* JSON / service account */
#define TWOLEG_E_JSON_MALFORMED (-70)
#define TWOLEG_E_JSON_NOT_SERVICE_ACCOUNT (-71)
#define TWOLEG_E_JSON_MISSING_FIELD (-72)
#define TWOLEG_E_JSON_BAD_FIELD (-73)
/* RSA */
#define TWOLEG_E_VERIFY (-80)             /* the signature is not valid */
#define TWOLEG_E_SIGN_FAULT (-81)         /* self-check failed; no signature released */
#define TWOLEG_E_MESSAGE_OUT_OF_RANGE (-82)
/* JWT / assertions / responses */
#define TWOLEG_E_JWT_MALFORMED (-90)
#define TWOLEG_E_JWT_UNSUPPORTED_ALGORITHM (-91)
#define TWOLEG_E_JWT_BAD_SIGNATURE (-92)
#define TWOLEG_E_JWT_EXPIRED (-93)
#define TWOLEG_E_JWT_NOT_YET_VALID (-94)
#define TWOLEG_E_JWT_WRONG_AUDIENCE (-95)
#define TWOLEG_E_JWT_WRONG_ISSUER (-96)
#define TWOLEG_E_JWT_KEY_TOO_SMALL (-97)  /* RS256 needs >= 2048-bit keys */
#define TWOLEG_E_LIFETIME_TOO_LONG (-98)  /* Google refuses assertions living > 3600 s */
#define TWOLEG_E_ASSERTION_BAD_OPTIONS (-99)
#define TWOLEG_E_TOKEN_RESPONSE_MALFORMED (-100)
/* OAuth user flows */
#define TWOLEG_E_JSON_NOT_CLIENT_SECRET (-120)  /* not a Google OAuth client secrets file */
#define TWOLEG_E_OAUTH_BAD_REDIRECT (-121)
#define TWOLEG_E_OAUTH_STATE_MISMATCH (-122)
#define TWOLEG_E_OAUTH_AUTHORIZATION_ERROR (-123) /* the redirect carries error=... */
#define TWOLEG_E_HTTP_BAD_REQUEST (-124)
#define TWOLEG_E_JWT_UNKNOWN_KID (-125)         /* fetch the key set again: Google rotates its keys */
#define TWOLEG_E_JWT_WRONG_NONCE (-126)
#define TWOLEG_E_JWT_WRONG_HOSTED_DOMAIN (-127)
#define TWOLEG_E_JWKS_MALFORMED (-128)

#define TWOLEG_E_KEY_INVALID_POINT (-150)       /* not a valid P-256 point, or not on the curve */
#define TWOLEG_E_KEY_BAD_PRIVATE_SCALAR (-151)  /* EC private scalar d not in [1, n-1] */
#define TWOLEG_E_KEY_UNSUPPORTED_CURVE (-152)   /* a curve other than P-256, or explicit parameters */
#define TWOLEG_E_JWK_MALFORMED (-153)           /* not a valid JSON Web Key */

/* A fixed English text for any status (0 gives "success", an unknown code
 * "unknown status"). The string is static: never free it. Thread-safe. */
TWOLEG_API const char *twoleg_status_message(int status);

/* The library's version, e.g. "0.1.0" (static string). */
TWOLEG_API const char *twoleg_version(void);

/* Details of a failure, filled by functions that take a twoleg_error_info *.
 * On success status is 0, message "success" and offset TWOLEG_NO_OFFSET. */
#define TWOLEG_NO_OFFSET ((size_t)-1)
typedef struct twoleg_error_info {
    int status;          /* the value the function returned */
    const char *message; /* static text, more specific than twoleg_status_message() */
    size_t offset;       /* byte offset in the parsed input, or TWOLEG_NO_OFFSET */
} twoleg_error_info;

/* ---- keys -------------------------------------------------------------- */

typedef struct twoleg_key twoleg_key;

/* Loads an RSA key from memory: a Google service-account JSON key file, PEM
 * (PKCS#1 or PKCS#8 private key, SubjectPublicKeyInfo, RSA PUBLIC KEY,
 * certificate) or the same structures as bare DER; the form is detected.
 * Public keys and certificates give a key that can only verify. A key loaded
 * from a service-account file remembers client_email, private_key_id,
 * token_uri, project_id and client_id for the assertion functions.
 * The input is not kept; the caller may wipe it afterwards. On success *out
 * receives a new handle (release it with twoleg_key_free); on failure *out is
 * set to NULL. Errors: TWOLEG_E_INVALID_ARGUMENT (data or out NULL),
 * TWOLEG_E_INPUT_TOO_LARGE (above 1 MiB), or the parser's code. */
TWOLEG_API int twoleg_key_load(const void *data, size_t len, twoleg_key **out);
/* The same, with the failure's details in *info (info may be NULL). */
TWOLEG_API int twoleg_key_load_ex(const void *data, size_t len, twoleg_key **out, twoleg_error_info *info);
/* The same for encrypted keys too: PKCS#12 (.p12, password integrity checked
 * before anything is decrypted), encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY",
 * PEM or DER) and OpenSSL's encrypted PEM ("Proc-Type: 4,ENCRYPTED").
 * password[0..password_len) is the password as UTF-8 (not NUL-terminated; may
 * be empty); it is not kept, and the library wipes its own copies. password
 * NULL means none was given: a PKCS#12 file then tries Google's "notasecret"
 * and the empty password, other encrypted keys fail with
 * TWOLEG_E_KEY_PASSWORD_REQUIRED. A wrong password and a damaged file both
 * give TWOLEG_E_KEY_WRONG_PASSWORD with the same message. Unencrypted keys
 * load as with twoleg_key_load_ex, the password ignored. Errors as
 * twoleg_key_load_ex, plus TWOLEG_E_INVALID_ARGUMENT (password NULL with
 * password_len > 0). */
TWOLEG_API int twoleg_key_load_with_password(const void *data, size_t len, const char *password,
                                             size_t password_len, twoleg_key **out, twoleg_error_info *info);

/* Destroys the handle and overwrites its key material with zeros. NULL is
 * allowed (does nothing). The handle must not be in use on another thread. */
TWOLEG_API void twoleg_key_free(twoleg_key *key);

/* The length of every signature of twoleg_sign_rs256 / twoleg_sign: the
 * modulus length in bytes for RSA, 64 (r||s) for P-256. 0 for NULL. */
TWOLEG_API size_t twoleg_key_size(const twoleg_key *key);
/* Modulus length in bits for RSA, 256 for P-256. 0 for NULL. */
TWOLEG_API size_t twoleg_key_bits(const twoleg_key *key);
/* 1 if the key can sign, 0 if it is public only (or NULL). */
TWOLEG_API int twoleg_key_is_private(const twoleg_key *key);

/* What the service-account file said, owned by the key handle (valid until
 * twoleg_key_free), or NULL if the key did not come from such a file. A file
 * without private_key_id gives "" (its assertions carry no "kid"). A key file
 * whose universe_domain is not googleapis.com makes only self-signed JWTs:
 * the other assertion kinds fail with TWOLEG_E_ASSERTION_BAD_OPTIONS. */
TWOLEG_API const char *twoleg_key_client_email(const twoleg_key *key);
TWOLEG_API const char *twoleg_key_private_key_id(const twoleg_key *key);
TWOLEG_API const char *twoleg_key_token_uri(const twoleg_key *key);
TWOLEG_API const char *twoleg_key_project_id(const twoleg_key *key);

/* A random source for RSA blinding, for hosts without getrandom(2). It must
 * fill all `len` bytes at `out` with unpredictable data and return 0, or
 * return non-zero to make the operation fail with TWOLEG_E_RANDOM_FAILURE.
 * It may be called from several threads at once if the key is shared. */
typedef int (*twoleg_random_fn)(void *context, unsigned char *out, size_t len);

/* Makes every signature made with `key` (twoleg_sign_rs256 and the assertion
 * functions) draw its blinding randomness from fn(context, ...) instead of
 * the operating system; fn NULL restores the OS source. Per key, so different
 * parts of a program cannot disturb each other. Not thread-safe for the same
 * key: call it before sharing the key. Errors: TWOLEG_E_INVALID_ARGUMENT
 * (key NULL). */
TWOLEG_API int twoleg_key_set_random(twoleg_key *key, twoleg_random_fn fn, void *context);

/* ---- raw RSASSA-PKCS1-v1_5 with SHA-256 (RS256) ------------------------ */

/* Signs msg[0..len) (msg may be NULL when len is 0) into sig, which must be
 * exactly sig_len == twoleg_key_size(key) bytes. The signature equals
 * `openssl dgst -sha256 -sign`. Constant-time, blinded, and verified before
 * it is released. On failure sig (if non-NULL) is all zeros.
 * Errors: TWOLEG_E_INVALID_ARGUMENT (NULL pointers, sig_len != key size),
 * TWOLEG_E_KEY_WRONG_KIND (public key), TWOLEG_E_RANDOM_FAILURE,
 * TWOLEG_E_SIGN_FAULT. */
TWOLEG_API int twoleg_sign_rs256(const twoleg_key *key, const void *msg, size_t len,
                                 unsigned char *sig, size_t sig_len);

/* Verifies sig over msg with the key's public half (any key form works).
 * Returns 0 if the signature is valid, TWOLEG_E_VERIFY if it is not
 * (including a signature of the wrong length), TWOLEG_E_INVALID_ARGUMENT for
 * NULL pointers with non-zero lengths or a NULL key. */
TWOLEG_API int twoleg_verify_rs256(const twoleg_key *key, const void *msg, size_t len,
                                   const unsigned char *sig, size_t sig_len);

/* ---- service-account assertions ---------------------------------------- */

#define TWOLEG_ASSERTION_ACCESS_TOKEN 0 /* for the token endpoint (scope) */
#define TWOLEG_ASSERTION_SELF_SIGNED 1  /* a bearer token sent to an API directly */
#define TWOLEG_ASSERTION_ID_TOKEN 2     /* for the token endpoint, asking for an ID token */

typedef struct twoleg_assertion_options {
    size_t struct_size;          /* sizeof(twoleg_assertion_options) */
    int kind;                    /* TWOLEG_ASSERTION_*; default ACCESS_TOKEN */
    const char *scope;           /* scopes separated by spaces; NULL = none */
    const char *subject;         /* "sub", the user to impersonate; NULL = none */
    const char *audience;        /* "aud": token endpoint override, or the API URL for SELF_SIGNED */
    const char *target_audience; /* ID_TOKEN only */
    const char *client_email;    /* "iss"; NULL = the key file's (required for PEM/DER keys) */
    const char *private_key_id;  /* header "kid"; NULL = the key file's (none for PEM/DER keys) */
    int64_t issued_at;           /* "iat" in Unix seconds; 0 = now */
    int64_t clock_offset;        /* seconds added to the system clock (when issued_at is 0) */
    int64_t lifetime;            /* seconds, 1..3600; 0 = 3600 */
} twoleg_assertion_options;

/* All defaults: an access-token assertion valid for 3600 s from now. */
static inline void twoleg_assertion_options_init(twoleg_assertion_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->kind = TWOLEG_ASSERTION_ACCESS_TOKEN;
}

/* Builds and signs a service-account assertion (a compact RS256 JWT) into
 * out (see the buffer convention at the top). The key needs at least 2048
 * bits. Each call reads the clock and signs anew: two calls (size query, then
 * the real one) give two different, equally valid assertions.
 * Errors: TWOLEG_E_INVALID_ARGUMENT (key or out_len NULL, bad struct_size,
 * bad kind), TWOLEG_E_BUFFER_TOO_SMALL, TWOLEG_E_KEY_WRONG_KIND,
 * TWOLEG_E_JWT_KEY_TOO_SMALL, TWOLEG_E_LIFETIME_TOO_LONG,
 * TWOLEG_E_ASSERTION_BAD_OPTIONS (details in *info), signing errors. */
TWOLEG_API int twoleg_assertion(const twoleg_key *key, const twoleg_assertion_options *opts,
                                char *out, size_t out_size, size_t *out_len, twoleg_error_info *info);

/* The same assertion wrapped in the application/x-www-form-urlencoded body
 * of the token request: "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=<jwt>",
 * ready to POST to the token endpoint (twoleg_key_token_uri or opts->audience). */
TWOLEG_API int twoleg_token_request(const twoleg_key *key, const twoleg_assertion_options *opts,
                                    char *out, size_t out_size, size_t *out_len, twoleg_error_info *info);

/* ---- JWT verification -------------------------------------------------- */

typedef struct twoleg_jwt_verify_options {
    size_t struct_size; /* sizeof(twoleg_jwt_verify_options) */
    const char *audience; /* required "aud" (equal, or contained in an array); NULL = not checked */
    const char *issuer;   /* required "iss"; NULL = not checked */
    int64_t now;          /* Unix seconds to check exp/nbf/iat against; 0 = the system clock */
    int64_t leeway;       /* seconds of tolerance, 0..86400; init sets 60 */
    int allow_missing_exp; /* non-zero accepts a token without "exp"; init sets 0 */
} twoleg_jwt_verify_options;

static inline void twoleg_jwt_verify_options_init(twoleg_jwt_verify_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->leeway = 60;
}

/* Verifies a compact RS256 JWT with the key's public half: only "alg":"RS256"
 * is accepted, the key must have at least 2048 bits, the signature must be
 * valid, then exp/nbf/iat and the optional aud/iss checks. On success the
 * decoded claims JSON, byte for byte as signed, goes to claims (buffer
 * convention at the top; claims may be NULL with claims_size 0 to only
 * verify, which returns TWOLEG_E_BUFFER_TOO_SMALL after a successful check:
 * any other status means the token was refused).
 * Errors: TWOLEG_E_INVALID_ARGUMENT, TWOLEG_E_INPUT_TOO_LARGE (> 64 KiB),
 * TWOLEG_E_JWT_* (malformed, unsupported algorithm, bad signature, expired,
 * not yet valid, wrong audience or issuer, key too small). */
TWOLEG_API int twoleg_jwt_verify(const twoleg_key *key, const char *token, size_t token_len,
                                 const twoleg_jwt_verify_options *opts,
                                 char *claims, size_t claims_size, size_t *claims_len,
                                 twoleg_error_info *info);

/* ---- token endpoint and API responses ---------------------------------- */

typedef struct twoleg_token_response twoleg_token_response;

/* What a response says is wrong (TWOLEG_PROBLEM_NONE: a token was issued). */
#define TWOLEG_PROBLEM_NONE 0
#define TWOLEG_PROBLEM_KEY_REJECTED 1       /* Invalid JWT Signature: key deleted/rotated */
#define TWOLEG_PROBLEM_CLOCK_SKEW 2         /* iat/exp refused: the host clock is off */
#define TWOLEG_PROBLEM_ACCOUNT_MISSING 3    /* service account deleted or disabled */
#define TWOLEG_PROBLEM_SUBJECT_INVALID 4    /* "sub" is not a user Google knows */
#define TWOLEG_PROBLEM_DELEGATION_DENIED 5  /* unauthorized_client */
#define TWOLEG_PROBLEM_INVALID_SCOPE 6
#define TWOLEG_PROBLEM_NOT_SHARED 7         /* API 403: not shared with client_email */
#define TWOLEG_PROBLEM_API_DISABLED 8
#define TWOLEG_PROBLEM_SCOPE_INSUFFICIENT 9
#define TWOLEG_PROBLEM_TOKEN_REJECTED 10    /* API 401 */
#define TWOLEG_PROBLEM_OTHER 11
/* user flows (authorization code, refresh token) */
#define TWOLEG_PROBLEM_GRANT_REJECTED 12    /* code used/expired/mismatched, or refresh token revoked */
#define TWOLEG_PROBLEM_CLIENT_REJECTED 13   /* wrong client ID or secret, or client not allowed this grant */
#define TWOLEG_PROBLEM_CONSENT_DENIED 14    /* access_denied, admin_policy_enforced, org_internal, ... */
#define TWOLEG_PROBLEM_REDIRECT_MISMATCH 15 /* redirect_uri_mismatch */

/* Fields of a parsed response, for twoleg_token_response_field. */
#define TWOLEG_FIELD_ACCESS_TOKEN 0
#define TWOLEG_FIELD_ID_TOKEN 1
#define TWOLEG_FIELD_TOKEN_TYPE 2
#define TWOLEG_FIELD_SCOPE 3
#define TWOLEG_FIELD_ERROR 4             /* "error" of a token endpoint error, or an API error's status */
#define TWOLEG_FIELD_ERROR_DESCRIPTION 5 /* "error_description", or an API error's message */
#define TWOLEG_FIELD_ERROR_URI 6
#define TWOLEG_FIELD_ADVICE 7            /* one line: what happened and what to do */
#define TWOLEG_FIELD_REFRESH_TOKEN 8     /* user flows with access_type=offline (a secret) */

/* Parses the body of a token endpoint response (success or error, RFC 6749
 * §5.1/§5.2) or of a Google API error ({"error":{"code":403,...}}) and works
 * out advice for errors. key (may be NULL) lets the advice name the
 * account's client_email; http_date (may be NULL) is the response's Date
 * header, which lets clock advice show the skew against the system clock.
 * A successful parse of an error response still returns 0: check
 * twoleg_token_response_problem. On success *out receives a handle (release
 * it with twoleg_token_response_free); on failure *out is NULL.
 * Errors: TWOLEG_E_INVALID_ARGUMENT, TWOLEG_E_INPUT_TOO_LARGE,
 * TWOLEG_E_TOKEN_RESPONSE_MALFORMED (details in *info). */
TWOLEG_API int twoleg_token_response_parse(const void *body, size_t len, const twoleg_key *key,
                                           const char *http_date, twoleg_token_response **out,
                                           twoleg_error_info *info);

/* A field as a NUL-terminated string owned by the handle ("" if the response
 * lacks it), or NULL for a NULL handle or an unknown field. */
TWOLEG_API const char *twoleg_token_response_field(const twoleg_token_response *response, int field);
/* "expires_in" in seconds, or -1 if absent (or response NULL). */
TWOLEG_API int64_t twoleg_token_response_expires_in(const twoleg_token_response *response);
/* TWOLEG_PROBLEM_*; TWOLEG_PROBLEM_NONE for a token, -1 for NULL. */
TWOLEG_API int twoleg_token_response_problem(const twoleg_token_response *response);
/* Destroys the handle, wiping the tokens it held. NULL does nothing. */
TWOLEG_API void twoleg_token_response_free(twoleg_token_response *response);
/* "refresh_token_expires_in" in seconds, or -1 if absent (or response NULL). */
TWOLEG_API int64_t twoleg_token_response_refresh_token_expires_in(const twoleg_token_response *response);

/* ---- OAuth user consent (authorization code flow with PKCE) ------------- */

/* A Google OAuth client secrets file (client_secret_....json, "installed" or
 * "web"), parsed strictly. The client secret stays inside the handle (wiped
 * when freed) and is only ever written into the exchange and refresh bodies.
 * Errors: TWOLEG_E_INVALID_ARGUMENT, TWOLEG_E_INPUT_TOO_LARGE (> 64 KiB),
 * TWOLEG_E_JSON_NOT_CLIENT_SECRET (e.g. a service-account file),
 * TWOLEG_E_JSON_MALFORMED / _MISSING_FIELD / _BAD_FIELD (details in *info). */
typedef struct twoleg_client twoleg_client;
TWOLEG_API int twoleg_client_load(const void *data, size_t len, twoleg_client **out, twoleg_error_info *info);
TWOLEG_API void twoleg_client_free(twoleg_client *client);

#define TWOLEG_CLIENT_ID 0
#define TWOLEG_CLIENT_AUTH_URI 1
#define TWOLEG_CLIENT_TOKEN_URI 2
#define TWOLEG_CLIENT_PROJECT_ID 3
#define TWOLEG_CLIENT_REDIRECT_URI 4 /* the first of redirect_uris, "" if none */
#define TWOLEG_CLIENT_KIND 5         /* "installed" or "web" */
/* A field owned by the handle, or NULL for a NULL handle or an unknown field. */
TWOLEG_API const char *twoleg_client_field(const twoleg_client *client, int field);

#define TWOLEG_OAUTH_STATE 0          /* 192 random bits, base64url (32 characters) */
#define TWOLEG_OAUTH_CODE_VERIFIER 1  /* 256 random bits, base64url (43 characters, RFC 7636) */
/* A fresh state or PKCE code_verifier into out (buffer convention). fn may be
 * NULL for the operating system's generator. The caller keeps both for the
 * redirect and the exchange. Errors: TWOLEG_E_INVALID_ARGUMENT,
 * TWOLEG_E_RANDOM_FAILURE, TWOLEG_E_BUFFER_TOO_SMALL. */
TWOLEG_API int twoleg_oauth_random(int what, twoleg_random_fn fn, void *context, char *out, size_t out_size,
                                   size_t *out_len, twoleg_error_info *info);
/* base64url(SHA-256(verifier)), the S256 code_challenge (RFC 7636 section 4.2).
 * Errors: TWOLEG_E_INVALID_ARGUMENT (not 43..128 unreserved characters). */
TWOLEG_API int twoleg_oauth_code_challenge(const char *verifier, char *out, size_t out_size, size_t *out_len,
                                           twoleg_error_info *info);

typedef struct twoleg_authorization_options {
    size_t struct_size;             /* sizeof(twoleg_authorization_options) */
    const char *redirect_uri;       /* NULL: the client file's first redirect URI */
    const char *const *scopes;      /* scope_count scopes, at least one */
    size_t scope_count;
    const char *state;              /* required (twoleg_oauth_random) */
    const char *code_challenge;     /* S256 challenge; NULL: no PKCE */
    const char *access_type;        /* "online", "offline" or NULL */
    const char *prompt;             /* e.g. "consent" or "consent select_account"; NULL: none */
    const char *login_hint;
    int include_granted_scopes;     /* non-zero: include_granted_scopes=true */
    int granular_consent;           /* -1 (init): not sent; 0 false; 1 true */
    const char *hosted_domain;      /* hd */
    const char *nonce;
} twoleg_authorization_options;

static inline void twoleg_authorization_options_init(twoleg_authorization_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->granular_consent = -1;
}

/* The authorization URL (response_type=code, every value percent-encoded).
 * Errors: TWOLEG_E_INVALID_ARGUMENT (details in *info), TWOLEG_E_BUFFER_TOO_SMALL. */
TWOLEG_API int twoleg_oauth_authorization_url(const twoleg_client *client, const twoleg_authorization_options *opts,
                                              char *out, size_t out_size, size_t *out_len, twoleg_error_info *info);

/* The authorization code of the URL the browser was redirected to, after
 * checking its state against expected_state (in constant time).
 * Errors: TWOLEG_E_OAUTH_BAD_REDIRECT (malformed; offset in *info),
 * TWOLEG_E_OAUTH_STATE_MISMATCH (missing or other state: ignore this redirect),
 * TWOLEG_E_OAUTH_AUTHORIZATION_ERROR (error=...: read it with
 * twoleg_oauth_redirect_parameter(url, len, "error", ...)). */
TWOLEG_API int twoleg_oauth_redirect_code(const char *url, size_t url_len, const char *expected_state, char *out,
                                          size_t out_size, size_t *out_len, twoleg_error_info *info);
/* One decoded query parameter of a redirect URL ("" if absent), e.g. "error",
 * "error_description" or "scope". Errors: TWOLEG_E_OAUTH_BAD_REDIRECT. */
TWOLEG_API int twoleg_oauth_redirect_parameter(const char *url, size_t url_len, const char *name, char *out,
                                               size_t out_size, size_t *out_len, twoleg_error_info *info);

/* The application/x-www-form-urlencoded token request bodies (no trailing
 * newline): the code exchange (code_verifier NULL if PKCE was not used), the
 * refresh (scopes may be NULL: the granted ones), and the revocation for
 * https://oauth2.googleapis.com/revoke. They hold secrets: wipe them after
 * use. Errors: TWOLEG_E_INVALID_ARGUMENT, TWOLEG_E_BUFFER_TOO_SMALL. */
TWOLEG_API int twoleg_oauth_exchange_body(const twoleg_client *client, const char *code, const char *redirect_uri,
                                          const char *code_verifier, char *out, size_t out_size, size_t *out_len,
                                          twoleg_error_info *info);
TWOLEG_API int twoleg_oauth_refresh_body(const twoleg_client *client, const char *refresh_token,
                                         const char *const *scopes, size_t scope_count, char *out, size_t out_size,
                                         size_t *out_len, twoleg_error_info *info);
TWOLEG_API int twoleg_oauth_revoke_body(const char *token, char *out, size_t out_size, size_t *out_len,
                                        twoleg_error_info *info);

/* ---- ID tokens: verification against a key set chosen by kid ------------ */

typedef struct twoleg_jwks twoleg_jwks;
#define TWOLEG_JWKS_SET 0      /* a JWK Set, e.g. https://www.googleapis.com/oauth2/v3/certs */
#define TWOLEG_JWKS_X509_MAP 1  /* kid -> PEM certificate, .../oauth2/v1/certs */
/* Errors: TWOLEG_E_INVALID_ARGUMENT, TWOLEG_E_INPUT_TOO_LARGE, TWOLEG_E_JWKS_MALFORMED,
 * key errors (TWOLEG_E_KEY_*, TWOLEG_E_PEM_*, TWOLEG_E_DER_*). */
TWOLEG_API int twoleg_jwks_load(const void *data, size_t len, int format, twoleg_jwks **out,
                                   twoleg_error_info *info);
TWOLEG_API size_t twoleg_jwks_count(const twoleg_jwks *set);
TWOLEG_API void twoleg_jwks_free(twoleg_jwks *set);

/* Checks beyond twoleg_jwt_verify_options for ID tokens (may be NULL). */
typedef struct twoleg_id_token_checks {
    size_t struct_size;            /* sizeof(twoleg_id_token_checks) */
    const char *const *issuers;    /* iss must be one of these (Google: "accounts.google.com" and
                                      "https://accounts.google.com"); issuer_count 0: not checked */
    size_t issuer_count;
    const char *nonce;             /* required "nonce"; NULL: not checked */
    const char *hosted_domain;     /* required "hd"; NULL: not checked */
} twoleg_id_token_checks;

static inline void twoleg_id_token_checks_init(twoleg_id_token_checks *checks)
{
    memset(checks, 0, sizeof *checks);
    checks->struct_size = sizeof *checks;
}

/* As twoleg_jwt_verify, with the key named by the token's "kid".
 * Further errors: TWOLEG_E_JWT_UNKNOWN_KID (fetch the set again: Google
 * rotates its keys), TWOLEG_E_JWT_WRONG_NONCE, TWOLEG_E_JWT_WRONG_HOSTED_DOMAIN. */
TWOLEG_API int twoleg_jwt_verify_jwks(const twoleg_jwks *set, const char *token, size_t token_len,
                                         const twoleg_jwt_verify_options *opts, const twoleg_id_token_checks *checks,
                                         char *claims, size_t claims_size, size_t *claims_len,
                                         twoleg_error_info *info);

/* ---- key types, signatures by key, JWK, DPoP (RSA and P-256) --------- */

/* EC keys (P-256 in SEC 1, PKCS#8, SubjectPublicKeyInfo, certificates or JWK)
 * load through twoleg_key_load_ex like RSA keys. The RS256 functions above
 * refuse them with TWOLEG_E_KEY_UNSUPPORTED_ALGORITHM; the functions below
 * take either type and choose the algorithm by the key. */
#define TWOLEG_KEY_RSA 1
#define TWOLEG_KEY_EC_P256 2

/* TWOLEG_KEY_RSA or TWOLEG_KEY_EC_P256; 0 for NULL. */
TWOLEG_API int twoleg_key_type(const twoleg_key *key);

/* Signs the SHA-256 of msg[0..len) with the key's algorithm: RSASSA-PKCS1-v1_5
 * (twoleg_key_size(key) bytes, as twoleg_sign_rs256) or ECDSA P-256 (64 bytes
 * r||s as in JWS ES256; nonce by RFC 6979 hedged with fresh random input from
 * the key's random function or the OS). *sig_len always receives the
 * signature's length; with sig NULL or sig_size below it, nothing is written
 * and TWOLEG_E_BUFFER_TOO_SMALL is returned. On other failures sig (if
 * non-NULL) is zeroed and *sig_len is 0.
 * Errors: TWOLEG_E_INVALID_ARGUMENT, TWOLEG_E_BUFFER_TOO_SMALL,
 * TWOLEG_E_KEY_WRONG_KIND (public key), TWOLEG_E_RANDOM_FAILURE,
 * TWOLEG_E_SIGN_FAULT. */
TWOLEG_API int twoleg_sign(const twoleg_key *key, const void *msg, size_t len, unsigned char *sig,
                           size_t sig_size, size_t *sig_len);

/* Verifies a signature made by twoleg_sign (raw r||s for P-256). Returns 0 or
 * TWOLEG_E_VERIFY (also for a wrong length, r or s out of range);
 * TWOLEG_E_INVALID_ARGUMENT for NULL pointers with non-zero lengths. */
TWOLEG_API int twoleg_verify(const twoleg_key *key, const void *msg, size_t len, const unsigned char *sig,
                             size_t sig_len);

/* The public JWK of the key as one line of JSON, members in RFC 7638 order
 * (RSA {"e","kty","n"}, EC {"crv","kty","x","y"}); with with_kid non-zero the
 * thumbprint is added as "kid". Text buffer convention as above. */
TWOLEG_API int twoleg_jwk(const twoleg_key *key, int with_kid, char *out, size_t out_size, size_t *out_len,
                          twoleg_error_info *info);

/* The RFC 7638 SHA-256 thumbprint of the key's public JWK, base64url (43
 * characters). Text buffer convention as above. */
TWOLEG_API int twoleg_jwk_thumbprint(const twoleg_key *key, char *out, size_t out_size, size_t *out_len,
                                     twoleg_error_info *info);

typedef struct twoleg_dpop_options {
    size_t struct_size;       /* sizeof(twoleg_dpop_options) */
    const char *htm;          /* the HTTP method, e.g. "POST" (required) */
    const char *htu;          /* the request URL; query and fragment are left out (required) */
    const char *nonce;        /* the server's DPoP-Nonce; NULL = none */
    const char *access_token; /* adds "ath" (SHA-256 of it); NULL = none */
    const char *jti;          /* NULL = 16 random bytes, base64url */
    int64_t issued_at;        /* "iat" in Unix seconds; 0 = now */
    int64_t clock_offset;     /* seconds added to the system clock (when issued_at is 0) */
} twoleg_dpop_options;

static inline void twoleg_dpop_options_init(twoleg_dpop_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
}

/* ---- doctor: why Google would refuse a key file ------------------------ */

typedef struct twoleg_doctor_options {
    size_t struct_size;         /* sizeof(twoleg_doctor_options) */
    const char *file_name;      /* the report's "file"; NULL = "" */
    const char *published_keys; /* the account's x509 kid -> certificate map or JWK Set; NULL = not checked */
    size_t published_keys_len;
    const char *http_date;      /* a Date header Google sent; NULL = no clock check */
    int64_t local_time;         /* Unix time on this host when that answer arrived; 0 = now */
    int64_t now;                /* Unix time for certificate validity; 0 = the system clock */
} twoleg_doctor_options;

static inline void twoleg_doctor_options_init(twoleg_doctor_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
}

/* A DPoP proof (RFC 9449) for one request: a compact JWS with header
 * {"typ":"dpop+jwt","alg":"ES256" or "RS256","jwk":{public JWK}} and claims
 * jti, htm, htu, iat, nonce and ath as given. Needs a private key (RSA of at
 * least 2048 bits or P-256). Every call makes a new proof (a new random jti
 * unless one is given, a new signature), also the real call after a size
 * query; its length depends only on the key and the options, so the size
 * the query reported fits.
 * Errors: TWOLEG_E_INVALID_ARGUMENT (NULL or malformed htm, htu, nonce, jti;
 * bad struct_size; details in *info), TWOLEG_E_BUFFER_TOO_SMALL,
 * TWOLEG_E_KEY_WRONG_KIND, TWOLEG_E_JWT_KEY_TOO_SMALL, signing errors. */
TWOLEG_API int twoleg_dpop_proof(const twoleg_key *key, const twoleg_dpop_options *opts, char *out,
                                 size_t out_size, size_t *out_len, twoleg_error_info *info);

/* Runs the offline checks of `twoleg doctor` on the bytes of a key file and
 * writes the JSON report to out (buffer convention at the top):
 *   {"file":...,"checks":[{"id":...,"status":"ok"|"warn"|"fail","message":...}],"ok":true|false}
 * The check ids are file-form, fields, key, key-id, client-email, token-uri,
 * universe-domain, published-key and clock (see twoleg/doctor.hpp). A file
 * that is not a key file is a report with a failed file-form check, not an
 * error: the function returns 0 whenever the report was written; "ok" says
 * whether every check passed. *checks_ok (may be NULL) receives 1 when no
 * check failed, else 0. Errors: TWOLEG_E_INVALID_ARGUMENT (key_file NULL
 * with len > 0, out_len NULL, bad struct_size, an http_date that is not an
 * IMF-fixdate), TWOLEG_E_BUFFER_TOO_SMALL. */
TWOLEG_API int twoleg_doctor(const void *key_file, size_t len, const twoleg_doctor_options *opts,
                             char *out, size_t out_size, size_t *out_len, int *checks_ok,
                             twoleg_error_info *info);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TWOLEG_TWOLEG_H */
