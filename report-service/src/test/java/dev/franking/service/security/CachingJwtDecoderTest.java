package dev.franking.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.service.MutableClock;
import dev.franking.service.TestTokens;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The token cache against a real RS256 decoder that checks times on a clock the test moves. */
class CachingJwtDecoderTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T06:00:00Z"));
    private final JwtTimestampValidator timestamps = new JwtTimestampValidator();
    private final AtomicInteger verified = new AtomicInteger();
    private final JwtDecoder counting;

    CachingJwtDecoderTest() {
        timestamps.setClock(clock);
        NimbusJwtDecoder nimbus =
                NimbusJwtDecoder.withPublicKey((RSAPublicKey) TestTokens.keys().getPublic())
                        .build();
        nimbus.setJwtValidator(JwtValidators.createDefaultWithValidators(timestamps));
        counting =
                token -> {
                    verified.incrementAndGet();
                    return nimbus.decode(token);
                };
    }

    private CachingJwtDecoder cache() {
        return new CachingJwtDecoder(counting, timestamps, clock);
    }

    private String token(String sub, Duration ttl) {
        return TestTokens.token(sub, "report", clock, ttl);
    }

    @Test
    void aTokenIsVerifiedOnceForManyRequests() {
        CachingJwtDecoder cache = cache();
        String token = token("bob", Duration.ofHours(1));
        for (int i = 0; i < 100; i++) {
            Jwt jwt = cache.decode(token);
            assertThat(jwt.getSubject()).isEqualTo("bob");
            assertThat(jwt.getClaimAsString("scope")).isEqualTo("report");
        }
        assertThat(verified).hasValue(1);
    }

    @Test
    void anExpiredTokenIsRejectedThoughItWasRemembered() {
        CachingJwtDecoder cache =
                new CachingJwtDecoder(counting, timestamps, clock, 100, Duration.ofHours(1));
        String token = token("bob", Duration.ofMinutes(2));
        cache.decode(token);
        cache.decode(token);
        assertThat(verified).hasValue(1);

        // within the 60 s skew after exp it is still good, as for the decoder itself
        clock.advance(Duration.ofMinutes(2).plusSeconds(30));
        assertThat(cache.decode(token).getSubject()).isEqualTo("bob");
        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> cache.decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageNotContaining(token);
        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aRememberedTokenIsCheckedAgainstTheClockOnEveryHit() {
        CachingJwtDecoder cache =
                new CachingJwtDecoder(counting, timestamps, clock, 100, Duration.ofHours(1));
        String token = token("bob", Duration.ofHours(1));
        cache.decode(token);
        // time set back to before the token's nbf: the entry is still there, but the token is not
        // valid now
        clock.advance(Duration.ofMinutes(-10));
        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtValidationException.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(cache.decode(token).getSubject()).isEqualTo("bob");
    }

    @Test
    void aTamperedTokenIsRejectedEveryTimeAndPushesNothingOut() {
        CachingJwtDecoder cache = cache();
        String good = token("bob", Duration.ofHours(1));
        cache.decode(good);
        String[] parts = good.split("\\.");
        String forgedClaims =
                java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                "{\"sub\":\"mallory\",\"scope\":\"report stamp\"}".getBytes());
        String tampered = parts[0] + "." + forgedClaims + "." + parts[2];
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cache.decode(tampered)).isInstanceOf(BadJwtException.class);
        }
        assertThat(verified).hasValue(1 + 3);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.decode(good).getSubject()).isEqualTo("bob");
        assertThat(verified).hasValue(4);
    }

    @Test
    void theCacheStaysBounded() {
        CachingJwtDecoder cache =
                new CachingJwtDecoder(counting, timestamps, clock, 8, Duration.ofMinutes(5));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tokens.add(token("user-" + i, Duration.ofHours(1)));
        }
        for (String t : tokens) {
            cache.decode(t);
            assertThat(cache.size()).isBetween(1, 8);
        }
        // the most recent token is among those kept
        int before = verified.get();
        cache.decode(tokens.get(tokens.size() - 1));
        assertThat(verified).hasValue(before);
    }

    @Test
    void aFullCacheMakesRoomOneEntryAtATimeInsteadOfForgettingEverything() {
        CachingJwtDecoder cache =
                new CachingJwtDecoder(counting, timestamps, clock, 8, Duration.ofMinutes(5));
        for (int i = 0; i < 9; i++) {
            cache.decode(token("user-" + i, Duration.ofHours(1)));
        }
        // the old cache cleared all eight on the ninth token; now one makes room for it
        assertThat(cache.size()).isEqualTo(8);
        for (int i = 0; i < 50; i++) {
            cache.decode(token("more-" + i, Duration.ofHours(1)));
            assertThat(cache.size()).isEqualTo(8);
        }
    }

    @Test
    void staleEntriesGoFirstWhenTheCacheIsFull() {
        CachingJwtDecoder cache =
                new CachingJwtDecoder(counting, timestamps, clock, 4, Duration.ofMinutes(5));
        cache.decode(token("short-1", Duration.ofMinutes(1)));
        cache.decode(token("short-2", Duration.ofMinutes(1)));
        String a = token("a", Duration.ofHours(1));
        String b = token("b", Duration.ofHours(1));
        cache.decode(a);
        cache.decode(b);
        clock.advance(Duration.ofMinutes(2));
        cache.decode(token("c", Duration.ofHours(1)));
        assertThat(cache.size()).isEqualTo(3);
        int before = verified.get();
        cache.decode(a);
        cache.decode(b);
        assertThat(verified).hasValue(before);
    }

    @Test
    void anEntryLivesAtMostFiveMinutesSoThatAWithdrawnKeyStopsWorking() {
        CachingJwtDecoder cache = cache();
        String token = token("bob", Duration.ofDays(1));
        cache.decode(token);
        clock.advance(CachingJwtDecoder.MAX_AGE.minusSeconds(1));
        cache.decode(token);
        assertThat(verified).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        cache.decode(token);
        assertThat(verified).hasValue(2);
    }

    @Test
    void aTokenBoundToAClientCertificateIsNotRemembered() {
        AtomicInteger calls = new AtomicInteger();
        JwtDecoder bound =
                token -> {
                    calls.incrementAndGet();
                    return Jwt.withTokenValue(token)
                            .header("alg", "RS256")
                            .subject("bob")
                            .claim("cnf", Map.of("x5t#S256", "abc"))
                            .expiresAt(clock.instant().plusSeconds(600))
                            .build();
                };
        CachingJwtDecoder cache = new CachingJwtDecoder(bound, timestamps, clock);
        cache.decode("t");
        cache.decode("t");
        assertThat(calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }
}
