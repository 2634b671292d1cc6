package dev.franking.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh database migrated by the same Flyway migrations the service runs, read through
 * PostgreSQL's catalogue: what the schema says, to compare with what the code says.
 */
public final class MigratedSchema {
    private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'");
    private static JdbcTemplate jdbc;

    private MigratedSchema() {}

    public static synchronized JdbcTemplate jdbc() {
        if (jdbc == null) {
            var ds =
                    new DriverManagerDataSource(
                            TestDatabase.newDatabaseOnce("migrated_schema"),
                            "postgres",
                            "postgres");
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            jdbc = new JdbcTemplate(ds);
        }
        return jdbc;
    }

    /** {@code table.column} of every character column, to its declared width (null: unbounded). */
    public static Map<String, Integer> characterColumns() {
        Map<String, Integer> out = new TreeMap<>();
        jdbc().query(
                        "SELECT table_name, column_name, character_maximum_length FROM"
                                + " information_schema.columns WHERE table_schema = 'public' AND"
                                + " data_type IN ('character varying', 'character', 'text') AND"
                                + " table_name <> 'flyway_schema_history'",
                        rs -> {
                            int w = rs.getInt(3);
                            out.put(
                                    rs.getString(1) + "." + rs.getString(2),
                                    rs.wasNull() ? null : w);
                        });
        return out;
    }

    /**
     * The values a single-column CHECK constraint on {@code table.column} admits ({@code column IN
     * (...)}, which PostgreSQL keeps as {@code = ANY (ARRAY[...])}); empty when there is none.
     */
    public static List<String> checkedValues(String table, String column) {
        List<String> defs =
                jdbc().queryForList(
                                "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN"
                                        + " pg_class t ON t.oid = c.conrelid JOIN pg_attribute a ON"
                                        + " a.attrelid = t.oid AND a.attnum = c.conkey[1] WHERE"
                                        + " c.contype = 'c' AND cardinality(c.conkey) = 1 AND"
                                        + " t.relname = ? AND a.attname = ?",
                                String.class,
                                table,
                                column);
        List<String> values = new ArrayList<>();
        for (String def : defs) {
            Matcher m = LITERAL.matcher(def);
            while (m.find()) {
                values.add(m.group(1).replace("''", "'"));
            }
        }
        return values;
    }
}
