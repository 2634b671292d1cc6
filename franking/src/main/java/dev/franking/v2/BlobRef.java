package dev.franking.v2;

import java.util.Arrays;

/**
 * Where one attachment's blob is and the key it opens with (PROTOCOL.md §2): {@code blob_key_i ||
 * lp(locator_i)} in the envelope's payload. The locator (0..2,048 bytes) is opaque: a URL or a blob
 * id.
 */
public final class BlobRef {
    private final AttachmentKey key;
    private final byte[] locator;

    private BlobRef(AttachmentKey key, byte[] locator) {
        if (key == null) {
            throw new LimitException(FailureCode.INVALID_KEY, "blob key is missing");
        }
        if (locator == null || locator.length > Limits.MAX_LOCATOR_BYTES) {
            throw new LimitException(
                    FailureCode.INVALID_LOCATOR,
                    "locator must be 0.." + Limits.MAX_LOCATOR_BYTES + " bytes");
        }
        this.key = key;
        this.locator = locator.clone();
    }

    public static BlobRef of(AttachmentKey key, byte[] locator) {
        return new BlobRef(key, locator);
    }

    public AttachmentKey key() {
        return key;
    }

    /** A copy of the locator. */
    public byte[] locator() {
        return locator.clone();
    }

    byte[] unsafeLocator() {
        return locator;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobRef b && key.equals(b.key) && Arrays.equals(locator, b.locator);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(locator);
    }

    @Override
    public String toString() {
        return "BlobRef[key=[REDACTED], locator=(" + locator.length + " bytes)]";
    }
}
