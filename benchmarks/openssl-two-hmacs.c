/* OpenSSL's reference for verify/100: two HMAC-SHA256 per operation, over 234 bytes (content_bytes)
 * and 113 bytes (stamp_input), each under its own key reused across operations, as `openssl speed
 * -hmac sha256` does (EVP_MAC_init with no key keeps the keyed state).
 *   two-hmacs N            -> N operations, prints ops per CPU-second of this thread (CLOCK_THREAD_CPUTIME_ID)
 *   two-hmacs N quiet      -> N operations, no timing (for callgrind's difference method)           */
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static EVP_MAC_CTX *keyed(EVP_MAC *mac, unsigned char seed) {
    unsigned char key[32];
    for (int i = 0; i < 32; i++) key[i] = (unsigned char)(seed * 31 + i);
    EVP_MAC_CTX *c = EVP_MAC_CTX_new(mac);
    OSSL_PARAM params[2] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                            OSSL_PARAM_construct_end()};
    if (!c || !EVP_MAC_init(c, key, sizeof key, params)) { fprintf(stderr, "init\n"); exit(1); }
    return c;
}

static void one(EVP_MAC_CTX *c, const unsigned char *in, size_t n, unsigned char *out) {
    size_t len;
    if (!EVP_MAC_init(c, NULL, 0, NULL) || !EVP_MAC_update(c, in, n) || !EVP_MAC_final(c, out, &len, 32)) {
        fprintf(stderr, "mac\n");
        exit(1);
    }
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int quiet = argc > 2;
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *a = keyed(mac, 1), *b = keyed(mac, 2);
    unsigned char content[234], stamp[113], out[32];
    memset(content, 7, sizeof content);
    memset(stamp, 9, sizeof stamp);
    struct timespec t0, t1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    for (long i = 0; i < n; i++) {
        one(a, content, sizeof content, out);
        stamp[0] ^= out[0];
        one(b, stamp, sizeof stamp, out);
        content[0] ^= out[0];
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (!quiet) printf("openssl two HMACs (234 B + 113 B)  %.0f ops/cpu-s  (%.1f ns)  n %ld\n", n / s, s * 1e9 / n, n);
    else printf("%d\n", out[0]);
    return 0;
}
