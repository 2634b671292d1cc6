package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The bulk form of the stamper (the stamp service's hot path) gives, route for route, the macs of
 * the typed form, which are HMAC-SHA256 over {@code stamp_input} as the JDK's Mac computes it.
 */
class StamperBulkTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static byte[] bytes(int n, SplittableRandom r) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void bulkMacsEqualTypedStampsAndTheJdkHmac() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        byte[] secret = bytes(32, r);
        StampKey key =
                StampKey.restore(
                        new Kid("k20261201"),
                        secret,
                        NOW.minusSeconds(60),
                        Duration.ofDays(1),
                        Duration.ofDays(90));
        InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
        ring.add(key);
        Stamper stamper = new Stamper(ring, Clock.fixed(NOW, ZoneOffset.UTC));
        int[] counts = {1, 3, 1000, 2};
        int total = Arrays.stream(counts).sum();
        byte[] commitments = bytes(32 * counts.length, r);
        byte[] routes = bytes(32 * total, r);
        byte[] macs = new byte[32 * total];
        Stamper.Batch batch = stamper.stamp(commitments, counts, counts.length, routes, macs);
        assertThat(batch.kid()).isEqualTo(key.kid());
        assertThat(batch.receivedAt()).isEqualTo(NOW.toEpochMilli());

        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(secret, "HmacSHA256"));
        int at = 0;
        for (int i = 0; i < counts.length; i++) {
            Commitment c =
                    Commitment.fromBytes(Arrays.copyOfRange(commitments, 32 * i, 32 * i + 32));
            List<Route> rs = new ArrayList<>();
            for (int j = 0; j < counts[i]; j++) {
                rs.add(
                        Route.fromBytes(
                                Arrays.copyOfRange(routes, 32 * (at + j), 32 * (at + j) + 32)));
            }
            List<Stamp> typed = stamper.stamp(c, rs);
            for (int j = 0; j < counts[i]; j++, at++) {
                byte[] mac = Arrays.copyOfRange(macs, 32 * at, 32 * at + 32);
                assertThat(mac).isEqualTo(typed.get(j).mac());
                Wire.Writer in =
                        new Wire.Writer(128)
                                .str("franking/v2/stamp")
                                .str("k20261201")
                                .write(c.toBytes())
                                .write(rs.get(j).toBytes())
                                .u64(NOW.toEpochMilli());
                assertThat(mac).isEqualTo(jdk.doFinal(in.toByteArray()));
            }
        }
    }

    @Test
    void arraysShorterThanTheCountsAreRefusedBeforeAnyMac() {
        InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
        Stamper stamper = new Stamper(ring, Clock.fixed(NOW, ZoneOffset.UTC));
        byte[] macs = new byte[64];
        assertThatThrownBy(() -> stamper.stamp(new byte[32], new int[] {2}, 1, new byte[32], macs))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                stamper.stamp(
                                        new byte[32], new int[] {2}, 1, new byte[64], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stamper.stamp(new byte[16], new int[] {1}, 1, new byte[32], macs))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stamper.stamp(new byte[32], new int[] {-1}, 1, new byte[32], macs))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(macs).containsOnly(0);
    }
}
