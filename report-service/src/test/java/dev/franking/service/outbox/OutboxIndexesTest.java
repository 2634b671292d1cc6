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
 * switched off (and bitmap scans, which read every platform action through the partial index) so
 * that the plan shows whether an index CAN serve each lookup; a small table would otherwise be
 * scanned anyway.
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
                                        // a realistic outbox (rolled back below): with a
                                        // few rows any plan is cheap and the choice says
                                        // nothing
                                        s.execute(
                                                "INSERT INTO outbox (id, kind, payload,"
                                                        + " created_at, next_attempt_at) SELECT"
                                                        + " gen_random_uuid(), 'platform_action',"
                                                        + " json_build_object('type', CASE WHEN"
                                                        + " i % 2 = 0 THEN 'account_action' ELSE"
                                                        + " 'action.reversed' END, 'caseId',"
                                                        + " gen_random_uuid()::text, 'actionId',"
                                                        + " gen_random_uuid()::text)::text, now(),"
                                                        + " now() FROM generate_series(1, 5000)"
                                                        + " i");
                                        s.execute("ANALYZE outbox");
                                        s.execute("SET LOCAL enable_seqscan = off");
                                        // a bitmap scan of every platform action (over the
                                        // partial index as a mere kind filter) is what the
                                        // planner picks for a few dozen rows; it is the parse
                                        // of every entry the indexes exist to avoid at scale
                                        s.execute("SET LOCAL enable_bitmapscan = off");
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
