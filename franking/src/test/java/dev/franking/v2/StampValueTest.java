package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Stamp} is a final class since session 6 (so that the stamper need not copy its mac), with
 * the record's contract kept: the public constructor checks and copies, {@link Stamp#mac()} hands
 * out a copy, equality is by value; and a typed stamp's mac is its own array, equal to the bulk
 * form's. {@link Bytes#constantTimeEquals(byte[], int, byte[])}, which step 4 now uses, compares
 * exactly the range.
 */
class StampValueTest {
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final Kid KID = new Kid("k20261202");

    private static byte[] mac(int seed) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @Test
    void publicConstructorCopiesAndAccessorHandsOutCopies() {
        byte[] m = mac(1);
        Stamp s = new Stamp(KID, NOW.toEpochMilli(), m);
        m[0] = 9;
        assertThat(s.mac()).isEqualTo(mac(1));
        s.mac()[1] = 9;
        assertThat(s.mac()).isEqualTo(mac(1));
        assertThat(s.kid()).isEqualTo(KID);
        assertThat(s.receivedAt()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void equalityIsByValue() {
        Stamp a = new Stamp(KID, 5, mac(1));
        assertThat(a).isEqualTo(new Stamp(KID, 5, mac(1))).hasSameHashCodeAs(a);
        assertThat(a).isNotEqualTo(new Stamp(KID, 5, mac(2)));
        assertThat(a).isNotEqualTo(new Stamp(KID, 6, mac(1)));
        assertThat(a).isNotEqualTo(new Stamp(new Kid("k2"), 5, mac(1)));
        assertThat(a.toString()).contains("k20261202").contains(B64.encode(mac(1)));
    }

    @Test
    void constructorRefusesWhatARecordRefused() {
        assertThatThrownBy(() -> new Stamp(null, 5, mac(1)))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_KID));
        assertThatThrownBy(() -> new Stamp(KID, -1, mac(1)))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_TIME));
        assertThatThrownBy(() -> new Stamp(KID, 5, new byte[31]))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_MAC));
        assertThatThrownBy(() -> new Stamp(KID, 5, null))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_MAC));
    }

    @Test
    void typedStampsHaveArraysOfTheirOwnAndTheBulkFormsMacs() {
        StampKey key =
                StampKey.restore(
                        KID, mac(7), NOW.minusSeconds(60), Duration.ofDays(1), Duration.ofDays(90));
        InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
        ring.add(key);
        Stamper stamper = new Stamper(ring, Clock.fixed(NOW, ZoneOffset.UTC));
        Commitment c = Commitment.fromBytes(mac(3));
        List<Route> routes = List.of(Route.fromBytes(mac(4)), Route.fromBytes(mac(5)));
        List<Stamp> typed = stamper.stamp(c, routes);
        byte[] macs = new byte[64];
        byte[] routeBytes = new byte[64];
        System.arraycopy(mac(4), 0, routeBytes, 0, 32);
        System.arraycopy(mac(5), 0, routeBytes, 32, 32);
        stamper.stamp(mac(3), new int[] {2}, 1, routeBytes, macs);
        assertThat(typed.get(0).mac()).isEqualTo(Arrays.copyOfRange(macs, 0, 32));
        assertThat(typed.get(1).mac()).isEqualTo(Arrays.copyOfRange(macs, 32, 64));
        assertThat(stamper.stamp(c, routes.get(0))).isEqualTo(typed.get(0));
        // the mac is written into each stamp's own array: no two stamps share one
        typed.get(0).mac()[0] ^= 1;
        assertThat(typed.get(0)).isEqualTo(stamper.stamp(c, routes.get(0)));
    }

    @Test
    void rangeComparisonComparesExactlyTheRange() {
        byte[] a = new byte[104];
        byte[] b = mac(6);
        System.arraycopy(b, 0, a, 72, 32);
        assertThat(Bytes.constantTimeEquals(a, 72, b)).isTrue();
        for (int i = 72; i < 104; i++) {
            byte[] flipped = a.clone();
            flipped[i] ^= 0x01;
            assertThat(Bytes.constantTimeEquals(flipped, 72, b)).as("byte %d", i).isFalse();
        }
        a[0] = 1; // outside the range
        assertThat(Bytes.constantTimeEquals(a, 72, b)).isTrue();
        assertThat(Bytes.constantTimeEquals(a, 73, b)).isFalse(); // runs past the end
        assertThat(Bytes.constantTimeEquals(a, -1, b)).isFalse();
    }
}
