package dev.franking.service.intake;

import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseKeyEpochs;
import dev.franking.service.cases.CaseStatements;
import dev.franking.service.crypto.Vault;
import dev.franking.service.intake.BatchRows.Accepted;
import dev.franking.service.intake.BatchRows.CaseKey;
import dev.franking.service.intake.IntakeDecisions.Joining;
import dev.franking.service.intake.IntakeDecisions.QueueDelta;
import dev.franking.service.reports.Pipeline;
import dev.franking.service.reports.ReportStatements;
import dev.franking.service.reports.ReportWriter.Pending;
import dev.franking.service.reports.WriteOutcome;
import dev.franking.v2.VerifiedMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One batch of verified reports, one transaction, six round trips: (1) lock the reporters, read
 * what they already sent, lock the senders' open cases; (2) read which reporters and messages the
 * cases already hold; (3) insert everything and update the cases; (4) lock the audit chain and read
 * its head; (5) append the custody rows; (6) commit. Opening a case for a new sender adds one or
 * two. What one report's own transaction would guarantee holds for each report of the batch: the
 * duplicate check and the rate limit are exact (the reporters are locked across instances), a case
 * is locked while reports join it, and all of it commits or none.
 *
 * <p>Custody starts here: every report stored, and every case opened, gets an audit row (system
 * actor) in the same transaction, so a report is never stored without its row (nor acknowledged:
 * the answer waits for the commit). The rows are appended after round trip (3), as the batch's last
 * statements ({@link AuditLog#appendLast}: the chain lock and head, then one INSERT, then the
 * commit), so the chain lock is taken after the reporters' and the cases' locks, as in every other
 * transaction (lock order: see {@link AuditLog}), and held only for those two round trips and the
 * commit: intake and moderators' actions wait for each other only that long, and never in a cycle.
 *
 * <p>The decisions are {@link IntakeDecisions}'; the SQL is the tables' owners' ({@link
 * ReportStatements}, {@link CaseStatements}; the audit log's rows go through {@link AuditLog});
 * this class reads, decides, seals and writes.
 */
final class ReportBatch {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Vault vault;
    private final Clock clock;
    private final int limit;
    private final AuditLog audit;

    ReportBatch(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            Vault vault,
            Clock clock,
            int limit,
            AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
        this.vault = vault;
        this.clock = clock;
        this.limit = limit;
    }

    /**
     * Writes the batch in one transaction: per report, in order, what became of it.
     *
     * @throws DataAccessFaults.CommitFailed if the statements ran and the commit failed
     */
    List<WriteOutcome> write(List<Pending> batch) {
        boolean[] committing = {false};
        try {
            return tx.execute(
                    s -> {
                        List<WriteOutcome> out = inTransaction(batch, clock.instant());
                        committing[0] = true;
                        return out;
                    });
        } catch (RuntimeException e) {
            if (committing[0]) {
                throw new DataAccessFaults.CommitFailed(e);
            }
            throw e;
        }
    }

    private record Wrapped(UUID caseId, byte[] key) {}

    private List<WriteOutcome> inTransaction(List<Pending> batch, Instant now) {
        SortedSet<String> reporters = new TreeSet<>();
        SortedSet<String> senders = new TreeSet<>();
        List<String> pairReporters = new ArrayList<>(batch.size());
        List<byte[]> pairDedupes = new ArrayList<>(batch.size());
        List<IntakeDecisions.Request> requests = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            String reporter = p.report().reporterId();
            String sender = sender(p);
            reporters.add(reporter);
            senders.add(sender);
            pairReporters.add(reporter);
            pairDedupes.add(p.dedupe());
            requests.add(
                    new IntakeDecisions.Request(
                            reporter, p.dedupe(), sender, p.report().messages().size()));
        }

