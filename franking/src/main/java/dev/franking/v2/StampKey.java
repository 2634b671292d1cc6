package dev.franking.v2;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One stamp key (PROTOCOL.md §3): a {@link Kid}, 32 secret bytes, and its life. Made at {@code
 * created}, it signs during {@code [created, created + rotation)} and must be destroyed at {@code
 * created + rotation + window}; after that no stamp under it verifies. Prints as {@code
 * [REDACTED]}.
 *
 * <p>The keyed HMAC state is computed once, here, with the constant start of every {@code
 * stamp_input} ({@code str("franking/v2/stamp") || str(kid)}) already absorbed, so a stamp costs
 * the three SHA-256 blocks that the message needs and nothing else.
 */
public final class StampKey {
    static final String LABEL = "franking/v2/stamp";

    /** {@code commitment || route || u64(received_at)}: what follows the constant prefix. */
    private static final int VARIABLE_BYTES = 32 + 32 + 8;

    private final Kid kid;
    private final byte[] secret;
    private final Instant created;
    private final Instant issueUntil;
    private final Instant destroyAt;
    private final HmacSha256 hmac;

    private StampKey(Kid kid, byte[] secret, Instant created, Duration rotation, Duration window) {
        this.kid = Objects.requireNonNull(kid, "kid");
        this.secret = Bytes.exact(secret, Limits.KEY_BYTES, FailureCode.INVALID_KEY, "stamp key");
        this.created = Objects.requireNonNull(created, "created");
        if (rotation.isNegative() || rotation.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("rotation must be positive, window not negative");
        }
        this.issueUntil = created.plus(rotation);
        this.destroyAt = issueUntil.plus(window);
        this.hmac =
                new HmacSha256(
                        this.secret, new Wire.Writer(64).str(LABEL).str(kid.value()).toByteArray());
    }

    /** A fresh key from the system's CSPRNG. */
    public static StampKey generate(Kid kid, Instant created, Duration rotation, Duration window) {
        return generate(kid, created, rotation, window, RandomBytes.SYSTEM);
    }

    static StampKey generate(
            Kid kid, Instant created, Duration rotation, Duration window, RandomBytes random) {
        byte[] k = random.next(Limits.KEY_BYTES);
        try {
            return new StampKey(kid, k, created, rotation, window);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** A key restored from storage (unwrapped from under a key-encryption key). */
    public static StampKey restore(
            Kid kid, byte[] secret, Instant created, Duration rotation, Duration window) {
        return new StampKey(kid, secret, created, rotation, window);
    }

    public Kid kid() {
        return kid;
    }

    /** A copy of the secret, for wrapping it under a key-encryption key. */
    public byte[] secret(InsecureSecretAccess access) {
        InsecureSecretAccess.require(access);
        return secret.clone();
    }

    public Instant created() {
        return created;
    }

    /** The end of the signing period: {@code created + rotation}. */
    public Instant issueUntil() {
        return issueUntil;
    }

    /** {@code created + rotation + window}: the key must be gone by then. */
    public Instant destroyAt() {
        return destroyAt;
    }

    public boolean issuesAt(Instant t) {
        return !t.isBefore(created) && t.isBefore(issueUntil);
    }

    /** Whether stamps under this key still verify at {@code t} (its window has not closed). */
    public boolean verifiesAt(Instant t) {
        return t.isBefore(destroyAt);
    }

    /**
     * {@code stamp_mac = HMAC(stamp_key[kid], stamp_input)} (§3), into {@code scratch[72, 104)},
     * whose first 72 bytes receive what follows the prepared prefix, {@code commitment || route ||
     * u64(received_at)}:
     *
     * <pre>
     * stamp_input = str("franking/v2/stamp") || str(kid) || commitment || route || u64(received_at)
     * </pre>
     */
    private void mac(Commitment commitment, Route route, long receivedAt, byte[] scratch) {
        mac(commitment, route, receivedAt, scratch, scratch, VARIABLE_BYTES);
    }

    private void mac(
            Commitment commitment,
            Route route,
            long receivedAt,
            byte[] in,
            byte[] out,
            int outOff) {
        System.arraycopy(commitment.unsafeBytes(), 0, in, 0, 32);
        System.arraycopy(route.unsafeBytes(), 0, in, 32, 32);
        Wire.putBigEndian(in, 64, receivedAt, 8);
        hmac.mac(in, 0, VARIABLE_BYTES, out, outOff);
    }

    /**
     * The typed stamp of {@link Stamper#stamp(Commitment, Route)}: the mac is written into the
     * stamp's own array, not copied again.
     */
    Stamp stamp(Commitment commitment, Route route, long receivedAt) {
        byte[] mac = new byte[Limits.HASH_BYTES];
        mac(commitment, route, receivedAt, new byte[VARIABLE_BYTES], mac, 0);
        return Stamp.ofOwnedMac(kid, receivedAt, mac);
    }

    /** §5 step 4: the recomputed mac equals {@code expected}, compared in constant time. */
    boolean verifyMac(Commitment commitment, Route route, long receivedAt, byte[] expected) {
        return verifyMac(Scratch.get(), commitment, route, receivedAt, expected);
    }

    /** {@link #verifyMac}, the input and the recomputed mac in the thread's {@link Scratch}. */
    boolean verifyMac(
            Scratch s, Commitment commitment, Route route, long receivedAt, byte[] expected) {
        byte[] scratch = s.buffer(VARIABLE_BYTES + Limits.HASH_BYTES);
        mac(commitment, route, receivedAt, scratch);
        return Bytes.constantTimeEquals(scratch, VARIABLE_BYTES, expected);
    }

    /**
     * The bulk form of {@link #stamp}: see {@link Stamper#stamp(byte[], int[], int, byte[],
     * byte[])}.
     */
    void macs(
            byte[] commitments,
            int[] routeCounts,
            int messages,
            byte[] routes,
            long receivedAt,
            byte[] macs) {
        byte[] in = new byte[VARIABLE_BYTES];
        Wire.putBigEndian(in, 64, receivedAt, 8);
        int r = 0;
        for (int i = 0; i < messages; i++) {
            System.arraycopy(commitments, 32 * i, in, 0, 32);
            for (int j = 0; j < routeCounts[i]; j++, r++) {
                System.arraycopy(routes, 32 * r, in, 32, 32);
                hmac.mac(in, 0, VARIABLE_BYTES, macs, 32 * r);
            }
        }
    }

    @Override
    public String toString() {
        return "StampKey[kid="
                + kid
                + ", created="
                + created
                + ", issueUntil="
                + issueUntil
                + ", destroyAt="
                + destroyAt
                + ", secret=[REDACTED]]";
    }
}
