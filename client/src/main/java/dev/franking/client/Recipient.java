package dev.franking.client;

import dev.franking.AttachmentCipher;
import dev.franking.AttachmentDescriptor;
import dev.franking.Envelope;
import dev.franking.FailureCode;
import dev.franking.FrankingException;
import dev.franking.Opening;
import dev.franking.Receipt;
import dev.franking.Stamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recipient's client (PROTOCOL.md §2, §4, §6): opens the envelope, checks the receipt against
 * what the relay named, checks every attachment against its commitment, and keeps what it needs to
 * report. A message that fails any check is dropped and never shown: whatever the user sees is then
 * reportable.
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
     * reporting window, 90 days by default): the opening (content and franking key) and the stamp,
     * plus the attachments' plaintext. Without the opening and stamp there is no report. Keep them
     * on the device only: the franking key is shown to the report service only inside a report.
     */
    public record Held(Opening opening, String recipientId, Stamp stamp, List<byte[]> attachments) {
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
        } catch (FrankingException e) {
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
        // §2: decrypts with the delivered commitment in the AD and recomputes it; one error for all
        // failures
        Opening opening = Envelope.open(conversation.key(), d.envelope(), d.commitment());
        // §4: the commitment matches, and sender, conversation and message id are the ones the
        // relay named
        Receipt.check(opening, d.commitment(), d.senderId(), d.conversationId(), d.messageId());
        // §6 and §1: every blob decrypts under a key-committing cipher and is exactly the committed
        // file
        List<AttachmentDescriptor> committed = opening.content().attachments();
        if (committed.size() != d.attachmentBlobs().size()) {
            throw new FrankingException(
                    FailureCode.ATTACHMENT_MISMATCH, "attachments do not match the committed ones");
        }
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < committed.size(); i++) {
            byte[] plaintext =
                    AttachmentCipher.decrypt(conversation.key(), d.attachmentBlobs().get(i));
            committed.get(i).verify(plaintext);
            files.add(plaintext);
        }
        Held held = new Held(opening, userId, d.stamp(), files);
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
