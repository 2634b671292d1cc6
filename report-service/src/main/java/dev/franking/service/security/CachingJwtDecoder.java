package dev.franking.service.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the tokens another decoder has accepted, keyed by the exact token string. Clients send
 * the same token with many requests, and verifying its RS256 signature again each time took 5 to
 * 10% of the service's CPU under load.
 *
 * <p>A remembered token is given out only while it is still valid now: the same timestamp validator
 * the delegate runs (the service's clock, the same skew) checks {@code exp} and {@code nbf} on
 * every hit, and an entry is kept at most until the token's {@code exp} and at most {@link
 * #MAX_AGE}. That bound is what makes a signing key withdrawn from a JWK set (or a token source
 * that was changed) stop being accepted for tokens already seen within five minutes. A token that
 * fails is never remembered and removes nothing but its own stale entry, so that a bad token is
 * verified every time and cannot push good ones out. Tokens bound to a client certificate ({@code
 * cnf}) are not remembered: their check depends on the request, not on the token alone.
 *
 * <p>Bounded: a Caffeine cache of at most {@link #MAX_ENTRIES} tokens, each with its own expiry
 * (the instant above) on the service's clock. Past the bound, expired entries go first, then the
 * ones least likely to be used again (Caffeine's W-TinyLFU), one at a time: only tokens that passed
 * verification get in, so refilling costs one verification each. Its upkeep runs on the calling
 * thread, so nothing is left behind in a pool. Nothing here logs; a token is a credential.
 */
final class CachingJwtDecoder implements JwtDecoder {
    static final int MAX_ENTRIES = 10_000;
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> timestamps;
    private final Clock clock;
    private final Duration maxAge;
    private final Cache<String, Entry> entries;

    private record Entry(Jwt jwt, Instant until) {}

    /**
     * @param timestamps the {@code exp}/{@code nbf} validator the delegate itself runs, so that a
     *     remembered answer is the answer the delegate would give now
     */
    CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> timestamps, Clock clock) {
        this(delegate, timestamps, clock, MAX_ENTRIES, MAX_AGE);
    }

    CachingJwtDecoder(
            JwtDecoder delegate,
            OAuth2TokenValidator<Jwt> timestamps,
            Clock clock,
            int maxEntries,
            Duration maxAge) {
        this.delegate = delegate;
        this.timestamps = timestamps;
        this.clock = clock;
        this.maxAge = maxAge;
        this.entries =
                Caffeine.newBuilder()
                        .maximumSize(maxEntries)
                        .expireAfter(new UntilExpiry())
                        // the service's clock, which tests move, decides what has expired
                        .ticker(() -> nanos(clock.instant()))
                        .executor(Runnable::run)
                        .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null) {
            return delegate.decode(null);
        }
        Entry e = entries.getIfPresent(token);
        if (e != null) {
            if (clock.instant().isBefore(e.until()) && !timestamps.validate(e.jwt()).hasErrors()) {
                return e.jwt();
            }
            entries.asMap().remove(token, e);
        }
        // the delegate's verdict, exception and all: a failure is thrown before anything is stored
        Jwt jwt = delegate.decode(token);
        if (!jwt.hasClaim("cnf")) {
            remember(token, jwt);
        }
        return jwt;
    }

    private void remember(String token, Jwt jwt) {
        Instant now = clock.instant();
        Instant until = now.plus(maxAge);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (now.isBefore(until)) {
            entries.put(token, new Entry(jwt, until));
        }
    }

    /** How many tokens are remembered. */
    int size() {
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Each entry lives until its own {@code until}; reading or replacing it does not extend it. */
    private static final class UntilExpiry implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String token, Entry e, long currentTime) {
            return Math.max(0, nanos(e.until()) - currentTime);
        }

        @Override
        public long expireAfterUpdate(
                String token, Entry e, long currentTime, long currentDuration) {
            return Math.max(0, nanos(e.until()) - currentTime);
        }

        @Override
        public long expireAfterRead(String token, Entry e, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
