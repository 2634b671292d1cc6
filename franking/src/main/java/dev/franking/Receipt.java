package dev.franking;

/**
 * The recipient's check of PROTOCOL.md §4: the opening matches the delivered commitment, and its
 * sender, conversation and message id are the ones the relay delivered it under. A message that
 * fails is dropped, never shown, so that whatever is shown is reportable.
 */
public final class Receipt {
    private Receipt() {}

    /**
     * @throws FrankingException {@link FailureCode#BAD_COMMITMENT}, {@link
     *     FailureCode#WRONG_SENDER}, {@link FailureCode#WRONG_CONVERSATION} or {@link
     *     FailureCode#WRONG_MESSAGE_ID}
     */
    public static void check(
            Opening opening,
            Commitment delivered,
            String deliveredSenderId,
            String deliveredConversationId,
            String deliveredMessageId)
            throws FrankingException {
        if (!Commitment.compute(opening.frankingKey(), opening.content()).equals(delivered)) {
            throw new FrankingException(
                    FailureCode.BAD_COMMITMENT, "content does not match the delivered commitment");
        }
        MessageContent c = opening.content();
        if (!c.senderId().equals(deliveredSenderId)) {
            throw new FrankingException(
                    FailureCode.WRONG_SENDER, "sender is not the one the relay named");
        }
        if (!c.conversationId().equals(deliveredConversationId)) {
            throw new FrankingException(
                    FailureCode.WRONG_CONVERSATION,
                    "conversation is not the one it was delivered in");
        }
        if (!c.messageId().equals(deliveredMessageId)) {
            throw new FrankingException(
                    FailureCode.WRONG_MESSAGE_ID,
                    "message id is not the one it was delivered under");
        }
    }
}
