package dev.franking.v2;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stamp service's side of PROTOCOL.md §3: for one commitment and its routes (one per
 * recipient), one stamp each, all under the ring's current key and one {@code received_at} from the
 * service's clock. Learns no identifier and keeps no per-message state.
 */
public final class Stamper {
    private final StampKeyRing ring;
    private final Clock clock;

    public Stamper(StampKeyRing ring, Clock clock) {
        this.ring = ring;
        this.clock = clock;
    }

    /** One stamp per route, in order. */
    public List<Stamp> stamp(Commitment commitment, List<Route> routes) {
        long now = clock.millis();
        StampKey key = ring.current(Instant.ofEpochMilli(now));
        List<Stamp> out = new ArrayList<>(routes.size());
        for (Route r : routes) {
            out.add(key.stamp(commitment, r, now));
        }
        return out;
    }

    /**
     * The bulk form, for a stamp service answering a batch: message {@code i}'s 32-byte commitment
     * is {@code commitments[32i, 32i+32)}, its routes are the next {@code routeCounts[i]} 32-byte
     * routes of {@code routes} (in order, message after message), and route {@code j}'s mac goes to
     * {@code macs[32j, 32j+32)}. One key and one {@code received_at} for the whole batch, as for
     * {@link #stamp(Commitment, List)}. Takes raw bytes because the typed form costs two objects
     * and two copies per stamp, which is a third of a stamp's cost; all of these bytes are public
     * (commitments, routes and macs travel in the clear).
     *
     * @return the kid and {@code received_at} every mac of the batch was made with
     * @throws IllegalArgumentException if the arrays' lengths do not match {@code routeCounts}
     */
    public Batch stamp(
            byte[] commitments, int[] routeCounts, int messages, byte[] routes, byte[] macs) {
        long total = 0;
        if (messages < 0 || messages > routeCounts.length || commitments.length < 32L * messages) {
            throw new IllegalArgumentException("fewer commitments or counts than messages");
        }
        for (int i = 0; i < messages; i++) {
            if (routeCounts[i] < 0) {
                throw new IllegalArgumentException("negative route count");
            }
            total += routeCounts[i];
        }
        if (routes.length < 32 * total || macs.length < 32 * total) {
            throw new IllegalArgumentException("fewer route or mac bytes than routes");
        }
        long now = clock.millis();
        StampKey key = ring.current(Instant.ofEpochMilli(now));
        key.macs(commitments, routeCounts, messages, routes, now, macs);
        return new Batch(key.kid(), now);
    }

    /** What every mac of one {@link #stamp(byte[], int[], int, byte[], byte[])} batch shares. */
    public record Batch(Kid kid, long receivedAt) {}

    /** One stamp, for a message of one recipient. */
    public Stamp stamp(Commitment commitment, Route route) {
        long now = clock.millis();
        return ring.current(Instant.ofEpochMilli(now)).stamp(commitment, route, now);
    }
}
