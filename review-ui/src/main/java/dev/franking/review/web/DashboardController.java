package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.DashboardStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard for admins: reports by category, cases by outcome, median time to decision, reports
 * per day, the appeal reversal rate.
 */
@Controller
public class DashboardController extends ReviewPages {
    static final int DEFAULT_DAYS = 30;
    static final int[] PERIODS = {7, 30, 90, 365};

    private final ReviewPorts.Dashboard dashboard;
    private final Clock clock;

    public DashboardController(ReviewPorts.Dashboard dashboard, ObjectProvider<Clock> clock) {
        this.dashboard = dashboard;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/review/admin/dashboard")
    String dashboard(@RequestParam(defaultValue = "" + DEFAULT_DAYS) int days, Model model) {
        if (days < 1 || days > ReviewLimits.DASHBOARD_MAX_DAYS) {
            throw new IllegalArgumentException("days out of range");
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        DashboardStats stats = dashboard.stats(from, to);
        Map<String, Long> outcomes = new LinkedHashMap<>(stats.casesByOutcome());
        model.addAttribute("days", days);
        model.addAttribute("periods", PERIODS);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("stats", stats);
        model.addAttribute("perModerator", dashboard.perModerator(from, to));
        model.addAttribute("byCategory", Charts.bars(stats.reportsByCategory()));
        model.addAttribute("byOutcome", Charts.bars(outcomes));
        model.addAttribute(
                "perDay",
                Charts.columns(
                        stats.reportsPerDay(),
                        LocalDate.ofInstant(from, ZoneOffset.UTC),
                        LocalDate.ofInstant(to, ZoneOffset.UTC)));
        // appeals decided in the period and the share reversed (issue 14), when appeals are on
        ReviewPorts.Appeals appeals = appealsPort();
        model.addAttribute("appealStats", appeals == null ? null : appeals.decided(from, to));
        model.addAttribute(
                "totalReports",
                stats.reportsByCategory().values().stream().mapToLong(Long::longValue).sum());
        return "review/admin/dashboard";
    }
}
