package dev.franking.v2;

/**
 * What a key store knows of a kid (PROTOCOL.md §3, §5 step 3): a live key, a key it made and has
 * destroyed (it remembers every kid, without the key), or nothing.
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
