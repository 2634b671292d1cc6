package dev.franking.service.reports;

import dev.franking.v2.AttachmentDescriptor;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The statements report intake runs against this package's tables (reports, evidence_items,
 * evidence_attachments, report_messages), each added to the caller's {@link Pipeline} so that one
 * transaction, and one round trip per step, carries a whole batch together with the statements of
 * other tables' owners. Each takes and gives plain rows; the column arrays are built here.
 *
 * <p>The lookups join a handful of array elements to big tables. As plain joins, the planner, which
 * cannot see how short the arrays are, prefers hashing a sequential scan of the whole table; a
 * LATERAL subquery per element (LIMIT 1 or an aggregate) makes each one an index probe, whatever
 * the statistics say.
 */
public final class ReportStatements {
    private ReportStatements() {}

    private static final String LOCK_REPORTERS =
            // sorted: two instances locking overlapping reporters always take them in the same
            // order
            "SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtextextended('reporter:' || r, 7) AS"
                    + " h FROM unnest(?::text[]) AS r ORDER BY 1 OFFSET 0) AS s";

    private static final String EXISTING_AND_RECENT =
            "SELECT 0 AS kind, u.reporter AS reporter_id, u.dedupe AS dedupe_key, x.id,"
                + " x.message_count, NULL::timestamptz AS oldest FROM unnest(?::text[], ?::bytea[])"
                + " AS u(reporter, dedupe) CROSS JOIN LATERAL (SELECT r.id, r.message_count FROM"
                + " reports r WHERE r.reporter_id = u.reporter AND r.dedupe_key = u.dedupe LIMIT 1)"
                + " AS x UNION ALL SELECT 1, u.reporter, NULL, NULL, x.n, x.oldest FROM"
                + " unnest(?::text[]) AS u(reporter) CROSS JOIN LATERAL (SELECT count(*)::int AS n,"
                + " min(r.received_at) AS oldest FROM reports r WHERE r.reporter_id = u.reporter"
                + " AND r.received_at > ?) AS x WHERE x.n > 0";

    private static final String KNOWN_REPORTERS =
            "SELECT u.case_id, u.reporter FROM unnest(?::uuid[], ?::text[]) AS u(case_id, reporter)"
                    + " CROSS JOIN LATERAL (SELECT 1 FROM reports r WHERE r.case_id = u.case_id AND"
                    + " r.reporter_id = u.reporter LIMIT 1) AS x";

    private static final String KNOWN_ITEMS =
            "SELECT x.id, u.case_id, u.commitment FROM unnest(?::uuid[], ?::bytea[]) AS u(case_id,"
                    + " commitment) CROSS JOIN LATERAL (SELECT e.id FROM evidence_items e WHERE"
                    + " e.case_id = u.case_id AND e.commitment = u.commitment LIMIT 1) AS x";

    private static final String INSERT_REPORTS =
            "INSERT INTO reports (id, case_id, reporter_id, category, comment_enc, message_count,"
                + " dedupe_key, received_at, verified_at, status, gap_count) SELECT u.id,"
                + " u.case_id, u.reporter, u.category, u.comment, u.n, u.dedupe, ?, u.verified,"
                + " 'received', u.gaps FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[],"
                + " ?::bytea[], ?::int[], ?::bytea[], ?::timestamptz[], ?::int[]) AS u(id, case_id,"
                + " reporter, category, comment, n, dedupe, verified, gaps)";

    /**
     * The dashboard's per-day, per-category rollup (issue 15): one statement per batch, rows in
     * category order so that concurrent batches lock them in the same order; a batch's reports all
     * share one received_at, so one day. Every batch of a day updates the same few rows, so each
     * holds their locks until it commits: the intake adds it as the last statement before the audit
     * chain's (see {@link #addDailyCounts}).
     */
    private static final String ADD_DAILY_COUNTS =
            "INSERT INTO report_daily_counts (day, category, reports) SELECT (?::timestamptz AT"
                + " TIME ZONE 'UTC')::date, u.category, u.n FROM unnest(?::text[], ?::bigint[]) AS"
                + " u(category, n) ORDER BY u.category ON CONFLICT (day, category) DO UPDATE SET"
                + " reports = report_daily_counts.reports + EXCLUDED.reports";

