package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Example-based checks of PROTOCOL.md §5: each check and each limit, with its code and its message
 * index.
 */
class ReportVerifierTest {
    private final SecureRandom random = new SecureRandom();
    private final Instant t0 = Instant.parse("2026-11-29T06:00:00Z");
    private final Clock clock = Clock.fixed(t0, ZoneOffset.UTC);
    private final InMemoryStampKeyRing ring =
            new InMemoryStampKeyRing(Duration.ofHours(24), Duration.ofDays(90), random);
    private final Stamper stamper = new Stamper(ring, clock);
    private final ReportVerifier verifier = new ReportVerifier(ring, clock);

    /** A committed message stamped for {@code recipient} under the ring's current key. */
    private SubmittedMessage message(
            String id,
            String sender,
            String recipient,
            String conversation,
            byte[] body,
            List<AttachmentDescriptor> attachments) {
        MessageContent content =
                new MessageContent(
                        id,
                        sender,
                        conversation,
                        t0.toEpochMilli() - 5_000,
                        "text/plain; charset=utf-8",
                        body,
                        attachments);
        Opening opening = Opening.commit(content, random);
        Stamp stamp =
                stamper.stamp(
                        opening.commitment(),
                        new StampContext(sender, recipient, conversation, id));
        return SubmittedMessage.of(opening, recipient, stamp);
    }

    private SubmittedMessage message(
            String id, String sender, String recipient, String conversation) {
        return message(
                id,
                sender,
                recipient,
                conversation,
                ("hello from " + sender).getBytes(StandardCharsets.UTF_8),
                List.of());
    }

    /** A submission exactly like {@code m} but for the fields set on the copy. */
    private static final class Edit {
        String messageId;
        String senderId;
        String recipientId;
        String conversationId;
        long sentAt;
        String contentType;
        byte[] body;
        List<SubmittedMessage.Attachment> attachments;
        byte[] frankingKey;
        String kid;
        long receivedAt;
        byte[] mac;

        Edit(SubmittedMessage m) {
            messageId = m.messageId();
            senderId = m.senderId();
            recipientId = m.recipientId();
            conversationId = m.conversationId();
            sentAt = m.sentAt();
            contentType = m.contentType();
            body = m.body();
            attachments = m.attachments();
            frankingKey = m.frankingKey();
            kid = m.kid();
            receivedAt = m.receivedAt();
            mac = m.mac();
        }

        SubmittedMessage build() {
            return new SubmittedMessage(
                    messageId,
                    senderId,
                    recipientId,
                    conversationId,
                    sentAt,
                    contentType,
                    body,
                    attachments,
                    frankingKey,
                    kid,
                    receivedAt,
                    mac);
        }
    }

    private static ReportVerificationException.Failure failure(int index, FailureCode code) {
        return new ReportVerificationException.Failure(index, code);
    }

    private void assertFailures(
            ReportVerifier v,
            String reporter,
            List<SubmittedMessage> messages,
            ReportVerificationException.Failure... expected) {
        assertThatThrownBy(() -> v.verify(reporter, messages))
                .isInstanceOfSatisfying(
                        ReportVerificationException.class,
                        e -> {
                            assertThat(e.failures()).containsExactly(expected);
                            assertThat(e.code()).isEqualTo(expected[0].code());
                            assertThat(e.index()).isEqualTo(expected[0].index());
                            assertThat(e.getMessage()).startsWith(expected[0].code().code() + ":");
                        });
    }

    private void assertFailures(
            String reporter,
            List<SubmittedMessage> messages,
            ReportVerificationException.Failure... expected) {
        assertFailures(verifier, reporter, messages, expected);
    }

    @Test
    void aReportOfTheReportedMessageAndContextVerifies() throws Exception {
        VerifiedReport r =
                verifier.verify(
                        "bob",
                        List.of(
                                message("m1", "alice", "bob", "c1"),
                                message("m0", "bob", "alice", "c1"), // context the reporter sent
                                message(
                                        "m2", "alice", "bob",
                                        "c1"))); // context the reporter received
        assertThat(r.messages()).hasSize(3);
        assertThat(r.reported().content().messageId()).isEqualTo("m1");
        assertThat(r.reported().reported()).isTrue();
        assertThat(r.messages().get(1).reported()).isFalse();
        assertThat(r.verifiedAt()).isEqualTo(t0);
    }

    // ---- check 3: the key ----

    @Test
    void aKidThatNamesNoKeyIsUnknownKey() {
        Edit e = new Edit(message("m1", "alice", "bob", "c1"));
        e.kid = "k19700101T000000";
        assertFailures("bob", List.of(e.build()), failure(0, FailureCode.UNKNOWN_KEY));
    }

