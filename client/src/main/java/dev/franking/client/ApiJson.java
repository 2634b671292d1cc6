package dev.franking.client;

import java.util.List;

/**
 * The JSON of PROTOCOL.md §7 (v2) as the client writes and reads it. Byte fields are base64url
 * without padding ({@link dev.franking.v2.B64}). Responses may gain fields in later versions ("may
 * add, never change"), so the client ignores fields it does not know.
 */
public final class ApiJson {
    private ApiJson() {}

    // POST /api/v2/stamps (the relay): a commitment and one salted route digest per recipient
    public record StampsRequest(List<StampMessage> messages) {}

    public record StampMessage(String commitment, List<String> routes) {}

    public record StampsResponse(List<List<StampOut>> stamps) {}

    public record StampOut(String kid, long receivedAt, String mac) {}

    // POST /api/v2/reports (a reporter)
    public record ReportRequest(String category, String comment, List<ReportMessage> messages) {}

    public record ReportMessage(
            String messageId,
            String senderId,
            String recipientId,
            String conversationId,
            long sentAt,
            List<String> prev,
            String contentType,
            String body,
            List<Attachment> attachments,
            String frankingKey,
            StampIn stamp) {}

    public record Attachment(String contentType, long size, String sha256) {}

    public record StampIn(String kid, long receivedAt, String routeSalt, String mac) {}

    /** The message indexes in causal order (§5 step 5) and the number of gaps. */
    public record Transcript(List<Integer> order, int gaps) {}

    public record ReportCreated(
            String reportId,
            String status,
            boolean verified,
            int messages,
            Transcript transcript) {}

    // GET /api/v2/reports/{id}
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
