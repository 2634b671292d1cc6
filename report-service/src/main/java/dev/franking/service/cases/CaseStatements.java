package dev.franking.service.cases;

import dev.franking.service.crypto.Vault;
import dev.franking.service.reports.Pipeline;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The statements report intake runs against the cases table, each added to the caller's {@link
 * Pipeline} so that one transaction carries a whole batch together with the reports' own statements
 * ({@code reports.ReportStatements}).
 */
public final class CaseStatements {
    private CaseStatements() {}

    private static final String OPEN_CASES =
            // every report joins its case through this lock (held to commit), so while it is held
            // nobody else adds reports or evidence items to the case, nor closes it
            "SELECT reported_sender_id, id, wrapped_data_key FROM cases WHERE reported_sender_id ="
                + " ANY (?::text[]) AND closed_at IS NULL ORDER BY reported_sender_id FOR NO KEY"
                + " UPDATE";

    private static final String NEW_CASES =
            "INSERT INTO cases (id, reported_sender_id, opened_at, wrapped_data_key,"
                + " data_key_epoch) SELECT u.id, u.sender, ?, u.wrapped, u.epoch FROM"
                + " unnest(?::uuid[], ?::text[], ?::bytea[], ?::text[]) AS u(id, sender, wrapped,"
                + " epoch) ON CONFLICT (reported_sender_id) WHERE closed_at IS NULL DO NOTHING"
                + " RETURNING reported_sender_id";

    /** The cases a batch opened, counted into the dashboard's rollup ('open' on their day). */
    private static final String COUNT_OPENED =
            "INSERT INTO case_daily_outcomes (day, outcome, cases) VALUES ((?::timestamptz AT TIME"
                    + " ZONE 'UTC')::date, 'open', ?) ON CONFLICT (day, outcome) DO UPDATE SET"
                    + " cases = case_daily_outcomes.cases + EXCLUDED.cases";

    /**
     * A case turns child safety in this batch while claimed by someone who may not work on it (the
     * assignee's ability is recorded at assignment, {@code assignee_child_safety}): it leaves them,
     * back to the child-safety queue, and they are recorded to be told (never a 404 for work they
     * held). Escalated cases are child safety already.
     */
    private static final String TURNS_CHILD_SAFETY_AWAY_FROM_ASSIGNEE =
            "(u.sev = "
                    + CaseRow.CHILD_SAFETY_SEVERITY
                    + " AND coalesce(c.severity, -1) <> "
                    + CaseRow.CHILD_SAFETY_SEVERITY
                    + " AND c.escalated_at IS NULL AND c.assigned_to IS NOT NULL AND NOT"
                    + " c.assignee_child_safety)";

    private static final String UPDATE_QUEUE_KEYS =
            // the queue's ordering keys, kept on the case so that the first page is an index scan
            "UPDATE cases c SET rerouted_from = CASE WHEN "
                    + TURNS_CHILD_SAFETY_AWAY_FROM_ASSIGNEE
                    + " THEN c.assigned_to ELSE c.rerouted_from END, rerouted_at = CASE WHEN "
                    + TURNS_CHILD_SAFETY_AWAY_FROM_ASSIGNEE
                    + " THEN now() ELSE c.rerouted_at END, rerouted_why = CASE WHEN "
                    + TURNS_CHILD_SAFETY_AWAY_FROM_ASSIGNEE
                    + " THEN 'child_safety_report' ELSE c.rerouted_why END, assigned_at = CASE"
                    + " WHEN "
                    + TURNS_CHILD_SAFETY_AWAY_FROM_ASSIGNEE
                    + " THEN NULL ELSE c.assigned_at END, assigned_to = CASE WHEN "
                    + TURNS_CHILD_SAFETY_AWAY_FROM_ASSIGNEE
                    + " THEN NULL ELSE c.assigned_to END, "
                    + "report_count = c.report_count + u.n, distinct_reporters ="
                    + " c.distinct_reporters + u.d, top_category = CASE WHEN c.severity IS NULL OR"
                    + " u.sev < c.severity THEN u.category ELSE c.top_category END, severity ="
                    + " LEAST(coalesce(c.severity, u.sev), u.sev) FROM unnest(?::uuid[], ?::int[],"
                    + " ?::int[], ?::int[], ?::text[]) AS u(id, n, d, sev, category) "
                    // the ANY lets the planner find the few cases by primary key rather than hash
                    // the whole table
                    + "WHERE c.id = u.id AND c.id = ANY (?::uuid[])";

