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

    /**
     * {@code HMAC(franking_key, content_bytes)} of {@code content} (§1): {@code content_bytes} is
     * written into the thread's {@link Scratch} after a free block for the padded key, and hashed
     * in one update, without an array of its own.
     */
    static Commitment compute(FrankingKey key, MessageContent content) {
        return compute(Scratch.get(), key, content);
    }

    static Commitment compute(Scratch s, FrankingKey key, MessageContent content) {
        Wire.Writer w = new Wire.Writer(s.buffer(64 + content.encodedSizeHint()), 64);
        content.writeTo(w);
        byte[] b = w.array();
        s.keep(b);
        byte[] out = new byte[Limits.HASH_BYTES];
        HmacSha256.macAfterPadBlock(s, key.unsafeBytes(), b, w.length() - 64, out, 0);
        return new Commitment(out, false, FailureCode.INVALID_COMMITMENT, "commitment");
    }

    /**
     * {@link #compute(Scratch, FrankingKey, MessageContent)} with the identifiers' encodings taken
     * from {@code ids} ({@link MessageContent#writeTo(Wire.Writer, byte[], int, int, int)}).
     */
    static Commitment compute(
            Scratch s,
            FrankingKey key,
            MessageContent content,
            byte[] ids,
            int idsFrom,
            int contentTypeAt,
            int end) {
        Wire.Writer w = new Wire.Writer(s.buffer(64 + content.encodedSizeHint()), 64);
        content.writeTo(w, ids, idsFrom, contentTypeAt, end);
        byte[] b = w.array();
        s.keep(b);
        byte[] out = new byte[Limits.HASH_BYTES];
        HmacSha256.macAfterPadBlock(s, key.unsafeBytes(), b, w.length() - 64, out, 0);
        return new Commitment(out, false, FailureCode.INVALID_COMMITMENT, "commitment");
    }

    @Override
    public int compareTo(Commitment o) {
        return Arrays.compareUnsigned(unsafeBytes(), o.unsafeBytes());
    }
}
