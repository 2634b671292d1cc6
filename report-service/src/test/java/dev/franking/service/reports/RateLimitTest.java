package dev.franking.service.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * At most 20 reports an hour per reporter (configured in ServiceTestBase): then 429 with
 * Retry-After.
 */
class RateLimitTest extends ServiceTestBase {

    @Test
    void theTwentyFirstReportInAnHourIsRefused() {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        String token = TestTokens.token(bob, "report");
        Messenger.Held last = null;
        for (int i = 0; i < 21; i++) {
            last =
                    messenger
                            .send(
                                    messenger.compose(
                                            unique("m"), alice, conv, "spam " + i, List.of()),
                                    bob)
                            .get(0);
            Api.Response r = api.post("/api/v2/reports", token, Messenger.reportJson("spam", last));
            if (i < 20) {
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            } else {
                assertThat(r.status()).isEqualTo(429);
                assertThat(r.json().get("type").asString()).endsWith("/rate_limited");
                long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
                assertThat(retry).isBetween(1L, 3600L);
            }
        }
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM reports WHERE reporter_id = ?",
                                Integer.class,
                                bob))
                .isEqualTo(20);
        // another reporter is not affected
        String carol = unique("carol");
        var h =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "spam", List.of()), carol)
                        .get(0);
        assertThat(
                        api.post(
                                        "/api/v2/reports",
                                        TestTokens.token(carol, "report"),
                                        Messenger.reportJson("spam", h))
                                .status())
                .isEqualTo(201);
        // an hour later bob may report again
        CLOCK.advance(Duration.ofMinutes(61));
        var again =
                messenger
                        .send(messenger.compose(unique("m"), alice, conv, "spam", List.of()), bob)
                        .get(0);
        assertThat(api.post("/api/v2/reports", token, Messenger.reportJson("spam", again)).status())
                .isEqualTo(201);
    }
}