    @Test
    void aStampUnderAKeyOfAnotherRingIsUnknownKey() {
        InMemoryStampKeyRing other =
                new InMemoryStampKeyRing(Duration.ofHours(24), Duration.ofDays(90), random);
        StampKey foreign =
                StampKey.generate(
                        new Kid("foreign-1"),
                        t0.minusSeconds(60),
                        Duration.ofHours(24),
                        Duration.ofDays(90),
                        random);
        other.add(foreign);
        MessageContent content =
                new MessageContent("m1", "alice", "c1", 1, "text/plain", new byte[3], List.of());
        Opening o = Opening.commit(content, random);
        Stamp s =
                Stamper.stamp(
                        foreign,
                        o.commitment(),
                        new StampContext("alice", "bob", "c1", "m1"),
                        t0.toEpochMilli());
        assertFailures(
                "bob",
                List.of(SubmittedMessage.of(o, "bob", s)),
                failure(0, FailureCode.UNKNOWN_KEY));
    }

    @Test
    void aKeyPastItsReportingWindowIsStampExpired() throws Exception {
        SubmittedMessage m = message("m1", "alice", "bob", "c1");
        StampKey key = ((KeyLookup.Found) ring.lookup(new Kid(m.kid()))).key();
        // the last instant of the window still verifies
        new ReportVerifier(ring, Clock.fixed(key.expiresAt(), ZoneOffset.UTC))
                .verify("bob", List.of(m));
        ReportVerifier late =
                new ReportVerifier(
                        ring, Clock.fixed(key.expiresAt().plusMillis(1), ZoneOffset.UTC));
        assertFailures(late, "bob", List.of(m), failure(0, FailureCode.STAMP_EXPIRED));
        ReportVerifier muchLater =
                new ReportVerifier(
                        ring, Clock.fixed(t0.plus(Duration.ofDays(365)), ZoneOffset.UTC));
        assertFailures(muchLater, "bob", List.of(m), failure(0, FailureCode.STAMP_EXPIRED));
    }

    @Test
    void aKeyBeforeItsValidityIsStampExpired() {
        SubmittedMessage m = message("m1", "alice", "bob", "c1");
        ReportVerifier early =
                new ReportVerifier(ring, Clock.fixed(t0.minusSeconds(1), ZoneOffset.UTC));
        assertFailures(early, "bob", List.of(m), failure(0, FailureCode.STAMP_EXPIRED));
    }

    @Test
    void aDestroyedKeyIsStampExpired() {
        SubmittedMessage m = message("m1", "alice", "bob", "c1");
        StampKey key = ((KeyLookup.Found) ring.lookup(new Kid(m.kid()))).key();
        assertThat(ring.destroyExpired(key.expiresAt())).isEmpty();
        assertThat(ring.destroyExpired(key.expiresAt().plusMillis(1))).containsExactly(key.kid());
        assertThat(ring.lookup(key.kid())).isInstanceOf(KeyLookup.Destroyed.class);
        // even at a clock inside the window, a destroyed key verifies nothing
        assertFailures("bob", List.of(m), failure(0, FailureCode.STAMP_EXPIRED));
    }

    // ---- check 4: the stamp ----

    @Test
    void aStampForAnotherRecipientIsBadStamp() {
        SubmittedMessage forCarol = message("m1", "alice", "carol", "c1");
        Edit e = new Edit(forCarol);
        e.recipientId = "bob";
        assertFailures("bob", List.of(e.build()), failure(0, FailureCode.BAD_STAMP));
    }

    // ---- check 5: the reporter is a party ----

    @Test
    void aReporterWhoDidNotReceiveTheReportedMessageIsNotAParty() {
        SubmittedMessage m = message("m1", "alice", "bob", "c1");
        assertFailures("mallory", List.of(m), failure(0, FailureCode.NOT_A_PARTY));
        // the sender of the reported message is not its recipient either
        assertFailures("alice", List.of(m), failure(0, FailureCode.NOT_A_PARTY));
    }

    @Test
    void aContextMessageTheReporterNeitherSentNorReceivedIsNotAParty() {
        assertFailures(
                "bob",
                List.of(message("m1", "alice", "bob", "c1"), message("m2", "alice", "carol", "c1")),
                failure(1, FailureCode.NOT_A_PARTY));
    }

    @Test
    void aContextMessageTheReporterSentIsAccepted() throws Exception {
        VerifiedReport r =
                verifier.verify(
                        "bob",
                        List.of(
                                message("m1", "alice", "bob", "c1"),
                                message("m2", "bob", "alice", "c1")));
        assertThat(r.messages().get(1).content().senderId()).isEqualTo("bob");
        assertThat(r.messages().get(1).recipientId()).isEqualTo("alice");
    }

