package dev.franking;

/**
 * The platform's stamp over a commitment and its routing context (PROTOCOL.md §3): {@code { kid,
 * receivedAt, mac }}. One per recipient.
 */
public record Stamp(Kid kid, long receivedAt, byte[] mac) {
    public Stamp {
        if (kid == null) {
            throw new LimitException(FailureCode.INVALID_KID, "kid is missing");
        }
        Ids.checkTime(receivedAt, "receivedAt");
        mac = Bytes.exact(mac, Limits.MAC_BYTES, FailureCode.INVALID_MAC, "stamp mac");
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    byte[] unsafeMac() {
        return mac;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stamp other
                && kid.equals(other.kid)
                && receivedAt == other.receivedAt
                && Bytes.constantTimeEquals(mac, other.mac);
    }

    @Override
    public int hashCode() {
        return 31 * kid.hashCode() + Long.hashCode(receivedAt);
    }

    @Override
    public String toString() {
        return "Stamp[kid=" + kid + ", receivedAt=" + receivedAt + ", mac=" + B64.encode(mac) + "]";
    }
}
