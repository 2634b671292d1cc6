package dev.franking.service.crypto;

/**
 * The epoch key that a value was wrapped under no longer exists (its week has ended): the value is
 * destroyed, wherever a copy of it survives.
 */
public final class EpochKeyGone extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    EpochKeyGone(String epoch) {
        super("epoch key " + epoch + " does not exist (destroyed, or never created)");
    }
}
