package dev.franking;

/**
 * What a key store knows about a kid (PROTOCOL.md §5 check 3): a live key, a key that existed and
 * has been destroyed, or nothing at all.
 */
public sealed interface KeyLookup {
    record Found(StampKey key) implements KeyLookup {}

    record Destroyed(Kid kid) implements KeyLookup {}

    record Unknown(Kid kid) implements KeyLookup {}

    /** Finds stamp keys by kid; the storage behind it is the caller's business. */
    @FunctionalInterface
    interface Source {
        KeyLookup lookup(Kid kid);
    }
}
