package dev.franking.v2;

/**
 * The conversation's (or the pairwise) message key {@code K} that seals envelopes (PROTOCOL.md §2).
 * Never used for attachments: those have {@link AttachmentKey}s of their own. A secret: prints as
 * {@code [REDACTED]} and compares in constant time.
 */
public final class MessageKey extends SecretBytes {
    private MessageKey(byte[] bytes) {
        super(bytes, FailureCode.INVALID_KEY, "message key");
    }

    /** A fresh key from the system's CSPRNG. */
    public static MessageKey generate() {
        return generate(RandomBytes.SYSTEM);
    }

    static MessageKey generate(RandomBytes random) {
        return new MessageKey(random.next(Limits.KEY_BYTES));
    }

    /**
     * A key from its 32 bytes (copied), e.g. restored from the client's storage or a report.
     *
     * @throws LimitException {@link FailureCode#INVALID_KEY} unless exactly 32 bytes
     */
    public static MessageKey fromBytes(byte[] bytes) {
        return new MessageKey(bytes);
    }
}
