package dev.franking.v2;

import java.util.List;

/**
 * A report that passed §5 step 1 (the form); only {@link ReportVerifier#parse} makes one. It
 * exposes what a service needs to recognise a repeat (§5: the same reporter, and the reported
 * message's sender, message id and commitment computed from its opening) before steps 2 to 5.
 */
public final class ParsedReport {
    /**
     * One well-formed message. {@code ids} holds what the form step wrote while checking the
     * identifiers, {@code str(recipient_id) || str(message_id) || str(sender_id) ||
     * str(conversation_id) || str(content_type)}, from offsets 0, {@code messageAt}, {@code
     * senderAt}, {@code conversationAt} and {@code contentTypeAt} up to {@code idsEnd}: the
     * commitment and the route copy them instead of encoding every identifier again.
     */
    record Message(
            MessageContent content,
            String recipientId,
            FrankingKey frankingKey,
            RecipientStamp stamp,
            byte[] ids,
            int messageAt,
            int senderAt,
            int conversationAt,
            int contentTypeAt,
            int idsEnd) {
        Commitment commitment(Scratch s) {
            return Commitment.compute(
                    s, frankingKey, content, ids, messageAt, contentTypeAt, idsEnd);
        }

        Route route(Scratch s) {
            return Route.computeFromIds(
                    s,
                    stamp.routeSalt(),
                    ids,
                    senderAt,
                    conversationAt,
                    0,
                    messageAt,
                    conversationAt,
                    contentTypeAt,
                    messageAt,
                    senderAt);
        }
    }

    /** What makes two reports the same report (§5, repeats). */
    public record RepeatKey(
            String reporterId, String senderId, String messageId, Commitment commitment) {}

    private final String reporterId;
    private final List<Message> messages;
    private final Commitment reportedCommitment;

    ParsedReport(String reporterId, List<Message> messages, Scratch scratch) {
        this.reporterId = reporterId;
        this.messages = List.copyOf(messages);
        this.reportedCommitment = this.messages.get(0).commitment(scratch);
    }

    public String reporterId() {
        return reporterId;
    }

    public int size() {
        return messages.size();
    }

    /** The reported message's commitment, computed from its opening (nothing secret is used). */
    public Commitment reportedCommitment() {
        return reportedCommitment;
    }

    public RepeatKey repeatKey() {
        MessageContent c = messages.get(0).content();
        return new RepeatKey(reporterId, c.senderId(), c.messageId(), reportedCommitment);
    }

    List<Message> messages() {
        return messages;
    }

    @Override
    public String toString() {
        return "ParsedReport[" + messages.size() + " messages]";
    }
}
