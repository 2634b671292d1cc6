package dev.franking.service.outbox;

import dev.franking.review.web.ReviewLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PreDestroy;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Side effects go through this table: written in the transaction that decides them, delivered after
 * commit, retried with exponential backoff across failures and restarts. Each entry's id travels
 * with it, so receivers can be idempotent.
 *
 * <p>Delivery ({@link #deliverDue}) never holds a transaction or a row lock while a handler runs,
 * so a slow receiver cannot drain the connection pool that the API needs:
 *
 * <ol>
 *   <li><b>claim</b>: a short transaction picks one due entry ({@code FOR UPDATE SKIP LOCKED}),
 *       counts the attempt and sets a lease ({@code lease_owner}: this claim's own id, {@code
 *       lease_until}); then commits;
 *   <li><b>handle</b>: the {@link Handler} runs with no transaction open; while it runs the lease
 *       is renewed every third of its length, so a long upload keeps it, and a crashed instance's
 *       leases lapse within one lease length and are taken over by another instance;
 *   <li><b>record</b>: a second short transaction locks the row, checks that {@code lease_owner} is
 *       still this claim, runs the outcome's own bookkeeping and records the result. If the lease
 *       was lost (it lapsed and another instance claimed the entry), nothing is recorded: the other
 *       claim's result counts.
 * </ol>
 *
 * <p>An entry that names an earlier one by {@code actionId} (a reversal, its action) is not claimed
 * while that one is undelivered and not failed: a platform never hears of a withdrawal before the
 * action it withdraws, whatever the retries do.
 *
 * <p>Delivery is therefore <b>at least once</b>: an entry whose result could not be recorded (lost
 * lease, crash, database outage after the call) is delivered again. Handlers must be idempotent:
 * the receiver sees the entry's id ({@code X-Franking-Delivery}), the CyberTipline's progress is
 * recorded step by step.
 */
@Component
public class Outbox {
    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** How long a claim holds an entry without renewal; renewed every third of it. */
    static final Duration LEASE = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration lease;
    private final OutboxMetrics metrics;
    private final ScheduledExecutorService renewer;
    private final AtomicBoolean databaseDown = new AtomicBoolean();

    @Autowired
    Outbox(
            JdbcTemplate jdbc,
            PlatformTransactionManager txm,
            Clock clock,
            ObjectProvider<MeterRegistry> registry) {
        this(jdbc, txm, clock, registry.getIfAvailable(SimpleMeterRegistry::new), LEASE);
    }

    /** An outbox with its own lease length (tests: another instance, a short lease). */
    Outbox(
            JdbcTemplate jdbc,
            PlatformTransactionManager txm,
            Clock clock,
            MeterRegistry registry,
            Duration lease) {
        this.jdbc = JdbcClient.create(jdbc);
        this.tx = new TransactionTemplate(txm);
        this.clock = clock;
        this.lease = lease;
        this.metrics = new OutboxMetrics(this.jdbc, clock, registry);
        this.renewer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "outbox-lease-renewal");
                            t.setDaemon(true);
                            return t;
                        });
    }

    OutboxMetrics metrics() {
        return metrics;
    }

    /** Stops renewing leases: this instance's claims lapse as if it had crashed. */
    @PreDestroy
    void close() {
        renewer.shutdownNow();
    }

    /**
     * Queues a message in the caller's transaction; returns its id, which is also put into the
     * payload as {@code id}, before the payload's own fields.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID enqueue(OutboxPayload payload) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql(
                        "INSERT INTO outbox (id, kind, payload, created_at, next_attempt_at) VALUES"
                                + " (?, ?, ?, ?, ?)")
                .params(id, payload.kind().wire(), json(id, payload), now, now)
                .update();
        return id;
    }

    /**
     * The query of {@link #actionInForce}: both lookups are index scans (V24's expression indexes,
     * pinned by OutboxIndexesTest), not a parse of every platform action ever queued.
     */
    static final String ACTION_IN_FORCE =
            "SELECT o.id FROM outbox o WHERE o.kind = 'platform_action' AND"
                    + " o.failed_at IS NULL AND (o.payload::jsonb) ->> 'caseId' = ? AND"
                    + " NOT EXISTS (SELECT 1 FROM outbox r WHERE r.kind = 'platform_action'"
                    + " AND (r.payload::jsonb) ->> 'type' = 'action.reversed' AND"
                    + " (r.payload::jsonb) ->> 'actionId' = o.id::text) AND"
                    + " (o.payload::jsonb) ->> 'type' = 'account_action'"
                    + " ORDER BY o.created_at DESC LIMIT 1";

    /**
     * The platform action of {@code caseId} still in force: the newest {@code account_action} entry
     * for the case that no {@code action.reversed} entry names and that did not fail for good (a
     * failed action never reached the platform). A pending one counts: it may be delivered yet, and
     * the reversal naming it lets the platform drop it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<UUID> actionInForce(UUID caseId) {
        return jdbc.sql(ACTION_IN_FORCE).param(caseId.toString()).query(UUID.class).optional();
    }

    /** A platform action as queued: against whom, for which case. */
    public record QueuedAction(UUID id, String account, UUID caseId) {}

    /** The {@code account_action} entry {@code actionId}, if there is one (appeals). */
    public Optional<QueuedAction> action(UUID actionId) {
        return jdbc.sql(
                        "SELECT id, payload::jsonb ->> 'account' AS account, (payload::jsonb ->>"
                                + " 'caseId')::uuid AS case_id FROM outbox WHERE id = ? AND kind ="
                                + " 'platform_action' AND payload::jsonb ->> 'type' ="
                                + " 'account_action'")
                .param(actionId)
                .query(QueuedAction.class)
                .optional();
    }

    /** The stored JSON: the entry's id first, then the payload's fields in their order. */
    static String json(UUID id, OutboxPayload payload) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", id.toString());
        body.setAll((ObjectNode) JSON.valueToTree(payload));
        return JSON.writeValueAsString(body);
    }

    /**
     * A claimed entry; {@code payload} is the JSON exactly as stored (the platform signs its
     * bytes); {@code attempts} counts the attempts before this one.
     */
    public record Entry(UUID id, OutboxKind kind, String payload, int attempts) {
        /** The payload, read back into its record. */
        public <T extends OutboxPayload> T read(Class<T> type) {
            return JSON.readValue(payload, type);
        }
    }

    /**
     * Delivers one entry. Called with no transaction open and no row locked; it may take minutes
     * (the lease is renewed meanwhile). It must be idempotent: the same entry may be handed over
     * again when a result could not be recorded. An exception is a failure to retry, except a
     * database outage, which leaves the entry to be claimed again once its lease lapses.
     */
    @FunctionalInterface
    public interface Handler {
        Outcome handle(Entry entry);
    }

    /** What became of a delivery. */
    public enum Result {
        /** Acknowledged by the receiver; not delivered again. */
        DELIVERED,
        /** Failed for now; delivered again after a backoff (2 s, 4 s, ... at most an hour). */
        RETRY,
        /** Refused for good or retries exhausted; kept with its reason, never retried. */
        FAILED
    }

    /**
     * A handler's verdict. {@code bookkeeping} (may be null) runs in the transaction that records
     * the verdict, after the lease was found still held, so that the handler's own state changes (a
     * forwarding's status, an audit row) commit together with the outbox's, or not at all.
     */
    public record Outcome(Result result, String error, Runnable bookkeeping) {
        public Outcome {
            if (result == null) {
                throw new IllegalArgumentException("an outcome needs a result");
            }
            error = clip(error);
        }

        public static Outcome delivered() {
            return new Outcome(Result.DELIVERED, null, null);
        }

        public static Outcome delivered(Runnable bookkeeping) {
            return new Outcome(Result.DELIVERED, null, bookkeeping);
        }

        public static Outcome retry(String error) {
            return new Outcome(Result.RETRY, error, null);
        }

        public static Outcome retry(String error, Runnable bookkeeping) {
            return new Outcome(Result.RETRY, error, bookkeeping);
        }

        public static Outcome failed(String reason) {
            return new Outcome(Result.FAILED, reason, null);
        }

        public static Outcome failed(String reason, Runnable bookkeeping) {
            return new Outcome(Result.FAILED, reason, bookkeeping);
        }
    }

    /** A claim: the entry and the lease that holds it. */
    private record Claim(Entry entry, UUID owner) {}

    /** An outbox row as claimed: {@code kind} is the wire name, which is lower case. */
    private record Row(UUID id, String kind, String payload, int attempts) {
        Entry entry() {
            // attempts was counted by the claim; the entry carries the attempts before it
            return new Entry(
                    id, OutboxKind.valueOf(kind.toUpperCase(Locale.ROOT)), payload, attempts - 1);
        }
    }

    /**
     * Claims due entries of {@code kind} one at a time, at most {@code limit}, hands each to {@code
     * handler} outside any transaction and records its outcome; returns how many were delivered.
     * Two instances (or threads) never hold the same entry at once. While the database is
     * unreachable it returns 0 and says so once, at WARN, and once more when it is back.
     */
    public int deliverDue(OutboxKind kind, int limit, Handler handler) {
        int delivered = 0;
        for (int i = 0; i < limit; i++) {
            Optional<Claim> claim;
            try {
                claim = claim(kind);
            } catch (RuntimeException e) {
                if (outage(e)) {
                    return delivered;
                }
                throw e;
            }
            databaseBack();
            if (claim.isEmpty()) {
                break;
            }
            Outcome outcome;
            Runnable stopRenewal = renewWhileHandling(claim.get());
            try {
                outcome = handler.handle(claim.get().entry());
                if (outcome == null) {
                    throw new IllegalStateException("a handler returned no outcome");
                }
            } catch (RuntimeException e) {
                if (outage(e)) {
                    // the lease lapses and the entry is claimed again once the database is back
                    return delivered;
                }
                outcome = Outcome.retry(e.getClass().getSimpleName());
            } finally {
                stopRenewal.run();
            }
            try {
                if (record(claim.get(), outcome) && outcome.result() == Result.DELIVERED) {
                    delivered++;
                }
            } catch (RuntimeException e) {
                if (outage(e)) {
                    return delivered;
                }
                throw e;
            }
        }
        return delivered;
    }

    private Optional<Claim> claim(OutboxKind kind) {
        UUID owner = UUID.randomUUID();
        Instant now = clock.instant();
        return tx.execute(
                s ->
                        jdbc.sql(
                                        "UPDATE outbox SET attempts = attempts + 1, lease_owner ="
                                                + " ?, lease_until = ? WHERE id = (SELECT id FROM"
                                                + " outbox WHERE kind = ? AND delivered_at IS NULL"
                                                + " AND failed_at IS NULL AND next_attempt_at <= ?"
                                                + " AND (lease_until IS NULL OR lease_until <= ?)"
                                                // an entry naming an earlier one (a reversal
                                                // names its action) waits until that one is
                                                // delivered or has failed for good, so the
                                                // platform never hears of a withdrawal before
                                                // the action it withdraws
                                                + " AND NOT EXISTS (SELECT 1 FROM outbox a WHERE"
                                                + " a.id = (outbox.payload::jsonb ->>"
                                                + " 'actionId')::uuid AND a.delivered_at IS NULL"
                                                + " AND a.failed_at IS NULL)"
                                                + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE"
                                                + " SKIP LOCKED) RETURNING id, kind, payload,"
                                                + " attempts")
                                .params(
                                        owner,
                                        Timestamp.from(now.plus(lease)),
                                        kind.wire(),
                                        Timestamp.from(now),
                                        Timestamp.from(now))
                                .query(Row.class)
                                .optional()
                                .map(r -> new Claim(r.entry(), owner)));
    }

    /** Renews {@code c}'s lease until the returned action cancels it. */
    private Runnable renewWhileHandling(Claim c) {
        long period = Math.max(1, lease.toMillis() / 3);
        try {
            ScheduledFuture<?> f =
                    renewer.scheduleAtFixedRate(
                            () -> renew(c), period, period, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> {}; // closed: this instance is going away, and its leases lapse
        }
    }

    private void renew(Claim c) {
        int n;
        try {
            n =
                    jdbc.sql("UPDATE outbox SET lease_until = ? WHERE id = ? AND lease_owner = ?")
                            .params(
                                    Timestamp.from(clock.instant().plus(lease)),
                                    c.entry().id(),
                                    c.owner())
                            .update();
        } catch (RuntimeException e) {
            if (!outage(e)) {
                log.warn("Outbox lease renewal failed: {}", e.toString());
            }
            return; // tried again next period
        }
        if (n == 0) {
            // throwing ends a fixed-rate task: nothing left to renew
            throw new IllegalStateException("lease of outbox entry " + c.entry().id() + " lost");
        }
    }

    /** Records {@code o} if {@code c}'s lease is still held; returns whether it was. */
    private boolean record(Claim c, Outcome o) {
        Entry e = c.entry();
        Boolean held =
                tx.execute(
                        s -> {
                            Optional<Integer> attempts =
                                    jdbc.sql(
                                                    "SELECT attempts FROM outbox WHERE id = ? AND"
                                                            + " lease_owner = ? FOR UPDATE")
                                            .params(e.id(), c.owner())
                                            .query(Integer.class)
                                            .optional();
                            if (attempts.isEmpty()) {
                                return false;
                            }
                            if (o.bookkeeping() != null) {
                                o.bookkeeping().run();
                            }
                            Instant now = clock.instant();
                            switch (o.result()) {
                                case DELIVERED ->
                                        jdbc.sql(
                                                        "UPDATE outbox SET delivered_at = ?,"
                                                                + " last_error = NULL, lease_owner"
                                                                + " = NULL, lease_until = NULL"
                                                                + " WHERE id = ?")
                                                .params(Timestamp.from(now), e.id())
                                                .update();
                                case RETRY ->
                                        jdbc.sql(
                                                        "UPDATE outbox SET next_attempt_at = ?,"
                                                                + " last_error = ?, lease_owner ="
                                                                + " NULL, lease_until = NULL WHERE"
                                                                + " id = ?")
                                                .params(
                                                        Timestamp.from(
                                                                now.plus(backoff(attempts.get()))),
                                                        o.error(),
                                                        e.id())
                                                .update();
                                case FAILED ->
                                        jdbc.sql(
                                                        "UPDATE outbox SET failed_at = ?,"
                                                                + " last_error = ?, lease_owner ="
                                                                + " NULL, lease_until = NULL WHERE"
                                                                + " id = ?")
                                                .params(Timestamp.from(now), o.error(), e.id())
                                                .update();
                            }
                            return true;
                        });
        if (!Boolean.TRUE.equals(held)) {
            metrics.lostLease(e.kind());
            log.info(
                    "Outbox entry {} ({}): the lease was lost during delivery; its result ({}) is"
                            + " not recorded and the entry is delivered again",
                    e.id(),
                    e.kind().wire(),
                    o.result());
            return false;
        }
        metrics.outcome(e.kind(), o.result());
        return true;
    }

    /**
     * Whether {@code e} says the database cannot be reached; the first such failure after a success
     * is logged once at WARN (not a stack trace every poll).
     */
    boolean outage(RuntimeException e) {
        if (!unavailable(e)) {
            return false;
        }
        if (databaseDown.compareAndSet(false, true)) {
            log.warn(
                    "Outbox: the database cannot be reached ({}); deliveries wait until it is"
                            + " back",
                    rootMessage(e));
        }
        return true;
    }

    private void databaseBack() {
        if (databaseDown.compareAndSet(true, false)) {
            log.warn("Outbox: the database is reachable again; deliveries resume");
        }
    }

    /**
     * Whether {@code e} (or a cause) says the database cannot be reached (no connection, a dropped
     * connection, a server shutting down): a handler lets such an exception through rather than
     * failing its entry, and the entry is claimed again once the database is back.
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof TransactionSystemException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08")
                            || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String clip(String error) {
        return error == null || error.length() <= ReviewLimits.ERROR_MAX
                ? error
                : error.substring(0, ReviewLimits.ERROR_MAX);
    }

    /** 2, 4, 8, ... seconds after the {@code attempts}th attempt, at most an hour. */
    static Duration backoff(int attempts) {
        long s = 1L << Math.min(Math.max(attempts, 1), 12);
        return Duration.ofSeconds(Math.min(s, MAX_BACKOFF.toSeconds()));
    }
}
