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
 * Fixed inputs of the protocol v2 benchmarks: realistic ids (a UUID message id, a ring-style kid of
 * 16 characters) and deterministic bytes, so that runs are comparable. The lengths below are what
 * {@code run.sh} hands to {@code openssl speed}; {@link #checkLengths()} fails a run whose
 * encodings drift from them.
 */
final class V2Fixtures {
    static final String KID = "k20261129T000000";
    static final String SENDER = "alice";
    static final String RECIPIENT = "bob";
    static final String CONVERSATION = "conv-0001";
    static final String MESSAGE_ID = "6f1c2a7e-3b9d-4c5e-8a10-2f4b6d8e9a01";
    static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    static final long SENT_AT = 1_764_399_999_000L;
    static final long RECEIVED_AT = 1_764_400_000_000L;
    static final java.time.Instant KEY_FROM =
            java.time.Instant.ofEpochMilli(1_764_374_400_000L); // 2025-11-29T00:00Z

    /**
     * {@code len(stamp_input)}, PROTOCOL.md §3: 21 + (4 + 16) + 32 + 32 + 8 for the 16-character
     * kid (97 + the kid's length: 106 for a 9-character kid such as {@code k20261201}).
     */
    static final int STAMP_INPUT_BYTES = 113;

    /** {@code len(content_bytes) - len(body)}, §1, for the fixture ids, no prev, no attachments. */
    static final int CONTENT_OVERHEAD_BYTES = 134;

    /** {@code len(payload) - len(content_bytes)}, §2, no attachments: lp's u32, key, u32(0). */
    static final int PAYLOAD_OVERHEAD_BYTES = 40;

    private V2Fixtures() {}

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static MessageContent content(int bodyBytes) {
        return new MessageContent(
                MESSAGE_ID,
                SENDER,
                CONVERSATION,
                SENT_AT,
                List.of(),
                CONTENT_TYPE,
                bytes(bodyBytes, 1),
                List.of());
    }

    static StampKey stampKey() {
        return StampKey.restore(
                new Kid(KID), bytes(32, 2), KEY_FROM, Duration.ofDays(1), Duration.ofDays(90));
    }

    static InMemoryStampKeyRing ring(StampKey key) {
        InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
        ring.add(key);
        return ring;
    }

    static Clock clock() {
        return Clock.fixed(java.time.Instant.ofEpochMilli(RECEIVED_AT), ZoneOffset.UTC);
    }

    static Commitment commitment() {
        return Commitment.fromBytes(bytes(32, 4));
    }

    static RouteSalt salt() {
        return RouteSalt.fromBytes(bytes(16, 7));
    }

    static Route route() {
        return Route.compute(salt(), SENDER, RECIPIENT, CONVERSATION, MESSAGE_ID);
    }

    /** {@code stamp_input} of §3, concatenated by hand. */
    static byte[] stampInput(Commitment commitment, Route route, long receivedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        str(out, "franking/v2/stamp");
        str(out, KID);
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
        int stamp = stampInput(commitment(), route(), RECEIVED_AT).length;
        if (stamp != STAMP_INPUT_BYTES) {
            throw new IllegalStateException("v2 stamp_input is " + stamp + " bytes");
        }
        int overhead = content(0).contentBytes().length;
        if (overhead != CONTENT_OVERHEAD_BYTES) {
            throw new IllegalStateException("v2 content_bytes overhead is " + overhead + " bytes");
        }
    }
}
