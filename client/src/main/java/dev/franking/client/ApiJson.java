package dev.franking.client;

import java.util.List;

/**
 * The JSON of PROTOCOL.md §7 as the client writes and reads it. Byte fields are base64url without
 * padding ({@link dev.franking.B64}). Responses may gain fields in later versions ("may add, never
 * change"), so the client ignores fields it does not know.
 */
public final class ApiJson {
    private ApiJson() {}

    // POST /api/v1/stamps (the relay)
    public record StampsRequest(List<StampMessage> messages) {}

    public record StampMessage(
            String messageId,
            String senderId,
            String conversationId,
            String commitment,
            List<String> recipientIds) {}

    public record StampsResponse(List<List<StampOut>> stamps) {}

    public record StampOut(String recipientId, String kid, long receivedAt, String mac) {}

    // POST /api/v1/reports (a reporter)
    public record ReportRequest(String category, String comment, List<ReportMessage> messages) {}

    public record ReportMessage(
            String messageId,
            String senderId,
            String recipientId,
            String conversationId,
            long sentAt,
            String contentType,
            String body,
            List<Attachment> attachments,
            String frankingKey,
            StampIn stamp) {}

    public record Attachment(String contentType, long size, String sha256) {}

    public record StampIn(String kid, long receivedAt, String mac) {}

    public record ReportCreated(String reportId, String status, boolean verified, int messages) {}

    // GET /api/v1/reports/{id}
    public record ReportStatus(
            String reportId,
            String status,
            String category,
            boolean verified,
            int messages,
            String receivedAt,
            List<AttachmentStatus> attachments,
            Outcome outcome) {}

    public record AttachmentStatus(
            int index, int n, String contentType, long size, boolean uploaded) {}

    public record Outcome(String decision, String decidedAt) {}

    // RFC 9457 problem details, for every error
    public record Problem(
            String type,
            String title,
            Integer status,
            String detail,
            String code,
            List<Failure> failures) {}

    public record Failure(Integer index, String code) {}
}
