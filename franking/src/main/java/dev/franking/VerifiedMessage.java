package dev.franking;

import java.time.Instant;

/**
 * One message of a verified report and exactly what was proven of it (PROTOCOL.md §5): that {@code
 * content} is what {@code content.senderId()} committed to, that the relay delivered it to {@code
 * recipientId} in {@code content.conversationId()} at {@code stamp.receivedAt()}, under the stamp
 * key {@code stamp.kid()}, and when that was checked.
 */
public record VerifiedMessage(
        int index,
        MessageContent content,
        String recipientId,
        FrankingKey frankingKey,
        Commitment commitment,
        Stamp stamp,
        Instant keyExpiresAt,
        Instant verifiedAt) {

    public boolean reported() {
        return index == 0;
    }
}
