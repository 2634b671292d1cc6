package dev.franking.service.reports;

import dev.franking.service.Rows;
import dev.franking.service.reports.ReportService.AttachmentTarget;
import dev.franking.service.reports.ReportService.AttachmentView;
import dev.franking.service.reports.ReportService.ReportView;
import dev.franking.service.reports.ReportService.Submitted;
import dev.franking.v2.AttachmentDescriptor;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one place that reads and writes the report tables ({@code reports}, {@code report_messages},
 * {@code evidence_items}, {@code evidence_attachments}) after intake: the reporter's view, what the
 * review UI and the evidence package show of a case, and retention's shredding. Other packages call
 * this instead of writing SQL against these tables; rows come back as records, mapped by column
 * name.
 */
@Repository
public class ReportRepository {
    private final JdbcClient jdbc;

    ReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- the reporter's side ------------------------------------------------------------------

    Optional<ReportView> find(UUID id, String reporterId) {
        return jdbc.sql(
                        "SELECT id, status, category, message_count AS messages, gap_count,"
                                + " received_at, outcome, decided_at FROM reports WHERE id = ? AND"
                                + " reporter_id = ?")
                .params(id, reporterId)
                .query(Rows.of(ReportView.class))
                .optional();
    }

    /** The case of the reporter's own report (appeals); empty for anyone else's. */
    public Optional<UUID> caseOf(UUID reportId, String reporterId) {
        return jdbc.sql("SELECT case_id FROM reports WHERE id = ? AND reporter_id = ?")
                .params(reportId, reporterId)
                .query(UUID.class)
                .optional();
    }

    /** A report's message indexes in its transcript's order (PROTOCOL.md §5 step 5). */
    List<Integer> transcriptOrder(UUID reportId) {
        return jdbc.sql(
                        "SELECT idx FROM report_messages WHERE report_id = ? ORDER BY"
                                + " transcript_pos")
                .param(reportId)
                .query(Integer.class)
                .list();
    }

    private record StoredRow(UUID id, int messageCount, int gapCount) {}

    /**
     * The reporter's stored report with this repeat key ({@link ReportService#dedupeKey}), as the
     * answer to a repeat (§5): the stored report's body.
     */
    Optional<Submitted> storedReport(String reporterId, byte[] dedupe) {
        return jdbc.sql(
                        "SELECT id, message_count, gap_count FROM reports WHERE reporter_id = ?"
                                + " AND dedupe_key = ?")
                .params(reporterId, dedupe)
                .query(Rows.of(StoredRow.class))
                .optional()
                .map(
                        r ->
                                new Submitted(
                                        r.id(),
                                        r.messageCount(),
                                        transcriptOrder(r.id()),
                                        r.gapCount(),
                                        false));
    }

    List<AttachmentView> attachments(UUID reportId) {
        return jdbc.sql(
                        "SELECT rm.idx AS index, a.n, a.content_type, a.size, a.blob_enc IS NOT"
                                + " NULL AS uploaded FROM report_messages rm JOIN"
                                + " evidence_attachments a ON a.evidence_item_id ="
                                + " rm.evidence_item_id WHERE rm.report_id = ? ORDER BY rm.idx,"
                                + " a.n")
                .param(reportId)
                .query(Rows.of(AttachmentView.class))
                .list();
    }

    private record TargetRow(
            UUID caseId, UUID evidenceItemId, String contentType, long size, byte[] sha256) {}

    Optional<AttachmentTarget> attachmentTarget(
            UUID reportId, String reporterId, int index, int n) {
        return jdbc.sql(
                        "SELECT r.case_id, rm.evidence_item_id, a.content_type, a.size, a.sha256"
                            + " FROM reports r JOIN report_messages rm ON rm.report_id = r.id AND"
                            + " rm.idx = ? JOIN evidence_attachments a ON a.evidence_item_id ="
                            + " rm.evidence_item_id AND a.n = ? WHERE r.id = ? AND r.reporter_id ="
                            + " ?")
                .params(index, n, reportId, reporterId)
                .query(Rows.of(TargetRow.class))
                .optional()
                .map(
                        t ->
                                new AttachmentTarget(
                                        reportId,
                                        index,
                                        t.caseId(),
                                        t.evidenceItemId(),
                                        n,
                                        new AttachmentDescriptor(
                                                t.contentType(), t.size(), t.sha256())));
    }

