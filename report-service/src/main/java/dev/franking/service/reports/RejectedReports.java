package dev.franking.service.reports;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rejected reports per reporter (PROTOCOL.md §5): each {@code 422} counts against its reporter for
 * an hour; at the limit every further report gets {@code 429} before it is checked. Only who and
 * when is kept, nothing of the report, and rows older than the window go as new ones come. In the
 * database, so that every instance behind the load balancer counts the same rejections.
 */
@Repository
class RejectedReports {
    /** The window the rejections are counted in. */
    static final Duration WINDOW = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    RejectedReports(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    private record Recent(int n, Timestamp oldest) {}

    /**
     * Seconds until the reporter may report again (at least 1), or -1 if they are under {@code
     * limit} rejections in the window.
     */
    long retryAfterSeconds(String reporterId, int limit, Instant now) {
        Recent r =
                jdbc.sql(
                                "SELECT count(*)::int AS n, min(rejected_at) AS oldest FROM"
                                        + " report_rejections WHERE reporter_id = ? AND"
                                        + " rejected_at > ?")
                        .params(reporterId, Timestamp.from(now.minus(WINDOW)))
                        .query(Recent.class)
                        .single();
        return retryAfter(r.n(), r.oldest(), limit, now);
    }

    /**
     * {@link #retryAfterSeconds(String, int, Instant)} for several reporters in one statement (the
     * {@link Admissions} batch): the reporters at the limit, each with its seconds to wait; a
     * reporter under the limit is not in the map.
     */
    Map<String, Long> retryAfterSeconds(Collection<String> reporterIds, int limit, Instant now) {
        Map<String, Long> limited = new HashMap<>();
        new Pipeline()
                .query(
                        "SELECT reporter_id, count(*)::int AS n, min(rejected_at) AS oldest FROM"
                                + " report_rejections WHERE reporter_id = ANY(?::text[]) AND"
                                + " rejected_at > ? GROUP BY reporter_id",
                        rs -> {
                            long wait =
                                    retryAfter(
                                            rs.getInt("n"), rs.getTimestamp("oldest"), limit, now);
                            if (wait >= 0) {
                                limited.put(rs.getString("reporter_id"), wait);
                            }
                        },
                        (Object) reporterIds.toArray(String[]::new),
                        Timestamp.from(now.minus(WINDOW)))
                .run(template);
        return limited;
    }

    private static long retryAfter(int n, Timestamp oldest, int limit, Instant now) {
        if (n < limit) {
            return -1;
        }
        Duration wait = Duration.between(now, oldest.toInstant().plus(WINDOW));
        return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    }

    /** Counts one rejection, and forgets the reporter's rejections that left the window. */
    void record(String reporterId, Instant now) {
        jdbc.sql("DELETE FROM report_rejections WHERE reporter_id = ? AND rejected_at <= ?")
                .params(reporterId, Timestamp.from(now.minus(WINDOW)))
                .update();
        jdbc.sql("INSERT INTO report_rejections (reporter_id, rejected_at) VALUES (?, ?)")
                .params(reporterId, Timestamp.from(now))
                .update();
    }
}
