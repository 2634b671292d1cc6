package dev.franking;

import java.time.Instant;

/**
 * The relay's stamp keys (PROTOCOL.md §3): the current key, and every key by kid. Where and how the
 * keys are stored (wrapped under a key-encryption key, in a database) is the implementation's
 * business.
 */
public interface StampKeyRing extends KeyLookup.Source {
    /**
     * The key that issues stamps at {@code now}.
     *
     * @throws IllegalStateException if no key issues at {@code now}
     */
    StampKey current(Instant now);
}