    private static final String INSERT_ITEMS =
            "INSERT INTO evidence_items (id, case_id, commitment, message_id, sender_id,"
                + " conversation_id, sent_at, content_type, body_length, content_enc,"
                + " first_seen_at, prev) SELECT u.id, u.case_id, u.commitment, u.message_id,"
                + " u.sender_id, u.conversation_id, u.sent_at, u.content_type, u.body_length,"
                + " u.content, ?, u.prev FROM unnest(?::uuid[], ?::uuid[], ?::bytea[], ?::text[],"
                + " ?::text[], ?::text[], ?::bigint[], ?::text[], ?::int[], ?::bytea[], ?::bytea[])"
                + " AS u(id, case_id, commitment, message_id, sender_id, conversation_id, sent_at,"
                + " content_type, body_length, content, prev)";

    private static final String INSERT_ATTACHMENTS =
            "INSERT INTO evidence_attachments (evidence_item_id, n, content_type, size, sha256)"
                + " SELECT * FROM unnest(?::uuid[], ?::int[], ?::text[], ?::bigint[], ?::bytea[])";

    private static final String INSERT_MESSAGES =
            "INSERT INTO report_messages (report_id, idx, evidence_item_id, recipient_id, kid,"
                    + " received_at, stamp_mac, key_expires_at, verified_at, route_salt,"
                    + " transcript_pos, gap_count, by_reporter) SELECT * FROM unnest(?::uuid[],"
                    + " ?::int[], ?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::bytea[],"
                    + " ?::timestamptz[], ?::timestamptz[], ?::bytea[], ?::int[], ?::int[],"
                    + " ?::boolean[])";

    /**
     * Serialises each reporter's submissions across instances until the transaction ends (so that
     * the duplicate check and the rate limit see everything before them); the locks are taken in a
     * fixed order, whatever the order of {@code reporters}.
     */
    public static void lockReporters(Pipeline p, Collection<String> reporters) {
        p.query(LOCK_REPORTERS, null, (Object) reporters.toArray(String[]::new));
    }

    /** A reporter's stored report with a given dedupe key. */
    public interface StoredReport {
        void found(String reporter, byte[] dedupe, UUID reportId, int messages);
    }

    /** How many reports a reporter sent since a moment, and the oldest one's arrival. */
    public interface RecentReports {
        void found(String reporter, int count, Instant oldest);
    }

    /**
     * The stored reports with the given (reporter, dedupe key) pairs; and, per reporter that sent
     * any, the count of reports received after {@code since}.
     */
    public static void storedAndRecent(
            Pipeline p,
            List<String> pairReporters,
            List<byte[]> pairDedupes,
            Collection<String> reporters,
            Instant since,
            StoredReport stored,
            RecentReports recent) {
        p.query(
                EXISTING_AND_RECENT,
                rs -> {
                    String reporter = rs.getString("reporter_id");
                    if (rs.getInt("kind") == 0) {
                        stored.found(
                                reporter,
                                rs.getBytes("dedupe_key"),
                                rs.getObject("id", UUID.class),
                                rs.getInt("message_count"));
                    } else {
                        recent.found(
                                reporter,
                                rs.getInt("message_count"),
                                rs.getTimestamp("oldest").toInstant());
                    }
                },
                pairReporters.toArray(String[]::new),
                pairDedupes.toArray(byte[][]::new),
                reporters.toArray(String[]::new),
                Timestamp.from(since));
    }

    /** Of the (case, reporter) pairs, those where the reporter has already reported to the case. */
    public static void knownReporters(
            Pipeline p, List<UUID> cases, List<String> reporters, BiConsumer<UUID, String> known) {
        p.query(
                KNOWN_REPORTERS,
                rs -> known.accept(rs.getObject("case_id", UUID.class), rs.getString("reporter")),
                strings(cases),
                reporters.toArray(String[]::new));
    }

