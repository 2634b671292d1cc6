package dev.franking.v2;

/**
 * The relay's salt of one route (PROTOCOL.md §3): 16 bytes from a CSPRNG, fresh for every (message,
 * recipient), delivered to the recipient with its stamp. Without it a route digest cannot be linked
 * to the identifiers it hides.
 */
public final class RouteSalt extends PublicBytes {
    private RouteSalt(byte[] bytes) {
        this(bytes, true);
    }

    private RouteSalt(byte[] bytes, boolean copy) {
        super(bytes, copy, Limits.ROUTE_SALT_BYTES, FailureCode.INVALID_ROUTE_SALT, "route salt");
    }

    /** A fresh salt from the system's CSPRNG. */
    public static RouteSalt generate() {
        return generate(RandomBytes.SYSTEM);
    }

    static RouteSalt generate(RandomBytes random) {
        return new RouteSalt(random.next(Limits.ROUTE_SALT_BYTES), false);
    }

    /**
     * @throws LimitException {@link FailureCode#INVALID_ROUTE_SALT} unless exactly 16 bytes
     */
    public static RouteSalt fromBytes(byte[] bytes) {
        return new RouteSalt(bytes);
    }

    public static RouteSalt fromBase64(String b64) {
        // the decoded array is the salt's own: nobody else holds it
        return new RouteSalt(B64.decode(b64, FailureCode.INVALID_ROUTE_SALT, "route salt"), false);
    }
}
