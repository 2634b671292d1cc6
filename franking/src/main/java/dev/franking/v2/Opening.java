package dev.franking.v2;

/**
 * What a sender makes and keeps (PROTOCOL.md §1): the content, its fresh franking key and the
 * commitment. The sender keeps it to include their own message as context in a later report ({@link
 * SubmittedMessage#of(Opening, String, RecipientStamp)}).
 */
public final class Opening {
    private final MessageContent content;
    private final FrankingKey frankingKey;
    private final Commitment commitment;

    private Opening(MessageContent content, FrankingKey frankingKey, Commitment commitment) {
        this.content = content;
        this.frankingKey = frankingKey;
        this.commitment = commitment;
    }

    /** §1, sender: a fresh franking key from the system's CSPRNG, and the commitment. */
    public static Opening commit(MessageContent content) {
        return commit(content, RandomBytes.SYSTEM);
    }

    static Opening commit(MessageContent content, RandomBytes random) {
        return restore(content, FrankingKey.generate(random));
    }

    /** An opening the sender stored: the commitment is recomputed, never stored or trusted. */
    public static Opening restore(MessageContent content, FrankingKey frankingKey) {
        if (content == null || frankingKey == null) {
            throw new NullPointerException("content and franking key are required");
        }
        return new Opening(content, frankingKey, Commitment.compute(frankingKey, content));
    }

    public MessageContent content() {
        return content;
    }

    public FrankingKey frankingKey() {
        return frankingKey;
    }

    public Commitment commitment() {
        return commitment;
    }

    @Override
    public String toString() {
        return "Opening[" + content + ", " + commitment + ", frankingKey=[REDACTED]]";
    }
}
