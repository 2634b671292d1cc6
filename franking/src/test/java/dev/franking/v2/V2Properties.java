package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.franking.v2.ReportRejectedException.Failure;
import dev.franking.v2.ReportRejectedException.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Protocol v2's properties, seeded ({@link Tries}: the seed is in each try's name, {@code
 * -Dfranking.seed=N} reruns one): encodings have one parse, any single change to a report fails at
 * the step and index §5 says, nothing tampered opens, the heads stay within §1's rule, and
 * transcripts respect every link.
 */
@ExtendWith(Tries.SeedInFailure.class)
class V2Properties {
    private static final Fixture F = new Fixture();

    // ---- generators

    static List<Commitment> prev(Random r) {
        int k = Gen.size(r, 0, Limits.MAX_PREV);
        Set<Commitment> s = new HashSet<>();
        while (s.size() < k) {
            s.add(Commitment.fromBytes(Gen.bytes(r, 32)));
        }
        return s.stream().sorted().toList();
    }

    static String contentType(Random r) {
        return Gen.text(r, 1, 50);
    }

    static List<AttachmentDescriptor> attachments(Random r) {
        int n = Gen.size(r, 0, 4);
        List<AttachmentDescriptor> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    new AttachmentDescriptor(
                            contentType(r),
                            Gen.nonNegative(r, Limits.MAX_SAFE_INTEGER),
                            Gen.bytes(r, 32)));
        }
        return out;
    }

    static MessageContent content(Random r, String messageId, String sender, String conversation) {
        return new MessageContent(
                messageId,
                sender,
                conversation,
                Gen.nonNegative(r, Limits.MAX_SAFE_INTEGER),
                prev(r),
                contentType(r),
                Gen.body(r),
                attachments(r));
    }

    static MessageContent content(Random r) {
        return content(r, Gen.id(r), Gen.id(r), Gen.id(r));
    }

    // ---- §1 content_bytes

    static LongStream contents() {
        return Tries.seeds("v2.contentBytesHaveOneParse", 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("contents")
    void contentBytesHaveExactlyOneParse(long seed) {
        Random r = new Random(seed);
        MessageContent c = content(r);
        byte[] bytes = c.contentBytes();
        assertThat(MessageContent.parse(bytes)).isEqualTo(c);
        int extra = 1 + r.nextInt(40);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
        longer[bytes.length + r.nextInt(extra)] = (byte) r.nextInt(256);
        assertThatThrownBy(() -> MessageContent.parse(longer))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] cut = Arrays.copyOf(bytes, r.nextInt(bytes.length));
        assertThatThrownBy(() -> MessageContent.parse(cut))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- §5: one change, one failure, at the step and index the protocol says

    static LongStream reports() {
        return Tries.seeds("v2.anySingleChangeToAReportFails", 300);
    }

    enum Change {
        BODY,
        CONTENT_TYPE,
        SENT_AT,
        PREV,
        ATTACHMENT,
        FRANKING_KEY,
        MESSAGE_ID,
        SENDER_ID,
        RECIPIENT_ID,
        CONVERSATION_ID,
        RECEIVED_AT,
        ROUTE_SALT,
        MAC,
        KID_UNKNOWN,
        NON_CANONICAL_MAC
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("reports")
    void anySingleChangeToAReportFailsAtTheRightStepAndIndex(long seed) throws Exception {
        Random r = new Random(seed);
        String reporter = Gen.id(r);
        String conversation = Gen.id(r);
        int n = Gen.size(r, 1, 3);
        List<SubmittedMessage> report = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String other = Gen.id(r);
            boolean reporterSends = i > 0 && r.nextBoolean();
            MessageContent c =
                    content(r, i + ":" + Gen.id(r), reporterSends ? reporter : other, conversation);
            report.add(F.send(c, reporterSends ? other : reporter).submission());
        }
        assertThat(F.verifier.verify(reporter, report).messages()).hasSize(n);

        for (Change change : Change.values()) {
            int t = r.nextInt(n);
            SubmittedMessage m = report.get(t);
            SubmittedMessage.SubmittedStamp s = m.stamp();
            SubmittedMessage changed =
                    switch (change) {
                        case BODY ->
                                copy(
                                        m,
                                        b ->
                                                b.body =
                                                        B64.encode(Gen.bytes(r, 1 + r.nextInt(9)))
                                                                + "AAAA");
                        case CONTENT_TYPE -> copy(m, b -> b.contentType = m.contentType() + "x");
                        case SENT_AT ->
                                copy(m, b -> b.sentAt = m.sentAt() ^ (1L + r.nextInt(1 << 20)));
                        case PREV ->
                                copy(
                                        m,
                                        b ->
                                                b.prev =
                                                        m.prev().isEmpty()
                                                                ? List.of(
                                                                        B64.encode(
                                                                                Gen.bytes(r, 32)))
                                                                : m.prev()
                                                                        .subList(
                                                                                1,
                                                                                m.prev().size()));
                        case ATTACHMENT ->
                                copy(
                                        m,
                                        b ->
                                                b.attachments =
                                                        m.attachments().isEmpty()
                                                                ? List.of(
                                                                        new SubmittedMessage
                                                                                .Attachment(
                                                                                "a/b",
                                                                                1L,
                                                                                B64.encode(
                                                                                        new byte
                                                                                                [32])))
                                                                : m.attachments()
                                                                        .subList(
                                                                                1,
                                                                                m.attachments()
                                                                                        .size()));
                        case FRANKING_KEY ->
                                copy(
                                        m,
                                        b ->
                                                b.frankingKey =
                                                        B64.encode(
                                                                Gen.changeOneByte(
                                                                        B64.decode(m.frankingKey()),
                                                                        r)));
                        case MESSAGE_ID -> copy(m, b -> b.messageId = m.messageId() + "'");
                        case SENDER_ID ->
                                copy(m, b -> b.senderId = Gen.replaceOneCodePoint(m.senderId(), r));
                        case RECIPIENT_ID ->
                                copy(
                                        m,
                                        b ->
                                                b.recipientId =
                                                        Gen.replaceOneCodePoint(
                                                                m.recipientId(), r));
                        case CONVERSATION_ID ->
                                copy(
                                        m,
                                        b ->
                                                b.conversationId =
                                                        Gen.replaceOneCodePoint(
                                                                m.conversationId(), r));
                        case RECEIVED_AT ->
                                copy(
                                        m,
                                        b ->
                                                b.stamp =
                                                        new SubmittedMessage.SubmittedStamp(
                                                                s.kid(),
                                                                s.receivedAt()
                                                                        ^ (1L + r.nextInt(1 << 20)),
                                                                s.routeSalt(),
                                                                s.mac()));
                        case ROUTE_SALT ->
                                copy(
                                        m,
                                        b ->
                                                b.stamp =
                                                        new SubmittedMessage.SubmittedStamp(
                                                                s.kid(),
                                                                s.receivedAt(),
                                                                B64.encode(
                                                                        Gen.changeOneByte(
                                                                                B64.decode(
                                                                                        s
                                                                                                .routeSalt()),
                                                                                r)),
                                                                s.mac()));
                        case MAC ->
                                copy(
                                        m,
                                        b ->
                                                b.stamp =
                                                        new SubmittedMessage.SubmittedStamp(
                                                                s.kid(),
                                                                s.receivedAt(),
                                                                s.routeSalt(),
                                                                B64.encode(
                                                                        Gen.changeOneByte(
                                                                                B64.decode(s.mac()),
                                                                                r))));
                        case KID_UNKNOWN ->
                                copy(
                                        m,
                                        b ->
                                                b.stamp =
                                                        new SubmittedMessage.SubmittedStamp(
                                                                "unknown-" + r.nextInt(1000),
                                                                s.receivedAt(),
                                                                s.routeSalt(),
                                                                s.mac()));
                        case NON_CANONICAL_MAC ->
                                copy(
                                        m,
                                        b ->
                                                b.stamp =
                                                        new SubmittedMessage.SubmittedStamp(
                                                                s.kid(),
                                                                s.receivedAt(),
                                                                s.routeSalt(),
                                                                nonCanonical(s.mac(), r)));
                    };
            List<SubmittedMessage> tampered = new ArrayList<>(report);
            tampered.set(t, changed);

            // what §5 says, step by step
            Step step;
            List<Failure> expected = new ArrayList<>();
            if (change == Change.NON_CANONICAL_MAC) {
                step = Step.FORM;
                expected.add(new Failure(t, FailureCode.INVALID_MAC));
            } else {
                expected.addAll(claims(reporter, tampered));
                if (!expected.isEmpty()) {
                    step = Step.CLAIMS;
                } else if (change == Change.KID_UNKNOWN) {
                    step = Step.KEYS;
                    expected.add(new Failure(t, FailureCode.UNKNOWN_KEY));
                } else {
                    step = Step.PROOF;
                    expected.add(new Failure(t, FailureCode.BAD_STAMP));
                }
            }
            ReportRejectedException e =
                    catchThrowableOfType(
                            () -> F.verifier.verify(reporter, tampered),
                            ReportRejectedException.class);
            assertThat(e).as("%s of message %d must fail", change, t).isNotNull();
            assertThat(e.step()).as("%s of message %d", change, t).isEqualTo(step);
            assertThat(e.failures()).as("%s of message %d", change, t).isEqualTo(expected);
        }
    }

    /** §5 step 2 straight from PROTOCOL.md, as the oracle for the claims step. */
    private static List<Failure> claims(String reporter, List<SubmittedMessage> ms) {
        List<Failure> out = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < ms.size(); i++) {
            SubmittedMessage m = ms.get(i);
            boolean party =
                    m.recipientId().equals(reporter) || (i > 0 && m.senderId().equals(reporter));
            boolean dup = !seen.add(List.of(m.senderId(), m.messageId()));
            if (!party) {
                out.add(new Failure(i, FailureCode.NOT_A_PARTY));
            } else if (!m.conversationId().equals(ms.get(0).conversationId())) {
                out.add(new Failure(i, FailureCode.WRONG_CONVERSATION));
            } else if (dup) {
                out.add(new Failure(i, FailureCode.DUPLICATE_MESSAGE));
            }
        }
        return out;
    }

    /** Another text that a lax decoder reads as the same bytes. */
    private static String nonCanonical(String b64, Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> b64 + "=";
            case 1 -> b64.substring(0, 10) + " " + b64.substring(10);
            case 2 -> Base64.getEncoder().encodeToString(B64.decode(b64)); // padded
            default -> {
                // 43 characters hold 258 bits: set one of the two trailing bits
                char last = b64.charAt(b64.length() - 1);
                String alphabet =
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                yield b64.substring(0, b64.length() - 1)
                        + alphabet.charAt(alphabet.indexOf(last) | 1);
            }
        };
    }

    /** A mutable copy of a submission, for one change. */
    private static final class Builder {
        String messageId;
        String senderId;
        String recipientId;
        String conversationId;
        Long sentAt;
        List<String> prev;
        String contentType;
        String body;
        List<SubmittedMessage.Attachment> attachments;
        String frankingKey;
        SubmittedMessage.SubmittedStamp stamp;
    }

    private static SubmittedMessage copy(
            SubmittedMessage m, java.util.function.Consumer<Builder> change) {
        Builder b = new Builder();
        b.messageId = m.messageId();
        b.senderId = m.senderId();
        b.recipientId = m.recipientId();
        b.conversationId = m.conversationId();
        b.sentAt = m.sentAt();
        b.prev = m.prev();
        b.contentType = m.contentType();
        b.body = m.body();
        b.attachments = m.attachments();
        b.frankingKey = m.frankingKey();
        b.stamp = m.stamp();
        change.accept(b);
        return new SubmittedMessage(
                b.messageId,
                b.senderId,
                b.recipientId,
                b.conversationId,
                b.sentAt,
                b.prev,
                b.contentType,
                b.body,
                b.attachments,
                b.frankingKey,
                b.stamp);
    }

    // ---- §2 and §6: nothing tampered opens

    static LongStream envelopes() {
        return Tries.seeds("v2.aTamperedEnvelopeNeverOpens", 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("envelopes")
    void aTamperedEnvelopeNeverOpens(long seed) throws Exception {
        Random r = new Random(seed);
        MessageContent c = content(r, Gen.id(r), Gen.id(r), Gen.id(r));
        Fixture.Sent s = F.send(c, Gen.id(r));
        assertThat(Receipt.open(s.messageKey(), s.envelope(), s.delivery()).content()).isEqualTo(c);
        byte[] e = s.envelope();
        byte[] flipped = Gen.flipBit(e, r.nextInt(e.length * 8));
        byte[] cut = Arrays.copyOf(e, r.nextInt(e.length));
        byte[] longer = Arrays.copyOf(e, e.length + 1 + r.nextInt(16));
        for (byte[] bad : List.of(flipped, cut, longer)) {
            assertThatThrownBy(() -> Receipt.open(s.messageKey(), bad, s.delivery()))
                    .isInstanceOfSatisfying(
                            FrankingException.class,
                            x -> assertThat(x.code()).isEqualTo(FailureCode.BAD_ENVELOPE));
        }
        assertThatThrownBy(() -> Receipt.open(MessageKey.generate(), e, s.delivery()))
                .isInstanceOfSatisfying(
                        FrankingException.class,
                        x -> assertThat(x.code()).isEqualTo(FailureCode.BAD_ENVELOPE));
    }

    static LongStream blobs() {
        return Tries.seeds("v2.aTamperedBlobNeverOpens", 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("blobs")
    void aTamperedBlobNeverOpens(long seed) throws Exception {
        Random r = new Random(seed);
        byte[] plaintext = Gen.bytes(r, Gen.size(r, 0, 4000));
        AttachmentKey key = AttachmentKey.generate();
        byte[] blob = AttachmentCipher.encrypt(key, plaintext);
        assertThat(AttachmentCipher.decrypt(key, blob)).isEqualTo(plaintext);
        byte[] flipped = Gen.flipBit(blob, r.nextInt(blob.length * 8));
        byte[] cut = Arrays.copyOf(blob, r.nextInt(blob.length));
        byte[] longer = Arrays.copyOf(blob, blob.length + 1 + r.nextInt(16));
        for (byte[] bad : List.of(flipped, cut, longer)) {
            assertThatThrownBy(() -> AttachmentCipher.decrypt(key, bad))
                    .isInstanceOfSatisfying(
                            FrankingException.class,
                            x -> assertThat(x.code()).isEqualTo(FailureCode.BAD_ATTACHMENT_BLOB));
        }
        assertThatThrownBy(() -> AttachmentCipher.decrypt(AttachmentKey.generate(), blob))
                .isInstanceOf(FrankingException.class);
    }

    // ---- §0 B64

    static LongStream texts() {
        return Tries.seeds("v2.b64AcceptsExactlyTheCanonicalForm", 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("texts")
    void b64AcceptsExactlyTheCanonicalForm(long seed) {
        Random r = new Random(seed);
        byte[] b = Gen.bytes(r, Gen.size(r, 0, 64));
        String s = B64.encode(b);
        assertThat(B64.decode(s)).isEqualTo(b);
        // any text: accepted exactly when it is the unpadded url-safe encoding of what it decodes
        // to
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= \n";
        StringBuilder t = new StringBuilder();
        int len = Gen.size(r, 0, 12);
        for (int i = 0; i < len; i++) {
            t.append(
                    r.nextInt(10) == 0
                            ? alphabet.charAt(r.nextInt(alphabet.length()))
                            : alphabet.charAt(r.nextInt(64)));
        }
        String text = t.toString();
        byte[] jdk;
        try {
            jdk = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            jdk = null;
        }
        boolean canonical = jdk != null && B64.encode(jdk).equals(text);
        if (canonical) {
            assertThat(B64.decode(text)).isEqualTo(jdk);
        } else {
            assertThatThrownBy(() -> B64.decode(text)).isInstanceOf(LimitException.class);
        }
    }

    // ---- §1 heads and §5 step 5 transcripts

    static LongStream conversations() {
        return Tries.seeds("v2.transcriptsRespectEveryLink", 200);
    }

    /**
     * Three people write a conversation, each composing from their own heads and seeing others'
     * messages late or never; then bob reports a random part of it, shuffled. The heads always obey
     * §1, and the transcript puts every message after every message it links to, counts as gaps
     * exactly the prev entries that name messages left out, and orders the rest by the relay's
     * clock.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("conversations")
    void headsObeyTheRuleAndTranscriptsRespectEveryLink(long seed) throws Exception {
        Random r = new Random(seed);
        List<String> people = List.of("alice", "bob", "carol");
        Map<String, ConversationHeads> heads = new HashMap<>();
        people.forEach(p -> heads.put(p, new ConversationHeads()));
        List<Fixture.Sent> toBob = new ArrayList<>();
        int n = 2 + r.nextInt(14);
        for (int i = 0; i < n; i++) {
            String sender = people.get(r.nextInt(3));
            String recipient = sender.equals("bob") ? (r.nextBoolean() ? "alice" : "carol") : "bob";
            Fixture.Sent s =
                    F.send(
                            Fixture.content(
                                    "m" + i, sender, "c1", heads.get(sender).prev(), "text " + i),
                            recipient);
            heads.get(sender).record(s.opening());
            for (String p : people) {
                if (!p.equals(sender) && r.nextInt(4) > 0) {
                    heads.get(p).record(s.commitment(), s.opening().content().prev());
                }
            }
            for (ConversationHeads h : heads.values()) {
                List<Commitment> hs = h.heads();
                assertThat(hs.size()).isLessThanOrEqualTo(Limits.MAX_PREV);
                assertThat(new HashSet<>(hs)).hasSameSizeAs(hs);
                Set<Commitment> referenced = h.referenced();
                assertThat(hs).noneMatch(referenced::contains);
            }
            if (recipient.equals("bob") || sender.equals("bob")) {
                toBob.add(s);
            }
        }
        List<Fixture.Sent> received =
                toBob.stream().filter(s -> s.recipientId().equals("bob")).toList();
        if (received.isEmpty()) {
            return; // bob received nothing to report; the heads were still checked
        }
        Fixture.Sent reported = received.get(r.nextInt(received.size()));
        List<Fixture.Sent> context = new ArrayList<>(toBob);
        context.remove(reported);
        java.util.Collections.shuffle(context, r);
        context = context.subList(0, r.nextInt(Math.min(context.size(), 29) + 1));
        List<Fixture.Sent> sent = new ArrayList<>();
        sent.add(reported);
        sent.addAll(context);
        VerifiedReport v =
                F.verifier.verify("bob", sent.stream().map(Fixture.Sent::submission).toList());

        Map<Commitment, Integer> index = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            index.put(sent.get(i).commitment(), i);
        }
        List<Integer> order = v.transcript().order();
        assertThat(order)
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, sent.size()).boxed().toList());
        int gaps = 0;
        for (int i = 0; i < sent.size(); i++) {
            for (Commitment p : sent.get(i).opening().content().prev()) {
                Integer j = index.get(p);
                if (j == null) {
                    gaps++;
                } else {
                    assertThat(order.indexOf(j))
                            .as("message %d after %d", i, j)
                            .isLessThan(order.indexOf(i));
                }
            }
        }
        assertThat(v.transcript().gaps()).isEqualTo(gaps);
    }
}
