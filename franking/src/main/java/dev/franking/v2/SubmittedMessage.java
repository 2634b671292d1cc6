package dev.franking.v2;

import java.util.List;

/**
 * One message of a report exactly as the reporter submits it (PROTOCOL.md §7), before any check:
 * plain strings and numbers, byte fields in B64. Anything may be missing or malformed here; {@link
 * ReportVerifier} checks the form (§5 step 1) and reports a broken field as a failure of this
 * message, so that a service can map its JSON onto this record and hand every check to the library.
 * {@link #toString()} prints neither the body nor the franking key.
 */
public record SubmittedMessage(
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
        SubmittedStamp stamp) {

    /** An attachment descriptor as submitted. */
    public record Attachment(String contentType, Long size, String sha256) {}

    /** The recipient's stamp as submitted: {@code { kid, receivedAt, routeSalt, mac }}. */
    public record SubmittedStamp(String kid, Long receivedAt, String routeSalt, String mac) {}

    public SubmittedMessage {
        prev = prev == null ? null : java.util.Collections.unmodifiableList(prev);
        attachments =
                attachments == null ? null : java.util.Collections.unmodifiableList(attachments);
    }

    /** A message the client holds, as its user submits it. */
    public static SubmittedMessage of(
            MessageContent c, FrankingKey frankingKey, String recipientId, RecipientStamp stamp) {
        return new SubmittedMessage(
                c.messageId(),
                c.senderId(),
                recipientId,
                c.conversationId(),
                c.sentAt(),
                c.prev().stream().map(Commitment::toBase64).toList(),
                c.contentType(),
                B64.encode(c.unsafeBody()),
                c.attachments().stream()
                        .map(
                                a ->
                                        new Attachment(
                                                a.contentType(),
                                                a.size(),
                                                B64.encode(a.unsafeSha256())))
                        .toList(),
                B64.encode(frankingKey.unsafeBytes()),
                new SubmittedStamp(
                        stamp.kid().value(),
                        stamp.receivedAt(),
                        stamp.routeSalt().toBase64(),
                        stamp.macBase64()));
    }

    /**
     * A message the reporter sent themselves, as context (§3): its opening, one recipient and that
     * recipient's stamp.
     */
    public static SubmittedMessage of(Opening opening, String recipientId, RecipientStamp stamp) {
        return of(opening.content(), opening.frankingKey(), recipientId, stamp);
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
                + ", body=(redacted), frankingKey=[REDACTED], stamp="
                + stamp
                + "]";
    }
}
