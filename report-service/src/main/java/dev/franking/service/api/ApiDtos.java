package dev.franking.service.api;

import java.util.List;

/**
 * The JSON of PROTOCOL.md §7, exactly (reports: v2). Byte fields are base64url without padding.
 * Fields are boxed so that a missing one is told apart from zero.
 */
final class ApiDtos {
    private ApiDtos() {}

    /**
     * {@code POST /api/v2/stamps}: the shape only (the OpenAPI description is checked against these
     * records); {@link StampController} reads and writes it with a streaming parser.
     */
    public record StampsRequest(List<StampMessage> messages) {}

    public record StampMessage(String commitment, List<String> routes) {}

    public record StampsResponse(List<List<StampOut>> stamps) {}

    public record StampOut(String kid, long receivedAt, String mac) {}

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
            Outcome outcome,
            AppealStatus appeal) {}

    public record AttachmentStatus(
            int index, int n, String contentType, long size, boolean uploaded) {}

    public record Outcome(String decision, String decidedAt) {}

    /** {@code POST /api/v2/reports/{reportId}/appeals} (PROTOCOL.md §7). */
    public record AppealRequest(String statement) {}

    /** {@code POST /api/v2/actions/{actionId}/appeals}: the platform, for the affected user. */
    public record ActionAppealRequest(String userId, String statement) {}

    public record AppealCreated(String appealId) {}

    /** The reporter's latest appeal: {@code open}, {@code upheld} or {@code reversed}. */
    public record AppealStatus(String appealId, String status, String filedAt, String decidedAt) {}
}
