package dev.franking.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.franking.service.MutableClock;
import dev.franking.service.OutboundHttp;
import dev.franking.service.ReportsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.web.client.RestClient;

/**
 * The platform webhook against a receiver on loopback: a permanent refusal stops at once and shows;
 * 5xx, 408, 429 and timeouts back off and fail after the bounded number of attempts; a configured
 * webhook needs a secret of at least 32 bytes, and the refusal names the setting, never the value.
 */
class PlatformWebhookTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private final List<String> signedBodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int status = 204;
    private volatile long delayMillis;
    private OutboxDatabase db;
    private Outbox outbox;
    private HttpServer server;
    private PlatformWebhook hook;

    @BeforeEach
    void start() throws Exception {
        db = OutboxDatabase.named("outbox_webhook");
        outbox = db.outbox(clock, registry, Outbox.LEASE);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/hook",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    calls.incrementAndGet();
                    String ts = ex.getRequestHeaders().getFirst("X-Franking-Timestamp");
                    if (("sha256=" + hook.sign(ts, body))
                            .equals(ex.getRequestHeaders().getFirst("X-Franking-Signature"))) {
                        signedBodies.add(body);
                    }
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    int s = status;
                    answers.add(s);
                    ex.sendResponseHeaders(s, -1);
                    ex.close();
                });
        // a thread per request: a slow answer does not delay the next request
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        hook = webhook(3);
    }

    private PlatformWebhook webhook(int maxAttempts) {
        RestClient http =
                OutboundHttp.configure(
                                RestClient.builder(), Duration.ofSeconds(2), Duration.ofMillis(500))
                        .build();
        return new PlatformWebhook(
                outbox,
                clock,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                SECRET,
                http,
                null,
                maxAttempts,
                null);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        outbox.close();
    }

    private Map<String, Object> row(UUID id) {
        return db.jdbc.queryForMap(
                "SELECT attempts, delivered_at, failed_at, last_error FROM outbox WHERE id = ?",
                id);
    }

    private double deliveries(String outcome) {
        return registry.get("franking.outbox.deliveries")
                .tag("kind", "platform_action")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void aSignedDeliveryIsAcknowledgedOnce() {
        UUID id = db.enqueue(outbox, "acct-ok", clock);
        assertThat(hook.deliverDue()).isEqualTo(1);
        clock.advance(Duration.ofHours(2));
        assertThat(hook.deliverDue()).isZero();
        assertThat(calls).hasValue(1);
        assertThat(signedBodies).singleElement().asString().contains(id.toString());
        assertThat(row(id).get("delivered_at")).isNotNull();
        assertThat(deliveries("delivered")).isEqualTo(1.0);
    }

    @Test
    void aPermanentRefusalStopsAtOnceKeepsItsReasonAndIsLoggedOnceAtWarn() {
        Logger logger = (Logger) LoggerFactory.getLogger(PlatformWebhook.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            for (int refusal : new int[] {400, 401, 403, 404, 410, 422}) {
                status = refusal;
                int before = calls.get();
                UUID id = db.enqueue(outbox, "acct-" + refusal, clock);
                assertThat(hook.deliverDue()).isZero();
                for (int i = 0; i < 5; i++) {
                    clock.advance(Duration.ofHours(2));
                    hook.deliverDue();
                }
                assertThat(calls.get() - before).as("calls for HTTP %d", refusal).isEqualTo(1);
                Map<String, Object> row = row(id);
                assertThat(row.get("failed_at")).as("HTTP %d", refusal).isNotNull();
                assertThat(row.get("delivered_at")).isNull();
                assertThat((String) row.get("last_error"))
                        .startsWith("HTTP " + refusal)
                        .contains("refused for good");
            }
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).hasSize(6).allMatch(e -> e.getLevel() == Level.WARN);
        assertThat(logs.list.get(0).getFormattedMessage())
                .contains("HTTP 400")
                .doesNotContain(SECRET);
        assertThat(deliveries("failed")).isEqualTo(6.0);
        assertThat(deliveries("retry")).isZero();
        outbox.metrics().refresh();
        assertThat(
                        registry.get("franking.outbox.entries")
                                .tag("kind", "platform_action")
                                .tag("state", "failed")
                                .gauge()
                                .value())
                .isEqualTo(6.0);
    }

    @Test
    void serverErrorsTimeoutsAnd408Or429AreRetriedWithBackoffThenFail() {
        for (int transientStatus : new int[] {500, 503, 408, 429}) {
            status = transientStatus;
            int before = calls.get();
            UUID id = db.enqueue(outbox, "acct-" + transientStatus, clock);
            assertThat(hook.deliverDue()).isZero();
            // not before its backoff: 2 s after the first attempt
            assertThat(hook.deliverDue()).isZero();
            assertThat(calls.get() - before).isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            hook.deliverDue();
            assertThat(calls.get() - before).isEqualTo(2);
            assertThat(row(id).get("failed_at")).isNull();
            clock.advance(Duration.ofSeconds(4));
            hook.deliverDue(); // the third of three attempts: then it fails
            clock.advance(Duration.ofHours(2));
            hook.deliverDue();
            assertThat(calls.get() - before).as("HTTP %d", transientStatus).isEqualTo(3);
            Map<String, Object> row = row(id);
            assertThat(row.get("failed_at")).isNotNull();
            assertThat((String) row.get("last_error"))
                    .isEqualTo("HTTP " + transientStatus + ": gave up after 3 attempts");
            assertThat(row.get("attempts")).isEqualTo(3);
        }
        assertThat(deliveries("retry")).isEqualTo(8.0);
        assertThat(deliveries("failed")).isEqualTo(4.0);
    }

    @Test
    void aTimeoutIsRetriedAndThenDelivered() {
        delayMillis = 1500; // longer than the 500 ms read timeout
        UUID id = db.enqueue(outbox, "acct-slow", clock);
        assertThat(hook.deliverDue()).isZero();
        Map<String, Object> row = row(id);
        assertThat(row.get("failed_at")).isNull();
        assertThat((String) row.get("last_error")).containsIgnoringCase("timeout");
        delayMillis = 0;
        clock.advance(Duration.ofSeconds(2));
        assertThat(hook.deliverDue()).isEqualTo(1);
        assertThat(row(id).get("delivered_at")).isNotNull();
    }

    @Test
    void aConfiguredWebhookNeedsASecretOfAtLeast32Bytes() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        for (String bad : new String[] {null, "", "0123456789abcdef0123456789abcde"}) {
            assertThatThrownBy(() -> new PlatformWebhook(outbox, clock, url, bad))
                    .hasMessageContaining("reports.platform-webhook.secret")
                    .hasMessageContaining("at least 32 bytes");
        }
        assertThat(new PlatformWebhook(outbox, clock, url, SECRET)).isNotNull();
        // not configured: no secret needed, nothing is sent
        assertThat(new PlatformWebhook(outbox, clock, "", null).deliverDue()).isZero();
    }

    @EnableConfigurationProperties(ReportsProperties.class)
    static class Bound {}

    @Test
    void theServiceRefusesToStartWithAShortOrMissingSecretAndNamesTheSettingNotTheValue() {
        ApplicationContextRunner runner =
                new ApplicationContextRunner()
                        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                        .withUserConfiguration(Bound.class);
        String shortSecret = "short-and-secret-value";
        runner.withPropertyValues(
                        "reports.platform-webhook.url=https://platform.example/hook",
                        "reports.platform-webhook.secret=" + shortSecret)
                .run(
                        ctx -> {
                            assertThat(ctx).hasFailed();
                            String all = messages(ctx.getStartupFailure());
                            assertThat(all)
                                    .contains("reports.platform-webhook.secret")
                                    .contains("at least 32 bytes")
                                    .doesNotContain(shortSecret);
                        });
        runner.withPropertyValues("reports.platform-webhook.url=https://platform.example/hook")
                .run(
                        ctx -> {
                            assertThat(ctx).hasFailed();
                            assertThat(messages(ctx.getStartupFailure()))
                                    .contains("reports.platform-webhook.secret")
                                    .contains("not set");
                        });
        runner.withPropertyValues(
                        "reports.platform-webhook.url=https://platform.example/hook",
                        "reports.platform-webhook.secret=" + SECRET)
                .run(
                        ctx -> {
                            assertThat(ctx).hasNotFailed();
                            assertThat(
                                            ctx.getBean(ReportsProperties.class)
                                                    .platformWebhook()
                                                    .maxAttempts())
                                    .isEqualTo(20);
                        });
        // unset URL: the webhook is off, and no secret is asked for
        runner.run(ctx -> assertThat(ctx).hasNotFailed());
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
