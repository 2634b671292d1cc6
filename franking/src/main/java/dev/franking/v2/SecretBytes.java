package dev.franking.v2;

/**
 * 32 secret bytes, the common part of the key types: prints as {@code [REDACTED]}, compares in
 * constant time, hashes to a constant (a hash of a secret would leak it), and hands its bytes out
 * only to a holder of {@link InsecureSecretAccess}.
 */
abstract class SecretBytes {
    private final byte[] bytes;

    SecretBytes(byte[] bytes, FailureCode code, String what) {
        this(bytes, true, code, what);
    }

    /**
     * With {@code copy} false, takes {@code bytes} itself ({@link Bytes#owned}): only for an array
     * this package has just made (decoded from a report) and keeps to itself.
     */
    SecretBytes(byte[] bytes, boolean copy, FailureCode code, String what) {
        this.bytes =
                copy
                        ? Bytes.exact(bytes, Limits.KEY_BYTES, code, what)
                        : Bytes.owned(bytes, Limits.KEY_BYTES, code, what);
    }

    /** The key bytes themselves, never handed out of the package. */
    final byte[] unsafeBytes() {
        return bytes;
    }

    /** A copy of the key bytes; callers own it. */
    public final byte[] toBytes(InsecureSecretAccess access) {
        InsecureSecretAccess.require(access);
        return bytes.clone();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null
                && o.getClass() == getClass()
                && Bytes.constantTimeEquals(bytes, ((SecretBytes) o).bytes);
    }

    @Override
    public final int hashCode() {
        return getClass().getSimpleName().hashCode();
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[REDACTED]";
    }
}
