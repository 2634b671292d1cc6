package dev.franking;

import java.security.SecureRandom;

/**
 * A 32-byte symmetric key: the envelope key {@code K} of PROTOCOL.md §2 or the attachment key
 * {@code K} of §6. A secret: prints as {@code [REDACTED]}, compares in constant time.
 */
public record SymmetricKey(byte[] bytes) {
    public SymmetricKey {
        bytes = Bytes.exact(bytes, Limits.KEY_BYTES, FailureCode.INVALID_KEY, "key");
    }

    public static SymmetricKey generate(SecureRandom random) {
        byte[] k = new byte[Limits.KEY_BYTES];
        random.nextBytes(k);
        return new SymmetricKey(k);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymmetricKey other && Bytes.constantTimeEquals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 0x53594d4b;
    }

    @Override
    public String toString() {
        return "SymmetricKey[REDACTED]";
    }
}
