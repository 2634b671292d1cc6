package dev.franking.bench;

import dev.franking.v2.Commitment;
import dev.franking.v2.InMemoryStampKeyRing;
import dev.franking.v2.Kid;
import dev.franking.v2.MessageContent;
import dev.franking.v2.Route;
import dev.franking.v2.RouteSalt;
import dev.franking.v2.StampKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Fixed inputs of the protocol v2 benchmarks, the ids of {@link Fixtures}. The lengths below are
 * what the OpenSSL references are run at (the report lists the commands); {@link #checkLengths()}
 * fails a run whose encodings drift from them.
 */
final class V2Fixtures {
    /** {@code len(stamp_input)}, PROTOCOL.md §3: 21 + (4 + 16) + 32 + 32 + 8. */
    static final int STAMP_INPUT_BYTES = 113;

    /** {@code len(content_bytes) - len(body)}, §1, for the fixture ids, no prev, no attachments. */
    static final int CONTENT_OVERHEAD_BYTES = 134;

    /** {@code len(payload) - len(content_bytes)}, §2, no attachments: lp's u32, key, u32(0). */
    static final int PAYLOAD_OVERHEAD_BYTES = 40;

    private V2Fixtures() {}

    static MessageContent content(int bodyBytes) {
        return new MessageContent(
                Fixtures.MESSAGE_ID,
                Fixtures.SENDER,
                Fixtures.CONVERSATION,
                Fixtures.SENT_AT,
                List.of(),
                Fixtures.CONTENT_TYPE,
                Fixtures.bytes(bodyBytes, 1),
                List.of());
    }

    static StampKey stampKey() {
        return StampKey.restore(
                new Kid(Fixtures.KID),
                Fixtures.bytes(32, 2),
                Fixtures.KEY_FROM,
                Duration.ofDays(1),
                Duration.ofDays(90));
    }

    static InMemoryStampKeyRing ring(StampKey key) {
        InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
        ring.add(key);
        return ring;
    }

    static Clock clock() {
        return Clock.fixed(java.time.Instant.ofEpochMilli(Fixtures.RECEIVED_AT), ZoneOffset.UTC);
    }

    static Commitment commitment() {
        return Commitment.fromBytes(Fixtures.bytes(32, 4));
    }

    static RouteSalt salt() {
        return RouteSalt.fromBytes(Fixtures.bytes(16, 7));
    }

    static Route route() {
        return Route.compute(
                salt(),
                Fixtures.SENDER,
                Fixtures.RECIPIENT,
                Fixtures.CONVERSATION,
                Fixtures.MESSAGE_ID);
    }

    /** {@code stamp_input} of §3, concatenated by hand. */
    static byte[] stampInput(Commitment commitment, Route route, long receivedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        str(out, "franking/v2/stamp");
        str(out, Fixtures.KID);
        out.writeBytes(commitment.toBytes());
        out.writeBytes(route.toBytes());
        for (int i = 7; i >= 0; i--) {
            out.write((int) (receivedAt >>> (8 * i)));
        }
        return out.toByteArray();
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    static void checkLengths() {
        int stamp = stampInput(commitment(), route(), Fixtures.RECEIVED_AT).length;
        if (stamp != STAMP_INPUT_BYTES) {
            throw new IllegalStateException("v2 stamp_input is " + stamp + " bytes");
        }
        int overhead = content(0).contentBytes().length;
        if (overhead != CONTENT_OVERHEAD_BYTES) {
            throw new IllegalStateException("v2 content_bytes overhead is " + overhead + " bytes");
        }
    }
}
