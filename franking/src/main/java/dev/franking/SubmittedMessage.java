package dev.franking;

import java.util.List;

/**
 * One message of a report as the reporter submits it (PROTOCOL.md §5, §7), before any check: plain
 * fields and decoded bytes. {@link ReportVerifier} turns it into typed values, enforcing every
 * limit, and reports a broken one as a failure of this message.
 */
public record SubmittedMessage(
        String messageId,
        String senderId,
        String recipientId,
        String conversationId,
        long sentAt,
        String contentType,
        byte[] body,
        List<Attachment> attachments,
        byte[] frankingKey,
        String kid,
        long receivedAt,
        byte[] mac) {

    /** An attachment descriptor as submitted. */
    public record Attachment(String contentType, long size, byte[] sha256) {}

    /**
     * The submission of a message the recipient holds: its opening, its stamp and its recipient.
     */
    public static SubmittedMessage of(Opening opening, String recipientId, Stamp stamp) {
        MessageContent c = opening.content();
        return new SubmittedMessage(
                c.messageId(),
                c.senderId(),
                recipientId,
                c.conversationId(),
                c.sentAt(),
                c.contentType(),
                c.body(),
                c.attachments().stream()
                        .map(a -> new Attachment(a.contentType(), a.size(), a.sha256()))
                        .toList(),
                opening.frankingKey().bytes(),
                stamp.kid().value(),
                stamp.receivedAt(),
                stamp.mac());
    }

    @Override
    public String toString() {
        return "SubmittedMessage[messageId="
                + messageId
                + ", senderId="
                + senderId
                + ", recipientId="
                + recipientId
                + ", conversationId="
                + conversationId
                + ", kid="
                + kid
                + ", body=(redacted), frankingKey=[REDACTED]]";
    }
}
