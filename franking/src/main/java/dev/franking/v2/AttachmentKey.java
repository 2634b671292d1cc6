package dev.franking.v2;

/**
 * The key {@code K} of one attachment blob (PROTOCOL.md §6): fresh for every blob, never the
 * conversation's key, carried to recipients inside the envelope's payload (§2). A secret: prints as
 * {@code [REDACTED]} and compares in constant time.
 */
public final class AttachmentKey extends SecretBytes {
    private AttachmentKey(byte[] bytes) {
        super(bytes, FailureCode.INVALID_KEY, "attachment key");
    }

    /** A fresh key from the system's CSPRNG. */
    public static AttachmentKey generate() {
        return generate(RandomBytes.SYSTEM);
    }

    static AttachmentKey generate(RandomBytes random) {
        return new AttachmentKey(random.next(Limits.KEY_BYTES));
    }

    /**
     * A key from its 32 bytes (copied), e.g. restored from the client's storage or a report.
     *
     * @throws LimitException {@link FailureCode#INVALID_KEY} unless exactly 32 bytes
     */
    public static AttachmentKey fromBytes(byte[] bytes) {
        return new AttachmentKey(bytes);
    }
}
