package dev.franking;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay's side of PROTOCOL.md §3: one stamp per recipient over one commitment, under the ring's
 * current key, at the relay's clock. Keeps no per-message state.
 */
public final class Stamper {
    static final String LABEL = "franking/v1/stamp";

    private final StampKeyRing ring;
    private final Clock clock;

    public Stamper(StampKeyRing ring, Clock clock) {
        this.ring = ring;
        this.clock = clock;
    }

    /** Stamps a message for one recipient. */
    public Stamp stamp(Commitment commitment, StampContext ctx) {
        long now = clock.millis();
        return stamp(ring.current(java.time.Instant.ofEpochMilli(now)), commitment, ctx, now);
    }

    /**
     * Stamps a message for each of its recipients, all under one key and one {@code receivedAt}.
     */
    public List<Stamp> stampAll(
            Commitment commitment,
            String senderId,
            String conversationId,
            String messageId,
            List<String> recipientIds) {
        long now = clock.millis();
        StampKey key = ring.current(java.time.Instant.ofEpochMilli(now));
        List<Stamp> out = new ArrayList<>(recipientIds.size());
        for (String r : recipientIds) {
            out.add(
                    stamp(
                            key,
                            commitment,
                            new StampContext(senderId, r, conversationId, messageId),
                            now));
        }
        return out;
    }

    /**
     * Computes a stamp under a given key; for relays that pick the key themselves, and for vectors.
     */
    public static Stamp stamp(
            StampKey key, Commitment commitment, StampContext ctx, long receivedAt) {
        Ids.checkTime(receivedAt, "receivedAt");
        return new Stamp(key.kid(), receivedAt, key.mac(commitment, ctx, receivedAt));
    }

    /**
     * Recomputes the stamp's MAC under {@code key} and compares it in constant time (PROTOCOL.md §5
     * check 4).
     *
     * @throws FrankingException {@link FailureCode#BAD_STAMP} on mismatch or a key of another kid
     */
    public static void verify(StampKey key, Stamp stamp, Commitment commitment, StampContext ctx)
            throws FrankingException {
        if (!key.kid().equals(stamp.kid())
                || !Bytes.constantTimeEquals(
                        key.mac(commitment, ctx, stamp.receivedAt()), stamp.unsafeMac())) {
            throw new FrankingException(FailureCode.BAD_STAMP, "stamp does not verify");
        }
    }
}
