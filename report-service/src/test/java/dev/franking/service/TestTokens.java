package dev.franking.service;

import dev.franking.service.security.JwtKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;

/** A key pair under target/ that the service under test trusts, and tokens signed by it. */
public final class TestTokens {
    private static final Path DIR = Path.of("target", "test-jwt").toAbsolutePath();
    private static KeyPair keys;

    private TestTokens() {}

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

    /**
     * A token for the shared test service of {@link ServiceTestBase}, minted in that service's
     * time.
     */
    public static String token(String sub, String scope) {
        return token(sub, scope, ServiceTestBase.CLOCK);
    }

    /**
     * A token for a service whose clock is {@code clock}: the service checks {@code exp} and {@code
     * nbf} in its own time. Valid for a day of it, more than any test moves the clock while holding
     * a token.
     */
    public static String token(String sub, String scope, Clock clock) {
        return token(sub, scope, clock, Duration.ofDays(1));
    }

    public static String token(String sub, String scope, Clock clock, Duration ttl) {
        return JwtKeys.mint(keys(), sub, scope, ttl, clock.instant());
    }
}
