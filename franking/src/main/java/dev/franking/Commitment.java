package dev.franking;

/**
 * {@code commitment = HMAC(franking_key, content_bytes)} (PROTOCOL.md §1): 32 bytes that travel in
 * the clear beside the ciphertext. Public, but compared in constant time because verifiers compare
 * a recomputed value against it.
 */
public record Commitment(byte[] bytes) {
    public Commitment {
        bytes = Bytes.exact(bytes, Limits.MAC_BYTES, FailureCode.INVALID_COMMITMENT, "commitment");
    }

    /** Computes the commitment of {@code content} under {@code key} (PROTOCOL.md §1). */
    public static Commitment compute(FrankingKey key, MessageContent content) {
        return new Commitment(Hmac.commit(key.unsafeBytes(), content));
    }

    public static Commitment fromBase64(String b64) {
        return new Commitment(B64.decode(b64));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    public String toBase64() {
        return B64.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commitment other && Bytes.constantTimeEquals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Bytes.hash(bytes);
    }

    @Override
    public String toString() {
        return "Commitment[" + toBase64() + "]";
    }
}
