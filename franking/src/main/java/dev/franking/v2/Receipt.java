package dev.franking.v2;

import java.util.List;

/**
 * The recipient's check of PROTOCOL.md §4, in one call: open the envelope with the delivered
 * commitment, recompute the commitment, and check that the sender is the one the relay named and
 * the conversation and message id the ones it delivered under. A message that fails is dropped,
 * never shown, so that whatever is shown is reportable.
 */
public final class Receipt {
    private Receipt() {}

    /**
     * Opens an envelope and runs every check of §4; only a message that passes may be shown.
     *
     * @throws FrankingException {@link FailureCode#BAD_ENVELOPE} (the envelope does not open, does
     *     not parse, or its content does not match the delivered commitment), {@link
     *     FailureCode#WRONG_SENDER}, {@link FailureCode#WRONG_CONVERSATION} or {@link
     *     FailureCode#WRONG_MESSAGE_ID}
     */
    public static ReceivedMessage open(MessageKey key, byte[] envelope, Delivery delivered)
            throws FrankingException {
        Envelope.Opened o = Envelope.open(key, envelope, delivered.commitment());
        checkRouting(o.content(), delivered);
        return new ReceivedMessage(o.content(), o.frankingKey(), o.blobs(), delivered);
    }

    /**
     * The same checks for integrators with a payload format of their own (no {@link Envelope}): the
     * content and franking key they decrypted, and one blob reference per attachment.
     *
     * @throws FrankingException {@link FailureCode#BAD_COMMITMENT}, {@link
     *     FailureCode#WRONG_SENDER}, {@link FailureCode#WRONG_CONVERSATION} or {@link
     *     FailureCode#WRONG_MESSAGE_ID}
     */
    public static ReceivedMessage accept(
            MessageContent content,
            FrankingKey frankingKey,
            List<BlobRef> blobs,
            Delivery delivered)
            throws FrankingException {
        if (blobs == null || blobs.size() != content.attachments().size()) {
            throw new LimitException(
                    FailureCode.INVALID_ATTACHMENT,
                    "one blob reference per attachment is required");
        }
        if (!Opening.restore(content, frankingKey).commitment().equals(delivered.commitment())) {
            throw new FrankingException(
                    FailureCode.BAD_COMMITMENT, "content does not match the delivered commitment");
        }
        checkRouting(content, delivered);
        return new ReceivedMessage(content, frankingKey, List.copyOf(blobs), delivered);
    }

    private static void checkRouting(MessageContent c, Delivery delivered)
            throws FrankingException {
        if (!c.senderId().equals(delivered.senderId())) {
            throw new FrankingException(
                    FailureCode.WRONG_SENDER, "sender is not the one the relay named");
        }
        if (!c.conversationId().equals(delivered.conversationId())) {
            throw new FrankingException(
                    FailureCode.WRONG_CONVERSATION,
                    "conversation is not the one it was delivered in");
        }
        if (!c.messageId().equals(delivered.messageId())) {
            throw new FrankingException(
                    FailureCode.WRONG_MESSAGE_ID,
                    "message id is not the one it was delivered under");
        }
    }
}
