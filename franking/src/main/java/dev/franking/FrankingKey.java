package dev.franking;

import java.security.SecureRandom;

/**
 * The per-message franking key of PROTOCOL.md §1: 32 bytes from a CSPRNG, fresh for every message,
 * travelling to recipients only inside the end-to-end encrypted payload. A secret: it prints as
 * {@code [REDACTED]}, compares in constant time and hands out copies only.
 */
public record FrankingKey(byte[] bytes) {
    public FrankingKey {
        bytes =
                Bytes.exact(
                        bytes, Limits.KEY_BYTES, FailureCode.INVALID_FRANKING_KEY, "franking key");
    }

    public static FrankingKey generate(SecureRandom random) {
        byte[] k = new byte[Limits.KEY_BYTES];
        random.nextBytes(k);
        return new FrankingKey(k);
    }

    /** A copy of the key bytes; callers own it. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrankingKey other && Bytes.constantTimeEquals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 0x46524b4b;
    }

    @Override
    public String toString() {
        return "FrankingKey[REDACTED]";
    }
}
