package dev.franking.service.cases;

import dev.franking.service.Rows;
import dev.franking.service.reports.Category;
import dev.franking.service.reports.CategoryPolicy;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An account's history (issue 14): its cases by the reported account's identifier, every decision
 * taken on them ({@code case_decisions}, kept when a case is reopened and marked when reversed),
 * and the dashboard's per-moderator counts. Every query that a reviewer's view depends on takes
 * {@code seesChildSafety}: without it child-safety cases (reported as such, or escalated) are
 * filtered out in SQL, so that no count, list or strike reveals them.
 *
 * <p>Indexes (V19): {@code cases_by_account} (reported_sender_id varchar_pattern_ops, opened_at
 * DESC, id DESC) serves the exact and prefix search and the account page's keyset; {@code
 * case_decisions_by_account}, {@code _by_case} and {@code _by_time} the rest.
 */
@Repository
class AccountHistory {
    /** A case a reviewer without child safety may see (alias {@code c}). */
    private static final String NOT_CHILD_SAFETY =
            " AND c.severity IS DISTINCT FROM "
                    + CaseRow.CHILD_SAFETY_SEVERITY
                    + " AND c.escalated_at IS NULL";

    private static final String DECISION_COLUMNS =
            "d.case_id, d.decision, d.decided_by, d.decided_at, d.ground, d.facts_enc,"
                    + " d.automated, d.reversed_at, d.reversed_why";

    private final JdbcClient jdbc;

    AccountHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static String visibility(boolean seesChildSafety) {
        return seesChildSafety ? "" : NOT_CHILD_SAFETY;
    }

    // ---- writes (CaseActions, ActionReversals, shredding) ------------------------------------

    void recordDecision(
            CaseRow c,
            String decision,
            String by,
            String ground,
            byte[] factsEnc,
            boolean automated,
            Instant at) {
        Instant target = c.openedAt().plus(CategoryPolicy.responseTarget(c.category()));
        jdbc.sql(
                        "INSERT INTO case_decisions (id, case_id, account, decision, decided_by,"
                                + " decided_at, ground, facts_enc, automated, category, opened_at,"
                                + " target_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        UUID.randomUUID(),
                        c.id(),
                        c.sender(),
                        decision,
                        by,
                        Timestamp.from(at),
                        ground,
                        factsEnc,
                        automated,
                        c.category(),
                        Timestamp.from(c.openedAt()),
                        Timestamp.from(target))
                .update();
    }

    /** The case's standing decision no longer holds ({@code why}: reopened, appeal). */
    void markReversed(UUID caseId, String why, Instant at) {
        jdbc.sql(
                        "UPDATE case_decisions SET reversed_at = ?, reversed_why = ? WHERE case_id"
                                + " = ? AND reversed_at IS NULL")
                .params(Timestamp.from(at), why, caseId)
                .update();
    }

    /** The facts go with the case's data key (crypto-shredding); the rest of the record stays. */
    void forgetFacts(UUID caseId) {
        jdbc.sql("UPDATE case_decisions SET facts_enc = NULL WHERE case_id = ?")
                .param(caseId)
                .update();
    }

    // ---- search and the account page ---------------------------------------------------------

    record Hit(String account, int cases, int openCases, Instant lastOpenedAt) {}

    /**
     * Accounts equal to {@code exact} or matching {@code likePrefix} (null: exact only), exact
     * first, then in byte order of the identifier.
     */
    List<Hit> search(String exact, String likePrefix, boolean seesChildSafety, int limit) {
        return jdbc.sql(
                        "SELECT c.reported_sender_id AS account, count(*) AS cases, count(*)"
                                + " FILTER (WHERE c.closed_at IS NULL) AS open_cases,"
                                + " max(c.opened_at) AS last_opened_at FROM cases c WHERE"
                                + " (c.reported_sender_id = ? OR c.reported_sender_id LIKE ? ESCAPE"
                                + " '\\')"
                                + visibility(seesChildSafety)
                                + " GROUP BY c.reported_sender_id ORDER BY (c.reported_sender_id ="
                                + " ?) DESC, c.reported_sender_id COLLATE \"C\" LIMIT ?")
                .params(exact, likePrefix, exact, limit)
                .query(Rows.of(Hit.class))
                .list();
    }

