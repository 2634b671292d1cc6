package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.DashboardStats;
import dev.franking.review.model.Views.DayCount;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Counts for the admin dashboard; aggregates only, no identifiers. */
@Service
public class DashboardService implements ReviewPorts.Dashboard {
    private final JdbcTemplate jdbc;

    public DashboardService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public DashboardStats stats(Instant from, Instant to) {
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        Map<String, Long> byCategory = new LinkedHashMap<>();
        jdbc.query(
                "SELECT category, count(*) FROM reports WHERE received_at >= ? AND received_at < ?"
                        + " GROUP BY category ORDER BY count(*) DESC",
                rs -> {
                    byCategory.put(rs.getString(1), rs.getLong(2));
                },
                f,
                t);
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        jdbc.query(
                "SELECT coalesce(decision, 'open'), count(*) FROM cases WHERE opened_at >= ? AND"
                        + " opened_at < ? GROUP BY 1 ORDER BY 1",
                rs -> {
                    byOutcome.put(rs.getString(1), rs.getLong(2));
                },
                f,
                t);
        Double medianSeconds =
                jdbc.queryForObject(
                        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM"
                                + " decided_at - opened_at)) FROM cases WHERE decided_at >= ? AND"
                                + " decided_at < ?",
                        Double.class,
                        f,
                        t);
        List<DayCount> perDay =
                jdbc.query(
                        "SELECT (received_at AT TIME ZONE 'UTC')::date AS day, count(*) FROM"
                            + " reports WHERE received_at >= ? AND received_at < ? GROUP BY 1 ORDER"
                            + " BY 1",
                        (rs, i) ->
                                new DayCount(
                                        rs.getObject(1, java.time.LocalDate.class), rs.getLong(2)),
                        f,
                        t);
        return new DashboardStats(
                byCategory,
                byOutcome,
                medianSeconds == null ? null : Duration.ofMillis((long) (medianSeconds * 1000)),
                perDay);
    }
}
