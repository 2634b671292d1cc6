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
            out.add(new Stamp(key.kid(), now, key.mac(commitment, r, now)));
        }
        return out;
    }

    /** One stamp, for a message of one recipient. */
    public Stamp stamp(Commitment commitment, Route route) {
        long now = clock.millis();
        StampKey key = ring.current(Instant.ofEpochMilli(now));
        return new Stamp(key.kid(), now, key.mac(commitment, route, now));
    }
}