    // ---- check 6: one conversation ----

    @Test
    void aContextMessageFromAnotherConversationIsWrongConversation() {
        assertFailures(
                "bob",
                List.of(message("m1", "alice", "bob", "c1"), message("m2", "alice", "bob", "c2")),
                failure(1, FailureCode.WRONG_CONVERSATION));
    }

    // ---- report-level limits ----

    @Test
    void thirtyMessagesVerifyAndThirtyOneAreTooMany() throws Exception {
        List<SubmittedMessage> messages = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_REPORT_MESSAGES; i++) {
            messages.add(message("m" + i, "alice", "bob", "c1"));
        }
        assertThat(verifier.verify("bob", messages).messages()).hasSize(30);
        messages.add(message("m30", "alice", "bob", "c1"));
        assertFailures(
                "bob",
                messages,
                failure(Limits.MAX_REPORT_MESSAGES, FailureCode.TOO_MANY_MESSAGES));
    }

    @Test
    void noMessagesIsNoMessages() {
        assertFailures("bob", List.of(), failure(-1, FailureCode.NO_MESSAGES));
        assertFailures("bob", null, failure(-1, FailureCode.NO_MESSAGES));
    }

    @Test
    void aDuplicateMessageIdIsDuplicateMessage() {
        SubmittedMessage m = message("m1", "alice", "bob", "c1");
        assertFailures("bob", List.of(m, m), failure(1, FailureCode.DUPLICATE_MESSAGE));
        // also when the second is another genuine message that reuses the id
        assertFailures(
                "bob",
                List.of(m, message("m1", "bob", "alice", "c1")),
                failure(1, FailureCode.DUPLICATE_MESSAGE));
    }

    @Test
    void aMissingMessageIsAFailureOfItsIndex() {
        assertFailures(
                "bob",
                Arrays.asList(message("m1", "alice", "bob", "c1"), null),
                failure(1, FailureCode.INVALID_ID));
    }

    // ---- message limits (check 1) ----

    @Test
    void aBodyOf65536BytesVerifiesAnd65537IsTooLarge() throws Exception {
        verifier.verify(
                "bob",
                List.of(
                        message(
                                "m1",
                                "alice",
                                "bob",
                                "c1",
                                new byte[Limits.MAX_BODY_BYTES],
                                List.of())));
        Edit e = new Edit(message("m1", "alice", "bob", "c1"));
        e.body = new byte[Limits.MAX_BODY_BYTES + 1];
        assertFailures("bob", List.of(e.build()), failure(0, FailureCode.BODY_TOO_LARGE));
        e.body = null;
        assertFailures("bob", List.of(e.build()), failure(0, FailureCode.BODY_TOO_LARGE));
    }

    @Test
    void thirtyTwoAttachmentsVerifyAndThirtyThreeAreTooMany() throws Exception {
        List<AttachmentDescriptor> atts = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_ATTACHMENTS; i++) {
            atts.add(
                    AttachmentDescriptor.of(
                            "image/png", ("file " + i).getBytes(StandardCharsets.UTF_8)));
        }
        SubmittedMessage m = message("m1", "alice", "bob", "c1", new byte[0], atts);
        verifier.verify("bob", List.of(m));
        Edit e = new Edit(m);
        List<SubmittedMessage.Attachment> more = new ArrayList<>(m.attachments());
        more.add(new SubmittedMessage.Attachment("image/png", 1, new byte[32]));
        e.attachments = more;
        assertFailures("bob", List.of(e.build()), failure(0, FailureCode.TOO_MANY_ATTACHMENTS));
    }

    @Test
    void malformedAttachmentDescriptorsAreInvalidAttachment() {
        SubmittedMessage m =
                message(
                        "m1",
                        "alice",
                        "bob",
                        "c1",
                        new byte[0],
                        List.of(AttachmentDescriptor.of("a/b", new byte[1])));
        for (SubmittedMessage.Attachment bad :
                new SubmittedMessage.Attachment[] {
                    new SubmittedMessage.Attachment("a/b", -1, new byte[32]),
                    new SubmittedMessage.Attachment("a/b", 1, new byte[31]),
                    new SubmittedMessage.Attachment("a/b", 1, null)
                }) {
            Edit e = new Edit(m);
            e.attachments = List.of(bad);
            assertFailures("bob", List.of(e.build()), failure(0, FailureCode.INVALID_ATTACHMENT));
        }
        Edit e = new Edit(m);
        e.attachments = Collections.singletonList(null);
        assertFailures("bob", List.of(e.build()), failure(0, FailureCode.INVALID_ATTACHMENT));
    }

    @Test
    void anIdOf256BytesVerifiesAnd257IsInvalid() throws Exception {
        String max = "é".repeat(128); // 256 bytes of UTF-8 in 128 characters
        assertThat(max.getBytes(StandardCharsets.UTF_8)).hasSize(Limits.MAX_ID_BYTES);
        verifier.verify("bob", List.of(message(max, "alice", "bob", "c1")));
        String over = max + "x";
        for (int field = 0; field < 4; field++) {
            Edit e = new Edit(message("m1", "alice", "bob", "c1"));
            switch (field) {
                case 0 -> e.messageId = over;
                case 1 -> e.senderId = over;
                case 2 -> e.recipientId = over;
                default -> e.conversationId = over;
            }
            assertFailures("bob", List.of(e.build()), failure(0, FailureCode.INVALID_ID));
        }
        Edit empty = new Edit(message("m1", "alice", "bob", "c1"));
        empty.senderId = "";
        assertFailures("bob", List.of(empty.build()), failure(0, FailureCode.INVALID_ID));
        Edit loneSurrogate = new Edit(message("m1", "alice", "bob", "c1"));
        loneSurrogate.messageId = "m\uD800";
        assertFailures("bob", List.of(loneSurrogate.build()), failure(0, FailureCode.INVALID_ID));
    }

    @Test
    void aBadKidIsInvalidKid() {
        for (String kid : new String[] {"", "k 1", "k/1", "k+1", "ké", "k".repeat(33), null}) {
            Edit e = new Edit(message("m1", "alice", "bob", "c1"));
            e.kid = kid;
            assertFailures("bob", List.of(e.build()), failure(0, FailureCode.INVALID_KID));
        }
    }

    @Test
    void aFrankingKeyOf31BytesIsInvalid() {
        SubmittedMessage m = message("m1", "alice", "bob", "c1");
        for (byte[] fk :
                new byte[][] {
                    Arrays.copyOf(m.frankingKey(), 31),
                    Arrays.copyOf(m.frankingKey(), 33),
                    new byte[0],
                    null
                }) {
            Edit e = new Edit(m);
            e.frankingKey = fk;
            assertFailures("bob", List.of(e.build()), failure(0, FailureCode.INVALID_FRANKING_KEY));
        }
    }

    @Test
    void otherLimitsHaveTheirCodes() {
        SubmittedMessage m = message("m1", "alice", "bob", "c1");
        Edit mac = new Edit(m);
        mac.mac = Arrays.copyOf(m.mac(), 31);
        assertFailures("bob", List.of(mac.build()), failure(0, FailureCode.INVALID_MAC));
        Edit sentAt = new Edit(m);
        sentAt.sentAt = -1;
        assertFailures("bob", List.of(sentAt.build()), failure(0, FailureCode.INVALID_TIME));
        Edit receivedAt = new Edit(m);
        receivedAt.receivedAt = Long.MIN_VALUE;
        assertFailures("bob", List.of(receivedAt.build()), failure(0, FailureCode.INVALID_TIME));
        Edit contentType = new Edit(m);
        contentType.contentType = "x".repeat(Limits.MAX_CONTENT_TYPE_BYTES + 1);
        assertFailures(
                "bob", List.of(contentType.build()), failure(0, FailureCode.CONTENT_TYPE_TOO_LONG));
    }

    // ---- one failure per failing message ----

    @Test
    void theExceptionListsOneFailurePerFailingMessageAtItsIndex() {
        Edit forged = new Edit(message("m3", "alice", "bob", "c1"));
        forged.mac = new byte[32];
        Edit tooBig = new Edit(message("m5", "alice", "bob", "c1"));
        tooBig.body = new byte[Limits.MAX_BODY_BYTES + 1];
        List<SubmittedMessage> messages =
                List.of(
                        message("m1", "alice", "bob", "c1"), // 0: fine
                        message("m2", "alice", "carol", "c1"), // 1: not_a_party
                        message("m4", "alice", "bob", "c1"), // 2: fine
                        forged.build(), // 3: bad_stamp
                        message("m6", "alice", "bob", "c9"), // 4: wrong_conversation
                        tooBig.build(), // 5: body_too_large
                        message("m7", "bob", "dave", "c1")); // 6: fine, the reporter sent it
        assertFailures(
                "bob",
                messages,
                failure(1, FailureCode.NOT_A_PARTY),
                failure(3, FailureCode.BAD_STAMP),
                failure(4, FailureCode.WRONG_CONVERSATION),
                failure(5, FailureCode.BODY_TOO_LARGE));
    }
}
