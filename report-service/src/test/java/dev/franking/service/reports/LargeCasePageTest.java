package dev.franking.service.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.ReportRow;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * Issue 15: the case page of a case with 20,001 reports. The case is a real one (two reports sent
 * through the API: stamps, verification, a data key), grown by SQL as the page benchmark's seeding
 * grows it (each clone a new reporter with the same transcript rows). Its pages answer, a page at a
 * time, with the whole case's counts; and each statement behind a page reads a bounded number of
 * rows: an index range with a LIMIT (or the index alone, for the counts), never the case's 20,001
 * report rows, as EXPLAIN (ANALYZE, BUFFERS) shows over a table with 100,000 reports of other cases
 * and as many messages besides (added and rolled back, so that the planner's choice is the one it
 * makes at scale).
 */
class LargeCasePageTest extends ServiceTestBase {
    static final int SIZE = Views.ReportsPage.SIZE;
    static final int GROWN = 20_001;
    static final Reviewer ADMIN = new Reviewer("page-admin", EnumSet.of(Role.ADMIN));

    @Autowired ReviewPorts.Cases cases;
    @Autowired dev.franking.service.audit.AuditLog audit;
    @Autowired org.springframework.transaction.PlatformTransactionManager txManager;

    record Grown(UUID caseId, UUID threatItem) {}