    /** An evidence item already stored in a case for a message commitment. */
    public interface KnownItem {
        void found(UUID caseId, byte[] commitment, UUID itemId);
    }

    /** Of the (case, commitment) pairs, those the case already holds as evidence items. */
    public static void knownItems(
            Pipeline p, List<UUID> cases, List<byte[]> commitments, KnownItem known) {
        p.query(
                KNOWN_ITEMS,
                rs ->
                        known.found(
                                rs.getObject("case_id", UUID.class),
                                rs.getBytes("commitment"),
                                rs.getObject("id", UUID.class)),
                strings(cases),
                commitments.toArray(byte[][]::new));
    }

    /**
     * A new report (status "received"); {@code commentEnc} is sealed under its case's data key;
     * {@code gapCount} is its transcript's gaps (PROTOCOL.md §5 step 5).
     */
    public record ReportRow(
            UUID id,
            UUID caseId,
            String reporterId,
            String category,
            byte[] commentEnc,
            int messageCount,
            byte[] dedupeKey,
            Instant verifiedAt,
            int gapCount) {}

    public static void insertReports(Pipeline p, Instant receivedAt, List<ReportRow> rows) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] caseIds = new String[n];
        String[] reporterIds = new String[n];
        String[] categories = new String[n];
        byte[][] comments = new byte[n][];
        int[] counts = new int[n];
        byte[][] dedupes = new byte[n][];
        String[] verified = new String[n];
        int[] gaps = new int[n];
        for (int i = 0; i < n; i++) {
            ReportRow r = rows.get(i);
            gaps[i] = r.gapCount();
            ids[i] = r.id().toString();
            caseIds[i] = r.caseId().toString();
            reporterIds[i] = r.reporterId();
            categories[i] = r.category();
            comments[i] = r.commentEnc();
            counts[i] = r.messageCount();
            dedupes[i] = r.dedupeKey();
            verified[i] = r.verifiedAt().toString();
        }
        p.update(
                INSERT_REPORTS,
                Timestamp.from(receivedAt),
                ids,
                caseIds,
                reporterIds,
                categories,
                comments,
                counts,
                dedupes,
                verified,
                gaps);
    }

    /**
     * Counts the reports into the dashboard's rollup (report_daily_counts) of their day. Its rows
     * are shared by every batch of the day and stay locked until the batch commits, so the caller
     * adds this last, after the statements that may wait on other locks (an earlier place made
     * every concurrent batch wait for the rest of this one: the reports' inserts, the cases'
     * update, the audit round trips).
     */
    public static void addDailyCounts(Pipeline p, Instant receivedAt, List<ReportRow> rows) {
        SortedMap<String, Long> perCategory = new TreeMap<>();
        for (ReportRow r : rows) {
            perCategory.merge(r.category(), 1L, Long::sum);
        }
        if (perCategory.isEmpty()) {
            return;
        }
        p.update(
                ADD_DAILY_COUNTS,
                Timestamp.from(receivedAt),
                perCategory.keySet().toArray(String[]::new),
                perCategory.values().stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * A new evidence item: the message's metadata, its {@code prev} (k×32 bytes, as committed), its
     * content sealed under the case's data key ({@code contentEnc}), and its attachments' committed
     * descriptors (uploaded later).
     */
    public record ItemRow(
            UUID id,
            UUID caseId,
            byte[] commitment,
            String messageId,
            String senderId,
            String conversationId,
            long sentAt,
            String contentType,
            int bodyLength,
            byte[] contentEnc,
            byte[] prev,
            List<AttachmentDescriptor> attachments) {}

    /** Inserts the evidence items and their attachments' descriptors. */
    public static void insertItems(Pipeline p, Instant firstSeenAt, List<ItemRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] ids = new String[n];
        String[] caseIds = new String[n];
        byte[][] commitments = new byte[n][];
        String[] messageIds = new String[n];
        String[] senders = new String[n];
        String[] conversations = new String[n];
        long[] sentAt = new long[n];
        String[] contentTypes = new String[n];
        int[] bodyLengths = new int[n];
        byte[][] sealed = new byte[n][];
        byte[][] prev = new byte[n][];
        List<String> aItem = new ArrayList<>();
        List<Integer> aN = new ArrayList<>();
        List<String> aType = new ArrayList<>();
        List<Long> aSize = new ArrayList<>();
        List<byte[]> aSha = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ItemRow r = rows.get(i);
            ids[i] = r.id().toString();
            caseIds[i] = r.caseId().toString();
            commitments[i] = r.commitment();
            messageIds[i] = r.messageId();
            senders[i] = r.senderId();
            conversations[i] = r.conversationId();
            sentAt[i] = r.sentAt();
            contentTypes[i] = r.contentType();
            bodyLengths[i] = r.bodyLength();
            sealed[i] = r.contentEnc();
            prev[i] = r.prev();
            for (int a = 0; a < r.attachments().size(); a++) {
                AttachmentDescriptor d = r.attachments().get(a);
                aItem.add(ids[i]);
                aN.add(a);
                aType.add(d.contentType());
                aSize.add(d.size());
                aSha.add(d.sha256());
            }
        }
        p.update(
                INSERT_ITEMS,
                Timestamp.from(firstSeenAt),
                ids,
                caseIds,
                commitments,
                messageIds,
                senders,
                conversations,
                sentAt,
                contentTypes,
                bodyLengths,
                sealed,
                prev);
        if (!aItem.isEmpty()) {
            p.update(
                    INSERT_ATTACHMENTS,
                    aItem.toArray(String[]::new),
                    aN.stream().mapToInt(Integer::intValue).toArray(),
                    aType.toArray(String[]::new),
                    aSize.stream().mapToLong(Long::longValue).toArray(),
                    aSha.toArray(byte[][]::new));
        }
    }

    /**
     * Message {@code idx} of a report: its evidence item, the stamp it was verified under (with its
     * route salt), and its place in the transcript (PROTOCOL.md §5 step 5).
     */
    public record MessageRow(
            UUID reportId,
            int idx,
            UUID itemId,
            String recipientId,
            String kid,
            long receivedAt,
            byte[] stampMac,
            Instant keyExpiresAt,
            Instant verifiedAt,
            byte[] routeSalt,
            int transcriptPos,
            int gapCount,
            boolean byReporter) {}

    public static void insertMessages(Pipeline p, List<MessageRow> rows) {
        int n = rows.size();
        String[] report = new String[n];
        int[] idx = new int[n];
        String[] item = new String[n];
        String[] recipient = new String[n];
        String[] kid = new String[n];
        long[] received = new long[n];
        byte[][] mac = new byte[n][];
        String[] expires = new String[n];
        String[] verified = new String[n];
        byte[][] salt = new byte[n][];
        int[] pos = new int[n];
        int[] gaps = new int[n];
        boolean[] byReporter = new boolean[n];
        for (int i = 0; i < n; i++) {
            MessageRow r = rows.get(i);
            salt[i] = r.routeSalt();
            pos[i] = r.transcriptPos();
            gaps[i] = r.gapCount();
            byReporter[i] = r.byReporter();
            report[i] = r.reportId().toString();
            idx[i] = r.idx();
            item[i] = r.itemId().toString();
            recipient[i] = r.recipientId();
            kid[i] = r.kid();
            received[i] = r.receivedAt();
            mac[i] = r.stampMac();
            expires[i] = r.keyExpiresAt().toString();
            verified[i] = r.verifiedAt().toString();
        }
        p.update(
                INSERT_MESSAGES,
                report,
                idx,
                item,
                recipient,
                kid,
                received,
                mac,
                expires,
                verified,
                salt,
                pos,
                gaps,
                byReporter);
    }

    private static String[] strings(List<UUID> ids) {
        String[] out = new String[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(i).toString();
        }
        return out;
    }
}