    /**
     * Stores an upload once: a second upload of the same attachment changes nothing.
     *
     * @return whether this upload was the one stored
     */
    boolean storeAttachment(UUID itemId, int n, byte[] sealed, Instant at, String by) {
        return jdbc.sql(
                                "UPDATE evidence_attachments SET blob_enc = ?, uploaded_at = ?,"
                                    + " uploaded_by = ? WHERE evidence_item_id = ? AND n = ? AND"
                                    + " blob_enc IS NULL")
                        .params(sealed, Timestamp.from(at), by, itemId, n)
                        .update()
                == 1;
    }

    // ---- a case's reports, as the review UI and the evidence package read them ---------------

    /**
     * One report of a case; the reporter id is the raw one (callers show a pseudonym). {@code
     * verdict} is {@code upheld} or {@code dismissed} once a moderator judged the report on its
     * own, null before.
     */
    public record CaseReport(
            UUID id,
            String reporterId,
            String category,
            boolean hasComment,
            Instant receivedAt,
            String verdict,
            String verdictBy) {}

    public List<CaseReport> reportsOfCase(UUID caseId) {
        return jdbc.sql(
                        "SELECT id, reporter_id, category, comment_enc IS NOT NULL AS has_comment,"
                                + " received_at, verdict, verdict_by FROM reports WHERE case_id ="
                                + " ? ORDER BY received_at, id")
                .param(caseId)
                .query(Rows.of(CaseReport.class))
                .list();
    }

    /**
     * One message of a report's transcript (PROTOCOL.md §5 step 5), as the review UI and the
     * evidence package show it: its position in the causal order ({@code transcriptPos}, 0 first),
     * the heads its sender had seen ({@code prev}, k×32 bytes as committed), how many of those the
     * report left out ({@code gapCount}), whether the reporter wrote it ({@code byReporter}: marked
     * wherever people see it), the sender's clock ({@code sentAt}, a claim) and the platform's
     * ({@code receivedAt}, stamped), both in milliseconds since the epoch. Messages verified under
     * v1 have an empty prev, no gaps, and their submitted order as position.
     */
    public record TranscriptLine(
            UUID reportId,
            int idx,
            UUID evidenceItemId,
            int transcriptPos,
            byte[] prev,
            int gapCount,
            boolean byReporter,
            String senderId,
            long sentAt,
            long receivedAt) {}

    /**
     * One row of {@code report_messages} with its evidence item: the message's place in its
     * report's transcript and the stamp verified for it there. The case page and the evidence
     * package both read these rows, each once (they were read twice, as transcript lines and as
     * stamps).
     */
    public record MessageEntry(
            UUID reportId,
            int idx,
            UUID evidenceItemId,
            int transcriptPos,
            byte[] prev,
            int gapCount,
            boolean byReporter,
            String senderId,
            long sentAt,
            String recipientId,
            String kid,
            long receivedAt,
            byte[] stampMac,
            Instant verifiedAt,
            Instant keyExpiresAt,
            String conversationId,
            byte[] routeSalt,
            String messageId,
            String contentType,
            int bodyLength) {
        public TranscriptLine line() {
            return new TranscriptLine(
                    reportId,
                    idx,
                    evidenceItemId,
                    transcriptPos,
                    prev,
                    gapCount,
                    byReporter,
                    senderId,
                    sentAt,
                    receivedAt);
        }
    }

    private static final String MESSAGE_COLUMNS =
            "SELECT rm.report_id, rm.idx, rm.evidence_item_id, rm.transcript_pos, e.prev,"
                    + " rm.gap_count, rm.by_reporter, e.sender_id, e.sent_at, rm.recipient_id,"
                    + " rm.kid, rm.received_at, rm.stamp_mac, rm.verified_at, rm.key_expires_at,"
                    + " e.conversation_id, rm.route_salt, e.message_id, e.content_type,"
                    + " e.body_length FROM report_messages rm JOIN evidence_items e ON e.id ="
                    + " rm.evidence_item_id";

    static final String MESSAGES_OF_REPORTS =
            MESSAGE_COLUMNS
                    + " WHERE rm.report_id = ANY (?) ORDER BY rm.report_id, rm.transcript_pos";

    /**
     * Every message row of a case, by verification time, report and position, handed over one at a
     * time as the driver reads them (a thousand a round trip inside the caller's transaction),
     * never as one list of the whole case.
     */
    public void messagesOfCase(UUID caseId, java.util.function.Consumer<MessageEntry> each) {
        var mapper = new org.springframework.jdbc.core.DataClassRowMapper<>(MessageEntry.class);
        jdbc.sql(
                        MESSAGE_COLUMNS
                                + " WHERE e.case_id = ? ORDER BY rm.verified_at, rm.report_id,"
                                + " rm.idx")
                .withFetchSize(1000)
                .param(caseId)
                .query(
                        (org.springframework.jdbc.core.RowCallbackHandler)
                                rs -> each.accept(mapper.mapRow(rs, 0)));
    }

