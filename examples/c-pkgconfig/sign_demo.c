/* twoleg from C, found with pkg-config: load a service-account key, sign and
 * verify a message, then print a signed assertion on stdout.
 *
 *   make && ./sign_demo ../demo-service-account.json
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <twoleg/twoleg.h>

/* Reads a whole file into a malloc'ed buffer; NULL on failure. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t cap = 0, n = 0;
    if (!f) return NULL;
    for (;;) {
        if (n == cap) {
            unsigned char *bigger = realloc(data, cap ? cap * 2 : 4096);
            if (!bigger) { free(data); fclose(f); return NULL; }
            data = bigger;
            cap = cap ? cap * 2 : 4096;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) { free(data); fclose(f); return NULL; }
    fclose(f);
    *len = n;
    return data;
}

static int fail(const char *what, int status)
{
    fprintf(stderr, "sign_demo: %s: %s\n", what, twoleg_status_message(status));
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "demo-service-account.json";
    const char *scope = argc > 2 ? argv[2] : "https://www.googleapis.com/auth/spreadsheets.readonly";

    size_t file_len = 0;
    unsigned char *file = read_file(path, &file_len);
    if (!file) { perror(path); return 1; }

    twoleg_key *key = NULL;
    twoleg_error_info info;
    int status = twoleg_key_load_ex(file, file_len, &key, &info);
    memset(file, 0, file_len); /* the key file is a secret: wipe our copy */
    free(file);
    if (status != TWOLEG_OK) {
        if (info.offset != TWOLEG_NO_OFFSET)
            fprintf(stderr, "sign_demo: %s: %s (at byte %zu)\n", path, info.message, info.offset);
        else
            fprintf(stderr, "sign_demo: %s: %s\n", path, info.message);
        return 1;
    }
    fprintf(stderr, "twoleg %s: %zu-bit key for %s\n", twoleg_version(), twoleg_key_bits(key),
            twoleg_key_client_email(key) ? twoleg_key_client_email(key) : "(no service account)");

    /* Raw RS256: the signature is exactly twoleg_key_size(key) bytes. */
    static const char message[] = "hello from C";
    size_t sig_len = twoleg_key_size(key);
    unsigned char *sig = malloc(sig_len);
    if (!sig) { twoleg_key_free(key); return 1; }
    status = twoleg_sign_rs256(key, message, strlen(message), sig, sig_len);
    if (status == TWOLEG_OK) status = twoleg_verify_rs256(key, message, strlen(message), sig, sig_len);
    if (status != TWOLEG_OK) { free(sig); twoleg_key_free(key); return fail("sign/verify", status); }
    sig[0] ^= 1;
    status = twoleg_verify_rs256(key, message, strlen(message), sig, sig_len);
    free(sig);
    if (status != TWOLEG_E_VERIFY) { twoleg_key_free(key); return fail("altered signature was not refused", status); }
    fprintf(stderr, "signed and verified %zu-byte RS256 signature; an altered one is refused\n", sig_len);

    /* A service-account assertion: ask for the size, allocate, build. */
    twoleg_assertion_options opts;
    twoleg_assertion_options_init(&opts);
    opts.scope = scope;
    size_t needed = 0;
    status = twoleg_assertion(key, &opts, NULL, 0, &needed, NULL);
    if (status != TWOLEG_E_BUFFER_TOO_SMALL) { twoleg_key_free(key); return fail("assertion size", status); }
    char *jwt = malloc(needed);
    if (!jwt) { twoleg_key_free(key); return 1; }
    status = twoleg_assertion(key, &opts, jwt, needed, &needed, &info);
    twoleg_key_free(key); /* wipes the private key */
    if (status != TWOLEG_OK) {
        fprintf(stderr, "sign_demo: assertion: %s\n", info.message);
        free(jwt);
        return 1;
    }
    printf("%s\n", jwt);
    free(jwt);
    return 0;
}
