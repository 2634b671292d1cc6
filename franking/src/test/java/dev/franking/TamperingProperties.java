package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering with any single field of a committed, stamped report makes it fail, with exactly the
 * code ReportVerifier's check order gives, at exactly the tampered message's index; tampering with
 * an envelope or an attachment blob makes it fail to open.
 *
 * <p>Expected codes, from ReportVerifier's order (limits, commitment, key, stamp, party,
 * conversation): every content field (ids, sentAt, content type, body, attachment descriptors) and
 * the franking key change the recomputed commitment, and the routing fields (recipient, sender,
 * conversation, message id) change the stamp input, so the stamp check fails: {@code bad_stamp},
 * before the party and conversation checks ever run. A byte change that makes a time or an
 * attachment size negative breaks a limit first ({@code invalid_time}, {@code invalid_attachment}).
 * A kid that names no key is {@code unknown_key}; the kid of another live key is {@code bad_stamp};
 * a kid outside {@code [A-Za-z0-9._-]} is {@code invalid_kid}.
 *
 * <p>Seeded properties ({@link Tries}): the seed is in each try's name.
 */
@ExtendWith(Tries.SeedInFailure.class)
class TamperingProperties {
    static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    // the two kids differ in two characters, so that no single-character change turns one into the
    // other
    static final Kid KID_A = new Kid("k20261129");
    static final Kid KID_B = new Kid("k20261130");
    static final String KID_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
    static final InMemoryStampKeyRing RING =
            new InMemoryStampKeyRing(Duration.ofHours(24), Duration.ofDays(90), new SecureRandom());
    static final StampKey KEY_A;

    static {
        SecureRandom random = new SecureRandom();
        KEY_A =
                StampKey.generate(
                        KID_A,
                        NOW.minus(Duration.ofHours(1)),
                        Duration.ofHours(24),
                        Duration.ofDays(90),
                        random);
        RING.add(KEY_A);
        RING.add(
                StampKey.generate(
                        KID_B,
                        NOW.minus(Duration.ofHours(2)),
                        Duration.ofHours(24),
                        Duration.ofDays(90),
                        random));
    }

    static final ReportVerifier VERIFIER = new ReportVerifier(RING, CLOCK);

    /** What a generated message is, before it is committed and stamped. */
    record Spec(
            String messageId,
            String otherParty,
            long sentAt,
            long receivedAt,
            String contentType,
            byte[] body,
            List<AttachmentDescriptor> attachments,
            byte[] frankingKey,
            boolean reporterSends) {}

    /** A report that verifies: the reporter, and its messages (the first the reported one). */
    record Scenario(String reporter, List<SubmittedMessage> messages) {}

