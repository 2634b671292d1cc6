package dev.franking.v2;

/**
 * The per-message franking key of PROTOCOL.md §1: 32 bytes from a CSPRNG, fresh for every message,
 * travelling to recipients only inside the end-to-end encrypted payload. A secret: prints as {@code
 * [REDACTED]} and compares in constant time.
 */
public final class FrankingKey extends SecretBytes {
    private FrankingKey(byte[] bytes) {
        super(bytes, FailureCode.INVALID_FRANKING_KEY, "franking key");
    }

    private FrankingKey(byte[] bytes, boolean copy) {
        super(bytes, copy, FailureCode.INVALID_FRANKING_KEY, "franking key");
    }

    /** A fresh key from the system's CSPRNG. */
    public static FrankingKey generate() {
        return generate(RandomBytes.SYSTEM);
    }

    static FrankingKey generate(RandomBytes random) {
        return new FrankingKey(random.next(Limits.KEY_BYTES), false);
    }

    /**
     * A key from its 32 bytes (copied), e.g. restored from the client's storage or a report.
     *
     * @throws LimitException {@link FailureCode#INVALID_FRANKING_KEY} unless exactly 32 bytes
     */
    public static FrankingKey fromBytes(byte[] bytes) {
        return new FrankingKey(bytes);
    }

    /** A key decoded from a report: the decoded array is the key's own, nobody else holds it. */
    static FrankingKey fromBase64(String b64) {
        return new FrankingKey(
                B64.decode(b64, FailureCode.INVALID_FRANKING_KEY, "franking key"), false);
    }
}
