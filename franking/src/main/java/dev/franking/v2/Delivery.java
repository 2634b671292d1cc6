package dev.franking.v2;

/**
 * What the relay delivered beside an envelope (PROTOCOL.md §3, §4): the commitment in the clear,
 * the sender it authenticated, the conversation and message id it delivered under, the recipient
 * (this client's user) and the recipient's stamp.
 */
public record Delivery(
        Commitment commitment,
        String senderId,
        String recipientId,
        String conversationId,
        String messageId,
        RecipientStamp stamp) {
    public Delivery {
        if (commitment == null) {
            throw new LimitException(FailureCode.INVALID_COMMITMENT, "commitment is missing");
        }
        Ids.checkId(senderId, "senderId");
        Ids.checkId(recipientId, "recipientId");
        Ids.checkId(conversationId, "conversationId");
        Ids.checkId(messageId, "messageId");
        if (stamp == null) {
            throw new LimitException(FailureCode.INVALID_MAC, "stamp is missing");
        }
    }
}
