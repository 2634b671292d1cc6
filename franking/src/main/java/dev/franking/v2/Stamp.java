package dev.franking.v2;

/**
 * The stamp service's answer for one route (PROTOCOL.md §3, §7): {@code { kid, receivedAt, mac }}.
 * The relay adds the route's salt to make the {@link RecipientStamp} it delivers.
 *
 * <p>A final class with a record's API ({@link #kid()}, {@link #receivedAt()}, {@link #mac()},
 * value equality) rather than a record: a record's constructor must copy the mac, and on the stamp
 * service's typed path that copy was a tenth of a stamp's cost. The public constructor still
 * copies; only the stamper hands over an array it has just made.
 */
public final class Stamp {
    private final Kid kid;
    private final long receivedAt;
    private final byte[] mac;

    /**
     * @throws LimitException {@link FailureCode#INVALID_KID}, {@link FailureCode#INVALID_TIME} or
     *     {@link FailureCode#INVALID_MAC} (a mac of other than 32 bytes)
     */
    public Stamp(Kid kid, long receivedAt, byte[] mac) {
        this(kid, receivedAt, mac, true);
    }

    private Stamp(Kid kid, long receivedAt, byte[] mac, boolean copy) {
        if (kid == null) {
            throw new LimitException(FailureCode.INVALID_KID, "kid is missing");
        }
        Ids.checkTime(receivedAt, "receivedAt");
        this.kid = kid;
        this.receivedAt = receivedAt;
        this.mac =
                copy
                        ? Bytes.exact(mac, Limits.HASH_BYTES, FailureCode.INVALID_MAC, "stamp mac")
                        : Bytes.owned(mac, Limits.HASH_BYTES, FailureCode.INVALID_MAC, "stamp mac");
    }

    /** A stamp over a mac the stamper has just computed, which nobody else holds. */
    static Stamp ofOwnedMac(Kid kid, long receivedAt, byte[] mac) {
        return new Stamp(kid, receivedAt, mac, false);
    }

    public Kid kid() {
        return kid;
    }

    public long receivedAt() {
        return receivedAt;
    }

    /** A copy of the mac. */
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
