package dev.franking.service;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Row counts of every table of the service's schema, to show that a refused request wrote nothing.
 */
public final class TableCounts {
    private TableCounts() {}

    public static Map<String, Long> of(JdbcTemplate jdbc) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String t :
                jdbc.queryForList(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                                + " 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
                        String.class)) {
            counts.put(t, jdbc.queryForObject("SELECT count(*) FROM \"" + t + "\"", Long.class));
        }
        return counts;
    }
}