    /**
     * Bob reports a threat with its context (harassment), Carol the same threat alone (spam); then
     * 19,999 clones of those two reports, each from a new reporter and received a millisecond later
     * than the one before.
     */
    private Grown grow() {
        String alice = unique("alice"), bob = unique("bob"), carol = unique("carol");
        String conv = unique("c");
        var hello =
                messenger.send(
                        messenger.compose(unique("m"), alice, conv, "hello", List.of()), bob);
        var threat =
                messenger.send(
                        messenger.compose(
                                unique("m"),
                                alice,
                                conv,
                                "you will regret this",
                                List.of(),
                                List.of(hello.get(0).commitment())),
                        bob,
                        carol);
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        TestTokens.token(bob, "report"),
                        Messenger.reportJson(
                                "harassment",
                                null,
                                List.of(
                                        Messenger.messageJson(threat.get(0)),
                                        Messenger.messageJson(hello.get(0)))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        UUID bobReport = UUID.fromString(r.json().get("reportId").asString());
        Api.Response c =
                api.post(
                        "/api/v2/reports",
                        TestTokens.token(carol, "report"),
                        Messenger.reportJson(
                                "spam", null, List.of(Messenger.messageJson(threat.get(1)))));
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?", UUID.class, bobReport);
        UUID threatItem =
                jdbc.queryForObject(
                        "SELECT evidence_item_id FROM report_messages WHERE report_id = ? AND idx"
                                + " = 0",
                        UUID.class,
                        bobReport);
        // the clones, their transcript rows, and what intake keeps beside them (the case's counts,
        // the dashboard's rollup), in one transaction, as loadgen's Seed.grow does it
        jdbc.execute(
                (ConnectionCallback<Void>)
                        con -> {
                            boolean auto = con.getAutoCommit();
                            con.setAutoCommit(false);
                            try (var s = con.createStatement()) {
                                s.execute(
                                        "CREATE TEMP TABLE clones ON COMMIT DROP AS SELECT"
                                                + " gen_random_uuid() AS id, r.id AS source, g"
                                                + " FROM generate_series(1, "
                                                + (GROWN - 2)
                                                + ") g JOIN reports r ON r.case_id = '"
                                                + caseId
                                                + "' AND r.category = CASE WHEN g % 2 = 0 THEN"
                                                + " 'harassment' ELSE 'spam' END");
                                s.execute(
                                        "INSERT INTO reports (id, case_id, reporter_id, category,"
                                                + " comment_enc, message_count, dedupe_key,"
                                                + " received_at, verified_at, status, gap_count)"
                                                + " SELECT k.id, r.case_id, 'grown-' || k.g,"
                                                + " r.category, NULL, r.message_count,"
                                                + " r.dedupe_key, r.received_at + k.g *"
                                                + " interval '1 millisecond', r.verified_at,"
                                                + " r.status, r.gap_count FROM clones k JOIN"
                                                + " reports r ON r.id = k.source");
                                s.execute(
                                        "INSERT INTO report_messages (report_id, idx,"
                                                + " evidence_item_id, recipient_id, kid,"
                                                + " received_at, stamp_mac, key_expires_at,"
                                                + " verified_at, route_salt, transcript_pos,"
                                                + " gap_count, by_reporter) SELECT k.id, m.idx,"
                                                + " m.evidence_item_id, m.recipient_id, m.kid,"
                                                + " m.received_at, m.stamp_mac, m.key_expires_at,"
                                                + " m.verified_at, m.route_salt,"
                                                + " m.transcript_pos, m.gap_count, m.by_reporter"
                                                + " FROM clones k JOIN report_messages m ON"
                                                + " m.report_id = k.source");
                                s.execute(
                                        "UPDATE cases SET report_count = report_count + "
                                                + (GROWN - 2)
                                                + ", distinct_reporters = distinct_reporters + "
                                                + (GROWN - 2)
                                                + " WHERE id = '"
                                                + caseId
                                                + "'");
                                s.execute(
                                        "INSERT INTO report_daily_counts (day, category, reports)"
                                                + " SELECT (received_at AT TIME ZONE"
                                                + " 'UTC')::date, category, count(*) FROM reports"
                                                + " r JOIN clones k ON k.id = r.id GROUP BY 1, 2"
                                                + " ON CONFLICT (day, category) DO UPDATE SET"
                                                + " reports = report_daily_counts.reports +"
                                                + " EXCLUDED.reports");
                                con.commit();
                            } catch (java.sql.SQLException e) {
                                con.rollback();
                                throw e;
                            } finally {
                                con.setAutoCommit(auto);
                            }
                            return null;
                        });
        // as autovacuum leaves a table after a load: visibility map set, statistics current
        jdbc.execute("VACUUM (ANALYZE) reports");
        jdbc.execute("VACUUM (ANALYZE) report_messages");
        return new Grown(caseId, threatItem);
    }

    @Test
    void aCaseOfTwentyThousandReportsIsShownAPageAtATimeWithItsWholeCounts() {
        Grown g = grow();
        CaseView first = cases.find(g.caseId(), ADMIN).orElseThrow();
        Views.ReportsPage p1 = first.reportsPage();
        assertThat(p1.total()).isEqualTo(GROWN);
        assertThat(first.reports()).hasSize(SIZE);
        assertThat(p1.hasPrevious()).isFalse();
        assertThat(p1.next()).isNotNull();
        // the breakdown counts the whole case, not the page
        assertThat(p1.breakdown())
                .extracting(Views.CategoryCount::category, Views.CategoryCount::reports)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("harassment", 10_000),
                        org.assertj.core.groups.Tuple.tuple("spam", 10_001));
        // every report of the page with its transcript (bob's clones: the threat and its context)
        assertThat(first.reports()).allSatisfy(r -> assertThat(r.transcript()).isNotEmpty());
        assertThat(first.reports())
                .filteredOn(r -> r.category().equals("harassment"))
                .allSatisfy(r -> assertThat(r.transcript()).hasSize(2));
        // the page's messages, each stamp of this page's reports, the reporters of the whole case
        assertThat(first.evidence()).hasSize(2);
        Views.EvidenceRow threat =
                first.evidence().stream()
                        .filter(e -> e.id().equals(g.threatItem()))
                        .findFirst()
                        .orElseThrow();
        assertThat(threat.distinctReporters()).isEqualTo(GROWN);
        assertThat(threat.proofs()).hasSize(SIZE);

        CaseView second = cases.find(g.caseId(), ADMIN, p1.next()).orElseThrow();
        Views.ReportsPage p2 = second.reportsPage();
        assertThat(second.reports()).hasSize(SIZE);
        assertThat(second.reports().get(0).id()).isEqualTo(p1.next().id());
        assertThat(ids(second.reports())).doesNotContainAnyElementsOf(ids(first.reports()));
        assertThat(p2.hasPrevious()).isTrue();
        assertThat(p2.previous()).as("the page before is the first").isNull();
        assertThat(p2.total()).isEqualTo(GROWN);

        CaseView third = cases.find(g.caseId(), ADMIN, p2.next()).orElseThrow();
        assertThat(third.reportsPage().previous()).isEqualTo(p1.next());
        // arrival order across the pages
        List<ReportRow> three = new ArrayList<>(first.reports());
        three.addAll(second.reports());
        three.addAll(third.reports());
        for (int i = 1; i < three.size(); i++) {
            assertThat(three.get(i).receivedAt()).isAfterOrEqualTo(three.get(i - 1).receivedAt());
        }

        // the last page: what is left, no next
        ReportRepository.ReportKey last =
                jdbc.queryForObject(
                        "SELECT received_at, id FROM reports WHERE case_id = ? ORDER BY"
                                + " received_at DESC, id DESC OFFSET 9 LIMIT 1",
                        (rs, i) ->
                                new ReportRepository.ReportKey(
                                        rs.getTimestamp(1).toInstant(),
                                        rs.getObject(2, UUID.class)),
                        g.caseId());
        CaseView end =
                cases.find(g.caseId(), ADMIN, new Views.ReportCursor(last.receivedAt(), last.id()))
                        .orElseThrow();
        assertThat(end.reports()).hasSize(10);
        assertThat(end.reportsPage().next()).isNull();
        assertThat(end.reportsPage().previous()).isNotNull();

        // the history: its newest rows only (intake writes one per report received)
        var tx = new org.springframework.transaction.support.TransactionTemplate(txManager);
        tx.executeWithoutResult(
                st -> {
                    for (int i = 0; i < CaseView.HISTORY + 5; i++) {
                        audit.append(
                                "page-admin",
                                dev.franking.service.audit.AuditEvent.CASE_NOTE_ADDED,
                                g.caseId(),
                                "n-" + i,
                                null);
                    }
                });
        CaseView later = cases.find(g.caseId(), ADMIN).orElseThrow();
        assertThat(later.historyCut()).isTrue();
        assertThat(later.history())
                .hasSize(CaseView.HISTORY)
                .allMatch(h -> h.event().equals("case.note_added"));

        // what each statement reads, at scale
        Map<String, String> plans = plans(g, first, second);
        plans.forEach((name, plan) -> System.out.println("-- " + name + "\n" + plan));
        for (String page : List.of("page first", "page from", "before")) {
            String plan = plans.get(page);
            assertThat(plan)
                    .as(page + "\n" + plan)
                    .contains("Limit")
                    .containsPattern(
                            "Index (Only )?Scan( Backward)? using reports_by_case_received")
                    .doesNotContain("Sort")
                    .doesNotContain("Seq Scan");
            assertThat(buffers(plan)).as(page + "\n" + plan).isLessThan(200);
            assertThat(rows(plan)).as(page + "\n" + plan).isLessThanOrEqualTo(SIZE + 1);
        }
        String counts = plans.get("counts");
        assertThat(counts)
                .as(counts)
                .contains("Index Only Scan using reports_by_case_received")
                .doesNotContain("Seq Scan");
        // the case's index entries (55 to 120 a page, as the index's pages split), never its
        // 20,001 rows: a real case's rows are scattered, up to a page of the table each
        assertThat(buffers(counts)).as(counts).isLessThan(GROWN / 20);
        String messages = plans.get("messages");
        assertThat(messages).as(messages).doesNotContain("Seq Scan");
        assertThat(buffers(messages)).as(messages).isLessThan(600);
        String reportedBy = plans.get("reported by");
        assertThat(reportedBy)
                .as(reportedBy)
                .contains("Index Only Scan using report_messages_by_item_idx")
                .doesNotContain("Seq Scan");
        assertThat(buffers(reportedBy)).as(reportedBy).isLessThan(200);
    }

