package dev.franking.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.franking.service.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Outbox leases on a real PostgreSQL: the handler runs with no transaction and no row lock; two
 * instances never deliver one entry at once; a crashed instance's lease lapses and is taken over,
 * and its late result is not recorded; a database outage is logged once, not every poll.
 */
class OutboxLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(3);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<Outbox> instances = new ArrayList<>();
    private OutboxDatabase db;

    @BeforeEach
    void database() {
        db = OutboxDatabase.named("outbox_leases");
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(Outbox::close);
    }

    private Outbox instance(SimpleMeterRegistry registry) {
        Outbox o = db.outbox(clock, registry, LEASE);
        instances.add(o);
        return o;
    }

    /**
     * Whether another session can lock the entry's row within a few tries. One try is not enough:
     * another instance's claim that read the row before its lease was committed locks it while
     * rechecking it (PostgreSQL keeps a row lock taken by FOR UPDATE even when the row then fails
     * the recheck) until that claim's short transaction ends. A lock held for the whole call fails
     * every try.
     */
    private boolean rowIsFree(UUID id) {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (rowIsFreeNow(id)) {
                return true;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private boolean rowIsFreeNow(UUID id) {
        try (Connection c = db.dataSource.getConnection();
                var s =
                        c.prepareStatement(
                                "SELECT id FROM outbox WHERE id = ? FOR UPDATE NOWAIT")) {
            s.setObject(1, id);
            s.executeQuery().close();
            return true;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) { // lock_not_available
                return false;
            }
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoInstancesNeverDeliverTheSameEntryAtOnceAndNoLockIsHeldDuringTheCall() throws Exception {
        Outbox a = instance(new SimpleMeterRegistry());
        Outbox b = instance(new SimpleMeterRegistry());
        Set<UUID> queued = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 40; i++) {
            queued.add(db.enqueue(i % 2 == 0 ? a : b, "acct-" + i, clock));
        }
        Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
        Map<UUID, AtomicInteger> handled = new ConcurrentHashMap<>();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        Outbox.Handler handler =
                e -> {
                    if (!inFlight.add(e.id())) {
                        violations.add("delivered twice at once: " + e.id());
                    }
                    if (TransactionSynchronizationManager.isActualTransactionActive()) {
                        violations.add("a transaction is open during the call");
                    }
                    if (!rowIsFree(e.id())) {
                        violations.add("the row is locked during the call: " + e.id());
                    }
                    handled.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    inFlight.remove(e.id());
                    return Outbox.Outcome.delivered();
                };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger delivered = new AtomicInteger();
        try {
            List<Future<?>> polls = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Outbox instance = t % 2 == 0 ? a : b;
                polls.add(
                        pool.submit(
                                () -> {
                                    for (int round = 0; round < 20; round++) {
                                        delivered.addAndGet(
                                                instance.deliverDue(
                                                        OutboxKind.PLATFORM_ACTION, 3, handler));
                                    }
                                }));
            }
            for (Future<?> f : polls) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(violations).isEmpty();
        assertThat(handled.keySet()).isEqualTo(queued);
        assertThat(handled.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(delivered.get()).isEqualTo(40);
        assertThat(
                        db.jdbc.queryForObject(
                                "SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL AND"
                                        + " lease_owner IS NULL AND attempts = 1",
                                Integer.class))
                .isEqualTo(40);
    }

    @Test
    void aLiveInstanceKeepsItsLeaseAndACrashedOnesIsTakenOverWithoutItsLateResult()
            throws Exception {
        SimpleMeterRegistry registryA = new SimpleMeterRegistry();
        Outbox a = instance(registryA);
        Outbox b = instance(new SimpleMeterRegistry());
        UUID id = db.enqueue(a, "acct-slow", clock);

        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService aThread = Executors.newSingleThreadExecutor();
        Future<Integer> aResult =
                aThread.submit(
                        () ->
                                a.deliverDue(
                                        OutboxKind.PLATFORM_ACTION,
                                        1,
                                        e -> {
                                            entered.countDown();
                                            try {
                                                release.await(30, TimeUnit.SECONDS);
                                            } catch (InterruptedException ex) {
                                                Thread.currentThread().interrupt();
                                            }
                                            return Outbox.Outcome.delivered();
                                        }));
        try {
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicInteger bCalls = new AtomicInteger();
            Outbox.Handler bHandler =
                    e -> {
                        bCalls.incrementAndGet();
                        return Outbox.Outcome.delivered();
                    };

            // alive: A renews its lease (every LEASE / 3) past the clock's jump, B keeps off
            clock.advance(LEASE.plusSeconds(1));
            Instant jumped = clock.instant();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!leaseUntil(id).isAfter(jumped) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(leaseUntil(id)).isAfter(jumped);
            assertThat(b.deliverDue(OutboxKind.PLATFORM_ACTION, 5, bHandler)).isZero();
            assertThat(bCalls).hasValue(0);

            // A "crashes": its renewals stop, its call never returns in time
            a.close();
            clock.advance(LEASE.plusSeconds(1));
            assertThat(b.deliverDue(OutboxKind.PLATFORM_ACTION, 5, bHandler)).isEqualTo(1);
            assertThat(bCalls).hasValue(1);
        } finally {
            release.countDown();
        }
        // A's late result: the lease is B's now; A records nothing
        assertThat(aResult.get(10, TimeUnit.SECONDS)).isZero();
        aThread.shutdown();
        Map<String, Object> row =
                db.jdbc.queryForMap(
                        "SELECT attempts, delivered_at, lease_owner, failed_at FROM outbox WHERE"
                                + " id = ?",
                        id);
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("delivered_at")).isNotNull();
        assertThat(row.get("lease_owner")).isNull();
        assertThat(row.get("failed_at")).isNull();
        assertThat(
                        registryA
                                .get("franking.outbox.deliveries")
                                .tag("kind", "platform_action")
                                .tag("outcome", "lost_lease")
                                .counter()
                                .count())
                .isEqualTo(1.0);
        assertThat(
                        registryA
                                .get("franking.outbox.deliveries")
                                .tag("kind", "platform_action")
                                .tag("outcome", "delivered")
                                .counter()
                                .count())
                .isZero();
    }

    private Instant leaseUntil(UUID id) {
        java.sql.Timestamp t =
                db.jdbc.queryForObject(
                        "SELECT lease_until FROM outbox WHERE id = ?",
                        java.sql.Timestamp.class,
                        id);
        return t == null ? Instant.MIN : t.toInstant();
    }

    @Test
    void aRetryWaitsItsBackoffAndAFailureIsKeptWithItsReasonAndCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Outbox o = instance(registry);
        UUID retried = db.enqueue(o, "acct-retry", clock);
        clock.advance(Duration.ofMinutes(10));
        UUID refused = db.enqueue(o, "acct-refused", clock);
        Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
        Outbox.Handler handler =
                e -> {
                    calls.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
                    return e.id().equals(refused)
                            ? Outbox.Outcome.failed("HTTP 410: refused for good")
                            : Outbox.Outcome.retry("HTTP 503");
                };
        assertThat(o.deliverDue(OutboxKind.PLATFORM_ACTION, 10, handler)).isZero();
        // neither is due again at once: the retry waits 2 s, the failure for ever
        assertThat(o.deliverDue(OutboxKind.PLATFORM_ACTION, 10, handler)).isZero();
        assertThat(calls.get(retried)).hasValue(1);
        assertThat(calls.get(refused)).hasValue(1);
        clock.advance(Outbox.backoff(1));
        o.deliverDue(OutboxKind.PLATFORM_ACTION, 10, handler);
        clock.advance(Duration.ofDays(30));
        o.deliverDue(OutboxKind.PLATFORM_ACTION, 10, handler);
        assertThat(calls.get(retried)).hasValue(3);
        assertThat(calls.get(refused)).hasValue(1);
        assertThat(
                        db.jdbc.queryForObject(
                                "SELECT last_error FROM outbox WHERE id = ? AND failed_at IS NOT"
                                        + " NULL AND delivered_at IS NULL",
                                String.class,
                                refused))
                .isEqualTo("HTTP 410: refused for good");

        o.metrics().refresh();
        String kind = "platform_action";
        assertThat(gauge(registry, kind, "failed")).isEqualTo(1.0);
        assertThat(gauge(registry, kind, "pending")).isEqualTo(1.0);
        assertThat(gauge(registry, kind, "in_flight")).isZero();
        // the retried one has waited since it was queued: 10 minutes and 30 days ago
        assertThat(registry.get("franking.outbox.oldest.pending").tag("kind", kind).gauge().value())
                .isEqualTo(Duration.ofDays(30).plusMinutes(10).plus(Outbox.backoff(1)).toSeconds());
        assertThat(count(registry, kind, "retry")).isEqualTo(3.0);
        assertThat(count(registry, kind, "failed")).isEqualTo(1.0);
        assertThat(gauge(registry, "forward", "pending")).isZero();
    }

    private static double gauge(SimpleMeterRegistry r, String kind, String state) {
        return r.get("franking.outbox.entries")
                .tag("kind", kind)
                .tag("state", state)
                .gauge()
                .value();
    }

    private static double count(SimpleMeterRegistry r, String kind, String outcome) {
        return r.get("franking.outbox.deliveries")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    /** A data source that is the test database, or, during an "outage", a port nobody serves. */
    private static final class Switchable extends AbstractDataSource {
        final AtomicBoolean down = new AtomicBoolean();
        private final DataSource up;
        private final DataSource dead =
                new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "x", "x");

        Switchable(DataSource up) {
            this.up = up;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return (down.get() ? dead : up).getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }
    }

    @Test
    void aDatabaseOutageIsLoggedOnceWhenItStartsAndOnceWhenItEndsNeverAsAnErrorEveryPoll() {
        Switchable ds = new Switchable(db.dataSource);
        Outbox o =
                new Outbox(
                        new JdbcTemplate(ds),
                        new DataSourceTransactionManager(ds),
                        clock,
                        new SimpleMeterRegistry(),
                        LEASE);
        instances.add(o);
        UUID id = db.enqueue(o, "acct-outage", clock);
        Logger logger = (Logger) LoggerFactory.getLogger(Outbox.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        AtomicInteger calls = new AtomicInteger();
        Outbox.Handler handler =
                e -> {
                    calls.incrementAndGet();
                    return Outbox.Outcome.delivered();
                };
        try {
            ds.down.set(true);
            for (int poll = 0; poll < 5; poll++) {
                assertThat(o.deliverDue(OutboxKind.PLATFORM_ACTION, 5, handler)).isZero();
            }
            assertThat(calls).hasValue(0);
            assertThat(logs.list).hasSize(1);
            assertThat(logs.list.get(0).getLevel()).isEqualTo(Level.WARN);
            assertThat(logs.list.get(0).getFormattedMessage())
                    .contains("database cannot be reached");
            assertThat(logs.list.get(0).getThrowableProxy()).isNull();

            ds.down.set(false);
            assertThat(o.deliverDue(OutboxKind.PLATFORM_ACTION, 5, handler)).isEqualTo(1);
            assertThat(o.deliverDue(OutboxKind.PLATFORM_ACTION, 5, handler)).isZero();
            assertThat(logs.list).hasSize(2);
            assertThat(logs.list.get(1).getLevel()).isEqualTo(Level.WARN);
            assertThat(logs.list.get(1).getFormattedMessage()).contains("reachable again");
            assertThat(
                            db.jdbc.queryForObject(
                                    "SELECT delivered_at IS NOT NULL FROM outbox WHERE id = ?",
                                    Boolean.class,
                                    id))
                    .isTrue();
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void aHandlerThatMeetsTheOutageLeavesTheEntryToItsLeaseAndNothingIsRecordedWrongly() {
        Outbox o = instance(new SimpleMeterRegistry());
        UUID id = db.enqueue(o, "acct-midway", clock);
        Outbox.Handler broken =
                e -> {
                    throw new org.springframework.jdbc.CannotGetJdbcConnectionException(
                            "test", new SQLException("refused", "08001"));
                };
        assertThat(o.deliverDue(OutboxKind.PLATFORM_ACTION, 5, broken)).isZero();
        // still leased, not failed: claimed again once the lease lapses
        assertThat(
                        db.jdbc.queryForObject(
                                "SELECT failed_at IS NULL AND lease_owner IS NOT NULL FROM outbox"
                                        + " WHERE id = ?",
                                Boolean.class,
                                id))
                .isTrue();
        assertThat(o.deliverDue(OutboxKind.PLATFORM_ACTION, 5, e -> Outbox.Outcome.delivered()))
                .isZero();
        o.close(); // no renewal, as after a crash
        clock.advance(LEASE.plusSeconds(1));
        assertThat(o.deliverDue(OutboxKind.PLATFORM_ACTION, 5, e -> Outbox.Outcome.delivered()))
                .isEqualTo(1);
    }
}
