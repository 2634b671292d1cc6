package dev.franking;

/**
 * The routing context a stamp binds (PROTOCOL.md §3): the relay's authenticated sender, one
 * recipient, the conversation and the message id.
 */
public record StampContext(
        String senderId, String recipientId, String conversationId, String messageId) {
    public StampContext {
        Ids.checkId(senderId, "senderId");
        Ids.checkId(recipientId, "recipientId");
        Ids.checkId(conversationId, "conversationId");
        Ids.checkId(messageId, "messageId");
    }
}
