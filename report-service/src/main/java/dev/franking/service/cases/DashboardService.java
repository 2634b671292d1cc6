package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.DashboardStats;
import dev.franking.review.model.Views.DayCount;
import dev.franking.review.model.Views.ModeratorFigures;
import dev.franking.service.reports.ReportRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Counts for the admin dashboard; aggregates only, no identifiers. */
@Service
class DashboardService implements ReviewPorts.Dashboard {
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final AccountHistory history;
    private final Clock clock;
    private final TransactionTemplate tx;

    /**
     * The unassigned cases past target, counted at most once a minute: the count reads most of the
     * open cases' index (a million entries on a bad day, hundreds of milliseconds), so a page view
     * must not pay for it. The claimed cases' figures are counted live (few rows).
     */
    private volatile Snapshot unassigned;

    record Snapshot(Instant at, long count) {}

    static final Duration SNAPSHOT_AGE = Duration.ofMinutes(1);

    /** The shared snapshot's name in {@code dashboard_snapshots}. */
    static final String UNASSIGNED = "unassigned_past_target";

    /**
     * Held (transaction-scoped) by the one instance taking the shared count, so that the others do
     * not take it too.
     */
    static final long SNAPSHOT_LOCK = 0x4441534853L; // "DASHS"

    /**
     * A shared snapshot younger than this is adopted rather than counted again. With every instance
     * refreshing every 30 s, a snapshot an instance holds is at most about 55 s old (within {@link
     * #SNAPSHOT_AGE}), and the count is taken about every 30 s by one instance, whatever the number
     * of instances.
     */
    static final Duration SHARED_FRESH = Duration.ofSeconds(25);

    DashboardService(
            CaseRepository cases,
            ReportRepository reports,
            AccountHistory history,
            Clock clock,
            PlatformTransactionManager txManager) {
        this.history = history;
        this.cases = cases;
        this.reports = reports;
        this.clock = clock;
        this.tx = new TransactionTemplate(txManager);
    }

    /**
     * Keeps the snapshot fresh, so that no page view waits for the count; one instance counts
     * (issue 15: every instance took the count, a parallel scan of the open cases, every 30 s).
     */
    @Scheduled(
            fixedDelayString = "${reports.dashboard.snapshot-refresh:PT30S}",
            initialDelayString = "${reports.dashboard.snapshot-refresh:PT30S}")
    void refreshUnassigned() {
        Snapshot s = refreshShared(clock.instant());
        if (s != null) {
            unassigned = s;
        }
    }

    /**
     * The shared snapshot when it is fresh; else a count taken now by this instance and stored,
     * when no other instance is taking it (the advisory lock); else (another is counting) the
     * stored one, possibly stale, or null. The freshness is checked again once the lock is held: an
     * instance that took the count may have committed it in between.
     */
    Snapshot refreshShared(Instant now) {
        return tx.execute(
                status -> {
                    Snapshot stored = history.storedSnapshot(UNASSIGNED).orElse(null);
                    if (fresh(stored, now)) {
                        return stored;
                    }
                    if (!history.tryLock(SNAPSHOT_LOCK)) {
                        return stored;
                    }
                    stored = history.storedSnapshot(UNASSIGNED).orElse(null);
                    if (fresh(stored, now)) {
                        return stored;
                    }
                    Snapshot counted = new Snapshot(now, history.unassignedPastTarget(now));
                    history.storeSnapshot(UNASSIGNED, counted);
                    return counted;
                });
    }

    private static boolean fresh(Snapshot s, Instant now) {
        return s != null && Duration.between(s.at(), now).abs().compareTo(SHARED_FRESH) < 0;
    }

    /**
     * The snapshot when it was taken within a minute of {@code at} (either side: the dashboard's
     * "now"), this instance's or the shared one, or a count made now (the first view after the
     * database's start, or a clock far from the snapshot's, as in tests).
     */
    long unassignedPastTarget(Instant at) {
        Snapshot s = unassigned;
        if (s != null && Duration.between(s.at(), at).abs().compareTo(SNAPSHOT_AGE) <= 0) {
            return s.count();
        }
        // another instance's snapshot, else a count made now (and shared)
        Snapshot shared = history.storedSnapshot(UNASSIGNED).orElse(null);
        if (shared != null
                && Duration.between(shared.at(), at).abs().compareTo(SNAPSHOT_AGE) <= 0) {
            unassigned = shared;
            return shared.count();
        }
        Snapshot counted = new Snapshot(at, history.unassignedPastTarget(at));
        history.storeSnapshot(UNASSIGNED, counted);
        unassigned = counted;
        return counted.count();
    }

    @Override
    public DashboardStats stats(Instant from, Instant to) {
        List<DayCount> perDay =
                reports.perDay(from, to).stream()
                        .map(d -> new DayCount(d.day(), d.count()))
                        .toList();
        return new DashboardStats(
                reports.countByCategory(from, to),
                cases.countByOutcome(from, to),
                cases.medianSecondsToDecision(from, to)
                        .map(s -> Duration.ofMillis((long) (s * 1000)))
                        .orElse(null),
                perDay);
    }

    /**
     * Decisions of the period ({@code case_decisions_by_time}, index-only), claimed cases past
     * target now ({@code cases_queue_by_assignee}), and the unassigned ones past target from a
     * snapshot at most a minute old (the row without a moderator). Reversed decisions still count:
     * the work was done.
     */
    @Override
    public List<ModeratorFigures> perModerator(Instant from, Instant to) {
        Map<String, long[]> rows = new HashMap<>();
        for (AccountHistory.ModeratorCount m : history.decisionsPerModerator(from, to)) {
            long[] r = rows.computeIfAbsent(m.moderator(), k -> new long[3]);
            r[0] = m.decisions();
            r[1] = m.late();
        }
        for (AccountHistory.AssigneeCount a : history.assignedPastTarget(to)) {
            rows.computeIfAbsent(a.assignee(), k -> new long[3])[2] = a.count();
        }
        long waiting = unassignedPastTarget(to);
        if (waiting > 0) {
            rows.computeIfAbsent(null, k -> new long[3])[2] = waiting;
        }
        List<ModeratorFigures> out = new ArrayList<>();
        rows.forEach((k, r) -> out.add(new ModeratorFigures(k, r[0], r[1], r[2])));
        out.sort(
                Comparator.comparingLong(ModeratorFigures::decisions)
                        .reversed()
                        .thenComparing(
                                ModeratorFigures::moderator,
                                Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }
}
