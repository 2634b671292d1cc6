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

/** Counts for the admin dashboard; aggregates only, no identifiers. */
@Service
class DashboardService implements ReviewPorts.Dashboard {
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final AccountHistory history;
    private final Clock clock;

    /**
     * The unassigned cases past target, counted at most once a minute: the count reads most of the
     * open cases' index (a million entries on a bad day, hundreds of milliseconds), so a page view
     * must not pay for it. The claimed cases' figures are counted live (few rows).
     */
    private volatile Snapshot unassigned;

    record Snapshot(Instant at, long count) {}

    static final Duration SNAPSHOT_AGE = Duration.ofMinutes(1);

    DashboardService(
            CaseRepository cases, ReportRepository reports, AccountHistory history, Clock clock) {
        this.history = history;
        this.cases = cases;
        this.reports = reports;
        this.clock = clock;
    }

    /** Keeps the snapshot fresh, so that no page view waits for the count. */
    @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
    void refreshUnassigned() {
        Instant now = clock.instant();
        unassigned = new Snapshot(now, history.unassignedPastTarget(now));
    }

    /**
     * The snapshot when it was taken within a minute of {@code at} (either side: the dashboard's
     * "now"), or a count made now (the first view after start, or a clock far from the snapshot's,
     * as in tests).
     */
    long unassignedPastTarget(Instant at) {
        Snapshot s = unassigned;
        if (s != null && Duration.between(s.at(), at).abs().compareTo(SNAPSHOT_AGE) <= 0) {
            return s.count();
        }
        long count = history.unassignedPastTarget(at);
        unassigned = new Snapshot(at, count);
        return count;
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
