package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.DashboardStats;
import dev.franking.review.model.Views.DayCount;
import dev.franking.review.model.Views.ModeratorFigures;
import dev.franking.service.reports.ReportRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Counts for the admin dashboard; aggregates only, no identifiers. */
@Service
class DashboardService implements ReviewPorts.Dashboard {
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final AccountHistory history;

    DashboardService(CaseRepository cases, ReportRepository reports, AccountHistory history) {
        this.history = history;
        this.cases = cases;
        this.reports = reports;
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
     * Two grouped queries, each on an index: decisions of the period ({@code
     * case_decisions_by_time}, index-only) and open cases past target ({@code cases_queue}, the
     * open cases' partial index). Reversed decisions still count: the work was done.
     */
    @Override
    public List<ModeratorFigures> perModerator(Instant from, Instant to) {
        Map<String, long[]> rows = new HashMap<>();
        for (AccountHistory.ModeratorCount m : history.decisionsPerModerator(from, to)) {
            long[] r = rows.computeIfAbsent(m.moderator(), k -> new long[3]);
            r[0] = m.decisions();
            r[1] = m.late();
        }
        for (AccountHistory.AssigneeCount a : history.openPastTarget(to)) {
            rows.computeIfAbsent(a.assignee(), k -> new long[3])[2] = a.count();
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
