package dev.franking.v2;

/**
 * The stamp service's answer for one route (PROTOCOL.md §3, §7): {@code { kid, receivedAt, mac }}.
 * The relay adds the route's salt to make the {@link RecipientStamp} it delivers.
 */
public record Stamp(Kid kid, long receivedAt, byte[] mac) {
    public Stamp {
        if (kid == null) {
            throw new LimitException(FailureCode.INVALID_KID, "kid is missing");
        }
        Ids.checkTime(receivedAt, "receivedAt");
        mac = Bytes.exact(mac, Limits.HASH_BYTES, FailureCode.INVALID_MAC, "stamp mac");
    }

    /** A copy of the mac. */
    @Override
    public byte[] mac() {
        return mac.clone();
    }

    public String macBase64() {
        return B64.encode(mac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stamp s
                && kid.equals(s.kid)
                && receivedAt == s.receivedAt
                && Bytes.constantTimeEquals(mac, s.mac);
    }

    @Override
    public int hashCode() {
        return 31 * kid.hashCode() + Long.hashCode(receivedAt);
    }

    @Override
    public String toString() {
        return "Stamp[kid=" + kid + ", receivedAt=" + receivedAt + ", mac=" + macBase64() + "]";
    }
}
