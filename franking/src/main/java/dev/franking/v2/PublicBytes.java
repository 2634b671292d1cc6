package dev.franking.v2;

import java.util.Arrays;

/**
 * Fixed-length public bytes (a commitment, a route, a salt): printable, but compared in constant
 * time, because verifiers compare a recomputed value against a submitted one.
 */
abstract class PublicBytes {
    private final byte[] bytes;

    PublicBytes(byte[] bytes, int length, FailureCode code, String what) {
        this(bytes, true, length, code, what);
    }

    /**
     * With {@code copy} false, takes {@code bytes} itself ({@link Bytes#owned}): only for an array
     * this package has just made (decoded, hashed) and keeps to itself.
     */
    PublicBytes(byte[] bytes, boolean copy, int length, FailureCode code, String what) {
        this.bytes =
                copy
                        ? Bytes.exact(bytes, length, code, what)
                        : Bytes.owned(bytes, length, code, what);
    }

    final byte[] unsafeBytes() {
        return bytes;
    }

    /** A copy of the bytes. */
    public final byte[] toBytes() {
        return bytes.clone();
    }

    public final String toBase64() {
        return B64.encode(bytes);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null
                && o.getClass() == getClass()
                && Bytes.constantTimeEquals(bytes, ((PublicBytes) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + toBase64() + "]";
    }
}
