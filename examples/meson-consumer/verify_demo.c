/* twoleg's C API from a Meson project: build an assertion with a fixed iat,
 * verify it as a JWT with the key's public half, and print the claims. */
#include <stdio.h>
#include <string.h>

#include <twoleg/twoleg.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: verify_demo KEY.json\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    static char file[1 << 16];
    size_t len = fread(file, 1, sizeof file, f);
    fclose(f);

    twoleg_key *key = NULL;
    int status = twoleg_key_load(file, len, &key);
    memset(file, 0, len);
    if (status != TWOLEG_OK) {
        fprintf(stderr, "verify_demo: %s\n", twoleg_status_message(status));
        return 1;
    }

    twoleg_assertion_options opts;
    twoleg_assertion_options_init(&opts);
    opts.scope = "https://www.googleapis.com/auth/drive.readonly";
    opts.issued_at = 1700000000;
    static char jwt[8192];
    size_t jwt_len = 0;
    status = twoleg_assertion(key, &opts, jwt, sizeof jwt, &jwt_len, NULL);

    static char claims[4096];
    size_t claims_len = 0;
    twoleg_jwt_verify_options vopts;
    twoleg_jwt_verify_options_init(&vopts);
    vopts.now = 1700000000 + 60;
    vopts.audience = "https://oauth2.googleapis.com/token";
    if (status == TWOLEG_OK)
        status = twoleg_jwt_verify(key, jwt, jwt_len - 1, &vopts, claims, sizeof claims, &claims_len, NULL);
    if (status == TWOLEG_OK) {
        printf("%s\n", claims);
        vopts.now = 0; /* the real clock: this 2023 assertion has expired */
        status = twoleg_jwt_verify(key, jwt, jwt_len - 1, &vopts, claims, sizeof claims, &claims_len, NULL);
        fprintf(stderr, "checked against the real clock: %s\n", twoleg_status_message(status));
        status = status == TWOLEG_E_JWT_EXPIRED ? TWOLEG_OK : status;
    }
    twoleg_key_free(key);
    if (status != TWOLEG_OK) {
        fprintf(stderr, "verify_demo: %s\n", twoleg_status_message(status));
        return 1;
    }
    return 0;
}
