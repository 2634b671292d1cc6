package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Session 8's changes to the verify path keep their contracts:
 *
 * <ul>
 *   <li>{@link RecipientStamp} is a final class (so that the form step hands it the decoded mac
 *       without a second check and copy) with the record's contract: the public constructor makes
 *       the record's checks in the record's order with the same codes and copies the mac, {@link
 *       RecipientStamp#mac()} hands out a copy, equality is by value, and {@code checked} gives an
 *       equal value;
 *   <li>the per-thread {@link Scratch} is looked up once per report and held across the caller's
 *       clock and key source: a nested verification from inside them (same thread, same scratch)
 *       leaves both answers right;
 *   <li>{@link Bytes#constantTimeEquals(byte[], int, byte[])}, now eight bytes a step, answers as
 *       {@link Arrays#equals} of the range, for every length, offset and single-bit difference.
 * </ul>
 */
@ExtendWith(Tries.SeedInFailure.class)
class VerifyFastPathV2Test {
    private static final Kid KID = new Kid("k20261202");
    private static final RouteSalt SALT = RouteSalt.fromBytes(new byte[16]);

    private static byte[] mac(int seed) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    private static FailureCode codeOf(Runnable r) {
        try {
            r.run();
            return null;
        } catch (LimitException e) {
            return e.code();
        }
    }

    // ---- RecipientStamp keeps the record's contract

    @Test
    void recipientStampCopiesInAndOut() {
        byte[] m = mac(1);
        RecipientStamp s = new RecipientStamp(KID, 5, SALT, m);
        m[0] = 9;
        assertThat(s.mac()).isEqualTo(mac(1));
        s.mac()[1] = 9;
        assertThat(s.mac()).isEqualTo(mac(1));
        assertThat(s.kid()).isEqualTo(KID);
        assertThat(s.receivedAt()).isEqualTo(5);
        assertThat(s.routeSalt()).isEqualTo(SALT);
        assertThat(s.macBase64()).isEqualTo(B64.encode(mac(1)));
    }

    @Test
    void recipientStampEqualityIsByValue() {
        RecipientStamp a = new RecipientStamp(KID, 5, SALT, mac(1));
        RecipientStamp b = new RecipientStamp(KID, 5, RouteSalt.fromBytes(new byte[16]), mac(1));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new RecipientStamp(KID, 5, SALT, mac(2)));
        assertThat(a).isNotEqualTo(new RecipientStamp(KID, 6, SALT, mac(1)));
        assertThat(a).isNotEqualTo(new RecipientStamp(new Kid("k2"), 5, SALT, mac(1)));
        byte[] other = new byte[16];
        other[3] = 1;
        assertThat(a).isNotEqualTo(new RecipientStamp(KID, 5, RouteSalt.fromBytes(other), mac(1)));
        assertThat(a).isNotEqualTo(null).isNotEqualTo("RecipientStamp");
        assertThat(a.toString())
                .isEqualTo(
                        "RecipientStamp[kid=k20261202, receivedAt=5, routeSalt="
                                + SALT.toBase64()
                                + ", mac="
                                + B64.encode(mac(1))
                                + "]");
        // what the relay builds from the stamp service's answer
        assertThat(RecipientStamp.of(new Stamp(KID, 5, mac(1)), SALT)).isEqualTo(a);
    }

    @Test
    void recipientStampRefusesWhatTheRecordRefusedInItsOrder() {
        long bad = Limits.MAX_SAFE_INTEGER + 1;
        // each check alone
        assertThat(codeOf(() -> new RecipientStamp(null, 5, SALT, mac(1))))
                .isEqualTo(FailureCode.INVALID_KID);
        assertThat(codeOf(() -> new RecipientStamp(KID, -1, SALT, mac(1))))
                .isEqualTo(FailureCode.INVALID_TIME);
        assertThat(codeOf(() -> new RecipientStamp(KID, bad, SALT, mac(1))))
                .isEqualTo(FailureCode.INVALID_TIME);
        assertThat(codeOf(() -> new RecipientStamp(KID, 5, null, mac(1))))
                .isEqualTo(FailureCode.INVALID_ROUTE_SALT);
        assertThat(codeOf(() -> new RecipientStamp(KID, 5, SALT, null)))
                .isEqualTo(FailureCode.INVALID_MAC);
        assertThat(codeOf(() -> new RecipientStamp(KID, 5, SALT, new byte[31])))
                .isEqualTo(FailureCode.INVALID_MAC);
        assertThat(codeOf(() -> new RecipientStamp(KID, 5, SALT, new byte[33])))
                .isEqualTo(FailureCode.INVALID_MAC);
        // several at once: the first parameter's check wins, as in the record's constructor
        assertThat(codeOf(() -> new RecipientStamp(null, -1, null, null)))
                .isEqualTo(FailureCode.INVALID_KID);
        assertThat(codeOf(() -> new RecipientStamp(KID, -1, null, null)))
                .isEqualTo(FailureCode.INVALID_TIME);
        assertThat(codeOf(() -> new RecipientStamp(KID, 5, null, null)))
                .isEqualTo(FailureCode.INVALID_ROUTE_SALT);
        assertThatThrownBy(() -> new RecipientStamp(KID, 5, SALT, new byte[3]))
                .hasMessage("invalid_mac: stamp mac must be 32 bytes");
        // the limits themselves are accepted
        assertThat(new RecipientStamp(KID, 0, SALT, mac(1)).receivedAt()).isZero();
        assertThat(new RecipientStamp(KID, Limits.MAX_SAFE_INTEGER, SALT, mac(1)).receivedAt())
                .isEqualTo(Limits.MAX_SAFE_INTEGER);
    }

    @Test
    void checkedIsThePublicConstructorsValue() {
        byte[] m = mac(7);
        RecipientStamp owned = RecipientStamp.checked(KID, 5, SALT, m);
        assertThat(owned).isEqualTo(new RecipientStamp(KID, 5, SALT, mac(7)));
        assertThat(owned.toString()).isEqualTo(new RecipientStamp(KID, 5, SALT, mac(7)).toString());
        assertThat(owned.mac()).isEqualTo(mac(7)).isNotSameAs(m);
    }

    @Test
    void aVerifiedStampIsTheSubmittedOne() throws Exception {
        Fixture f = new Fixture();
        Fixture.Sent a = f.send(Fixture.content("m1", "alice", "c1", List.of(), "hello"), "bob");
        VerifiedReport r = f.verifier.verify("bob", List.of(a.submission()));
        RecipientStamp s = r.reported().stamp();
        assertThat(s).isEqualTo(a.stamp());
        assertThat(s.mac()).isEqualTo(a.stamp().mac());
        // the verified stamp's mac is its own: a copy handed out cannot change it
        s.mac()[0] ^= 1;
        assertThat(s).isEqualTo(a.stamp());
    }

    // ---- one scratch per report, held across the caller's clock and key source

    /** A report of {@code n} messages in one conversation, all to or from bob. */
    private static List<SubmittedMessage> report(Fixture f, String tag, int n) {
        List<SubmittedMessage> out = new ArrayList<>();
        List<Commitment> prev = List.of();
        for (int i = 0; i < n; i++) {
            String sender = i % 2 == 0 ? "alice" : "bob";
            String recipient = i % 2 == 0 ? "bob" : "alice";
            Fixture.Sent s =
                    f.send(
                            Fixture.content(
                                    tag + "-" + i,
                                    sender,
                                    "c-" + tag,
                                    prev,
                                    "x".repeat(10 + 300 * i)),
                            recipient);
            prev = List.of(s.commitment());
            out.add(0, s.submission());
        }
        // the reported message is bob's received one: the first (newest) sent to bob
        if (!out.get(0).recipientId().equals("bob")) {
            out.add(0, out.remove(1));
        }
        return out;
    }

    private static VerifiedReport verify(Fixture f, List<SubmittedMessage> report) {
        try {
            return f.verifier.verify("bob", report);
        } catch (ReportRejectedException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Commitment> commitments(VerifiedReport r) {
        return r.messages().stream().map(VerifiedMessage::commitment).toList();
    }

    private static List<Route> routes(VerifiedReport r) {
        return r.messages().stream().map(VerifiedMessage::route).toList();
    }

    @Test
    void aVerificationInsideTheKeySourceOrClockLeavesBothRight() throws Exception {
        Fixture f = new Fixture();
        List<SubmittedMessage> outer = report(f, "outer", 3);
        List<SubmittedMessage> inner = report(f, "inner", 2);
        VerifiedReport outerAlone = f.verifier.verify("bob", outer);
        VerifiedReport innerAlone = f.verifier.verify("bob", inner);
        // each nested verification and the answer it must give
        List<VerifiedReport> nested = new ArrayList<>();
        List<VerifiedReport> expected = new ArrayList<>();

        // the key source verifies another report (same thread, so the same scratch) on every
        // look-up; the outer verification holds the scratch across these calls
        KeyLookup.Source reentrant =
                kid -> {
                    nested.add(verify(f, inner));
                    expected.add(innerAlone);
                    return f.ring.lookup(kid);
                };
        VerifiedReport viaKeys =
                new ReportVerifier(reentrant, Clock.fixed(Fixture.NOW, ZoneOffset.UTC))
                        .verify("bob", outer);

        // the clock does the same, with a report whose large body outgrows the scratch buffer
        Fixture.Sent small =
                f.send(Fixture.content("big-1", "alice", "c-big", List.of(), "small"), "bob");
        Fixture.Sent large =
                f.send(
                        Fixture.content("big-2", "alice", "c-big", List.of(), "y".repeat(40_000)),
                        "bob");
        List<SubmittedMessage> bigReport = List.of(large.submission(), small.submission());
        VerifiedReport bigAlone = f.verifier.verify("bob", bigReport);
        Clock reentrantClock =
                new Clock() {
                    @Override
                    public Instant instant() {
                        nested.add(verify(f, bigReport));
                        expected.add(bigAlone);
                        return Fixture.NOW;
                    }

                    @Override
                    public ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(ZoneId zone) {
                        return this;
                    }
                };
        VerifiedReport viaClock = new ReportVerifier(f.ring, reentrantClock).verify("bob", outer);
        // and the parse/verify split, with a verification of another report between the two
        ParsedReport parsed = f.verifier.parse("bob", outer);
        nested.add(verify(f, bigReport));
        expected.add(bigAlone);
        VerifiedReport split = f.verifier.verify(parsed);

        for (VerifiedReport r : List.of(viaKeys, viaClock, split)) {
            assertThat(commitments(r)).isEqualTo(commitments(outerAlone));
            assertThat(routes(r)).isEqualTo(routes(outerAlone));
            assertThat(r.transcript().order()).isEqualTo(outerAlone.transcript().order());
        }
        // the key source is asked once per distinct kid, the clock once per report
        assertThat(nested).hasSize(3);
        for (int i = 0; i < nested.size(); i++) {
            assertThat(commitments(nested.get(i))).isEqualTo(commitments(expected.get(i)));
            assertThat(routes(nested.get(i))).isEqualTo(routes(expected.get(i)));
        }
        // each commitment is the one its sender made
        for (int i = 0; i < outer.size(); i++) {
            assertThat(viaKeys.messages().get(i).commitment())
                    .isEqualTo(
                            Commitment.compute(
                                    viaKeys.messages().get(i).frankingKey(),
                                    viaKeys.messages().get(i).content()));
        }
    }

    // ---- the constant-time range comparison, eight bytes a step

    static LongStream seeds() {
        return Tries.seeds("constantTimeEqualsIsArraysEquals", 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void constantTimeEqualsIsArraysEquals(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int len = r.nextInt(0, 72);
        byte[] b = new byte[len];
        r.nextBytes(b);
        int off = r.nextInt(-2, 20);
        byte[] a = new byte[Math.max(0, off) + len + r.nextInt(-3, 4) + 3];
        r.nextBytes(a);
        if (off >= 0 && off + len <= a.length) {
            System.arraycopy(b, 0, a, off, len);
        }
        assertThat(Bytes.constantTimeEquals(a, off, b)).isEqualTo(reference(a, off, b));
        // every single-bit difference inside the range is seen, wherever it falls
        if (off >= 0 && off + len <= a.length) {
            for (int i = 0; i < len; i++) {
                int bit = 1 << r.nextInt(8);
                a[off + i] ^= (byte) bit;
                assertThat(Bytes.constantTimeEquals(a, off, b)).isFalse();
                a[off + i] ^= (byte) bit;
            }
            assertThat(Bytes.constantTimeEquals(a, off, b)).isTrue();
            // and a difference outside it is not
            if (off > 0) {
                a[off - 1] ^= 1;
            }
            if (off + len < a.length) {
                a[off + len] ^= 1;
            }
            assertThat(Bytes.constantTimeEquals(a, off, b)).isTrue();
        }
    }

    private static boolean reference(byte[] a, int off, byte[] b) {
        return off >= 0
                && a.length - off >= b.length
                && Arrays.equals(a, off, off + b.length, b, 0, b.length);
    }
}
