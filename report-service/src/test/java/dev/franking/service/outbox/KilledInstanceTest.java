package dev.franking.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.franking.service.Instances;
import dev.franking.service.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A service instance (a real child JVM) is killed with SIGKILL while its webhook call hangs: its
 * lease stays until it lapses, then another instance takes the entry over and delivers it.
 */
class KilledInstanceTest {

    @Test
    void theLeaseOfAKilledInstanceLapsesAndIsTakenOver() throws Exception {
        OutboxDatabase db = OutboxDatabase.named("outbox_killed");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        HttpServer platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        platform.createContext(
                "/hook",
                ex -> {
                    ex.getRequestBody().readAllBytes();
                    calls.incrementAndGet();
                    entered.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
        platform.setExecutor(Executors.newCachedThreadPool());
        platform.start();

        Outbox survivorAtNow =
                db.outbox(Clock.systemUTC(), new SimpleMeterRegistry(), Outbox.LEASE);
        UUID id = db.enqueue(survivorAtNow, "acct-killed", Clock.systemUTC());

        Map<String, Object> props = new HashMap<>(Instances.external("outbox_killed"));
        props.put(
                "reports.platform-webhook.url",
                "http://127.0.0.1:" + platform.getAddress().getPort() + "/hook");
        props.put("reports.platform-webhook.secret", "0123456789abcdef0123456789abcdef");
        props.put("reports.platform-webhook.poll", "200ms");
        props.put("reports.platform-webhook.read-timeout", "5m");
        props.put("reports.stamp-keys.check-interval", "1h");
        Path dir = Files.createDirectories(Path.of("target", "outbox-killed"));
        props.put("reports.data-dir", dir.resolve("data").toAbsolutePath().toString());
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add("dev.franking.service.ReportServiceApplication");
        cmd.add("--server.port=0");
        props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Process child =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("child.log").toFile())
                        .start();
        try {
            assertThat(entered.await(180, TimeUnit.SECONDS))
                    .as(
                            "the child instance called the platform; see"
                                    + " target/outbox-killed/child.log")
                    .isTrue();
            Map<String, Object> leased =
                    db.jdbc.queryForMap(
                            "SELECT lease_owner, lease_until, attempts FROM outbox WHERE id = ?",
                            id);
            assertThat(leased.get("lease_owner")).isNotNull();
            assertThat(leased.get("attempts")).isEqualTo(1);

            new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();

            // its lease still holds: the survivor keeps off
            AtomicInteger survivorCalls = new AtomicInteger();
            Outbox.Handler handler =
                    e -> {
                        survivorCalls.incrementAndGet();
                        return Outbox.Outcome.delivered();
                    };
            assertThat(survivorAtNow.deliverDue(OutboxKind.PLATFORM_ACTION, 5, handler)).isZero();
            assertThat(survivorCalls).hasValue(0);

            // nobody renews it: once it lapses (a clock past lease_until), the survivor takes over
            Instant until = ((Timestamp) leased.get("lease_until")).toInstant();
            Outbox survivorLater =
                    db.outbox(
                            new MutableClock(until.plusSeconds(1)),
                            new SimpleMeterRegistry(),
                            Outbox.LEASE);
            try {
                assertThat(survivorLater.deliverDue(OutboxKind.PLATFORM_ACTION, 5, handler))
                        .isEqualTo(1);
            } finally {
                survivorLater.close();
            }
            assertThat(survivorCalls).hasValue(1);
            assertThat(
                            db.jdbc.queryForObject(
                                    "SELECT delivered_at IS NOT NULL AND lease_owner IS NULL AND"
                                            + " attempts = 2 FROM outbox WHERE id = ?",
                                    Boolean.class,
                                    id))
                    .isTrue();
            assertThat(calls).hasValue(1);
        } finally {
            release.countDown();
            child.destroyForcibly();
            survivorAtNow.close();
            platform.stop(0);
        }
    }
}