    record Counts(int total, int open) {}

    Counts counts(String account, boolean seesChildSafety) {
        return jdbc.sql(
                        "SELECT count(*) AS total, count(*) FILTER (WHERE c.closed_at IS NULL) AS"
                                + " open FROM cases c WHERE c.reported_sender_id = ?"
                                + visibility(seesChildSafety))
                .param(account)
                .query(Rows.of(Counts.class))
                .single();
    }

    record AccountCaseEntry(
            UUID id,
            String category,
            Instant openedAt,
            Instant closedAt,
            Instant escalatedAt,
            String assignedTo,
            byte[] wrappedDataKey) {}

    /**
     * At most {@code limit} cases of the account, newest first, after the keyset {@code
     * (afterOpenedAt, afterId)} (null: from the newest).
     */
    List<AccountCaseEntry> cases(
            String account,
            boolean seesChildSafety,
            Instant afterOpenedAt,
            UUID afterId,
            int limit) {
        String keyset = afterOpenedAt == null ? "" : " AND (c.opened_at, c.id) < (?, ?)";
        List<Object> args = new ArrayList<>();
        args.add(account);
        if (afterOpenedAt != null) {
            args.add(Timestamp.from(afterOpenedAt));
            args.add(afterId);
        }
        args.add(limit);
        return jdbc.sql(
                        "SELECT c.id, c.top_category AS category, c.opened_at, c.closed_at,"
                                + " c.escalated_at, c.assigned_to, c.wrapped_data_key FROM cases c"
                                + " WHERE c.reported_sender_id = ?"
                                + visibility(seesChildSafety)
                                + keyset
                                + " ORDER BY c.opened_at DESC, c.id DESC LIMIT ?")
                .params(args)
                .query(Rows.of(AccountCaseEntry.class))
                .list();
    }

    record DecisionEntry(
            UUID caseId,
            String decision,
            String decidedBy,
            Instant decidedAt,
            String ground,
            byte[] factsEnc,
            boolean automated,
            Instant reversedAt,
            String reversedWhy) {}

