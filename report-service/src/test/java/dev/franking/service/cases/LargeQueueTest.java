package dev.franking.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Instances;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue with a million reports in the database: every page, the first and the ones after a
 * cursor, for every kind of reviewer, is an index range scan with no sort, so its cost does not
 * grow with the table. (Timings belong in BENCHMARKS.md, not in a test; this checks the plan.)
 */
class LargeQueueTest {

    @Test
    void queuePagesAreIndexRangeScansWithAMillionReports() {
        try (ConfigurableApplicationContext ctx =
                Instances.start(Instances.external("large_queue"))) {
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            CaseQueue cases = ctx.getBean(CaseQueue.class);
            if (jdbc.queryForObject("SELECT count(*) FROM reports", Long.class) < 1_000_000) {
                // synthetic rows: the queue reads only the cases' ordering columns, which is what
                // this is about
                jdbc.update(
                        "INSERT INTO cases (id, reported_sender_id, opened_at, top_category,"
                            + " severity, distinct_reporters, report_count) SELECT"
                            + " ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,"
                            + " 'sender-' || g, now() - make_interval(secs => g),"
                            + " (ARRAY['child_safety','harassment','hate','spam','fraud'])[1 + g %"
                            + " 5], (ARRAY[0,4,5,8,7])[1 + g % 5], 1 + g % 9, 10 FROM"
                            + " generate_series(1, 100000) g");
                jdbc.update(
                        "INSERT INTO reports (id, case_id, reporter_id, category, message_count,"
                            + " dedupe_key, received_at, verified_at, status) SELECT"
                            + " gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(1 + g"
                            + " % 100000), 12, '0'))::uuid, 'reporter-' || g, 'spam', 1,"
                            + " decode(md5(g::text), 'hex'), now(), now(), 'received' FROM"
                            + " generate_series(1, 1000000) g");
                // as a live queue has: a few claimed (by 20 moderators), escalated and closed
                jdbc.update(
                        "UPDATE cases SET assigned_to = 'mod-' || (id_num % 20), assigned_at ="
                            + " now() FROM (SELECT id AS cid, ('x' || right(id::text,"
                            + " 8))::bit(32)::int AS id_num FROM cases) k WHERE cases.id = k.cid"
                            + " AND k.id_num % 200 = 7");
                jdbc.update(
                        "UPDATE cases SET escalated_at = now(), top_category = 'child_safety',"
                            + " severity = 0 WHERE ('x' || right(id::text, 8))::bit(32)::int % 500"
                            + " = 3");
                jdbc.update(
                        "UPDATE cases SET closed_at = now(), decision = 'dismiss', decided_at ="
                            + " now() WHERE ('x' || right(id::text, 8))::bit(32)::int % 10 = 5");
                jdbc.execute("ANALYZE cases");
                jdbc.execute("ANALYZE reports");
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM reports", Long.class))
                    .isGreaterThanOrEqualTo(1_000_000L);

            Reviewer admin = new Reviewer("admin", EnumSet.of(Role.ADMIN));
            Reviewer mod = new Reviewer("mod", EnumSet.of(Role.MODERATOR));
            for (Reviewer r : List.of(admin, mod)) {
                Views.QueuePage first = cases.page(Views.QueueFilter.none(), null, 50, r);
                assertThat(first.rows()).hasSize(50);
                Views.QueuePage second =
                        cases.page(Views.QueueFilter.none(), first.nextCursor(), 50, r);
                assertThat(second.rows()).hasSize(50);
                assertThat(second.rows().get(0).caseId())
                        .isNotEqualTo(first.rows().get(49).caseId());
                // every variant of the queue (issue 15): each filter alone, and a category within
                // a status; the first page and one after a cursor
                for (Views.QueueFilter filter : variants()) {
                    Views.QueuePage page = cases.page(filter, null, 50, r);
                    // a cursor comes only from a page of the same filter: a single-page filter
                    // has none (another filter's cursor left the planner a few rows to sort)
                    String[] cursors =
                            page.nextCursor() == null
                                    ? new String[] {null}
                                    : new String[] {null, page.nextCursor()};
                    for (String cursor : cursors) {
                        var q = CaseQueue.queueQuery(filter, cursor, 50, r);
                        String plan =
                                String.join(
                                        "\n",
                                        jdbc.queryForList(
                                                "EXPLAIN " + q.sql(),
                                                String.class,
                                                q.args().toArray()));
                        assertThat(plan)
                                .as(filter + "\n" + plan)
                                .contains("Index Scan using cases_queue")
                                .doesNotContain("Sort")
                                .doesNotContain("Seq Scan")
                                .doesNotContain("Bitmap");
                    }
                }
                // the navigation's escalated count (V28): from the index alone, whatever the
                // number of escalated cases (a visibility map as a live table has, hence VACUUM)
                jdbc.execute("VACUUM cases");
                String countPlan =
                        String.join(
                                "\n",
                                jdbc.queryForList(
                                        "EXPLAIN " + CaseRepository.ESCALATED_COUNT,
                                        String.class,
                                        r.username()));
                assertThat(countPlan)
                        .as(countPlan)
                        .contains("Index Only Scan using cases_queue_escalated")
                        .doesNotContain("Seq Scan")
                        .doesNotContain("Bitmap");
                assertThat(
                                cases.page(new Views.QueueFilter("spam", null, null), null, 50, r)
                                        .rows())
                        .isNotEmpty()
                        .allMatch(row -> "spam".equals(row.category()));
                assertThat(
                                cases.page(new Views.QueueFilter(null, null, "mod-7"), null, 50, r)
                                        .rows())
                        .isNotEmpty()
                        .allMatch(row -> "mod-7".equals(row.assignee()));
                if (r == mod) {
                    assertThat(first.rows())
                            .noneMatch(row -> "child_safety".equals(row.category()));
                } else {
                    assertThat(first.rows().get(0).category()).isEqualTo("child_safety");
                }
            }
        }
    }

    static List<Views.QueueFilter> variants() {
        List<Views.QueueFilter> out = new java.util.ArrayList<>();
        out.add(Views.QueueFilter.none());
        for (String c :
                new String[] {"child_safety", "harassment", "hate", "spam", "fraud", "other"}) {
            out.add(new Views.QueueFilter(c, null, null));
        }
        for (Views.CaseStatus s : Views.CaseStatus.values()) {
            out.add(new Views.QueueFilter(null, s, null));
            if (s != Views.CaseStatus.ESCALATED) {
                // (an escalated case is child safety by definition: another category with it is
                // always empty, and the planner rightly picks whatever is cheapest for nothing)
                out.add(new Views.QueueFilter("spam", s, null));
            }
        }
        out.add(new Views.QueueFilter(null, null, "mod-7"));
        out.add(new Views.QueueFilter(null, null, "none"));
        out.add(new Views.QueueFilter("fraud", null, "mod-7"));
        return out;
    }
}
