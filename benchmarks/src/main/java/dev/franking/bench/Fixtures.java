package dev.franking.bench;

import dev.franking.Commitment;
import dev.franking.FrankingKey;
import dev.franking.Kid;
import dev.franking.MessageContent;
import dev.franking.StampContext;
import dev.franking.StampKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed inputs every benchmark shares: realistic ids (a UUID message id, a ring-style kid) and
 * deterministic bytes, so that runs are comparable. The encodings below rebuild {@code
 * content_bytes} and {@code stamp_input} of PROTOCOL.md §1 and §3 only to know their lengths, which
 * {@code run.sh} hands to {@code openssl speed}; {@link #checkLengths()} fails the run if they
 * drift.
 */
final class Fixtures {
    static final String KID = "k20261129T000000";
    static final String SENDER = "alice";
    static final String RECIPIENT = "bob";
    static final String CONVERSATION = "conv-0001";
    static final String MESSAGE_ID = "6f1c2a7e-3b9d-4c5e-8a10-2f4b6d8e9a01";
    static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    static final long SENT_AT = 1_764_399_999_000L;
    static final long RECEIVED_AT = 1_764_400_000_000L;
    static final Instant KEY_FROM = Instant.ofEpochMilli(1_764_374_400_000L); // 2025-11-29T00:00Z
    static final Instant NOW = Instant.ofEpochMilli(RECEIVED_AT + 60_000);

    /** {@code len(stamp_input)} for the ids above; {@code run.sh} uses the same number. */
    static final int STAMP_INPUT_BYTES = 150;

    /** {@code len(content_bytes) - len(body)} for the ids above and no attachments. */
    static final int CONTENT_OVERHEAD_BYTES = 130;

    private Fixtures() {}

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static MessageContent content(int bodyBytes) {
        return new MessageContent(
                MESSAGE_ID,
                SENDER,
                CONVERSATION,
                SENT_AT,
                CONTENT_TYPE,
                bytes(bodyBytes, 1),
                List.of());
    }

    static StampKey stampKey() {
        return new StampKey(
                new Kid(KID),
                bytes(32, 2),
                KEY_FROM,
                KEY_FROM.plusSeconds(86_400),
                KEY_FROM.plusSeconds(86_400L * 91));
    }

    static FrankingKey frankingKey() {
        return new FrankingKey(bytes(32, 3));
    }

    static Commitment commitment() {
        return new Commitment(bytes(32, 4));
    }

    static StampContext stampContext() {
        return new StampContext(SENDER, RECIPIENT, CONVERSATION, MESSAGE_ID);
    }

    /** {@code stamp_input} of PROTOCOL.md §3, concatenated. */
    static byte[] stampInput(Commitment commitment, long receivedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        str(out, "franking/v1/stamp");
        str(out, KID);
        out.writeBytes(commitment.bytes());
        str(out, SENDER);
        str(out, RECIPIENT);
        str(out, CONVERSATION);
        str(out, MESSAGE_ID);
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
        int stamp = stampInput(commitment(), RECEIVED_AT).length;
        if (stamp != STAMP_INPUT_BYTES) {
            throw new IllegalStateException(
                    "stamp_input is " + stamp + " bytes, run.sh assumes " + STAMP_INPUT_BYTES);
        }
        int overhead = content(0).contentBytes().length;
        if (overhead != CONTENT_OVERHEAD_BYTES) {
            throw new IllegalStateException(
                    "content_bytes overhead is "
                            + overhead
                            + " bytes, run.sh assumes "
                            + CONTENT_OVERHEAD_BYTES);
        }
    }
}