    private static List<UUID> ids(List<ReportRow> rows) {
        return rows.stream().map(ReportRow::id).toList();
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of each statement of a page, with the arguments the pages used,
     * inside a transaction that adds 100,000 reports and 100,000 messages of 10,000 other cases and
     * is rolled back.
     */
    private Map<String, String> plans(Grown g, CaseView first, CaseView second) {
        Views.ReportCursor from = second.reportsPage().from();
        List<UUID> pageIds = ids(second.reports());
        List<UUID> items = second.evidence().stream().map(Views.EvidenceRow::id).toList();
        Map<String, String> plans = new LinkedHashMap<>();
        jdbc.execute(
                (ConnectionCallback<Void>)
                        con -> {
                            boolean auto = con.getAutoCommit();
                            con.setAutoCommit(false);
                            try (var s = con.createStatement()) {
                                // The counts read the case's index entries alone, which needs
                                // the visibility map vacuum keeps; here, on the vacuumed table,
                                // before the filler below (uncommitted rows are never
                                // all-visible, so it would make a third of the table look
                                // unvacuumed). In this test database the case is nearly all of
                                // the table, so the planner would read the table itself: as
                                // OutboxIndexesTest does, sequential and bitmap scans are off
                                // so that the plan shows what the index path reads.
                                plans.put(
                                        "counts (as planned here)",
                                        explain(con, ReportRepository.COUNTS, g.caseId()));
                                s.execute("SET LOCAL enable_seqscan = off");
                                s.execute("SET LOCAL enable_bitmapscan = off");
                                plans.put(
                                        "counts",
                                        explain(con, ReportRepository.COUNTS, g.caseId()));
                                s.execute("RESET enable_seqscan");
                                s.execute("RESET enable_bitmapscan");
                                s.execute(
                                        "INSERT INTO cases (id, reported_sender_id, opened_at,"
                                                + " top_category, severity, distinct_reporters,"
                                                + " report_count) SELECT"
                                                + " ('00000000-0000-4000-9000-' ||"
                                                + " lpad(to_hex(g), 12, '0'))::uuid, 'filler-' ||"
                                                + " g, now(), 'spam', 8, 10, 10 FROM"
                                                + " generate_series(1, 10000) g");
                                s.execute(
                                        "INSERT INTO reports (id, case_id, reporter_id, category,"
                                                + " message_count, dedupe_key, received_at,"
                                                + " verified_at, status) SELECT"
                                                + " gen_random_uuid(),"
                                                + " ('00000000-0000-4000-9000-' || lpad(to_hex(1 +"
                                                + " g % 10000), 12, '0'))::uuid, 'filler-' || g,"
                                                + " 'spam', 1, decode(md5(g::text), 'hex'), now(),"
                                                + " now(), 'received' FROM generate_series(1,"
                                                + " 100000) g");
                                // and messages of those cases: with a few hundred items in
                                // the table, hashing all of them is the planner's cheapest join
                                s.execute(
                                        "INSERT INTO evidence_items (id, case_id, commitment,"
                                                + " message_id, sender_id, conversation_id,"
                                                + " sent_at, content_type, body_length,"
                                                + " first_seen_at) SELECT gen_random_uuid(),"
                                                + " ('00000000-0000-4000-9000-' || lpad(to_hex(1 +"
                                                + " g % 10000), 12, '0'))::uuid,"
                                                + " sha256(g::text::bytea), 'm-' || g, 's', 'c',"
                                                + " 0, 'text/plain', 1, now() FROM"
                                                + " generate_series(1, 100000) g");
                                s.execute("ANALYZE reports");
                                s.execute("ANALYZE evidence_items");
                                Timestamp at = Timestamp.from(from.receivedAt());
                                plans.put(
                                        "page first",
                                        explain(
                                                con,
                                                ReportRepository.PAGE_FIRST,
                                                g.caseId(),
                                                SIZE + 1));
                                plans.put(
                                        "page from",
                                        explain(
                                                con,
                                                ReportRepository.PAGE_FROM,
                                                g.caseId(),
                                                at,
                                                from.id(),
                                                SIZE + 1));
                                plans.put(
                                        "before",
                                        explain(
                                                con,
                                                ReportRepository.BEFORE,
                                                g.caseId(),
                                                at,
                                                from.id(),
                                                SIZE + 1));
                                plans.put(
                                        "messages",
                                        explain(
                                                con,
                                                ReportRepository.MESSAGES_OF_REPORTS,
                                                con.createArrayOf("uuid", pageIds.toArray())));
                                plans.put(
                                        "reported by",
                                        explain(
                                                con,
                                                ReportRepository.REPORTED_BY,
                                                con.createArrayOf("uuid", items.toArray())));
                            } finally {
                                con.rollback();
                                con.setAutoCommit(auto);
                            }
                            return null;
                        });
        return plans;
    }

    private static String explain(java.sql.Connection con, String sql, Object... args)
            throws java.sql.SQLException {
        try (var ps = con.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.append(r.getString(1)).append('\n');
                }
            }
            return out.toString();
        }
    }

    /** Buffers the statement read (hit or read), from its top node. */
    static int buffers(String plan) {
        Matcher m = Pattern.compile("Buffers: shared( hit=(\\d+))?( read=(\\d+))?").matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)))
                + (m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
    }

    /** Rows the top node produced. */
    static int rows(String plan) {
        Matcher m = Pattern.compile("actual rows=(\\d+)").matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