    /** Every decision of these cases, newest first. */
    List<DecisionEntry> decisionsOf(List<UUID> caseIds) {
        if (caseIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(
                        "SELECT "
                                + DECISION_COLUMNS
                                + " FROM case_decisions d WHERE d.case_id IN (:ids) ORDER BY"
                                + " d.decided_at DESC, d.reversed_at IS NOT NULL, d.id")
                .param("ids", caseIds)
                .query(Rows.of(DecisionEntry.class))
                .list();
    }

    /** Upheld, unreversed decisions of visible cases taken in [from, to]. */
    private static String strikesWhere(boolean seesChildSafety) {
        return " FROM case_decisions d JOIN cases c ON c.id = d.case_id WHERE d.account = ? AND"
                + " d.reversed_at IS NULL AND d.decision <> 'dismiss' AND d.decided_at >= ? AND"
                + " d.decided_at <= ?"
                + visibility(seesChildSafety);
    }

    int strikes(String account, boolean seesChildSafety, Instant from, Instant to) {
        return jdbc.sql("SELECT count(*)" + strikesWhere(seesChildSafety))
                .params(account, Timestamp.from(from), Timestamp.from(to))
                .query(Integer.class)
                .single();
    }

    List<DecisionEntry> strikeDecisions(
            String account, boolean seesChildSafety, Instant from, Instant to, int limit) {
        return jdbc.sql(
                        "SELECT "
                                + DECISION_COLUMNS
                                + strikesWhere(seesChildSafety)
                                + " ORDER BY d.decided_at DESC LIMIT ?")
                .params(account, Timestamp.from(from), Timestamp.from(to), limit)
                .query(Rows.of(DecisionEntry.class))
                .list();
    }

    /**
     * The restriction or suspension in force: the latest unreversed suspension, else the latest
     * unreversed restriction (neither expires; only a reversal ends one).
     */
    Optional<DecisionEntry> inForce(String account, boolean seesChildSafety, Instant asOf) {
        return jdbc.sql(
                        "SELECT "
                                + DECISION_COLUMNS
                                + " FROM case_decisions d JOIN cases c ON c.id = d.case_id WHERE"
                                + " d.account = ? AND d.reversed_at IS NULL AND d.decision IN"
                                + " ('restrict', 'suspend') AND d.decided_at <= ?"
                                + visibility(seesChildSafety)
                                + " ORDER BY (d.decision = 'suspend') DESC, d.decided_at DESC"
                                + " LIMIT 1")
                .params(account, Timestamp.from(asOf))
                .query(Rows.of(DecisionEntry.class))
                .optional();
    }

    // ---- the dashboard ----------------------------------------------------------------------

    record ModeratorCount(String moderator, long decisions, long late) {}

    /** Decisions per moderator in [from, to) and how many came after the case's target. */
    List<ModeratorCount> decisionsPerModerator(Instant from, Instant to) {
        return jdbc.sql(
                        "SELECT decided_by AS moderator, count(*) AS decisions, count(*) FILTER"
                                + " (WHERE decided_at > target_at) AS late FROM case_decisions"
                                + " WHERE decided_at >= ? AND decided_at < ? GROUP BY decided_by")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query(Rows.of(ModeratorCount.class))
                .list();
    }

    record AssigneeCount(String assignee, long count) {}

    /**
     * Claimed open cases past their category's response target at {@code now}, per assignee. Few
     * rows: only claimed cases, on {@code cases_queue_by_assignee} (which holds no unassigned
     * case).
     */
    List<AssigneeCount> assignedPastTarget(Instant now) {
        return pastTarget(now, "c.assigned_to IS NOT NULL");
    }

    /**
     * Unassigned open cases past target at {@code now}: a count over most of the open cases (a
     * million on a bad day), so the dashboard takes it from a snapshot ({@link DashboardService}).
     */
    long unassignedPastTarget(Instant now) {
        return pastTarget(now, "c.assigned_to IS NULL").stream()
                .mapToLong(AssigneeCount::count)
                .sum();
    }

    /** A dashboard figure as last counted ({@code dashboard_snapshots}), or empty. */
    Optional<DashboardService.Snapshot> storedSnapshot(String name) {
        return jdbc.sql("SELECT taken_at, value FROM dashboard_snapshots WHERE name = ?")
                .param(name)
                .query(
                        (rs, i) ->
                                new DashboardService.Snapshot(
                                        rs.getTimestamp(1).toInstant(), rs.getLong(2)))
                .optional();
    }

    void storeSnapshot(String name, DashboardService.Snapshot s) {
        jdbc.sql(
                        "INSERT INTO dashboard_snapshots (name, taken_at, value) VALUES (?, ?, ?)"
                                + " ON CONFLICT (name) DO UPDATE SET taken_at = EXCLUDED.taken_at,"
                                + " value = EXCLUDED.value")
                .params(name, Timestamp.from(s.at()), s.count())
                .update();
    }

    /**
     * The transaction-scoped advisory lock {@code key} if no other transaction holds it; false at
     * once otherwise.
     */
    boolean tryLock(long key) {
        return Boolean.TRUE.equals(
                jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
                        .param(key)
                        .query(Boolean.class)
                        .single());
    }

    /** Severity is the category's rank, so the targets join on it. */
    private List<AssigneeCount> pastTarget(Instant now, String which) {
        String targets =
                java.util.Arrays.stream(Category.values())
                        .map(
                                k ->
                                        "("
                                                + k.ordinal()
                                                + ", "
                                                + CategoryPolicy.responseTarget(k.wire())
                                                        .toSeconds()
                                                + ")")
                        .collect(Collectors.joining(", "));
        return jdbc.sql(
                        "SELECT c.assigned_to AS assignee, count(*) AS count FROM cases c JOIN"
                                + " (VALUES "
                                + targets
                                + ") AS t (severity, seconds) ON c.severity = t.severity WHERE"
                                + " c.closed_at IS NULL AND "
                                + which
                                + " AND c.opened_at < ?::timestamptz -"
                                + " make_interval(secs => t.seconds) GROUP BY c.assigned_to")
                .param(Timestamp.from(now))
                .query(Rows.of(AssigneeCount.class))
                .list();
    }
}
