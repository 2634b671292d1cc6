package dev.franking.v2;

import java.time.Instant;

/**
 * The stamp service's keys (PROTOCOL.md §3): the current key, and every key by kid. Where and how
 * they are kept (wrapped under epoch keys, in a database) is the implementation's business.
 */
public interface StampKeyRing extends KeyLookup.Source {
    /**
     * The key that signs at {@code now}.
     *
     * @throws IllegalStateException if no key signs at {@code now}
     */
    StampKey current(Instant now);
}
