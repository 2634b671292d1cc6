package dev.franking.service.stampkeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Instances;
import dev.franking.service.Messenger;
import dev.franking.service.TestTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two service instances against one database work side by side: shared keys, one current key, one
 * report.
 */
class TwoInstancesTest {

    @Test
    void twoInstancesShareOneDatabase() throws Exception {
        var props = Instances.external("two_instances");
        try (ConfigurableApplicationContext a = Instances.start(props);
                ConfigurableApplicationContext b = Instances.start(props)) {
            // both rotate at once, many times: never two current keys
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < 16; i++) {
                StampKeyService keys = (i % 2 == 0 ? a : b).getBean(StampKeyService.class);
                fs.add(
                        pool.submit(
                                (Callable<Void>)
                                        () -> {
                                            keys.rotate(now);
                                            return null;
                                        }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM stamp_keys WHERE not_before <= now() AND"
                                            + " issue_until > now()",
                                    Integer.class))
                    .isEqualTo(1);

            // stamped by A, reported to B; the same report again to A is the same report
            Api apiA = new Api(Instances.port(a));
            Api apiB = new Api(Instances.port(b));
            // these instances run on the system clock
            Messenger relay =
                    new Messenger(apiA, TestTokens.token("relay-1", "stamp", Clock.systemUTC()));
            var held =
                    relay.send(
                                    relay.compose(
                                            "m-two", "alice-two", "c-two", "hello", List.of()),
                                    "bob-two")
                            .get(0);
            String token = TestTokens.token("bob-two", "report", Clock.systemUTC());
            Api.Response created =
                    apiB.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Api.Response again =
                    apiA.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("reportId").asString())
                    .isEqualTo(created.json().get("reportId").asString());
            assertThat(
                            apiA.get(
                                            "/api/v2/reports/"
                                                    + created.json().get("reportId").asString(),
                                            token)
                                    .status())
                    .isEqualTo(200);

            // many reports at once through both instances: their batches overlap in reporters and
            // cases, and every invariant still holds
            List<String> senders = List.of("s0-two", "s1-two", "s2-two");
            List<Callable<Integer>> sends = new ArrayList<>();
            for (int m = 0; m < 60; m++) {
                String reporter = "r" + (m % 8) + "-two";
                var h =
                        relay.send(
                                        relay.compose(
                                                "m-" + m + "-two",
                                                senders.get(m % 3),
                                                "c-two",
                                                "hello " + m,
                                                List.of()),
                                        reporter)
                                .get(0);
                Api via = m % 2 == 0 ? apiA : apiB;
                var json = Messenger.reportJson("spam", h);
                sends.add(
                        () ->
                                via.post(
                                                "/api/v2/reports",
                                                TestTokens.token(
                                                        reporter, "report", Clock.systemUTC()),
                                                json)
                                        .status());
                // the same report again, through the other instance
                Api other = via == apiA ? apiB : apiA;
                sends.add(
                        () ->
                                other.post(
                                                "/api/v2/reports",
                                                TestTokens.token(
                                                        reporter, "report", Clock.systemUTC()),
                                                json)
                                        .status());
            }
            ExecutorService senders16 = Executors.newFixedThreadPool(16);
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : senders16.invokeAll(sends)) {
                statuses.add(f.get());
            }
            senders16.shutdown();
            assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(200, 201));
            assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(60);
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM reports WHERE reporter_id LIKE 'r%-two'",
                                    Integer.class))
                    .isEqualTo(60);
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM cases WHERE reported_sender_id LIKE"
                                            + " 's%-two'",
                                    Integer.class))
                    .isEqualTo(3);
            assertThat(
                            jdbc.queryForList(
                                    "SELECT report_count || '/' || distinct_reporters FROM cases"
                                            + " WHERE reported_sender_id LIKE 's%-two' ORDER BY"
                                            + " reported_sender_id",
                                    String.class))
                    .containsExactly("20/8", "20/8", "20/8");
        }
    }
}
