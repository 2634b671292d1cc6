package dev.franking.v2;

import java.util.List;

/**
 * A report that passed §5 step 1 (the form); only {@link ReportVerifier#parse} makes one. It
 * exposes what a service needs to recognise a repeat (§5: the same reporter, and the reported
 * message's sender, message id and commitment computed from its opening) before steps 2 to 5.
 */
public final class ParsedReport {
    /** One well-formed message. */
    record Message(
            MessageContent content,
            String recipientId,
            FrankingKey frankingKey,
            RecipientStamp stamp) {
        Commitment commitment() {
            return Commitment.compute(frankingKey, content);
        }
    }

    /** What makes two reports the same report (§5, repeats). */
    public record RepeatKey(
            String reporterId, String senderId, String messageId, Commitment commitment) {}

    private final String reporterId;
    private final List<Message> messages;
    private final Commitment reportedCommitment;

    ParsedReport(String reporterId, List<Message> messages) {
        this.reporterId = reporterId;
        this.messages = List.copyOf(messages);
        this.reportedCommitment = this.messages.get(0).commitment();
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
