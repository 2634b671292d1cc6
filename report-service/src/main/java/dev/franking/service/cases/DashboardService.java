package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.DashboardStats;
import dev.franking.review.model.Views.DayCount;
import dev.franking.service.reports.ReportRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** Counts for the admin dashboard; aggregates only, no identifiers. */
@Service
class DashboardService implements ReviewPorts.Dashboard {
    private final CaseRepository cases;
    private final ReportRepository reports;

    DashboardService(CaseRepository cases, ReportRepository reports) {
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
}
