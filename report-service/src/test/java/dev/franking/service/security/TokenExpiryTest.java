package dev.franking.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Bearer tokens expire in the service's time, remembered by the token cache or not. */
class TokenExpiryTest extends ServiceTestBase {
    @Autowired JwtDecoder decoder;

    private Api.Response report(String reporter, String token) {
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        unique("alice"),
                                        unique("c"),
                                        "spam",
                                        List.of()),
                                reporter)
                        .get(0);
        return api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedOnceItHasExpired() {
        // Spring Boot's decoder (from the public-key-location property) is the one wrapped
        assertThat(decoder).isInstanceOf(CachingJwtDecoder.class);
        String bob = unique("bob");
        String token = TestTokens.token(bob, "report", CLOCK, Duration.ofMinutes(2));
        assertThat(report(bob, token).status()).isEqualTo(201);
        assertThat(report(bob, token).status()).isEqualTo(201);

        // 30 s past exp: inside the 60 s clock skew
        CLOCK.advance(Duration.ofMinutes(2).plusSeconds(30));
        assertThat(report(bob, token).status()).isEqualTo(201);

        CLOCK.advance(Duration.ofSeconds(31));
        Api.Response expired = report(bob, token);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.contentType()).startsWith("application/problem+json");
        assertThat(expired.json().get("type").asString()).endsWith("/unauthenticated");
        assertThat(expired.body()).doesNotContain(token);

        // a fresh token for the same reporter still works
        assertThat(report(bob, TestTokens.token(bob, "report")).status()).isEqualTo(201);
    }

    @Test
    void aTokenIsNotAcceptedBeforeItsNotBeforeTime() {
        String bob = unique("bob");
        String early =
                TestTokens.token(
                        bob,
                        "report",
                        Clock.fixed(CLOCK.instant().plus(Duration.ofMinutes(10)), ZoneOffset.UTC),
                        Duration.ofHours(1));
        assertThat(report(bob, early).status()).isEqualTo(401);
        CLOCK.advance(Duration.ofMinutes(10));
        assertThat(report(bob, early).status()).isEqualTo(201);
    }
}
