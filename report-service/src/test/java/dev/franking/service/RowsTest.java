package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link Rows} maps what Spring's {@code query(Record.class)} maps, on real PostgreSQL: names or
 * underscored names, each type as Spring reads it (nulls, boxed and primitive numbers, instants,
 * UUIDs, bytes, a text column into an enum), and a record component without a column is an error,
 * not a null.
 */
class RowsTest {
    enum Kind {
        SPAM,
        FRAUD
    }

    record Row(
            UUID id,
            String reportedSenderId,
            int distinctReporters,
            Integer maybe,
            Instant openedAt,
            Instant closedAt,
            boolean flag,
            Boolean maybeFlag,
            long big,
            Long noBig,
            byte[] blob,
            Kind kind,
            short small) {}

    record Missing(UUID id, String notThere) {}

    private static final String SQL =
            "SELECT g, gen_random_uuid() AS id, 'acct-' || g AS reported_sender_id, g AS"
                    + " distinct_reporters, CASE WHEN g % 2 = 0 THEN g END AS maybe, timestamptz"
                    + " '2026-11-29 06:00:00.123456+00' + g * interval '1 s' AS opened_at,"
                    + " NULL::timestamptz AS closed_at, g % 2 = 0 AS flag, NULL::boolean AS"
                    + " maybeflag, 5000000000 + g AS big, NULL::bigint AS no_big, '\\x0102'::bytea"
                    + " AS blob, CASE WHEN g % 2 = 0 THEN 'SPAM' ELSE 'FRAUD' END AS kind,"
                    + " g::smallint AS small FROM generate_series(1, 20) g ORDER BY g";

    @Test
    void mapsAsSpringsRecordMapperDoes() {
        JdbcClient jdbc =
                JdbcClient.create(
                        new org.springframework.jdbc.datasource.DriverManagerDataSource(
                                TestDatabase.newDatabaseOnce("rows_test"), "postgres", "postgres"));
        List<Row> spring = jdbc.sql(SQL).query(Row.class).list();
        List<Row> mine = jdbc.sql(SQL).query(Rows.of(Row.class)).list();
        assertThat(mine).hasSize(20);
        // the ids are random per query: compare everything else, and that ids are there
        assertThat(mine).allSatisfy(r -> assertThat(r.id()).isNotNull());
        assertThat(mine)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
                .isEqualTo(spring);
        assertThat(mine.get(1).maybe()).isEqualTo(2);
        assertThat(mine.get(0).maybe()).isNull();
        assertThat(mine.get(0).openedAt()).isEqualTo(Instant.parse("2026-11-29T06:00:01.123456Z"));

        assertThatThrownBy(() -> jdbc.sql(SQL).query(Rows.of(Missing.class)).list())
                .hasMessageContaining("Missing.notThere");
    }
}