    /** A sender's open case and its wrapped data key. */
    public interface OpenCase {
        void found(String sender, UUID caseId, byte[] wrappedDataKey);
    }

    /**
     * The senders' open cases, locked (FOR NO KEY UPDATE, in sender order) until the transaction
     * ends: reports join a case only under this lock.
     */
    public static void lockOpenCases(Pipeline p, Collection<String> senders, OpenCase open) {
        p.query(
                OPEN_CASES,
                rs ->
                        open.found(
                                rs.getString("reported_sender_id"),
                                rs.getObject("id", UUID.class),
                                rs.getBytes("wrapped_data_key")),
                (Object) senders.toArray(String[]::new));
    }

    /**
     * A case to open for a sender, with its data key wrapped under an epoch key ({@link
     * CaseKeyEpochs#forNewCase}); the epoch it names is stored beside it.
     */
    public record NewCase(UUID id, String sender, byte[] wrappedDataKey) {}

    /**
     * Opens the cases, in the given order (sort them: concurrent openers then wait on each other
     * instead of deadlocking); {@code opened} is told each sender whose case this opened. A sender
     * it is not told of had one opened meanwhile by another instance, which has committed it.
     */
    public static void openCases(
            Pipeline p, Instant openedAt, List<NewCase> cases, Consumer<String> opened) {
        String[] ids = new String[cases.size()];
        String[] senders = new String[cases.size()];
        byte[][] wrapped = new byte[cases.size()][];
        String[] epochs = new String[cases.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = cases.get(i).id().toString();
            senders[i] = cases.get(i).sender();
            wrapped[i] = cases.get(i).wrappedDataKey();
            epochs[i] = Vault.caseKeyEpoch(wrapped[i]);
        }
        p.query(
                NEW_CASES,
                rs -> opened.accept(rs.getString("reported_sender_id")),
                Timestamp.from(openedAt),
                ids,
                senders,
                wrapped,
                epochs);
    }

    /**
     * Counts {@code opened} cases, opened at {@code openedAt}, into the dashboard's rollup. The row
     * (the day's 'open') is shared by every batch that opens a case that day and stays locked until
     * the batch commits, so the intake adds this last, just before the audit chain's lock: had it
     * stayed with the cases' insert, every batch opening a case would have waited for the whole
     * rest of the one before it.
     */
    public static void countOpened(Pipeline p, Instant openedAt, int opened) {
        if (opened > 0) {
            p.update(COUNT_OPENED, Timestamp.from(openedAt), opened);
        }
    }

    /**
     * What a batch adds to a case's queue keys: reports, reporters it had not heard from, and the
     * severity and category of its most severe new report.
     */
    public record QueueKeys(
            UUID caseId, int reports, int newReporters, int severity, String category) {}

    /** Adds to the cases' queue keys; give the cases in id order (the order their rows lock in). */
    public static void addToQueueKeys(Pipeline p, List<QueueKeys> keys) {
        int c = keys.size();
        String[] ids = new String[c];
        int[] reports = new int[c];
        int[] newReporters = new int[c];
        int[] severity = new int[c];
        String[] category = new String[c];
        for (int k = 0; k < c; k++) {
            QueueKeys q = keys.get(k);
            ids[k] = q.caseId().toString();
            reports[k] = q.reports();
            newReporters[k] = q.newReporters();
            severity[k] = q.severity();
            category[k] = q.category();
        }
        p.update(UPDATE_QUEUE_KEYS, ids, reports, newReporters, severity, category, ids);
    }
}
