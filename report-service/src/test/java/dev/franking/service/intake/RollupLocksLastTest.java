package dev.franking.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard's rollup rows are shared by every batch of a day, and a batch holds their locks to
 * its commit: the intake locks them as its last statements before the audit chain's lock, so that a
 * concurrent batch waits on them only for that short end and not for the batch's inserts (issue 15:
 * writes within 10 % of the figure without the rollups). Each test holds one rollup row in a
 * transaction of its own, sends a report, and looks at the intake's connection while it waits for
 * that row: it must already have written everything else of its batch (reports, evidence items,
 * report messages, the cases' queue keys) and must not hold the audit chain's lock yet.
 */
class RollupLocksLastTest extends ServiceTestBase {
    // AuditLog.CHAIN_LOCK (0x4155444954) as pg_locks shows a bigint advisory key
    private static final long CHAIN_HIGH = 0x41L;
    private static final long CHAIN_LOW = 0x55444954L;

    @Autowired DataSource dataSource;

    @Test
    void theDaysOpenCasesRowIsLockedAfterEverythingElseOfTheBatch() throws Exception {
        holdRowWhileReporting(
                "INSERT INTO case_daily_outcomes (day, outcome, cases) VALUES ((?::timestamptz AT"
                        + " TIME ZONE 'UTC')::date, 'open', 0) ON CONFLICT (day, outcome) DO UPDATE"
                        + " SET cases = case_daily_outcomes.cases",
                "spam");
    }

    @Test
    void theDaysCategoryRowIsLockedAfterEverythingElseOfTheBatch() throws Exception {
        holdRowWhileReporting(
                "INSERT INTO report_daily_counts (day, category, reports) VALUES ((?::timestamptz"
                        + " AT TIME ZONE 'UTC')::date, 'fraud', 0) ON CONFLICT (day, category) DO"
                        + " UPDATE SET reports = report_daily_counts.reports",
                "fraud");
    }

    private void holdRowWhileReporting(String lockRow, String category) throws Exception {
        Instant now = CLOCK.instant();
        String sender = unique("rollup-sender"); // no open case: the report opens one
        String bob = unique("bob");
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"), sender, unique("c"), "hello", List.of()),
                                bob)
                        .get(0);
        var body = Messenger.reportJson(category, null, List.of(Messenger.messageJson(held)));
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement(lockRow)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.executeUpdate();
            }
            int holderPid = pid(holder);
            CompletableFuture<Api.Response> sent =
                    CompletableFuture.supplyAsync(
                            () ->
                                    api.post(
                                            "/api/v2/reports",
                                            TestTokens.token(bob, "report"),
                                            body));
            int waiter = waitForBlocked(holderPid, sent);
            Set<String> written = new TreeSet<>();
            jdbc.query(
                    "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE"
                            + " l.pid = ? AND l.granted AND l.mode = 'RowExclusiveLock' AND"
                            + " c.relkind = 'r'",
                    rs -> {
                        written.add(rs.getString(1));
                    },
                    waiter);
            assertThat(written)
                    .as("tables the intake wrote before it waited for the rollup row")
                    .contains("reports", "evidence_items", "report_messages", "cases");
            Integer chain =
                    jdbc.queryForObject(
                            "SELECT count(*) FROM pg_locks WHERE pid = ? AND locktype = 'advisory'"
                                    + " AND classid = ? AND objid = ? AND granted",
                            Integer.class,
                            waiter,
                            CHAIN_HIGH,
                            CHAIN_LOW);
            assertThat(chain).as("the audit chain's lock comes after the rollups").isZero();
            assertThat(sent).isNotDone();
            holder.rollback();
            Api.Response r = sent.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    private static int pid(Connection c) throws Exception {
        try (var rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The backend that waits for {@code holderPid}'s lock, once the report got that far. */
    private int waitForBlocked(int holderPid, CompletableFuture<Api.Response> sent)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (sent.isDone()) {
                throw new AssertionError(
                        "the report finished without waiting for the held rollup row: "
                                + sent.get().status());
            }
            List<Integer> waiting =
                    jdbc.queryForList(
                            "SELECT pid FROM pg_stat_activity WHERE ? = ANY"
                                    + " (pg_blocking_pids(pid))",
                            Integer.class,
                            holderPid);
            if (!waiting.isEmpty()) {
                assertThat(waiting).hasSize(1);
                return waiting.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no backend waited for the held rollup row");
    }
}
