package dev.franking.service.api;

import java.util.List;

/**
 * The report JSON of PROTOCOL.md §7 (v2), exactly. Byte fields are base64url without padding.
 * Fields are boxed so that a missing one is told apart from zero; the library's form check (§5 step
 * 1) names whatever is missing or malformed.
 */
final class ReportDtos {
    private ReportDtos() {}

    public record ReportRequest(String category, String comment, List<ReportMessage> messages) {}

    public record ReportMessage(
            String messageId,
            String senderId,
            String recipientId,
            String conversationId,
            Long sentAt,
            List<String> prev,
            String contentType,
            String body,
            List<Attachment> attachments,
            String frankingKey,
            StampIn stamp) {}

    public record Attachment(String contentType, Long size, String sha256) {}

    public record StampIn(String kid, Long receivedAt, String routeSalt, String mac) {}

    public record Transcript(List<Integer> order, int gaps) {}

    /** The answer to a report, 201 the first time and 200 (the same body) for a repeat. */
    public record ReportCreated(
            String reportId,
            String status,
            boolean verified,
            int messages,
            Transcript transcript) {}

    public record ReportStatus(
            String reportId,
            String status,
            String category,
            boolean verified,
            int messages,
            String receivedAt,
            Transcript transcript,
            List<AttachmentStatus> attachments,
            Outcome outcome) {}

    public record AttachmentStatus(
            int index, int n, String contentType, long size, boolean uploaded) {}

    public record Outcome(String decision, String decidedAt) {}
}
