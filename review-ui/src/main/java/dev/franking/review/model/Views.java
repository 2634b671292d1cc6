package dev.franking.review.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The view records of the review UI: what a queue row, a case, a piece of evidence, an audit row
 * is, as the UI shows them. The report service fills them; the UI never sees a JPA entity or a
 * table.
 */
public final class Views {
    private Views() {}

    /** Case status as the queue filters it. */
    public enum CaseStatus {
        OPEN,
        CLAIMED,
        ESCALATED,
        CLOSED
    }

    /**
     * Filters of the queue; null means "any". {@code assignee} is a username, or {@code "none"}.
     */
    public record QueueFilter(String category, CaseStatus status, String assignee) {
        public static QueueFilter none() {
            return new QueueFilter(null, null, null);
        }
    }

    /**
     * One case in the queue. {@code category} is the case's most severe reported category; {@code
     * responseTarget} is that category's target, {@code overdue} whether the age exceeds it.
     */
    public record QueueRow(
            UUID caseId,
            String reportedAccount,
            String category,
            int distinctReporters,
            int reports,
            Instant openedAt,
            Duration age,
            Duration responseTarget,
            boolean overdue,
            CaseStatus status,
            String assignee) {}

    /** A page of the queue; {@code nextCursor} is null on the last page (keyset pagination). */
    public record QueuePage(List<QueueRow> rows, String nextCursor) {}

    /**
     * A case with everything the case page shows, no content: content is revealed on request only.
     */
    public record CaseView(
            UUID id,
            String reportedAccount,
            CaseStatus status,
            String category,
            boolean childSafety,
            String assignee,
            Instant openedAt,
            Instant closedAt,
            String decision,
            List<ReportRow> reports,
            List<EvidenceRow> evidence,
            List<NoteRow> notes,
            List<HistoryRow> history,
            boolean evidenceDestroyed) {}

    /** One report of a case; the reporter is a stable pseudonym, never their id. */
    public record ReportRow(
            UUID id,
            String reporterPseudonym,
            String category,
            boolean hasComment,
            Instant receivedAt,
            List<TranscriptLine> transcript) {}

    /**
     * One message of a report's transcript, in the order the reporter gave (index 0 is the reported
     * one).
     */
    public record TranscriptLine(
            int index, UUID itemId, String senderId, Instant sentAt, boolean reported) {}

    /**
     * One message as evidence and what was proven of it. {@code proofs} has one entry per stamp
     * that verified: that {@code senderId} sent it to that recipient in {@code conversationId},
     * relayed at that time under that key.
     */
    public record EvidenceRow(
            UUID id,
            String messageId,
            String senderId,
            String conversationId,
            Instant sentAt,
            String contentType,
            int bodyLength,
            int distinctReporters,
            List<Proof> proofs,
            List<AttachmentRow> attachments) {}

    public record Proof(
            String senderId,
            String recipientPseudonym,
            String conversationId,
            Instant relayTime,
            String kid,
            Instant verifiedAt) {}

    public record AttachmentRow(
            int n, String contentType, long size, String sha256Hex, boolean uploaded) {
        public boolean image() {
            return contentType.startsWith("image/");
        }
    }

    public record NoteRow(Instant at, String author, String text) {}

    /** The case history, built from the audit log. */
    public record HistoryRow(Instant at, String actor, String event, String detail) {}

    /** The plaintext of one evidence item, decrypted for one view (which the audit log records). */
    public record RevealedItem(
            UUID itemId, String contentType, String text, boolean textual, int bodyLength) {}

    public record RevealedAttachment(String contentType, byte[] bytes) {}

    /**
     * A moderator's decision. DISMISS closes without action; the others also act on the account.
     */
    public enum Decision {
        DISMISS,
        WARN,
        RESTRICT,
        SUSPEND
    }

    /**
     * The statement of reasons recorded with every decision (ground, facts, whether automated means
     * were used).
     */
    public record StatementOfReasons(String ground, String facts, boolean automated) {}

    public record AuditRow(
            long seq,
            Instant at,
            String actor,
            String event,
            UUID caseId,
            String subject,
            String detail,
            String hashHex) {}

    public record AuditFilter(String actor, String event, UUID caseId, Instant from, Instant to) {}

    /**
     * Whether the hash chain holds; {@code firstBrokenSeq} is the first row that does not match.
     */
    public record ChainCheck(boolean intact, long rowsChecked, Long firstBrokenSeq) {}

    public record DayCount(java.time.LocalDate day, long reports) {}

    public record DashboardStats(
            Map<String, Long> reportsByCategory,
            Map<String, Long> casesByOutcome,
            Duration medianTimeToDecision,
            List<DayCount> reportsPerDay) {}

    // ---- evidence: forwarding, preservation, legal holds (issue 5) -----------------------------

    /** Where evidence can go: {@code kind} is cybertipline, webhook or download. */
    public record DestinationRow(UUID id, String name, String kind, String url) {}

    /**
     * A destination's connection test: {@code problem} says what failed (the step and what the
     * destination answered), null when it worked.
     */
    public record ConnectionTest(boolean ok, String problem) {}

    /**
     * One forwarding of a case. {@code status}: requested, rejected, queued, sent, acknowledged,
     * failed, ready (a download destination's package is ready to fetch).
     */
    public record ForwardingRow(
            UUID id,
            String destination,
            String kind,
            String requestedBy,
            Instant requestedAt,
            String reason,
            String decidedBy,
            Instant decidedAt,
            String status,
            String reference,
            String lastError,
            String packageSha256) {}

    public record HoldRow(String placedBy, Instant placedAt, String reason) {}

    /**
     * A case's evidence status: preserved until, the active hold (or null), its forwardings,
     * whether shredded.
     */
    public record EvidenceStatus(
            UUID caseId,
            Instant preservedUntil,
            HoldRow hold,
            List<ForwardingRow> forwardings,
            boolean destroyed) {}

    /** A signed package for manual submission. */
    public record PackageDownload(String fileName, byte[] zip, String sha256) {}
}
