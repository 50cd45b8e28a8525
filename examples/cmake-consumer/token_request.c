/* twoleg's C API through CMake's twoleg::twoleg: print the body of a token
 * request for a service-account key, ready for
 *   ./token_request KEY.json SCOPE | curl --data-binary @- https://oauth2.googleapis.com/token
 * then explain a canned error answer the way a real one would be explained. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <twoleg/twoleg.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: token_request KEY.json SCOPE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    static unsigned char file[1 << 16];
    size_t len = fread(file, 1, sizeof file, f);
    int complete = feof(f) && !ferror(f);
    fclose(f);
    if (!complete) { fprintf(stderr, "token_request: cannot read %s (or larger than 64 KiB)\n", argv[1]); return 1; }

    twoleg_key *key = NULL;
    int status = twoleg_key_load(file, len, &key);
    memset(file, 0, len);
    if (status != TWOLEG_OK) {
        fprintf(stderr, "token_request: %s: %s\n", argv[1], twoleg_status_message(status));
        return 1;
    }

    twoleg_assertion_options opts;
    twoleg_assertion_options_init(&opts);
    opts.scope = argv[2];
    size_t needed = 0;
    char *body = NULL;
    status = twoleg_token_request(key, &opts, NULL, 0, &needed, NULL);
    if (status == TWOLEG_E_BUFFER_TOO_SMALL && (body = malloc(needed)) != NULL)
        status = twoleg_token_request(key, &opts, body, needed, &needed, NULL);
    if (status != TWOLEG_OK || !body) {
        fprintf(stderr, "token_request: %s\n", twoleg_status_message(status));
        free(body);
        twoleg_key_free(key);
        return 1;
    }
    printf("%s\n", body);
    free(body);

    static const char answer[] = "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}";
    twoleg_token_response *response = NULL;
    status = twoleg_token_response_parse(answer, strlen(answer), key, NULL, &response, NULL);
    twoleg_key_free(key);
    if (status != TWOLEG_OK) {
        fprintf(stderr, "token_request: %s\n", twoleg_status_message(status));
        return 1;
    }
    fprintf(stderr, "if Google answered %s, twoleg would say:\n  %s\n", answer,
            twoleg_token_response_field(response, TWOLEG_FIELD_ADVICE));
    status = twoleg_token_response_problem(response) == TWOLEG_PROBLEM_KEY_REJECTED ? 0 : 1;
    twoleg_token_response_free(response);
    return status;
}
