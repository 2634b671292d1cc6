package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.v2.ReportRejectedException.Step;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier's fast form step (identifiers checked in the pass that writes their encodings, the
 * content taken without a second check, commitment and route from those encodings, per-thread
 * scratch) accepts and rejects exactly what the form step did before it, with the same first
 * failure code per message, and computes the same bytes. The reference is that earlier form step,
 * kept here verbatim ({@link #referenceParseOne}: the typed values' public constructors in the
 * order it called them), and commitments and routes computed from §1 and §3 with the JDK alone.
 * Inputs are valid messages changed in one to three fields at a time, the changes drawn from the
 * edges of every check (missing, empty, exactly at and one over a limit, non-ASCII, lone and
 * reversed surrogates, Latin-1 and astral characters, non-canonical base64, padding, times at
 * 2^53).
 */
@ExtendWith(Tries.SeedInFailure.class)
class FormFastPathTest {
    private static final Fixture F = new Fixture();

    // ---- the reference: the form step of one message before the fast path, verbatim

    record Ref(MessageContent content, String recipientId, FrankingKey fk, RecipientStamp stamp) {}

    static Ref referenceParseOne(SubmittedMessage m) {
        if (m == null) {
            throw new LimitException(FailureCode.INVALID_MESSAGE, "message is missing");
        }
        Ids.checkId(m.recipientId(), "recipientId");
        if (m.prev() == null) {
            throw new LimitException(FailureCode.INVALID_PREV, "prev is missing");
        }
        if (m.prev().size() > Limits.MAX_PREV) {
            throw new LimitException(FailureCode.INVALID_PREV, "too many prev entries");
        }
        Commitment[] prev = new Commitment[m.prev().size()];
        for (int i = 0; i < prev.length; i++) {
            prev[i] =
                    Commitment.fromBase64(m.prev().get(i), FailureCode.INVALID_PREV, "prev entry");
        }
        byte[] body = B64.decode(m.body(), FailureCode.INVALID_BODY, "body");
        if (m.attachments() == null) {
            throw new LimitException(FailureCode.INVALID_ATTACHMENT, "attachments are missing");
        }
        if (m.attachments().size() > Limits.MAX_ATTACHMENTS) {
            throw new LimitException(FailureCode.TOO_MANY_ATTACHMENTS, "too many attachments");
        }
        AttachmentDescriptor[] attachments = new AttachmentDescriptor[m.attachments().size()];
        for (int i = 0; i < attachments.length; i++) {
            SubmittedMessage.Attachment a = m.attachments().get(i);
            if (a == null || a.size() == null) {
                throw new LimitException(FailureCode.INVALID_ATTACHMENT, "attachment is missing");
            }
            attachments[i] =
                    new AttachmentDescriptor(
                            a.contentType(),
                            a.size(),
                            B64.decode(a.sha256(), FailureCode.INVALID_ATTACHMENT, "sha256"));
        }
        if (m.sentAt() == null) {
            throw new LimitException(FailureCode.INVALID_TIME, "sentAt is missing");
        }
        MessageContent content =
                new MessageContent(
                        m.messageId(),
                        m.senderId(),
                        m.conversationId(),
                        m.sentAt(),
                        List.of(prev),
                        m.contentType(),
                        body,
                        List.of(attachments));
        FrankingKey fk = FrankingKey.fromBase64(m.frankingKey());
        SubmittedMessage.SubmittedStamp s = m.stamp();
        if (s == null) {
            throw new LimitException(FailureCode.INVALID_MAC, "stamp is missing");
        }
        Kid kid = new Kid(s.kid());
        if (s.receivedAt() == null) {
            throw new LimitException(FailureCode.INVALID_TIME, "receivedAt is missing");
        }
        RecipientStamp stamp =
                new RecipientStamp(
                        kid,
                        s.receivedAt(),
                        RouteSalt.fromBase64(s.routeSalt()),
                        B64.decode(s.mac(), FailureCode.INVALID_MAC, "mac"));
        return new Ref(content, m.recipientId(), fk, stamp);
    }

    // ---- §1 and §3 with the JDK alone

    static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cat(u32(b.length), b);
    }

    static byte[] u32(long n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    static byte[] u64(long n) {
        return cat(u32(n >>> 32), u32(n));
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] contentBytes(MessageContent c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(str("franking/v2/content"));
        out.writeBytes(str(c.messageId()));
        out.writeBytes(str(c.senderId()));
        out.writeBytes(str(c.conversationId()));
        out.writeBytes(u64(c.sentAt()));
        out.writeBytes(u32(c.prev().size()));
        c.prev().forEach(p -> out.writeBytes(p.toBytes()));
        out.writeBytes(str(c.contentType()));
        out.writeBytes(cat(u32(c.body().length), c.body()));
        out.writeBytes(u32(c.attachments().size()));
        for (AttachmentDescriptor a : c.attachments()) {
            out.writeBytes(cat(str(a.contentType()), u64(a.size()), a.sha256()));
        }
        return out.toByteArray();
    }

    static byte[] commitment(FrankingKey fk, MessageContent c) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(fk.toBytes(InsecureSecretAccess.get()), "HmacSHA256"));
        return mac.doFinal(contentBytes(c));
    }

    static byte[] route(RouteSalt salt, String sender, String recipient, MessageContent c)
            throws Exception {
        return MessageDigest.getInstance("SHA-256")
                .digest(
                        cat(
                                str("franking/v2/route"),
                                salt.toBytes(),
                                str(sender),
                                str(recipient),
                                str(c.conversationId()),
                                str(c.messageId())));
    }

    // ---- generators: the edges of every check of the form step

    static final String[] ODD_TEXT = {
        "", // empty
        "é", // Latin-1, two bytes of UTF-8
        "\u00ff", // the last Latin-1 character
        "\u0100", // the first character past Latin-1
        "\u20ac", // three bytes
        "\ud83d\ude00", // a pair: four bytes
        "\ud83d", // a lone high surrogate
        "\ude00", // a lone low surrogate
        "\ude00\ud83d", // a reversed pair
        "a\ud83d", // a high surrogate at the end
        "\u0141", // U+0141, whose low byte is 'A'
        "\u0000", // NUL is valid UTF-8
        "\u007f", // the last ASCII character
        "\u0080", // the first two-byte character
        "\uffff", // a noncharacter, valid
    };

    static String oddId(Random r, int max) {
        return switch (r.nextInt(12)) {
            case 0 -> null;
            case 1 -> "x".repeat(max); // exactly the limit
            case 2 -> "x".repeat(max + 1); // one over
            case 3 -> "x".repeat(max - 1) + "é"; // one over, by a two-byte character
            case 4 -> "x".repeat(max - 2) + "é"; // exactly, with a two-byte character
            case 5 -> "x".repeat(max - 4) + "\ud83d\ude00"; // exactly, with a pair
            case 6 -> "x".repeat(100_000); // far over
            case 7 -> Gen.text(r, 1, 5) + ODD_TEXT[r.nextInt(ODD_TEXT.length)];
            case 8 -> ODD_TEXT[r.nextInt(ODD_TEXT.length)] + Gen.text(r, 0, 5);
            default -> ODD_TEXT[r.nextInt(ODD_TEXT.length)];
        };
    }

    static String oddB64(Random r, int bytes) {
        String good = B64.encode(Gen.bytes(r, bytes));
        return switch (r.nextInt(14)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> good + "="; // padding
            case 3 -> good.substring(0, good.length() - 1); // shorter
            case 4 -> good + "A"; // longer
            case 5 -> good.substring(0, good.length() - 1) + "B"; // maybe non-zero trailing bits
            case 6 -> good.replace(good.charAt(0), '+'); // standard alphabet
            case 7 -> good.replace(good.charAt(0), '/');
            case 8 -> " " + good;
            case 9 -> good.substring(1) + "\u0141"; // low byte 'A'
            case 10 -> good.substring(1) + "é";
            case 11 -> B64.encode(Gen.bytes(r, bytes + 1));
            case 12 -> B64.encode(Gen.bytes(r, Math.max(0, bytes - 1)));
            default -> good;
        };
    }

    static Long oddTime(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> null;
            case 1 -> -1L;
            case 2 -> Limits.MAX_SAFE_INTEGER;
            case 3 -> Limits.MAX_SAFE_INTEGER + 1;
            default -> Long.MIN_VALUE;
        };
    }

    static List<String> oddPrev(Random r, List<String> prev) {
        switch (r.nextInt(5)) {
            case 0:
                return null;
            case 1:
                {
                    List<String> many = new ArrayList<>();
                    for (int i = 0; i < Limits.MAX_PREV + 1; i++) {
                        many.add(B64.encode(Gen.bytes(r, 32)));
                    }
                    return many;
                }
            case 2:
                {
                    // two entries, in either order: unsorted half of the time
                    List<String> two = new ArrayList<>();
                    two.add(B64.encode(Gen.bytes(r, 32)));
                    two.add(B64.encode(Gen.bytes(r, 32)));
                    return two;
                }
            case 3:
                {
                    List<String> dup = new ArrayList<>(prev == null ? List.of() : prev);
                    String one = B64.encode(Gen.bytes(r, 32));
                    dup.add(one);
                    dup.add(one);
                    return dup;
                }
            default:
                return java.util.Collections.singletonList(oddB64(r, 32));
        }
    }

    static List<SubmittedMessage.Attachment> oddAttachments(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> null;
            case 1 -> java.util.Collections.nCopies(Limits.MAX_ATTACHMENTS + 1, attachment(r));
            case 2 -> java.util.Arrays.asList((SubmittedMessage.Attachment) null);
            case 3 -> List.of(new SubmittedMessage.Attachment("image/png", null, b64(r, 32)));
            case 4 ->
                    List.of(
                            new SubmittedMessage.Attachment(
                                    oddId(r, Limits.MAX_CONTENT_TYPE_BYTES), 5L, oddB64(r, 32)));
            default -> List.of(attachment(r), attachment(r));
        };
    }

    static SubmittedMessage.Attachment attachment(Random r) {
        return new SubmittedMessage.Attachment(
                Gen.text(r, 1, 20), Gen.nonNegative(r, Limits.MAX_SAFE_INTEGER), b64(r, 32));
    }

    static String b64(Random r, int n) {
        return B64.encode(Gen.bytes(r, n));
    }

    /** A genuine message, then one to three of its fields changed to edge values. */
    static SubmittedMessage mutated(Random r, SubmittedMessage m) {
        String messageId = m.messageId();
        String senderId = m.senderId();
        String recipientId = m.recipientId();
        String conversationId = m.conversationId();
        Long sentAt = m.sentAt();
        List<String> prev = m.prev();
        String contentType = m.contentType();
        String body = m.body();
        List<SubmittedMessage.Attachment> attachments = m.attachments();
        String fk = m.frankingKey();
        SubmittedMessage.SubmittedStamp s = m.stamp();
        String kid = s.kid();
        Long receivedAt = s.receivedAt();
        String salt = s.routeSalt();
        String mac = s.mac();
        boolean noStamp = false;
        int changes = r.nextInt(4); // 0: the genuine message
        for (int c = 0; c < changes; c++) {
            switch (r.nextInt(17)) {
                case 0 -> messageId = oddId(r, Limits.MAX_ID_BYTES);
                case 1 -> senderId = oddId(r, Limits.MAX_ID_BYTES);
                case 2 -> recipientId = oddId(r, Limits.MAX_ID_BYTES);
                case 3 -> conversationId = oddId(r, Limits.MAX_ID_BYTES);
                case 4 -> sentAt = oddTime(r);
                case 5 -> prev = oddPrev(r, prev);
                case 6 -> contentType = oddId(r, Limits.MAX_CONTENT_TYPE_BYTES);
                case 7 ->
                        body =
                                r.nextBoolean()
                                        ? oddB64(r, 100)
                                        : B64.encode(
                                                new byte[Limits.MAX_BODY_BYTES + r.nextInt(2)]);
                case 8 -> attachments = oddAttachments(r);
                case 9 -> fk = oddB64(r, 32);
                case 10 -> noStamp = true;
                case 11 ->
                        kid =
                                switch (r.nextInt(5)) {
                                    case 0 -> null;
                                    case 1 -> "";
                                    case 2 -> "k".repeat(Limits.MAX_KID_CHARS + 1);
                                    case 3 -> "k" + ODD_TEXT[r.nextInt(ODD_TEXT.length)];
                                    default -> "k/1";
                                };
                case 12 -> receivedAt = oddTime(r);
                case 13 -> salt = oddB64(r, 16);
                case 14 -> mac = oddB64(r, 32);
                case 15 -> {
                    // valid but not ASCII: the fast path's fallback, which must still verify
                    String odd = "ü\u20ac\ud83d\ude00";
                    messageId = messageId == null ? odd : messageId + odd;
                }
                default -> contentType = "text/plain; charset=utf-8; ü";
            }
        }
        return new SubmittedMessage(
                messageId,
                senderId,
                recipientId,
                conversationId,
                sentAt,
                prev,
                contentType,
                body,
                attachments,
                fk,
                noStamp ? null : new SubmittedMessage.SubmittedStamp(kid, receivedAt, salt, mac));
    }

    static SubmittedMessage genuine(Random r) {
        String sender = r.nextInt(4) == 0 ? "ålice-" + Gen.id(r) : Gen.id(r);
        String recipient = r.nextInt(4) == 0 ? "böb" : "bob";
        MessageContent c =
                new MessageContent(
                        Gen.id(r),
                        sender,
                        r.nextBoolean() ? "c1" : Gen.id(r),
                        Gen.nonNegative(r, Limits.MAX_SAFE_INTEGER),
                        V2Properties.prev(r),
                        V2Properties.contentType(r),
                        Gen.body(r),
                        V2Properties.attachments(r));
        return F.send(c, recipient).submission();
    }

    static LongStream seeds() {
        return Tries.seeds("v2.formFastPathIsTheFormStep", 3000);
    }

    /**
     * One message: the same first failure code as the reference, or the same typed values; then the
     * same commitment and route as §1 and §3 computed with the JDK alone, and the same answer of
     * steps 2 to 5 as for the reference's values submitted again.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void formFastPathIsTheFormStep(long seed) throws Exception {
        Random r = new Random(seed);
        SubmittedMessage m = mutated(r, genuine(r));
        String reporter = m.recipientId() != null && r.nextInt(5) > 0 ? m.recipientId() : "bob";

        FailureCode expected = null;
        Ref ref = null;
        try {
            Ids.checkId(reporter, "reporterId");
            ref = referenceParseOne(m);
        } catch (LimitException e) {
            expected = e.code();
        }
        ParsedReport parsed = null;
        FailureCode actual = null;
        try {
            parsed = F.verifier.parse(reporter, List.of(m));
        } catch (LimitException e) {
            actual = e.code(); // the reporter's id, checked before any message
        } catch (ReportRejectedException e) {
            assertThat(e.step()).isEqualTo(Step.FORM);
            assertThat(e.failures()).hasSize(1);
            assertThat(e.failures().get(0).index()).isZero();
            actual = e.failures().get(0).code();
        }
        assertThat(actual).as("first failure code").isEqualTo(expected);
        if (expected != null) {
            return;
        }
        ParsedReport.Message p = parsed.messages().get(0);
        assertThat(p.content()).isEqualTo(ref.content());
        assertThat(p.content().toString()).isEqualTo(ref.content().toString());
        assertThat(p.content().body()).isEqualTo(ref.content().body());
        assertThat(p.content().contentBytes()).isEqualTo(contentBytes(ref.content()));
        assertThat(p.recipientId()).isEqualTo(ref.recipientId());
        assertThat(p.frankingKey()).isEqualTo(ref.fk());
        assertThat(p.stamp()).isEqualTo(ref.stamp());

        byte[] commitment = commitment(ref.fk(), ref.content());
        assertThat(parsed.reportedCommitment().toBytes()).isEqualTo(commitment);
        assertThat(p.commitment(Scratch.get()).toBytes()).isEqualTo(commitment);
        assertThat(p.route(Scratch.get()).toBytes())
                .isEqualTo(
                        route(
                                ref.stamp().routeSalt(),
                                ref.content().senderId(),
                                ref.recipientId(),
                                ref.content()));

        // steps 2 to 5: the same answer as for the reference's values, submitted again
        ParsedReport fast = parsed;
        List<SubmittedMessage> again =
                List.of(
                        SubmittedMessage.of(
                                ref.content(), ref.fk(), ref.recipientId(), ref.stamp()));
        Object viaFast = outcome(() -> F.verifier.verify(fast));
        Object viaRef = outcome(() -> F.verifier.verify(reporter, again));
        assertThat(viaFast).isEqualTo(viaRef);
    }

    interface Step5 {
        VerifiedReport run() throws ReportRejectedException;
    }

    /** A verification's answer, comparable: the failures, or what was verified. */
    static Object outcome(Step5 s) {
        try {
            VerifiedReport v = s.run();
            VerifiedMessage m = v.reported();
            return List.of(
                    "ok",
                    m.content(),
                    m.commitment(),
                    m.route(),
                    m.stamp(),
                    m.byReporter(),
                    v.transcript().order());
        } catch (ReportRejectedException e) {
            return List.of(e.step(), e.failures());
        }
    }

    /** Context messages (index > 0) go through the same form step and the proof's commitments. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("reportSeeds")
    void reportsOfSeveralMessagesAnswerAsBefore(long seed) throws Exception {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(5);
        List<SubmittedMessage> ms = new ArrayList<>();
        List<SubmittedMessage> refs = new ArrayList<>();
        boolean formFails = false;
        for (int i = 0; i < n; i++) {
            Fixture.Sent s =
                    F.send(
                            Fixture.content(
                                    "m" + i + Gen.id(r),
                                    i % 2 == 0 ? "alice" : "bob",
                                    "c1",
                                    List.of(),
                                    Gen.text(r, 0, 30)),
                            i % 2 == 0 ? "bob" : "alice");
            SubmittedMessage m = r.nextInt(4) == 0 ? mutated(r, s.submission()) : s.submission();
            ms.add(m);
            try {
                Ref ref = referenceParseOne(m);
                refs.add(
                        SubmittedMessage.of(
                                ref.content(), ref.fk(), ref.recipientId(), ref.stamp()));
            } catch (LimitException e) {
                formFails = true;
            }
        }
        Object fast = outcome(() -> F.verifier.verify("bob", ms));
        if (formFails) {
            assertThat(fast).isInstanceOf(List.class);
            assertThat(((List<?>) fast).get(0)).isEqualTo(Step.FORM);
            return;
        }
        assertThat(fast).isEqualTo(outcome(() -> F.verifier.verify("bob", refs)));
    }

    static LongStream reportSeeds() {
        return Tries.seeds("v2.reportsOfSeveralMessagesAnswerAsBefore", 400);
    }

    // ---- the pieces

    /** {@code strChecked} throws what {@code Ids.checkUtf8} throws, or writes {@code str(s)}. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("stringSeeds")
    void strCheckedIsCheckUtf8ThenStr(long seed) {
        Random r = new Random(seed);
        String s =
                r.nextBoolean()
                        ? oddId(r, Limits.MAX_ID_BYTES)
                        : Gen.text(r, 0, 3) + ODD_TEXT[r.nextInt(ODD_TEXT.length)];
        int max = r.nextBoolean() ? Limits.MAX_ID_BYTES : Limits.MAX_CONTENT_TYPE_BYTES;
        String expected;
        try {
            Ids.checkUtf8(s, 1, max, FailureCode.INVALID_ID, "id");
            expected = Arrays.toString(str(s));
        } catch (LimitException e) {
            expected = e.code() + " " + e.getMessage();
        }
        String actual;
        try {
            Wire.Writer w = new Wire.Writer(3);
            w.write(new byte[] {9, 9});
            w.strChecked(s, 1, max, FailureCode.INVALID_ID, "id");
            byte[] b = w.toByteArray();
            assertThat(Arrays.copyOf(b, 2)).containsExactly(9, 9);
            actual = Arrays.toString(Arrays.copyOfRange(b, 2, b.length));
        } catch (LimitException e) {
            actual = e.code() + " " + e.getMessage();
        }
        assertThat(actual).isEqualTo(expected);
    }

    static LongStream stringSeeds() {
        return Tries.seeds("v2.strCheckedIsCheckUtf8ThenStr", 2000);
    }

    /** Every one-character kid, and random ones: the table is the regex of §0. */
    @Test
    void kidTableIsTheRegex() {
        Pattern p = Pattern.compile("[A-Za-z0-9._-]{1,32}");
        for (int c = 0; c <= 0xffff; c++) {
            String s = String.valueOf((char) c);
            assertThat(Ids.isKid(s)).as("U+%04X", c).isEqualTo(p.matcher(s).matches());
        }
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(36);
            for (int j = 0; j < n; j++) {
                sb.append((char) (r.nextInt(8) == 0 ? r.nextInt(0x200) : 0x20 + r.nextInt(0x5f)));
            }
            String s = sb.toString();
            assertThat(Ids.isKid(s)).as(s).isEqualTo(p.matcher(s).matches());
        }
        assertThat(Ids.isKid(null)).isFalse();
    }

    /** The one-shot HMAC into scratch equals the JDK's, for keys of every length up to 2 blocks. */
    @Test
    void oneShotHmacIsTheJdks() throws Exception {
        Random r = new Random(11);
        for (int keyLen = 1; keyLen <= 130; keyLen++) {
            byte[] key = Gen.bytes(r, keyLen);
            byte[] data = Gen.bytes(r, r.nextInt(300));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal(data);
            assertThat(HmacSha256.mac(key, data, 0, data.length)).isEqualTo(expected);
            Scratch s = Scratch.get();
            byte[] buf = s.buffer(64 + data.length);
            System.arraycopy(data, 0, buf, 64, data.length);
            byte[] out = new byte[40];
            HmacSha256.macAfterPadBlock(s, key, buf, data.length, out, 8);
            assertThat(Arrays.copyOfRange(out, 8, 40)).isEqualTo(expected);
            assertThat(Arrays.copyOf(buf, 64)).as("the padded key is wiped").containsOnly(0);
        }
    }

    /** A report whose body outgrows the thread's scratch verifies, and so does the next one. */
    @Test
    void largeBodiesGrowTheScratchOnlyOnce() throws Exception {
        for (int size : new int[] {0, 1, 900, 1_000, 16_000, Limits.MAX_BODY_BYTES, 10}) {
            MessageContent c =
                    new MessageContent(
                            "m" + size,
                            "alice",
                            "c1",
                            Fixture.NOW.toEpochMilli(),
                            List.of(),
                            "application/octet-stream",
                            new byte[size],
                            List.of());
            Fixture.Sent s = F.send(c, "bob");
            VerifiedReport v = F.verifier.verify("bob", List.of(s.submission()));
            assertThat(v.reported().commitment()).isEqualTo(s.commitment());
            assertThat(v.reported().commitment().toBytes())
                    .isEqualTo(commitment(s.opening().frankingKey(), c));
        }
    }
}
