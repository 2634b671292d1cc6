package dev.franking.service.cases;

import dev.franking.service.Rows;
import dev.franking.service.crypto.Epochs;
import dev.franking.service.reports.CaseKeys;
import dev.franking.service.reports.Category;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one place that reads and writes {@code cases} and {@code case_notes} after intake (the
 * intake's batch statements are its own). The review UI's queue, views and actions use the
 * package-private half; forwarding and retention call the public half instead of writing SQL
 * against these tables.
 */
@Repository
public class CaseRepository implements CaseKeys {
    private final JdbcClient jdbc;
    private final CaseKeyEpochs keyEpochs;
    private final AccountHistory history;

    CaseRepository(JdbcClient jdbc, CaseKeyEpochs keyEpochs, AccountHistory history) {
        this.history = history;
        this.jdbc = jdbc;
        this.keyEpochs = keyEpochs;
    }

    // ---- the review UI's side ----------------------------------------------------------------

    /** A row of the queue, in the queue's order. */
    record QueueEntry(
            UUID id,
            String reportedSenderId,
            String topCategory,
            int severity,
            int distinctReporters,
            int reportCount,
            Instant openedAt,
            String assignedTo,
            Instant escalatedAt,
            Instant closedAt) {}

    List<QueueEntry> queue(CaseQueue.QueueQuery q) {
        return jdbc.sql(q.sql()).params(q.args()).query(Rows.of(QueueEntry.class)).list();
    }

    Optional<CaseRow> load(UUID id, boolean forUpdate) {
        return jdbc.sql(
                        "SELECT id, reported_sender_id AS sender, top_category AS category,"
                                + " severity, assigned_to AS assignee, escalated_at, closed_at,"
                                + " decision, decided_by, wrapped_data_key AS wrapped_key,"
                                + " opened_at, rerouted_from, rerouted_at, rerouted_why FROM"
                                + " cases WHERE id = ?"
                                + (forUpdate ? " FOR UPDATE" : ""))
                .param(id)
                .query(Rows.of(CaseRow.class))
                .optional();
    }

    /**
     * {@code seesChildSafety}: whether the assignee may work on child-safety cases; intake reads it
     * when a child-safety report joins the case (it cannot ask the moderators table).
     */
    void assign(UUID caseId, String to, boolean seesChildSafety, Instant at) {
        jdbc.sql(
                        "UPDATE cases SET assigned_to = ?, assigned_at = ?, assignee_child_safety ="
                                + " ? WHERE id = ?")
                .params(to, Timestamp.from(at), seesChildSafety, caseId)
                .update();
    }

    void unassign(UUID caseId) {
        jdbc.sql("UPDATE cases SET assigned_to = NULL, assigned_at = NULL WHERE id = ?")
                .param(caseId)
                .update();
    }

    void decide(
            UUID caseId,
            String decision,
            String by,
            String ground,
            byte[] factsEnc,
            boolean automated,
            Instant at) {
        Timestamp now = Timestamp.from(at);
        jdbc.sql(
                        "UPDATE cases SET decision = ?, decided_at = ?, decided_by = ?,"
                                + " reasons_ground = ?, reasons_facts = ?, reasons_automated = ?,"
                                + " closed_at = ?, closed_by = ? WHERE id = ?")
                .params(decision, now, by, ground, factsEnc, automated, now, by, caseId)
                .update();
        jdbc.sql(DECIDED_ROLLUPS).param(caseId).update();
    }

    /** floor(ln(1 + seconds to decision) * 10): decision_time_buckets' bucket (about 10% wide). */
    private static final String BUCKET =
            "floor(ln(1 + greatest(0, extract(epoch FROM decided_at - opened_at))) * 10)::int";

    private static final double BUCKETS_PER_E = 10;

    /**
     * The dashboard's rollups after a decision (the case row already says it, in this transaction):
     * its opening day counts one case fewer open and one more with this outcome, its decision day
     * one more decision in its time bucket. One statement, on the rows of this case's days only
     * (intake touches today's 'open' row once per batch).
     */
    private static final String DECIDED_ROLLUPS =
            "WITH c AS (SELECT (opened_at AT TIME ZONE 'UTC')::date AS day, decision, (decided_at"
                    + " AT TIME ZONE 'UTC')::date AS decided_day, "
                    + BUCKET
                    + " AS bucket FROM cases WHERE id = ?), was_open AS (UPDATE case_daily_outcomes"
                    + " o SET cases = o.cases - 1 FROM c WHERE o.day = c.day AND o.outcome = 'open'"
                    + " AND o.cases > 0), outcome AS (INSERT INTO case_daily_outcomes (day,"
                    + " outcome, cases) SELECT day, decision, 1 FROM c ON CONFLICT (day, outcome)"
                    + " DO UPDATE SET cases = case_daily_outcomes.cases + 1) INSERT INTO"
                    + " decision_time_buckets (day, bucket, decisions) SELECT decided_day, bucket,"
                    + " 1 FROM c ON CONFLICT (day, bucket) DO UPDATE SET decisions ="
                    + " decision_time_buckets.decisions + 1";

    /** The reverse of {@link #DECIDED_ROLLUPS}, run before the case row forgets its decision. */
    private static final String REOPENED_ROLLUPS =
            "WITH c AS (SELECT (opened_at AT TIME ZONE 'UTC')::date AS day, decision, (decided_at"
                    + " AT TIME ZONE 'UTC')::date AS decided_day, "
                    + BUCKET
                    + " AS bucket FROM cases WHERE id = ? AND decision IS NOT NULL), undecided AS"
                    + " (UPDATE case_daily_outcomes o SET cases = o.cases - 1 FROM c WHERE o.day ="
                    + " c.day AND o.outcome = c.decision AND o.cases > 0), untimed AS (UPDATE"
                    + " decision_time_buckets b SET decisions = b.decisions - 1 FROM c WHERE b.day"
                    + " = c.decided_day AND b.bucket = c.bucket AND b.decisions > 0) INSERT INTO"
                    + " case_daily_outcomes (day, outcome, cases) SELECT day, 'open', 1 FROM c ON"
                    + " CONFLICT (day, outcome) DO UPDATE SET cases = case_daily_outcomes.cases +"
                    + " 1";

    /**
     * Escalated cases leave the ordinary queue and go, unassigned, to child-safety moderators, with
     * child-safety priority and target (the category they had is kept in {@code
     * escalated_from_category}). An assignee other than the escalator is recorded as the one the
     * case was taken from, so that they are told.
     */
    void escalate(UUID caseId, String by, Instant at) {
        Timestamp t = Timestamp.from(at);
        jdbc.sql(
                        "UPDATE cases SET escalated_at = ?, escalated_by = ?,"
                                + " escalated_from_category = top_category, top_category = ?,"
                                + " severity = ?, rerouted_from = CASE WHEN assigned_to <> ? THEN"
                                + " assigned_to ELSE rerouted_from END, rerouted_at = CASE WHEN"
                                + " assigned_to <> ? THEN ? ELSE rerouted_at END, rerouted_why ="
                                + " CASE WHEN assigned_to <> ? THEN 'escalated' ELSE rerouted_why"
                                + " END, assigned_to = NULL, assigned_at = NULL,"
                                + " assignee_child_safety = false WHERE id = ?")
                .params(
                        t,
                        by,
                        Category.CHILD_SAFETY.wire(),
                        CaseRow.CHILD_SAFETY_SEVERITY,
                        by,
                        by,
                        t,
                        by,
                        caseId)
                .update();
    }

    /**
     * A case that left a reviewer's hands (see {@link dev.franking.review.model.Views.MovedCase}).
     */
    record MovedEntry(UUID id, String sender, Instant at, String why) {}

    /** Open cases taken from {@code username} when they became child safety, newest first. */
    List<MovedEntry> movedFrom(String username) {
        return jdbc.sql(
                        "SELECT id, reported_sender_id AS sender, rerouted_at AS at, rerouted_why"
                                + " AS why FROM cases WHERE rerouted_from = ? AND closed_at IS NULL"
                                + " ORDER BY rerouted_at DESC, id LIMIT 50")
                .param(username)
                .query(Rows.of(MovedEntry.class))
                .list();
    }

    /** The case, if it was taken from {@code username} or escalated by them. */
    Optional<MovedEntry> moved(UUID caseId, String username) {
        return jdbc.sql(
                        "SELECT id, reported_sender_id AS sender, CASE WHEN rerouted_from = ? THEN"
                                + " rerouted_at ELSE escalated_at END AS at, CASE WHEN"
                                + " rerouted_from = ? THEN rerouted_why ELSE 'escalated' END AS why"
                                + " FROM cases WHERE id = ? AND (rerouted_from = ? OR escalated_by"
                                + " = ?)")
                .params(username, username, caseId, username, username)
                .query(Rows.of(MovedEntry.class))
                .optional();
    }

    /**
     * Open escalated cases unassigned or assigned to {@code username}, in queue order, at most
     * {@code limit}.
     */
    List<QueueEntry> escalated(String username, int limit) {
        return jdbc.sql(
                        "SELECT id, reported_sender_id, top_category, severity,"
                                + " distinct_reporters, report_count, opened_at, assigned_to,"
                                + " escalated_at, closed_at FROM cases WHERE escalated_at IS NOT"
                                + " NULL AND closed_at IS NULL AND (assigned_to IS NULL OR"
                                + " assigned_to = ?) ORDER BY severity, -distinct_reporters,"
                                + " opened_at, id LIMIT ?")
                .params(username, limit)
                .query(Rows.of(QueueEntry.class))
                .list();
    }

    /**
     * Which of these cases exist and are visible (child-safety cases only to those who see them),
     * in chunks of {@link #IDS_PER_STATEMENT}: one statement for a page's worth of ids instead of
     * one per id.
     */
    java.util.Set<UUID> visibleAmong(java.util.Collection<UUID> ids, boolean seesChildSafety) {
        java.util.Set<UUID> out = new java.util.HashSet<>();
        List<UUID> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        for (int i = 0; i < all.size(); i += IDS_PER_STATEMENT) {
            out.addAll(
                    jdbc.sql(
                                    "SELECT id FROM cases WHERE id IN (:ids)"
                                            + (seesChildSafety
                                                    ? ""
                                                    : " AND severity <> :cs AND escalated_at IS"
                                                            + " NULL"))
                            .param(
                                    "ids",
                                    all.subList(i, Math.min(all.size(), i + IDS_PER_STATEMENT)))
                            .param("cs", CaseRow.CHILD_SAFETY_SEVERITY)
                            .query(UUID.class)
                            .list());
        }
        return out;
    }

    /** Bind parameters in one IN list: far below PostgreSQL's 65,535. */
    static final int IDS_PER_STATEMENT = 1000;

    /**
     * The navigation's escalated count, on every page of child-safety staff and admins: an
     * index-only scan of {@code cases_queue_escalated} (V28; LargeQueueTest checks the plan).
     */
    static final String ESCALATED_COUNT =
            "SELECT count(*) FROM cases WHERE escalated_at IS NOT NULL AND closed_at IS NULL AND"
                    + " (assigned_to IS NULL OR assigned_to = ?)";

    int escalatedCount(String username) {
        return jdbc.sql(ESCALATED_COUNT).param(username).query(Integer.class).single();
    }

    int otherOpenCases(String sender, UUID caseId) {
        return jdbc.sql(
                        "SELECT count(*) FROM cases WHERE reported_sender_id = ? AND closed_at IS"
                                + " NULL AND id <> ?")
                .params(sender, caseId)
                .query(Integer.class)
                .single();
    }

    void reopen(UUID caseId) {
        jdbc.sql(REOPENED_ROLLUPS).param(caseId).update();
        jdbc.sql(
                        "UPDATE cases SET closed_at = NULL, closed_by = NULL, decision = NULL,"
                                + " decided_at = NULL, decided_by = NULL, assigned_to = NULL,"
                                + " assigned_at = NULL WHERE id = ?")
                .param(caseId)
                .update();
    }

    void addNote(UUID noteId, UUID caseId, String author, byte[] textEnc, Instant at) {
        jdbc.sql(
                        "INSERT INTO case_notes (id, case_id, author, text_enc, created_at)"
                                + " VALUES (?, ?, ?, ?, ?)")
                .params(noteId, caseId, author, textEnc, Timestamp.from(at))
                .update();
    }

    /** A note; {@code textEnc} is null once the case has been shredded. */
    record NoteEntry(UUID id, String author, byte[] textEnc, Instant createdAt) {}

    List<NoteEntry> notes(UUID caseId) {
        return jdbc.sql(
                        "SELECT id, author, text_enc, created_at FROM case_notes WHERE case_id ="
                                + " ? ORDER BY created_at")
                .param(caseId)
                .query(Rows.of(NoteEntry.class))
                .list();
    }

    // The dashboard reads the rollups (case_daily_outcomes, decision_time_buckets), never the
    // cases: whole UTC days, from's day up to and including to's.

    Map<String, Long> countByOutcome(Instant from, Instant to) {
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        jdbc.sql(
                        "SELECT outcome, sum(cases) FROM case_daily_outcomes WHERE day BETWEEN ?"
                                + " AND ? GROUP BY 1 HAVING sum(cases) > 0 ORDER BY 1")
                .params(utcDay(from), utcDay(to))
                .query(
                        rs -> {
                            byOutcome.put(rs.getString(1), rs.getLong(2));
                        });
        return byOutcome;
    }

    /**
     * The median time to decision from the buckets: the middle of the bucket that holds the median
     * decision, so within about 5% of the exact figure.
     */
    Optional<Double> medianSecondsToDecision(Instant from, Instant to) {
        List<long[]> buckets =
                jdbc.sql(
                                "SELECT bucket, sum(decisions) FROM decision_time_buckets WHERE day"
                                        + " BETWEEN ? AND ? GROUP BY bucket HAVING sum(decisions) >"
                                        + " 0 ORDER BY bucket")
                        .params(utcDay(from), utcDay(to))
                        .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
                        .list();
        long total = buckets.stream().mapToLong(b -> b[1]).sum();
        if (total == 0) {
            return Optional.empty();
        }
        long seen = 0;
        for (long[] b : buckets) {
            seen += b[1];
            if (seen * 2 >= total) {
                double lo = Math.expm1(b[0] / BUCKETS_PER_E);
                double hi = Math.expm1((b[0] + 1) / BUCKETS_PER_E);
                return Optional.of((lo + hi) / 2);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static java.time.LocalDate utcDay(Instant t) {
        return java.time.LocalDate.ofInstant(t, java.time.ZoneOffset.UTC);
    }

    // ---- for other packages -----------------------------------------------------------------

    @Override
    public byte[] wrappedKeyForShare(UUID caseId) {
        return jdbc.sql("SELECT wrapped_data_key FROM cases WHERE id = ? FOR SHARE")
                .param(caseId)
                .query((rs, i) -> rs.getBytes(1))
                .optional()
                .orElse(null);
    }

    /** A case's decision as an appeal contests it (closed: decided and not reopened). */
    public record Decided(
            UUID id,
            String sender,
            Instant closedAt,
            String decision,
            String decidedBy,
            Instant decidedAt) {}

    /** The case's decision, its row locked for the caller's transaction (appeals). */
    public Optional<Decided> decidedForUpdate(UUID caseId) {
        return jdbc.sql(
                        "SELECT id, reported_sender_id AS sender, closed_at, decision, decided_by,"
                                + " decided_at FROM cases WHERE id = ? FOR UPDATE")
                .param(caseId)
                .query(Rows.of(Decided.class))
                .optional();
    }

    /** A decision's statement of reasons as stored: the ground, and the facts sealed. */
    record StoredReasons(Instant decidedAt, String ground, byte[] factsEnc) {}

    /** The statement of reasons of the case's decision, if it has one (appeals show it). */
    Optional<StoredReasons> reasons(UUID caseId) {
        return jdbc.sql(
                        "SELECT decided_at, reasons_ground AS ground, reasons_facts AS facts_enc"
                                + " FROM cases WHERE id = ? AND decided_at IS NOT NULL")
                .param(caseId)
                .query(Rows.of(StoredReasons.class))
                .optional();
    }

    /** What an evidence package and a CyberTipline report say of the case. */
    public record CaseSummary(
            UUID id,
            String reportedSenderId,
            Instant openedAt,
            Instant closedAt,
            String decision,
            Instant decidedAt,
            byte[] wrappedDataKey) {}

    public Optional<CaseSummary> summary(UUID caseId) {
        return jdbc.sql(
                        "SELECT id, reported_sender_id, opened_at, closed_at, decision,"
                                + " decided_at, wrapped_data_key FROM cases WHERE id = ?")
                .param(caseId)
                .query(Rows.of(CaseSummary.class))
                .optional();
    }

    /**
     * Locks the case for a forwarding request; empty if there is no such case, else whether its
     * evidence has been destroyed.
     */
    public Optional<Boolean> lockForForwarding(UUID caseId) {
        return jdbc.sql("SELECT wrapped_data_key IS NULL FROM cases WHERE id = ? FOR UPDATE")
                .param(caseId)
                .query(Boolean.class)
                .optional();
    }

    /**
     * Preserves the case's evidence until at least {@code until} (never shortens it), its data key
     * moved at once under the epoch of that date.
     */
    public void preserveUntil(UUID caseId, Instant until) {
        Timestamp t = Timestamp.from(until);
        jdbc.sql(
                        "UPDATE cases SET preserve_until = GREATEST(coalesce(preserve_until, ?),"
                                + " ?) WHERE id = ?")
                .params(t, t, caseId)
                .update();
        keyEpochs.moveForward(caseId, k -> Epochs.of(k.preserveUntil()));
    }

    /** Until when the case is preserved (null: not), and whether its evidence is destroyed. */
    public record Preservation(Instant preserveUntil, boolean destroyed) {}

    public Preservation preservation(UUID caseId) {
        return jdbc.sql(
                        "SELECT preserve_until, wrapped_data_key IS NULL AS destroyed FROM cases"
                                + " WHERE id = ?")
                .param(caseId)
                .query(Rows.of(Preservation.class))
                .single();
    }

    public boolean exists(UUID caseId) {
        return jdbc.sql("SELECT 1 FROM cases WHERE id = ?")
                .param(caseId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /**
     * Closed cases whose evidence still exists, closed before {@code closedBefore} and not
     * preserved at {@code now} (legal holds are retention's to check).
     */
    public List<UUID> shreddable(Instant closedBefore, Instant now) {
        return jdbc.sql(
                        "SELECT id FROM cases WHERE closed_at IS NOT NULL AND closed_at < ? AND"
                                + " wrapped_data_key IS NOT NULL AND (preserve_until IS NULL OR"
                                + " preserve_until < ?) ORDER BY closed_at, id")
                .params(Timestamp.from(closedBefore), Timestamp.from(now))
                .query(UUID.class)
                .list();
    }

    /**
     * Locks the case and tells whether it may still be shredded at {@code now}: its evidence exists
     * and it is not preserved.
     */
    public boolean lockIfShreddable(UUID caseId, Instant now) {
        return jdbc.sql(
                        "SELECT wrapped_data_key IS NOT NULL AND (preserve_until IS NULL OR"
                                + " preserve_until < ?) FROM cases WHERE id = ? FOR UPDATE")
                .params(Timestamp.from(now), caseId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /**
     * Crypto-shredding: the data key is what makes the ciphertexts readable; deleting it destroys
     * them for good. The facts of the statement of reasons and the notes go with it. Copies of the
     * key elsewhere (old row versions, WAL, backups) die with the epoch it was under, which the row
     * keeps naming ({@code data_key_epoch}).
     */
    public void shred(UUID caseId, Instant at) {
        jdbc.sql(
                        "UPDATE cases SET wrapped_data_key = NULL, shredded_at = ?, reasons_facts ="
                                + " NULL WHERE id = ?")
                .params(Timestamp.from(at), caseId)
                .update();
        jdbc.sql("UPDATE case_notes SET text_enc = NULL WHERE case_id = ?").param(caseId).update();
        history.forgetFacts(caseId);
    }
}