    /**
     * The message rows of some reports (a page of a case's), each report's in causal order: read by
     * the reports' primary key, so as many rows as those reports hold, whatever the case's size.
     */
    public List<MessageEntry> messagesOfReports(List<UUID> reportIds) {
        if (reportIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(MESSAGES_OF_REPORTS)
                .param(reportIds.toArray(UUID[]::new))
                .query(Rows.of(MessageEntry.class))
                .list();
    }

    /** The evidence items of one report of a case, in its transcript's causal order. */
    public List<UUID> transcriptItems(UUID caseId, UUID reportId) {
        return jdbc.sql(
                        "SELECT rm.evidence_item_id FROM report_messages rm JOIN reports r ON r.id"
                                + " = rm.report_id WHERE rm.report_id = ? AND r.case_id = ? ORDER"
                                + " BY rm.transcript_pos, rm.idx")
                .params(reportId, caseId)
                .query(UUID.class)
                .list();
    }

    /** A committed attachment; {@code blobEnc} is null until uploaded, and after shredding. */
    public record AttachmentEntry(
            UUID evidenceItemId,
            int n,
            String contentType,
            long size,
            byte[] sha256,
            byte[] blobEnc) {
        public boolean uploaded() {
            return blobEnc != null;
        }
    }

    /**
     * Whether {@code senderId} sent an image or a video in this case's evidence, read from the
     * attachments' declared types alone (never their blobs, which may be 32 MiB each).
     */
    public boolean sentImagery(UUID caseId, String senderId) {
        return jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM evidence_attachments a JOIN evidence_items e"
                                + " ON e.id = a.evidence_item_id WHERE e.case_id = ? AND"
                                + " e.sender_id = ? AND (lower(a.content_type) LIKE 'image/%' OR"
                                + " lower(a.content_type) LIKE 'video/%'))")
                .param(caseId)
                .param(senderId)
                .query(Boolean.class)
                .single();
    }

    public List<AttachmentEntry> attachmentsOfCase(UUID caseId) {
        return jdbc.sql(
                        "SELECT a.evidence_item_id, a.n, a.content_type, a.size, a.sha256,"
                                + " a.blob_enc FROM evidence_attachments a JOIN evidence_items e"
                                + " ON e.id = a.evidence_item_id WHERE e.case_id = ? ORDER BY a.n")
                .param(caseId)
                .query(Rows.of(AttachmentEntry.class))
                .list();
    }

    /** An evidence item: the message's metadata, its sealed content, and how many reported it. */
    public record ItemEntry(
            UUID id,
            String messageId,
            String senderId,
            String conversationId,
            long sentAt,
            String contentType,
            int bodyLength,
            byte[] commitment,
            byte[] contentEnc,
            int reporters) {}

    public List<ItemEntry> itemsOfCase(UUID caseId) {
        return jdbc.sql(
                        "SELECT e.id, e.message_id, e.sender_id, e.conversation_id, e.sent_at,"
                            + " e.content_type, e.body_length, e.commitment, e.content_enc, (SELECT"
                            + " count(DISTINCT r.reporter_id) FROM report_messages rm JOIN reports"
                            + " r ON r.id = rm.report_id WHERE rm.evidence_item_id = e.id AND"
                            + " rm.idx = 0) AS reporters FROM evidence_items e WHERE e.case_id = ?"
                            + " ORDER BY e.sent_at, e.id")
                .param(caseId)
                .query(Rows.of(ItemEntry.class))
                .list();
    }

    /** The sealed content of an item of this case; empty if there is no such item. */
    public Optional<byte[]> sealedContent(UUID caseId, UUID itemId) {
        return jdbc.sql("SELECT content_enc FROM evidence_items WHERE id = ? AND case_id = ?")
                .params(itemId, caseId)
                .query((rs, i) -> rs.getBytes(1))
                .optional();
    }

    public record SealedAttachment(String contentType, byte[] blobEnc) {}

    /** An uploaded attachment of an item of this case; empty if missing or not uploaded. */
    public Optional<SealedAttachment> sealedAttachment(UUID caseId, UUID itemId, int n) {
        return jdbc.sql(
                        "SELECT a.content_type, a.blob_enc FROM evidence_attachments a JOIN"
                                + " evidence_items e ON e.id = a.evidence_item_id WHERE"
                                + " a.evidence_item_id = ? AND a.n = ? AND e.case_id = ? AND"
                                + " a.blob_enc IS NOT NULL")
                .params(itemId, n, caseId)
                .query(Rows.of(SealedAttachment.class))
                .optional();
    }

