package dev.franking.service;

import dev.franking.service.security.JwtKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;

/** A key pair under target/ that the service under test trusts, and tokens signed by it. */
public final class TestTokens {
    private static final Path DIR = Path.of("target", "test-jwt").toAbsolutePath();
    private static KeyPair keys;

    private TestTokens() {
    }

    public static synchronized KeyPair keys() {
        if (keys == null) {
            try {
                keys = JwtKeys.loadOrCreate(DIR);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    public static String publicKeyLocation() {
        keys();
        return "file:" + DIR.resolve("public.pem");
    }

    public static String token(String sub, String scope) {
        // real time: the JWT decoder checks expiry against the system clock, not the service's test clock
        return JwtKeys.mint(keys(), sub, scope, Duration.ofHours(1), Instant.now());
    }
}
