package dev.franking.v2;

import java.util.Arrays;

/**
 * {@code commitment = HMAC(franking_key, content_bytes)} (PROTOCOL.md §1): 32 bytes that travel in
 * the clear beside the ciphertext, and that later messages name in their {@code prev}. Ordered as
 * unsigned bytes (§0), the order of {@code prev}.
 */
public final class Commitment extends PublicBytes implements Comparable<Commitment> {
    private Commitment(byte[] bytes, boolean copy, FailureCode code, String what) {
        super(bytes, copy, Limits.HASH_BYTES, code, what);
    }

    /**
     * @throws LimitException {@link FailureCode#INVALID_COMMITMENT} unless exactly 32 bytes
     */
    public static Commitment fromBytes(byte[] bytes) {
        return new Commitment(bytes, true, FailureCode.INVALID_COMMITMENT, "commitment");
    }

    /**
     * @throws LimitException {@link FailureCode#INVALID_COMMITMENT} unless canonical B64 of 32
     *     bytes
     */
    public static Commitment fromBase64(String b64) {
        return fromBase64(b64, FailureCode.INVALID_COMMITMENT, "commitment");
    }

    /** The decoded array is the commitment's own: nobody else holds it. */
    static Commitment fromBase64(String b64, FailureCode code, String what) {
        return new Commitment(B64.decode(b64, code, what), false, code, what);
    }

    /** {@code HMAC(franking_key, content_bytes)} (§1). */
    static Commitment compute(FrankingKey key, byte[] contentBytes, int len) {
        return new Commitment(
                HmacSha256.mac(key.unsafeBytes(), contentBytes, 0, len),
                false,
                FailureCode.INVALID_COMMITMENT,
                "commitment");
    }

    /** {@code HMAC(franking_key, content_bytes)} of {@code content} (§1). */
    static Commitment compute(FrankingKey key, MessageContent content) {
        Wire.Writer w = content.encode();
        return compute(key, w.array(), w.length());
    }

    @Override
    public int compareTo(Commitment o) {
        return Arrays.compareUnsigned(unsafeBytes(), o.unsafeBytes());
    }
}
