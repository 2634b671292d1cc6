package dev.franking.service.stampkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.service.Api;
import dev.franking.service.Instances;
import dev.franking.service.Messenger;
import dev.franking.service.MutableClock;
import dev.franking.service.TestTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Stamp key rotation and expiry (PROTOCOL.md §3) with a controlled clock. */
class KeyLifecycleTest {

    @Test
    void keysRotateDailyAndExpireAfterTheReportingWindow() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        try (ConfigurableApplicationContext ctx =
                Instances.start(Instances.external("key_lifecycle"), clock)) {
            Api api = new Api(Instances.port(ctx));
            Messenger m = new Messenger(api, () -> TestTokens.token("relay-1", "stamp", clock));
            StampKeyService keys = ctx.getBean(StampKeyService.class);
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);

            var day1 = m.send(m.compose("m1", "alice", "c1", "day one", List.of()), "bob").get(0);
            clock.advance(Duration.ofHours(25));
            keys.scheduled();
            var day2 = m.send(m.compose("m2", "alice", "c1", "day two", List.of()), "bob").get(0);
            assertThat(day2.kid()).isNotEqualTo(day1.kid());
            assertThat(day2.receivedAt()).isEqualTo(clock.millis());

            // within the window, a stamp under yesterday's key still verifies
            String bob = TestTokens.token("bob", "report", clock);
            assertThat(
                            api.post("/api/v2/reports", bob, Messenger.reportJson("spam", day1))
                                    .status())
                    .isEqualTo(201);

            // never two current keys at any instant (the hour in which no job ran and no stamp was
            // asked for had none)
            for (Instant t = Instant.parse("2026-12-01T00:00:00Z");
                    !t.isAfter(clock.instant());
                    t = t.plus(Duration.ofMinutes(30))) {
                assertThat(
                                jdbc.queryForObject(
                                        "SELECT count(*) FROM stamp_keys WHERE not_before <= ? AND"
                                                + " issue_until > ?",
                                        Integer.class,
                                        Timestamp.from(t),
                                        Timestamp.from(t)))
                        .as("keys issuing at " + t)
                        .isLessThanOrEqualTo(1);
            }
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM stamp_keys WHERE not_before <= ? AND"
                                            + " issue_until > ?",
                                    Integer.class,
                                    Timestamp.from(clock.instant()),
                                    Timestamp.from(clock.instant())))
                    .isEqualTo(1);
            // the job keeps the next key ready: a key issues through the next two check intervals
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM stamp_keys WHERE not_before <= ? AND"
                                            + " issue_until > ?",
                                    Integer.class,
                                    Timestamp.from(clock.instant().plus(Duration.ofHours(2))),
                                    Timestamp.from(clock.instant().plus(Duration.ofHours(2)))))
                    .isEqualTo(1);
            // and the database itself refuses an overlapping key, whatever an instance does
            assertThatThrownBy(
                            () ->
                                    jdbc.update(
                                            "INSERT INTO stamp_keys (kid, wrapped_key, not_before,"
                                                    + " issue_until, expires_at, created_at) VALUES"
                                                    + " ('k-overlap', '\\x00', ?, ?, ?, ?)",
                                            Timestamp.from(clock.instant()),
                                            Timestamp.from(clock.instant().plusSeconds(60)),
                                            Timestamp.from(clock.instant().plusSeconds(120)),
                                            Timestamp.from(clock.instant())))
                    .hasMessageContaining("stamp_keys");

            // day one's key: issued until day 2, verifiable 90 days after; then destroyed
            clock.advance(Duration.ofDays(89));
            keys.scheduled();
            var day90 =
                    m.send(m.compose("m3", "alice", "c1", "day ninety", List.of()), "carol").get(0);
            String carol = TestTokens.token("carol", "report", clock);
            assertThat(
                            api.post("/api/v2/reports", carol, Messenger.reportJson("spam", day90))
                                    .status())
                    .isEqualTo(201);
            // day one's key expires a day before day two's: a day on, only day one's is gone
            clock.advance(Duration.ofDays(1));
            keys.scheduled();
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT wrapped_key IS NULL AND destroyed_at IS NOT NULL FROM"
                                            + " stamp_keys WHERE kid = ?",
                                    Boolean.class,
                                    day1.kid()))
                    .isTrue();
            // v2 (PROTOCOL.md §5): the report bob already made is a repeat, answered with the
            // stored report before any key is looked up
            assertThat(
                            api.post(
                                            "/api/v2/reports",
                                            TestTokens.token("bob", "report", clock),
                                            Messenger.reportJson("spam", day1))
                                    .status())
                    .isEqualTo(200);
            // any new report that holds day one's message is refused: its key is gone
            Api.Response expired =
                    api.post(
                            "/api/v2/reports",
                            TestTokens.token("bob", "report", clock),
                            Messenger.reportJson("spam", day2, day1));
            assertThat(expired.status()).isEqualTo(422);
            assertThat(expired.json().get("type").asString()).endsWith("/stamp_expired");
            assertThat(expired.json().get("failures").get(0).get("index").asInt()).isEqualTo(1);
            // day two's key is still inside its window
            assertThat(
                            api.post(
                                            "/api/v2/reports",
                                            TestTokens.token("bob", "report", clock),
                                            Messenger.reportJson("spam", day2))
                                    .status())
                    .isEqualTo(201);
        }
    }
}
