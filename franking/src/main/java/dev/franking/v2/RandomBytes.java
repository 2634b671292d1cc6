package dev.franking.v2;

import java.security.SecureRandom;

/**
 * Where keys, nonces and salts come from. The public API always uses {@link #SYSTEM}, a CSPRNG: no
 * caller chooses a nonce. Package-private so that tests (the known-answer vectors) can pass a
 * deterministic source through the package-private overloads.
 */
@FunctionalInterface
interface RandomBytes {
    void fill(byte[] out);

    RandomBytes SYSTEM = new SecureRandom()::nextBytes;

    default byte[] next(int n) {
        byte[] b = new byte[n];
        fill(b);
        return b;
    }
}