    /** The sealed comment of a report of this case; empty if there is none. */
    public Optional<byte[]> sealedComment(UUID caseId, UUID reportId) {
        return jdbc.sql("SELECT comment_enc FROM reports WHERE id = ? AND case_id = ?")
                .params(reportId, caseId)
                .query((rs, i) -> Optional.ofNullable(rs.getBytes(1)))
                .optional()
                .flatMap(o -> o);
    }

    /** When the case's first report arrived. */
    public Instant firstReceivedAt(UUID caseId) {
        return jdbc.sql("SELECT min(received_at) FROM reports WHERE case_id = ?")
                .param(caseId)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    // ---- a case's reports a page at a time (issue 15) -------------------------------------------
    // A case may hold tens of thousands of reports. Each statement here reads a page's rows through
    // reports_by_case_received (case_id, received_at, id) and a LIMIT, or, for the counts, that
    // index's entries alone (index-only): never the case's report rows.

    /** Where a report stands in its case's arrival order. */
    public record ReportKey(Instant receivedAt, UUID id) {}

    static final String PAGE_FIRST =
            "SELECT id, reporter_id, category, comment_enc IS NOT NULL AS has_comment, received_at,"
                    + " verdict, verdict_by FROM reports WHERE case_id = ? ORDER BY received_at,"
                    + " id LIMIT ?";

    static final String PAGE_FROM =
            "SELECT id, reporter_id, category, comment_enc IS NOT NULL AS has_comment, received_at,"
                    + " verdict, verdict_by FROM reports WHERE case_id = ? AND (received_at, id)"
                    + " >= (?, ?) ORDER BY received_at, id LIMIT ?";

    static final String BEFORE =
            "SELECT received_at, id FROM reports WHERE case_id = ? AND (received_at, id) < (?, ?)"
                    + " ORDER BY received_at DESC, id DESC LIMIT ?";

    static final String COUNTS =
            "SELECT category, count(*)::int AS reports, (count(*) FILTER (WHERE verdict ="
                    + " 'upheld'))::int AS upheld, (count(*) FILTER (WHERE verdict ="
                    + " 'dismissed'))::int AS dismissed FROM reports WHERE case_id = ? GROUP BY"
                    + " category";

    static final String REPORTED_BY =
            "SELECT evidence_item_id, count(*)::int FROM report_messages WHERE evidence_item_id ="
                    + " ANY (?) AND idx = 0 GROUP BY evidence_item_id";

    /**
     * At most {@code limit} reports of a case in arrival order, from {@code from} on (itself
     * included; null: from the first).
     */
    public List<CaseReport> reportsPage(UUID caseId, ReportKey from, int limit) {
        return (from == null
                        ? jdbc.sql(PAGE_FIRST).params(caseId, limit)
                        : jdbc.sql(PAGE_FROM)
                                .params(
                                        caseId,
                                        Timestamp.from(from.receivedAt()),
                                        from.id(),
                                        limit))
                .query(Rows.of(CaseReport.class))
                .list();
    }

    /** Up to {@code limit} reports of a case just before {@code key}, nearest first. */
    public List<ReportKey> before(UUID caseId, ReportKey key, int limit) {
        return jdbc.sql(BEFORE)
                .params(caseId, Timestamp.from(key.receivedAt()), key.id(), limit)
                .query(Rows.of(ReportKey.class))
                .list();
    }

    /** A case's reports by category, with how many were upheld and dismissed: all of them. */
    public record CategoryCount(String category, int reports, int upheld, int dismissed) {}

    public List<CategoryCount> categoryCounts(UUID caseId) {
        return jdbc.sql(COUNTS).param(caseId).query(Rows.of(CategoryCount.class)).list();
    }

    /**
     * Per item, how many reports name it as their reported message (idx 0): its distinct reporters,
     * as one reporter sends one report of a message (the repeat rule, PROTOCOL.md §5).
     */
    public Map<UUID, Integer> reportedBy(java.util.Collection<UUID> itemIds) {
        Map<UUID, Integer> out = new java.util.HashMap<>();
        if (itemIds.isEmpty()) {
            return out;
        }
        jdbc.sql(REPORTED_BY)
                .param(itemIds.toArray(UUID[]::new))
                .query(
                        rs -> {
                            out.put(rs.getObject(1, UUID.class), rs.getInt(2));
                        });
        return out;
    }

    /** A committed attachment as a page lists it: what it is and whether it was uploaded. */
    public record AttachmentInfo(
            UUID evidenceItemId,
            int n,
            String contentType,
            long size,
            byte[] sha256,
            boolean uploaded) {}

    /** The attachments of some items, without their blobs (up to 32 MiB each). */
    public List<AttachmentInfo> attachmentsOfItems(java.util.Collection<UUID> itemIds) {
        if (itemIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(
                        "SELECT evidence_item_id, n, content_type, size, sha256, blob_enc IS NOT"
                                + " NULL AS uploaded FROM evidence_attachments WHERE"
                                + " evidence_item_id = ANY (?) ORDER BY n")
                .param(itemIds.toArray(UUID[]::new))
                .query(Rows.of(AttachmentInfo.class))
                .list();
    }

    // ---- what a case's decision does to its reports --------------------------------------------

    /**
     * What the reporter may see (GET /api/v2/reports/{id}): whether action was taken on their
     * report, not which. The account's action is the case's; a report a moderator dismissed on its
     * own took no action, whatever the others did.
     */
    public void decided(UUID caseId, boolean actionTaken, Instant at) {
        jdbc.sql(
                        "UPDATE reports SET status = 'decided', outcome = CASE WHEN verdict ="
                                + " 'dismissed' THEN ? ELSE ? END, decided_at = ? WHERE case_id ="
                                + " ?")
                .params(
                        ReportOutcome.NO_ACTION.wire(),
                        (actionTaken ? ReportOutcome.ACTION_TAKEN : ReportOutcome.NO_ACTION).wire(),
                        Timestamp.from(at),
                        caseId)
                .update();
    }

    /**
     * A moderator's verdict on one report of a case ({@code upheld} or {@code dismissed}, the
     * {@code reports_verdict} CHECK of V20), replacing an earlier one; false when the report is not
     * of this case.
     */
    public boolean judged(UUID caseId, UUID reportId, String verdict, String by, Instant at) {
        return jdbc.sql(
                                "UPDATE reports SET verdict = ?, verdict_by = ?, verdict_at = ?"
                                        + " WHERE id = ? AND case_id = ?")
                        .params(verdict, by, Timestamp.from(at), reportId, caseId)
                        .update()
                == 1;
    }

    public void reopened(UUID caseId) {
        jdbc.sql(
                        "UPDATE reports SET status = 'in_review', outcome = NULL, decided_at ="
                                + " NULL WHERE case_id = ?")
                .param(caseId)
                .update();
    }

    /**
     * Retention: the ciphertexts of a case's messages, attachments and comments go; commitments,
     * hashes and stamps stay.
     */
    public void shred(UUID caseId) {
        jdbc.sql("UPDATE evidence_items SET content_enc = NULL WHERE case_id = ?")
                .param(caseId)
                .update();
        jdbc.sql(
                        "UPDATE evidence_attachments SET blob_enc = NULL WHERE evidence_item_id IN"
                                + " (SELECT id FROM evidence_items WHERE case_id = ?)")
                .param(caseId)
                .update();
        jdbc.sql("UPDATE reports SET comment_enc = NULL WHERE case_id = ?").param(caseId).update();
    }

    // ---- the admin dashboard: aggregates only ---------------------------------------------------
    // Read from the rollup intake keeps (report_daily_counts), never from reports: a year's figures
    // are a few thousand small rows whatever the number of reports. Whole UTC days: from's day up
    // to and including to's.

    public Map<String, Long> countByCategory(Instant from, Instant to) {
        Map<String, Long> byCategory = new LinkedHashMap<>();
        jdbc.sql(
                        "SELECT category, sum(reports) FROM report_daily_counts WHERE day BETWEEN ?"
                                + " AND ? GROUP BY category ORDER BY sum(reports) DESC, category")
                .params(utcDay(from), utcDay(to))
                .query(
                        rs -> {
                            byCategory.put(rs.getString(1), rs.getLong(2));
                        });
        return byCategory;
    }

    public record DayCount(LocalDate day, long count) {}

    public List<DayCount> perDay(Instant from, Instant to) {
        return jdbc.sql(
                        "SELECT day, sum(reports) FROM report_daily_counts WHERE day BETWEEN ? AND"
                                + " ? GROUP BY day ORDER BY day")
                .params(utcDay(from), utcDay(to))
                .query((rs, i) -> new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)))
                .list();
    }

    private static LocalDate utcDay(Instant t) {
        return LocalDate.ofInstant(t, java.time.ZoneOffset.UTC);
    }
}
