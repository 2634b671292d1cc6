package dev.franking.client;

import dev.franking.v2.Delivery;
import dev.franking.v2.FailureCode;
import dev.franking.v2.FrankingException;
import dev.franking.v2.Opening;
import dev.franking.v2.Receipt;
import dev.franking.v2.ReceivedMessage;
import dev.franking.v2.RecipientStamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recipient's client (PROTOCOL.md §2, §4, §6): opens the envelope and checks the receipt
 * against what the relay named in one library call, checks every attachment against its commitment,
 * updates the conversation's heads, and keeps what it needs to report. A message that fails any
 * check is dropped and never shown: whatever the user sees is then reportable.
 */
public final class Recipient {
    private final String userId;
    private final List<Held> inbox = new ArrayList<>();
    private int dropped;

    public Recipient(String userId) {
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }

    /**
     * What the recipient keeps of a shown message, for as long as it may want to report it (the
     * reporting window, 90 days by default): the opening (content and franking key) and the stamp
     * with its route salt, plus the attachments' plaintext. Without the opening and stamp there is
     * no report. Keep them on the device only: the franking key is shown to the report service only
     * inside a report.
     */
    public record Held(
            Opening opening, String recipientId, RecipientStamp stamp, List<byte[]> attachments) {
        public Held {
            attachments = List.copyOf(attachments);
        }

        public String messageId() {
            return opening.content().messageId();
        }

        @Override
        public String toString() {
            return "Held["
                    + opening.content()
                    + ", recipientId="
                    + recipientId
                    + ", "
                    + stamp.kid()
                    + "]";
        }
    }

    /**
     * Receives one delivery: the held message, or empty if it was dropped. Only a returned message
     * may be shown to the user.
     */
    public Optional<Held> receive(Relay.Delivery d, Conversation conversation) {
        try {
            return Optional.of(check(d, conversation));
        } catch (FrankingException | IllegalArgumentException e) {
            // drop, never show; the code says which check failed (no content, no key in it)
            dropped++;
            return Optional.empty();
        }
    }

    /**
     * {@link #receive} with the failed check as an exception, for callers that want to know which.
     */
    public Held check(Relay.Delivery d, Conversation conversation) throws FrankingException {
        if (!d.recipientId().equals(userId)) {
            throw new FrankingException(FailureCode.NOT_A_PARTY, "delivered to another recipient");
        }
        if (!d.conversationId().equals(conversation.id())) {
            throw new FrankingException(
                    FailureCode.WRONG_CONVERSATION, "delivered under another conversation");
        }
        // §2 and §4 in one call: decrypts with the delivered commitment in the AD, recomputes it,
        // and checks sender, conversation and message id against what the relay named
        ReceivedMessage m =
                Receipt.open(
                        conversation.key(),
                        d.envelope(),
                        new Delivery(
                                d.commitment(),
                                d.senderId(),
                                d.recipientId(),
                                d.conversationId(),
                                d.messageId(),
                                d.stamp()));
        // §4 and §6: every blob opens under its own key and is exactly the committed file
        int committed = m.content().attachments().size();
        if (committed != d.attachmentBlobs().size()) {
            throw new FrankingException(
                    FailureCode.ATTACHMENT_MISMATCH, "attachments do not match the committed ones");
        }
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < committed; i++) {
            files.add(m.openAttachment(i, d.attachmentBlobs().get(i)));
        }
        // §1: what is shown moves the conversation's heads
        conversation.heads(userId).record(m);
        Held held =
                new Held(Opening.restore(m.content(), m.frankingKey()), userId, d.stamp(), files);
        inbox.add(held);
        return held;
    }

    /** Every message received and shown, in order. */
    public List<Held> inbox() {
        return List.copyOf(inbox);
    }

    /** How many deliveries failed a check and were dropped. */
    public int dropped() {
        return dropped;
    }
}