    /** A report that verifies: 1..3 messages of one conversation, the reporter a party to each. */
    static Scenario report(Random r) {
        int n = Gen.size(r, 1, 3);
        List<Spec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            specs.add(
                    new Spec(
                            Gen.id(r),
                            Gen.id(r),
                            Gen.time(r),
                            Gen.time(r),
                            Gen.contentType(r),
                            Gen.body(r),
                            Gen.attachments(r),
                            Gen.bytes(r, 32),
                            r.nextBoolean()));
        }
        return scenario(Gen.id(r), Gen.id(r), specs);
    }

    static LongStream verifies() {
        return Tries.seeds("v1.aCommittedStampedReportVerifies", 300);
    }

    static LongStream tampering() {
        return Tries.seeds("v1.changingAnySingleFieldFails", 300);
    }

    static LongStream envelopeBits() {
        return Tries.seeds("v1.flippingAnyBitOfAnEnvelope", 300);
    }

    static LongStream envelopeKeys() {
        return Tries.seeds("v1.anEnvelopeOpensOnlyWithItsKey", 300);
    }

    static LongStream blobBits() {
        return Tries.seeds("v1.flippingAnyBitOfAnAttachmentBlob", 500);
    }

    static Scenario scenario(String reporter, String conversation, List<Spec> specs) {
        List<SubmittedMessage> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            // the index prefix keeps message ids distinct within the report
            String messageId = i + ":" + s.messageId();
            // the reported message was received by the reporter; a context message was sent or
            // received by them
            boolean reporterSends = i > 0 && s.reporterSends();
            String sender = reporterSends ? reporter : s.otherParty();
            String recipient = reporterSends ? s.otherParty() : reporter;
            MessageContent content =
                    new MessageContent(
                            messageId,
                            sender,
                            conversation,
                            s.sentAt(),
                            s.contentType(),
                            s.body(),
                            s.attachments());
            FrankingKey fk = new FrankingKey(s.frankingKey());
            Commitment commitment = Commitment.compute(fk, content);
            Stamp stamp =
                    Stamper.stamp(
                            KEY_A,
                            commitment,
                            new StampContext(sender, recipient, conversation, messageId),
                            s.receivedAt());
            out.add(SubmittedMessage.of(new Opening(content, fk, commitment), recipient, stamp));
        }
        return new Scenario(reporter, out);
    }

    enum Field {
        MESSAGE_ID,
        SENDER_ID,
        RECIPIENT_ID,
        CONVERSATION_ID,
        SENT_AT,
        CONTENT_TYPE,
        BODY,
        ATTACHMENT_CONTENT_TYPE,
        ATTACHMENT_SIZE,
        ATTACHMENT_SHA256,
        FRANKING_KEY,
        KID_UNKNOWN,
        KID_OTHER_LIVE_KEY,
        KID_INVALID,
        RECEIVED_AT,
        MAC
    }

    /**
     * A tampered message and the code its verification must fail with; null if the field is absent.
     */
    record Tampered(SubmittedMessage message, FailureCode code) {}

    static Tampered tamper(SubmittedMessage m, Field f, Random r) {
        String messageId = m.messageId();
        String senderId = m.senderId();
        String recipientId = m.recipientId();
        String conversationId = m.conversationId();
        long sentAt = m.sentAt();
        String contentType = m.contentType();
        byte[] body = m.body();
        List<SubmittedMessage.Attachment> atts = new ArrayList<>(m.attachments());
        byte[] fk = m.frankingKey();
        String kid = m.kid();
        long receivedAt = m.receivedAt();
        byte[] mac = m.mac();
        FailureCode code = FailureCode.BAD_STAMP;
        switch (f) {
            case MESSAGE_ID -> messageId = Gen.replaceOneCodePoint(messageId, r);
            case SENDER_ID -> senderId = Gen.replaceOneCodePoint(senderId, r);
            case RECIPIENT_ID -> recipientId = Gen.replaceOneCodePoint(recipientId, r);
            case CONVERSATION_ID -> conversationId = Gen.replaceOneCodePoint(conversationId, r);
            case SENT_AT -> {
                sentAt = Gen.changeOneByte(sentAt, r);
                code = sentAt < 0 ? FailureCode.INVALID_TIME : FailureCode.BAD_STAMP;
            }
            case CONTENT_TYPE -> {
                if (contentType.isEmpty()) {
                    contentType = "x"; // the only change of an empty string: it gains a code point
                } else {
                    contentType = Gen.replaceOneCodePoint(contentType, r);
                }
            }
            case BODY -> {
                if (body.length == 0) {
                    return null;
                }
                body = Gen.changeOneByte(body, r);
            }
            case ATTACHMENT_CONTENT_TYPE, ATTACHMENT_SIZE, ATTACHMENT_SHA256 -> {
                if (atts.isEmpty()) {
                    return null;
                }
                int i = r.nextInt(atts.size());
                SubmittedMessage.Attachment a = atts.get(i);
                if (f == Field.ATTACHMENT_CONTENT_TYPE) {
                    String ct =
                            a.contentType().isEmpty()
                                    ? "x"
                                    : Gen.replaceOneCodePoint(a.contentType(), r);
                    atts.set(i, new SubmittedMessage.Attachment(ct, a.size(), a.sha256()));
                } else if (f == Field.ATTACHMENT_SIZE) {
                    long size = Gen.changeOneByte(a.size(), r);
                    code = size < 0 ? FailureCode.INVALID_ATTACHMENT : FailureCode.BAD_STAMP;
                    atts.set(i, new SubmittedMessage.Attachment(a.contentType(), size, a.sha256()));
                } else {
                    atts.set(
                            i,
                            new SubmittedMessage.Attachment(
                                    a.contentType(), a.size(), Gen.changeOneByte(a.sha256(), r)));
                }
            }
            case FRANKING_KEY -> fk = Gen.changeOneByte(fk, r);
            case KID_UNKNOWN -> {
                char[] cs = kid.toCharArray();
                int i = r.nextInt(cs.length);
                char c;
                do {
                    c = KID_ALPHABET.charAt(r.nextInt(KID_ALPHABET.length()));
                } while (c == cs[i]);
                cs[i] = c;
                kid = new String(cs);
                code = FailureCode.UNKNOWN_KEY;
            }
            case KID_OTHER_LIVE_KEY -> kid = KID_B.value();
            case KID_INVALID -> {
                char[] cs = kid.toCharArray();
                cs[r.nextInt(cs.length)] = "!/+ é\u0000".charAt(r.nextInt(6));
                kid = new String(cs);
                code = FailureCode.INVALID_KID;
            }
            case RECEIVED_AT -> {
                receivedAt = Gen.changeOneByte(receivedAt, r);
                code = receivedAt < 0 ? FailureCode.INVALID_TIME : FailureCode.BAD_STAMP;
            }
            case MAC -> mac = Gen.changeOneByte(mac, r);
            default -> throw new AssertionError(f);
        }
        return new Tampered(
                new SubmittedMessage(
                        messageId,
                        senderId,
                        recipientId,
                        conversationId,
                        sentAt,
                        contentType,
                        body,
                        atts,
                        fk,
                        kid,
                        receivedAt,
                        mac),
                code);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("verifies")
    void aCommittedStampedReportVerifies(long seed) throws Exception {
        Scenario s = report(new Random(seed));
        VerifiedReport report = VERIFIER.verify(s.reporter(), s.messages());
        assertThat(report.messages()).hasSize(s.messages().size());
        assertThat(report.reported().recipientId()).isEqualTo(s.reporter());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("tampering")
    void changingAnySingleFieldFailsWithTheRightCodeAtTheRightIndex(long seed) {
        Random r = new Random(seed);
        Scenario s = report(r);
        List<SubmittedMessage> messages = s.messages();
        for (Field f : Field.values()) {
            int t = r.nextInt(messages.size());
            Tampered tm = tamper(messages.get(t), f, r);
            if (tm == null) {
                continue;
            }
            if (f == Field.MESSAGE_ID
                    && messages.stream()
                            .anyMatch(m -> m.messageId().equals(tm.message().messageId()))) {
                continue; // would be a duplicate message id, a different check
            }
            List<SubmittedMessage> tampered = new ArrayList<>(messages);
            tampered.set(t, tm.message());

            List<ReportVerificationException.Failure> expected = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                if (i == t) {
                    expected.add(new ReportVerificationException.Failure(i, tm.code()));
                } else if (t == 0 && f == Field.CONVERSATION_ID) {
                    // the reported message names the report's conversation: every other message is
                    // now outside it
                    expected.add(
                            new ReportVerificationException.Failure(
                                    i, FailureCode.WRONG_CONVERSATION));
                }
            }
            ReportVerificationException e =
                    catchThrowableOfType(
                            () -> VERIFIER.verify(s.reporter(), tampered),
                            ReportVerificationException.class);
            assertThat(e).as("tampering with %s of message %d must fail", f, t).isNotNull();
            assertThat(e.failures())
                    .as("failures after tampering with %s of message %d", f, t)
                    .isEqualTo(expected);
            assertThat(e.index()).isEqualTo(expected.get(0).index());
            assertThat(e.code()).isEqualTo(expected.get(0).code());
        }
    }

    // ---- envelope (PROTOCOL.md §2) ----

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("envelopeBits")
    void flippingAnyBitOfAnEnvelopeMakesItFailToOpen(long seed) throws Exception {
        Random r = new Random(seed);
        MessageContent content = Gen.content(r);
        SecureRandom random = new SecureRandom();
        Opening opening = Opening.commit(content, random);
        SymmetricKey key = SymmetricKey.generate(random);
        byte[] envelope = Envelope.seal(key, opening, random);
        assertThat(Envelope.open(key, envelope, opening.commitment()).content()).isEqualTo(content);

        byte[] flipped = Gen.flipBit(envelope, r.nextInt(envelope.length * 8));
        assertBadEnvelope(() -> Envelope.open(key, flipped, opening.commitment()));
        // and cut short, or lengthened
        byte[] cut = java.util.Arrays.copyOf(envelope, r.nextInt(envelope.length));
        assertBadEnvelope(() -> Envelope.open(key, cut, opening.commitment()));
        byte[] longer = java.util.Arrays.copyOf(envelope, envelope.length + 1 + r.nextInt(16));
        assertBadEnvelope(() -> Envelope.open(key, longer, opening.commitment()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("envelopeKeys")
    void anEnvelopeOpensOnlyWithItsKeyAndItsDeliveredCommitment(long seed) {
        Random r = new Random(seed);
        MessageContent content = Gen.content(r);
        MessageContent other = Gen.content(r);
        byte[] randomCommitment = Gen.bytes(r, 32);
        SecureRandom random = new SecureRandom();
        Opening opening = Opening.commit(content, random);
        SymmetricKey key = SymmetricKey.generate(random);
        byte[] envelope = Envelope.seal(key, opening, random);

        // another message's genuine commitment, a random one, one bit away from the true one
        Commitment otherCommitment = Opening.commit(other, random).commitment();
        assertBadEnvelope(() -> Envelope.open(key, envelope, otherCommitment));
        assertBadEnvelope(() -> Envelope.open(key, envelope, new Commitment(randomCommitment)));
        Commitment nearly =
                new Commitment(Gen.flipBit(opening.commitment().bytes(), r.nextInt(256)));
        assertBadEnvelope(() -> Envelope.open(key, envelope, nearly));
        // another key
        assertBadEnvelope(
                () -> Envelope.open(SymmetricKey.generate(random), envelope, opening.commitment()));
    }

    private static void assertBadEnvelope(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        FrankingException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.BAD_ENVELOPE));
    }

    // ---- attachment cipher (PROTOCOL.md §6) ----

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("blobBits")
    void flippingAnyBitOfAnAttachmentBlobMakesItFailToDecrypt(long seed) throws Exception {
        Random r = new Random(seed);
        byte[] plaintext = Gen.bytes(r, Gen.size(r, 0, 4000));
        SecureRandom random = new SecureRandom();
        SymmetricKey key = SymmetricKey.generate(random);
        byte[] blob = AttachmentCipher.encrypt(key, plaintext, random);
        assertThat(AttachmentCipher.decrypt(key, blob)).isEqualTo(plaintext);

        byte[] flipped = Gen.flipBit(blob, r.nextInt(blob.length * 8));
        assertBadBlob(() -> AttachmentCipher.decrypt(key, flipped));
        byte[] cut = java.util.Arrays.copyOf(blob, r.nextInt(blob.length));
        assertBadBlob(() -> AttachmentCipher.decrypt(key, cut));
        byte[] longer = java.util.Arrays.copyOf(blob, blob.length + 1 + r.nextInt(16));
        assertBadBlob(() -> AttachmentCipher.decrypt(key, longer));
        assertBadBlob(() -> AttachmentCipher.decrypt(SymmetricKey.generate(random), blob));
    }

    private static void assertBadBlob(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        FrankingException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.BAD_ATTACHMENT_BLOB));
    }
}
