package dev.franking.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard's rollups (report_daily_counts, case_daily_outcomes, decision_time_buckets) equal a
 * full recount of reports and cases after a random mix of intake, decisions and reopenings. The
 * database is shared with other tests, so what is compared is what this test's mix changed: the
 * rollups' change against the recount's change.
 */
class DashboardRollupTest extends ServiceTestBase {
    @Autowired ReviewPorts.Actions actions;
    @Autowired ReviewPorts.Dashboard dashboard;
    @Autowired dev.franking.service.outbox.Outbox outbox;

    /** Leaves no platform action of this test's decisions queued for other tests' platforms. */
    @org.junit.jupiter.api.AfterEach
    void drain() throws Exception {
        dev.franking.service.outbox.Drain.platformEvents(outbox, CLOCK);
    }

    static final Reviewer ADMIN = new Reviewer("rollup-admin", EnumSet.of(Role.ADMIN));
    static final String[] CATEGORIES = {"spam", "harassment", "fraud", "hate", "child_safety"};
    static final Views.Decision[] DECISIONS = Views.Decision.values();

    static final String BUCKET =
            "floor(ln(1 + greatest(0, extract(epoch FROM decided_at - opened_at))) * 10)::int";

    private Map<String, Long> map(String sql) {
        Map<String, Long> out = new TreeMap<>();
        jdbc.query(
                sql,
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    private Map<String, Long> rollups() {
        Map<String, Long> m = new TreeMap<>();
        m.putAll(map("SELECT 'r ' || day || ' ' || category, reports FROM report_daily_counts"));
        m.putAll(map("SELECT 'c ' || day || ' ' || outcome, cases FROM case_daily_outcomes"));
        m.putAll(map("SELECT 'd ' || day || ' ' || bucket, decisions FROM decision_time_buckets"));
        return m;
    }

    private Map<String, Long> recount() {
        Map<String, Long> m = new TreeMap<>();
        m.putAll(
                map(
                        "SELECT 'r ' || (received_at AT TIME ZONE 'UTC')::date || ' ' || category,"
                                + " count(*) FROM reports GROUP BY 1"));
        m.putAll(
                map(
                        "SELECT 'c ' || (opened_at AT TIME ZONE 'UTC')::date || ' ' ||"
                                + " coalesce(decision, 'open'), count(*) FROM cases GROUP BY 1"));
        m.putAll(
                map(
                        "SELECT 'd ' || (decided_at AT TIME ZONE 'UTC')::date || ' ' || "
                                + BUCKET
                                + ", count(*) FROM cases WHERE decided_at IS NOT NULL GROUP BY 1"));
        return m;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> d.merge(k, v, Long::sum));
        before.forEach((k, v) -> d.merge(k, -v, Long::sum));
        d.values().removeIf(v -> v == 0);
        return d;
    }

    private UUID report(String sender, String category) {
        String bob = unique("bob");
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"), sender, unique("c"), "hi", List.of()),
                                bob)
                        .get(0);
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        TestTokens.token(bob, "report"),
                        Messenger.reportJson(category, null, List.of(Messenger.messageJson(held))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return jdbc.queryForObject(
                "SELECT case_id FROM reports WHERE id = ?::uuid",
                UUID.class,
                r.json().get("reportId").asString());
    }

    @Test
    void rollupsEqualAFullRecountAfterARandomMixOfIntakeAndDecisions() {
        Map<String, Long> rollupsBefore = rollups();
        Map<String, Long> recountBefore = recount();
        Random random = new Random(15);
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            senders.add(unique("sender"));
        }
        Map<UUID, Boolean> open = new HashMap<>();
        int reports = 0, decisions = 0, reopenings = 0;
        for (int step = 0; step < 45; step++) {
            int what = random.nextInt(10);
            List<UUID> openCases =
                    open.entrySet().stream()
                            .filter(Map.Entry::getValue)
                            .map(Map.Entry::getKey)
                            .toList();
            List<UUID> closedCases =
                    open.entrySet().stream()
                            .filter(e -> !e.getValue())
                            .map(Map.Entry::getKey)
                            .toList();
            if (what < 6 || openCases.isEmpty()) {
                UUID c =
                        report(
                                senders.get(random.nextInt(senders.size())),
                                CATEGORIES[random.nextInt(CATEGORIES.length)]);
                open.put(c, true);
                reports++;
            } else if (what < 9) {
                UUID c = openCases.get(random.nextInt(openCases.size()));
                CLOCK.advance(Duration.ofSeconds(1 + random.nextInt(300)));
                actions.decide(
                        c,
                        DECISIONS[random.nextInt(DECISIONS.length)],
                        new Views.StatementOfReasons("ground", "facts", false),
                        ADMIN);
                open.put(c, false);
                decisions++;
            } else if (!closedCases.isEmpty()) {
                UUID c = closedCases.get(random.nextInt(closedCases.size()));
                try {
                    actions.reopen(c, "second look", ADMIN);
                    open.put(c, true);
                    reopenings++;
                } catch (ReviewPorts.ActionRefused e) {
                    // the sender has a newer open case: nothing changed
                    assertThat(e.getMessage()).isEqualTo("refused.reopen-conflict");
                }
            }
        }
        // whether a random reopening is refused depends on the senders' other open cases; one
        // sender of its own makes sure a reopening is in the mix whatever the sequence did
        UUID lone = report(unique("lone-sender"), CATEGORIES[0]);
        reports++;
        CLOCK.advance(Duration.ofSeconds(30));
        actions.decide(
                lone, DECISIONS[0], new Views.StatementOfReasons("ground", "facts", false), ADMIN);
        decisions++;
        actions.reopen(lone, "second look", ADMIN);
        reopenings++;
        assertThat(reports).isGreaterThan(10);
        assertThat(decisions).isGreaterThan(5);
        assertThat(reopenings).isGreaterThan(0);

        Map<String, Long> rollupDelta = delta(rollupsBefore, rollups());
        assertThat(rollupDelta).isNotEmpty();
        assertThat(rollupDelta).isEqualTo(delta(recountBefore, recount()));
        // the dashboard reads the rollup: this test's reports are in its figures for their day
        String day =
                rollupDelta.keySet().stream()
                        .filter(k -> k.startsWith("r "))
                        .findFirst()
                        .orElseThrow()
                        .substring(2, 12);
        long mine =
                rollupDelta.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("r " + day))
                        .mapToLong(Map.Entry::getValue)
                        .sum();
        Instant start = Instant.parse(day + "T00:00:00Z");
        Views.DashboardStats stats = dashboard.stats(start, start.plus(Duration.ofHours(1)));
        assertThat(stats.reportsByCategory().values().stream().mapToLong(Long::longValue).sum())
                .isGreaterThanOrEqualTo(mine)
                .isGreaterThan(0);
        if (rollupDelta.keySet().stream().anyMatch(k -> k.startsWith("d " + day))) {
            assertThat(stats.medianTimeToDecision()).isNotNull();
        }
    }
}
