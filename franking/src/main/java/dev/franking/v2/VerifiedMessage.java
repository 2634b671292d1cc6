package dev.franking.v2;

import java.time.Instant;

/**
 * One message of a verified report and what was proven of it (PROTOCOL.md §5): {@code content} is
 * what {@code content.senderId()} committed to, and the relay delivered it to {@code recipientId}
 * in that conversation at {@code stamp.receivedAt()} (the platform's clock) under the key {@code
 * stamp.kid()}. Only {@link ReportVerifier} makes one.
 */
public final class VerifiedMessage {
    private final int index;
    private final MessageContent content;
    private final String recipientId;
    private final FrankingKey frankingKey;
    private final Commitment commitment;
    private final Route route;
    private final RecipientStamp stamp;
    private final Instant keyDestroyAt;
    private final boolean byReporter;

    VerifiedMessage(
            int index,
            MessageContent content,
            String recipientId,
            FrankingKey frankingKey,
            Commitment commitment,
            Route route,
            RecipientStamp stamp,
            Instant keyDestroyAt,
            boolean byReporter) {
        this.index = index;
        this.content = content;
        this.recipientId = recipientId;
        this.frankingKey = frankingKey;
        this.commitment = commitment;
        this.route = route;
        this.stamp = stamp;
        this.keyDestroyAt = keyDestroyAt;
        this.byReporter = byReporter;
    }

    /** The position in the report as submitted; 0 is the reported message. */
    public int index() {
        return index;
    }

    public boolean reported() {
        return index == 0;
    }

    /** Written by the reporter: marked as such wherever people see it (§5 step 5). */
    public boolean byReporter() {
        return byReporter;
    }

    public MessageContent content() {
        return content;
    }

    public String recipientId() {
        return recipientId;
    }

    /** The opening's key: an agency recomputes the commitment with it. */
    public FrankingKey frankingKey() {
        return frankingKey;
    }

    public Commitment commitment() {
        return commitment;
    }

    public Route route() {
        return route;
    }

    public RecipientStamp stamp() {
        return stamp;
    }

    /** When the stamp key is destroyed, after which nobody can verify this stamp again. */
    public Instant keyDestroyAt() {
        return keyDestroyAt;
    }

    /**
     * §5 attachments: an uploaded plaintext of attachment {@code n} is accepted only if it matches
     * the committed descriptor.
     *
     * @throws FrankingException {@link FailureCode#ATTACHMENT_MISMATCH}
     * @throws IndexOutOfBoundsException if there is no attachment {@code n}
     */
    public void checkAttachment(int n, byte[] plaintext) throws FrankingException {
        content.attachments().get(n).verify(plaintext);
    }

    @Override
    public String toString() {
        return "VerifiedMessage[index=" + index + ", " + content + ", " + commitment + "]";
    }
}
