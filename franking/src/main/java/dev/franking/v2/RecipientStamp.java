package dev.franking.v2;

/**
 * The stamp a recipient receives with a message (PROTOCOL.md §3): {@code { kid, receivedAt,
 * routeSalt, mac }}; the sender receives every recipient's too. What a report submits as {@code
 * stamp}.
 *
 * <p>A final class with a record's API (the canonical constructor, one accessor per field, value
 * equality), not a record, for the reason {@link MessageContent} and {@link Stamp} are not: a
 * record's constructor must copy the mac, and {@link ReportVerifier}'s form step, which has just
 * decoded that mac into an array nobody else holds and has made the constructor's checks itself,
 * would pay the checks and the copy a second time on every verification. The public constructor
 * still checks and copies.
 */
public final class RecipientStamp {
    private final Kid kid;
    private final long receivedAt;
    private final RouteSalt routeSalt;
    private final byte[] mac;

    /**
     * @throws LimitException {@link FailureCode#INVALID_KID}, {@link FailureCode#INVALID_TIME},
     *     {@link FailureCode#INVALID_ROUTE_SALT} or {@link FailureCode#INVALID_MAC} (a mac of other
     *     than 32 bytes), checked in the order of the parameters
     */
    public RecipientStamp(Kid kid, long receivedAt, RouteSalt routeSalt, byte[] mac) {
        if (kid == null) {
            throw new LimitException(FailureCode.INVALID_KID, "kid is missing");
        }
        Ids.checkTime(receivedAt, "receivedAt");
        if (routeSalt == null) {
            throw new LimitException(FailureCode.INVALID_ROUTE_SALT, "route salt is missing");
        }
        this.kid = kid;
        this.receivedAt = receivedAt;
        this.routeSalt = routeSalt;
        this.mac = Bytes.exact(mac, Limits.HASH_BYTES, FailureCode.INVALID_MAC, "stamp mac");
    }

    /** See {@link #checked}: every check made already, the mac owned. */
    private RecipientStamp(Kid kid, long receivedAt, RouteSalt routeSalt, byte[] mac, boolean ok) {
        this.kid = kid;
        this.receivedAt = receivedAt;
        this.routeSalt = routeSalt;
        this.mac = mac;
    }

    /**
     * For {@link ReportVerifier}'s form step only, which has made every check of the public
     * constructor, in its order, on exactly these values ({@code kid} and {@code routeSalt} not
     * null, {@code receivedAt} in range, {@code ownedMac} exactly 32 bytes) and hands over a mac it
     * has just decoded and nobody else holds.
     */
    static RecipientStamp checked(Kid kid, long receivedAt, RouteSalt routeSalt, byte[] ownedMac) {
        return new RecipientStamp(kid, receivedAt, routeSalt, ownedMac, true);
    }

    /** The relay's delivery: the stamp service's answer for a route, and that route's salt. */
    public static RecipientStamp of(Stamp stamp, RouteSalt routeSalt) {
        return new RecipientStamp(stamp.kid(), stamp.receivedAt(), routeSalt, stamp.mac());
    }

    public Kid kid() {
        return kid;
    }

    public long receivedAt() {
        return receivedAt;
    }

    public RouteSalt routeSalt() {
        return routeSalt;
    }

    /** A copy of the mac. */
    public byte[] mac() {
        return mac.clone();
    }

    byte[] unsafeMac() {
        return mac;
    }

    public String macBase64() {
        return B64.encode(mac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecipientStamp s
                && kid.equals(s.kid)
                && receivedAt == s.receivedAt
                && routeSalt.equals(s.routeSalt)
                && Bytes.constantTimeEquals(mac, s.mac);
    }

    @Override
    public int hashCode() {
        return 31 * kid.hashCode() + Long.hashCode(receivedAt);
    }

    @Override
    public String toString() {
        return "RecipientStamp[kid="
                + kid
                + ", receivedAt="
                + receivedAt
                + ", routeSalt="
                + routeSalt.toBase64()
                + ", mac="
                + macBase64()
                + "]";
    }
}