        // (1) what the reporters already sent (repeats, and the rate window); the open cases
        Map<String, WriteOutcome.Repeat> stored = new HashMap<>();
        Map<String, IntakeDecisions.Recent> recent = new HashMap<>();
        Map<String, Wrapped> open = new HashMap<>();
        Pipeline first = new Pipeline();
        ReportStatements.lockReporters(first, reporters);
        ReportStatements.storedAndRecent(
                first,
                pairReporters,
                pairDedupes,
                reporters,
                now.minus(IntakeDecisions.RATE_WINDOW),
                (reporter, dedupe, id, messages) ->
                        stored.put(
                                IntakeDecisions.dedupeKey(reporter, dedupe),
                                new WriteOutcome.Repeat(id, messages)),
                (reporter, count, oldest) ->
                        recent.put(reporter, new IntakeDecisions.Recent(count, oldest)));
        CaseStatements.lockOpenCases(
                first,
                senders,
                (sender, id, wrapped) -> open.put(sender, new Wrapped(id, wrapped)));
        first.run(jdbc);

        List<WriteOutcome> out =
                IntakeDecisions.decide(
                        requests,
                        new IntakeDecisions.History(stored, recent),
                        limit,
                        now,
                        UUID::randomUUID);
        Map<String, CaseKey> cases = new TreeMap<>();
        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (out.get(i) instanceof WriteOutcome.Stored s) {
                CaseKey kase =
                        cases.computeIfAbsent(sender(batch.get(i)), k -> new CaseKey(null, null));
                accepted.add(new Accepted(batch.get(i), s.reportId(), kase));
            }
        }
        if (accepted.isEmpty()) {
            return out;
        }
        try {
            for (Map.Entry<String, CaseKey> e : cases.entrySet()) {
                Wrapped w = open.get(e.getKey());
                if (w != null) {
                    e.getValue().id = w.caseId();
                    e.getValue().dataKey = vault.unwrapCaseKey(w.caseId(), w.key());
                }
            }
            Set<UUID> opened = openMissingCases(cases, open.keySet(), now);
            store(accepted, opened, now);
        } finally {
            for (CaseKey c : cases.values()) {
                if (c.dataKey != null) {
                    Arrays.fill(c.dataKey, (byte) 0);
                }
            }
        }
        return out;
    }

    private static String sender(Pending p) {
        return p.report().reported().content().senderId();
    }

    /**
     * Opens a case (a fresh data key, wrapped under a near epoch key) for each sender that has none
     * open.
     */
    private Set<UUID> openMissingCases(Map<String, CaseKey> cases, Set<String> open, Instant now) {
        SortedSet<String> missing = IntakeDecisions.casesToOpen(cases.keySet(), open);
        if (missing.isEmpty()) {
            return Set.of();
        }
        List<CaseStatements.NewCase> fresh = new ArrayList<>(missing.size());
        for (String sender : missing) {
            CaseKey c = cases.get(sender);
            c.id = UUID.randomUUID();
            c.dataKey = Vault.newKey();
            fresh.add(
                    new CaseStatements.NewCase(
                            c.id,
                            sender,
                            vault.wrapCaseKey(c.id, CaseKeyEpochs.forNewCase(now), c.dataKey)));
        }
        Set<String> lost = new TreeSet<>(missing);
        Pipeline p = new Pipeline();
        CaseStatements.openCases(p, now, fresh, lost::remove);
        p.run(jdbc);
        Set<UUID> opened = new HashSet<>();
        for (String sender : missing) {
            if (!lost.contains(sender)) {
                opened.add(cases.get(sender).id);
            }
        }
        if (lost.isEmpty()) {
            return opened;
        }
        // another instance opened them meanwhile and has committed: use its cases
        Pipeline theirs = new Pipeline();
        CaseStatements.lockOpenCases(
                theirs,
                lost,
                (sender, id, wrapped) -> {
                    CaseKey c = cases.get(sender);
                    Arrays.fill(c.dataKey, (byte) 0);
                    c.id = id;
                    c.dataKey = vault.unwrapCaseKey(id, wrapped);
                });
        theirs.run(jdbc);
        return opened;
    }

    private void store(List<Accepted> accepted, Set<UUID> opened, Instant now) {
        // the messages per case, each once however many reports hold it
        List<Joining> joining = new ArrayList<>(accepted.size());
        SortedMap<String, VerifiedMessage> messages = new TreeMap<>();
        Map<String, CaseKey> messageCase = new HashMap<>();
        for (Accepted a : accepted) {
            joining.add(new Joining(a.kase().id, a.report().reporterId(), a.pending().category()));
            for (VerifiedMessage m : a.report().messages()) {
                String key = IntakeDecisions.itemKey(a.kase().id, m.commitment().toBytes());
                if (messages.putIfAbsent(key, m) == null) {
                    messageCase.put(key, a.kase());
                }
            }
        }
        SortedMap<UUID, QueueDelta> deltas = IntakeDecisions.queueDeltas(joining);

        // (2) which of the reporters each case has heard from, and which messages it already holds
        List<UUID> pairCases = new ArrayList<>();
        List<String> pairReporters = new ArrayList<>();
        deltas.forEach(
                (caseId, d) ->
                        d.reporters()
                                .forEach(
                                        r -> {
                                            pairCases.add(caseId);
                                            pairReporters.add(r);
                                        }));
        List<UUID> itemCases = new ArrayList<>(messages.size());
        List<byte[]> itemCommitments = new ArrayList<>(messages.size());
        messages.forEach(
                (key, m) -> {
                    itemCases.add(messageCase.get(key).id);
                    itemCommitments.add(m.commitment().toBytes());
                });
        Map<UUID, Set<String>> known = new HashMap<>();
        Map<String, UUID> itemIds = new HashMap<>();
        Pipeline lookups = new Pipeline();
        ReportStatements.knownReporters(
                lookups,
                pairCases,
                pairReporters,
                (caseId, reporter) ->
                        known.computeIfAbsent(caseId, k -> new HashSet<>()).add(reporter));
        ReportStatements.knownItems(
                lookups,
                itemCases,
                itemCommitments,
                (caseId, commitment, id) ->
                        itemIds.put(IntakeDecisions.itemKey(caseId, commitment), id));
        lookups.run(jdbc);

        // (3) everything new, in one round trip
        Pipeline inserts = new Pipeline();
        List<ReportStatements.ReportRow> reports = BatchRows.reports(vault, accepted);
        ReportStatements.insertReports(inserts, now, reports);
        ReportStatements.insertItems(
                inserts, now, BatchRows.newItems(vault, messages, messageCase, itemIds));
        ReportStatements.insertMessages(inserts, BatchRows.messages(accepted, itemIds));
        List<CaseStatements.QueueKeys> keys = new ArrayList<>(deltas.size());
        deltas.forEach(
                (caseId, d) -> {
                    QueueDelta fresh = d.without(known.getOrDefault(caseId, Set.of()));
                    keys.add(
                            new CaseStatements.QueueKeys(
                                    caseId,
                                    fresh.reports(),
                                    fresh.reporters().size(),
                                    fresh.severity(),
                                    fresh.category()));
                });
        CaseStatements.addToQueueKeys(inserts, keys);
        // the dashboard's rollups last: their rows are shared by every batch of the day and stay
        // locked to the commit, so a concurrent batch waits on them only for this one's audit round
        // trips (which it would wait for anyway, on the chain's lock), not for its inserts
        ReportStatements.addDailyCounts(inserts, now, reports);
        CaseStatements.countOpened(inserts, now, opened.size());
        inserts.run(jdbc);

        // (4) custody, last: nothing but the commit runs after it
        audit.appendLast(custody(accepted, opened));
    }

    /**
     * The batch's custody rows: a case opened (before the report that opened it), then each report
     * received and verified. Ids and counts only: no content, and no reporter id (the audit log
     * names moderators, never reporters).
     */
    private static List<AuditLog.Row> custody(List<Accepted> accepted, Set<UUID> opened) {
        List<AuditLog.Row> rows = new ArrayList<>(accepted.size() + opened.size());
        Set<UUID> announced = new HashSet<>();
        for (Accepted a : accepted) {
            UUID caseId = a.kase().id;
            String reportId = a.reportId().toString();
            if (opened.contains(caseId) && announced.add(caseId)) {
                rows.add(
                        new AuditLog.Row(
                                AuditLog.SYSTEM,
                                AuditEvent.CASE_OPENED,
                                caseId,
                                reportId,
                                "opened by report " + reportId));
            }
            rows.add(
                    new AuditLog.Row(
                            AuditLog.SYSTEM,
                            AuditEvent.REPORT_RECEIVED,
                            caseId,
                            reportId,
                            "verified; messages="
                                    + a.report().messages().size()
                                    + "; transcript_gaps="
                                    + a.report().transcript().gaps()
                                    + "; verified_at="
                                    + a.report().verifiedAt()));
        }
        return rows;
    }
}
