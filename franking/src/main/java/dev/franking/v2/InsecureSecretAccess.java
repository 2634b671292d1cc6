package dev.franking.v2;

/**
 * A token that every call handing out raw secret bytes requires (Tink's {@code
 * InsecureSecretKeyAccess}): exporting a key is possible, for wrapping it under a key-encryption
 * key or storing it with a report, but never by accident, and every place that does it is found by
 * searching for this class.
 */
public final class InsecureSecretAccess {
    private static final InsecureSecretAccess INSTANCE = new InsecureSecretAccess();

    private InsecureSecretAccess() {}

    public static InsecureSecretAccess get() {
        return INSTANCE;
    }

    static void require(InsecureSecretAccess access) {
        if (access == null) {
            throw new NullPointerException("InsecureSecretAccess is required");
        }
    }
}
