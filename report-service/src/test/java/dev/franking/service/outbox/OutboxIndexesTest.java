package dev.franking.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.ServiceTestBase;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * {@link Outbox#actionInForce} runs on every reopen and appeal decision; its two lookups must be
 * index scans over V24's expression indexes (the expressions in the query and the index must stay
 * identical, or PostgreSQL silently falls back to parsing every entry's JSON). Sequential scans are
 * switched off so that the plan shows whether an index CAN serve the query; a small table would
 * otherwise be scanned anyway.
 */
class OutboxIndexesTest extends ServiceTestBase {

    @Test
    void theActionInForceLookupsUseTheirIndexes() {
        String sql = Outbox.ACTION_IN_FORCE.replace("?", "'" + UUID.randomUUID() + "'");
        List<String> plan =
                jdbc.execute(
                        (ConnectionCallback<List<String>>)
                                c -> {
                                    boolean auto = c.getAutoCommit();
                                    c.setAutoCommit(false);
                                    try (var s = c.createStatement()) {
                                        s.execute("SET LOCAL enable_seqscan = off");
                                        List<String> lines = new ArrayList<>();
                                        try (ResultSet r = s.executeQuery("EXPLAIN " + sql)) {
                                            while (r.next()) {
                                                lines.add(r.getString(1));
                                            }
                                        }
                                        return lines;
                                    } finally {
                                        c.rollback();
                                        c.setAutoCommit(auto);
                                    }
                                });
        String text = String.join("\n", plan);
        assertThat(text).as(text).contains("outbox_action_by_case");
        assertThat(text).as(text).contains("outbox_action_by_action_id");
        assertThat(text).as(text).doesNotContain("Seq Scan");
    }
}
