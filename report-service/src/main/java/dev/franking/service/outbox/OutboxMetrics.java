package dev.franking.service.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox in Prometheus: {@code franking_outbox_entries{kind,state}} (state: {@code pending},
 * {@code in_flight} (leased), {@code failed}), {@code franking_outbox_oldest_pending_seconds{kind}}
 * (the oldest entry not yet delivered nor failed; 0 when there is none) and {@code
 * franking_outbox_deliveries_total{kind,outcome}} (outcome: {@code delivered}, {@code retry},
 * {@code failed}, {@code lost_lease}). The gauges read the table at most every few seconds,
 * whatever the scrape rate; while the database is unreachable they are NaN.
 */
final class OutboxMetrics {
    /** How long one reading of the table serves the gauges. */
    static final Duration FRESH = Duration.ofSeconds(2);

    enum State {
        PENDING,
        IN_FLIGHT,
        FAILED
    }

    private record Snapshot(
            long readAt, Map<OutboxKind, double[]> counts, Map<OutboxKind, Double> oldest) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<OutboxKind, Map<Outbox.Result, Counter>> outcomes =
            new EnumMap<>(OutboxKind.class);
    private final Map<OutboxKind, Counter> lostLeases = new EnumMap<>(OutboxKind.class);
    private volatile Snapshot snapshot;

    OutboxMetrics(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        for (OutboxKind kind : OutboxKind.values()) {
            Map<Outbox.Result, Counter> byResult = new EnumMap<>(Outbox.Result.class);
            for (Outbox.Result r : Outbox.Result.values()) {
                byResult.put(r, deliveries(registry, kind, r.name().toLowerCase(Locale.ROOT)));
            }
            outcomes.put(kind, byResult);
            lostLeases.put(kind, deliveries(registry, kind, "lost_lease"));
            for (State state : State.values()) {
                Gauge.builder("franking.outbox.entries", this, m -> m.count(kind, state))
                        .description("Outbox entries not delivered, by kind and state")
                        .tag("kind", kind.wire())
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
            Gauge.builder("franking.outbox.oldest.pending", this, m -> m.oldest(kind))
                    .description("Age of the oldest outbox entry neither delivered nor failed")
                    .baseUnit("seconds")
                    .tag("kind", kind.wire())
                    .register(registry);
        }
    }

    private static Counter deliveries(MeterRegistry registry, OutboxKind kind, String outcome) {
        return Counter.builder("franking.outbox.deliveries")
                .description("Outbox delivery attempts, by kind and outcome")
                .tag("kind", kind.wire())
                .tag("outcome", outcome)
                .register(registry);
    }

    void outcome(OutboxKind kind, Outbox.Result result) {
        outcomes.get(kind).get(result).increment();
    }

    void lostLease(OutboxKind kind) {
        lostLeases.get(kind).increment();
    }

    double count(OutboxKind kind, State state) {
        Snapshot s = current();
        return s == null
                ? Double.NaN
                : s.counts().getOrDefault(kind, new double[3])[state.ordinal()];
    }

    double oldest(OutboxKind kind) {
        Snapshot s = current();
        return s == null ? Double.NaN : s.oldest().getOrDefault(kind, 0.0);
    }

    /** Forgets the last reading (tests read right after a change). */
    void refresh() {
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s != null && now - s.readAt() < FRESH.toNanos()) {
            return s;
        }
        try {
            s = read(now);
        } catch (RuntimeException e) {
            // the database is unreachable: Outbox says so in the log; the gauges say NaN
            s = null;
        }
        snapshot = s;
        return s;
    }

    private Snapshot read(long readAt) {
        Instant now = clock.instant();
        Timestamp ts = Timestamp.from(now);
        Map<OutboxKind, double[]> counts = new EnumMap<>(OutboxKind.class);
        Map<OutboxKind, Double> oldest = new EnumMap<>(OutboxKind.class);
        jdbc.sql(
                        "SELECT kind, count(*) FILTER (WHERE lease_until IS NULL OR lease_until <="
                                + " ?) AS pending, count(*) FILTER (WHERE lease_until > ?) AS"
                                + " in_flight, min(created_at) AS oldest FROM outbox WHERE"
                                + " delivered_at IS NULL AND failed_at IS NULL GROUP BY kind")
                .params(ts, ts)
                .query(
                        rs -> {
                            OutboxKind kind = kind(rs.getString("kind"));
                            double[] c = counts.computeIfAbsent(kind, k -> new double[3]);
                            c[State.PENDING.ordinal()] = rs.getLong("pending");
                            c[State.IN_FLIGHT.ordinal()] = rs.getLong("in_flight");
                            Timestamp first = rs.getTimestamp("oldest");
                            oldest.put(
                                    kind,
                                    Math.max(
                                            0,
                                            Duration.between(first.toInstant(), now).toMillis()
                                                    / 1000.0));
                        });
        jdbc.sql(
                        "SELECT kind, count(*) AS failed FROM outbox WHERE failed_at IS NOT NULL"
                                + " GROUP BY kind")
                .query(
                        rs -> {
                            counts.computeIfAbsent(kind(rs.getString("kind")), k -> new double[3])[
                                            State.FAILED.ordinal()] =
                                    rs.getLong("failed");
                        });
        return new Snapshot(readAt, counts, oldest);
    }

    private static OutboxKind kind(String wire) {
        return OutboxKind.valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
