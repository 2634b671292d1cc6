package dev.franking.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.franking.service.Instances;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The whole service with a connection pool of two and a platform that does not answer: while the
 * webhook call hangs, it holds no database connection and no row lock, so every connection of the
 * pool can be taken at once and the service answers.
 */
class HangingWebhookTest {

    private static final String SCRAPE_TOKEN = "hanging-webhook-test-scraper-token-0123456789";

    private static String get(HttpClient client, ConfigurableApplicationContext ctx, String path)
            throws Exception {
        HttpResponse<String> r =
                client.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:" + Instances.port(ctx) + path))
                                .timeout(Duration.ofSeconds(5))
                                // metrics are for the scraper's token only (issue 14)
                                .header("Authorization", "Bearer " + SCRAPE_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    @Test
    void aPlatformThatHangsHoldsNoConnectionAndNoLock() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        platform.createContext(
                "/hook",
                ex -> {
                    ex.getRequestBody().readAllBytes();
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
        platform.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        platform.start();
        Map<String, Object> props = new HashMap<>(Instances.external("outbox_hanging"));
        props.put("spring.datasource.hikari.maximum-pool-size", "2");
        props.put(
                "reports.platform-webhook.url",
                "http://127.0.0.1:" + platform.getAddress().getPort() + "/hook");
        props.put("reports.metrics.scrape-token", SCRAPE_TOKEN);
        props.put("reports.platform-webhook.secret", "0123456789abcdef0123456789abcdef");
        props.put("reports.platform-webhook.poll", "100ms");
        props.put("reports.platform-webhook.read-timeout", "40s");
        try (ConfigurableApplicationContext ctx = Instances.start(props)) {
            Outbox outbox = ctx.getBean(Outbox.class);
            TransactionTemplate tx = ctx.getBean(TransactionTemplate.class);
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            UUID id =
                    tx.execute(
                            s ->
                                    outbox.enqueue(
                                            PlatformActionPayload.accountAction(
                                                    "warn",
                                                    "acct-hang",
                                                    UUID.randomUUID(),
                                                    "ToS 1",
                                                    Instant.now())));
            assertThat(entered.await(20, TimeUnit.SECONDS)).as("the platform was called").isTrue();

            HikariDataSource pool = ctx.getBean(DataSource.class).unwrap(HikariDataSource.class);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
            HttpClient client = HttpClient.newHttpClient();
            for (int round = 0; round < 3; round++) {
                // the whole pool at once: the hanging call holds none of it
                try (Connection c1 = pool.getConnection();
                        Connection c2 = pool.getConnection()) {
                    try (var s =
                            c1.prepareStatement(
                                    "SELECT id FROM outbox WHERE id = ? AND delivered_at IS NULL"
                                            + " AND lease_owner IS NOT NULL FOR UPDATE NOWAIT")) {
                        s.setObject(1, id);
                        try (ResultSet rs = s.executeQuery()) {
                            assertThat(rs.next()).as("leased, undelivered, not locked").isTrue();
                        }
                    }
                    try (var s =
                                    c2.prepareStatement(
                                            "SELECT count(*) FROM pg_stat_activity WHERE datname"
                                                    + " = current_database() AND state LIKE 'idle"
                                                    + " in transaction%'");
                            ResultSet rs = s.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).as("sessions idle in a transaction").isZero();
                    }
                }
                // the service's own health check takes a connection too: with the pool
                // exhausted it would answer DOWN after the 1 s connection timeout
                assertThat(get(client, ctx, "/actuator/health")).contains("\"UP\"");
                Thread.sleep(300);
            }
            String metrics = get(client, ctx, "/actuator/prometheus");
            assertThat(metrics)
                    .contains(
                            "franking_outbox_entries{kind=\"platform_action\",state=\"in_flight\"}"
                                    + " 1.0")
                    .contains(
                            "franking_outbox_entries{kind=\"platform_action\",state=\"pending\"}"
                                    + " 0.0")
                    .containsPattern(
                            "franking_outbox_oldest_pending_seconds\\{kind=\"platform_action\"\\}"
                                    + " [0-9.]+");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline
                    && !Boolean.TRUE.equals(
                            jdbc.queryForObject(
                                    "SELECT delivered_at IS NOT NULL FROM outbox WHERE id = ?",
                                    Boolean.class,
                                    id))) {
                Thread.sleep(100);
            }
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT delivered_at IS NOT NULL AND lease_owner IS NULL AND"
                                            + " attempts = 1 FROM outbox WHERE id = ?",
                                    Boolean.class,
                                    id))
                    .isTrue();
            Thread.sleep(OutboxMetrics.FRESH.toMillis() + 100);
            assertThat(get(client, ctx, "/actuator/prometheus"))
                    .contains(
                            "franking_outbox_deliveries_total{kind=\"platform_action\",outcome=\"delivered\"}"
                                + " 1.0")
                    .contains(
                            "franking_outbox_entries{kind=\"platform_action\",state=\"in_flight\"}"
                                    + " 0.0");
        } finally {
            release.countDown();
            platform.stop(0);
        }
    }
}
