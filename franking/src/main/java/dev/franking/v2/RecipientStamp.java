package dev.franking.v2;

/**
 * The stamp a recipient receives with a message (PROTOCOL.md §3): {@code { kid, receivedAt,
 * routeSalt, mac }}; the sender receives every recipient's too. What a report submits as {@code
 * stamp}.
 */
public record RecipientStamp(Kid kid, long receivedAt, RouteSalt routeSalt, byte[] mac) {
    public RecipientStamp {
        if (kid == null) {
            throw new LimitException(FailureCode.INVALID_KID, "kid is missing");
        }
        Ids.checkTime(receivedAt, "receivedAt");
        if (routeSalt == null) {
            throw new LimitException(FailureCode.INVALID_ROUTE_SALT, "route salt is missing");
        }
        mac = Bytes.exact(mac, Limits.HASH_BYTES, FailureCode.INVALID_MAC, "stamp mac");
    }

    /** The relay's delivery: the stamp service's answer for a route, and that route's salt. */
    public static RecipientStamp of(Stamp stamp, RouteSalt routeSalt) {
        return new RecipientStamp(stamp.kid(), stamp.receivedAt(), routeSalt, stamp.mac());
    }

    /** A copy of the mac. */
    @Override
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
