package dev.franking.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.v2.AttachmentCipher;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.AttachmentKey;
import dev.franking.v2.BlobRef;
import dev.franking.v2.Commitment;
import dev.franking.v2.Envelope;
import dev.franking.v2.FailureCode;
import dev.franking.v2.FrankingException;
import dev.franking.v2.Kid;
import dev.franking.v2.MessageContent;
import dev.franking.v2.MessageKey;
import dev.franking.v2.Opening;
import dev.franking.v2.RecipientStamp;
import dev.franking.v2.RouteSalt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recipient's checks (PROTOCOL.md §2, §4, §6): anything that fails one is dropped, never shown.
 */
class RecipientChecksTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC);
    private static final RecipientStamp STAMP =
            new RecipientStamp(new Kid("k1"), CLOCK.millis(), RouteSalt.generate(), new byte[32]);

    private final Conversation conv =
            new Conversation("c1", List.of("alice", "bob"), MessageKey.generate());
    private final Sender alice = new Sender("alice", CLOCK);
    private final Recipient bob = new Recipient("bob");
    private final byte[] image = "stand-in image bytes".getBytes(StandardCharsets.UTF_8);

    /** What an honest relay would deliver to bob, without the HTTP round trip. */
    private Relay.Delivery deliver(Sender.ToRelay m) {
        return new Relay.Delivery(
                m.messageId(),
                m.senderId(),
                m.conversationId(),
                "bob",
                m.commitment(),
                m.envelope(),
                m.attachmentBlobs(),
                STAMP);
    }

    private Sender.ToRelay sent() {
        return alice.text(conv, "hello", new Sender.Attachment("image/png", image)).toRelay();
    }

    @Test
    void anHonestDeliveryIsHeldWithItsOpeningStampAndAttachment() throws Exception {
        Sender.ToRelay m = sent();
        Recipient.Held held = bob.check(deliver(m), conv);
        assertThat(held.opening().commitment()).isEqualTo(m.commitment());
        assertThat(held.opening().content().senderId()).isEqualTo("alice");
        assertThat(held.recipientId()).isEqualTo("bob");
        assertThat(held.stamp()).isEqualTo(STAMP);
        assertThat(held.attachments()).singleElement().isEqualTo(image);
        assertThat(bob.inbox()).containsExactly(held);
    }

    @Test
    void aTamperedEnvelopeIsDropped() {
        Sender.ToRelay m = sent();
        byte[] env = m.envelope();
        env[env.length / 2] ^= 1;
        var d = deliver(m);
        var tampered =
                new Relay.Delivery(
                        d.messageId(),
                        d.senderId(),
                        d.conversationId(),
                        d.recipientId(),
                        d.commitment(),
                        env,
                        d.attachmentBlobs(),
                        d.stamp());
        assertDropped(tampered, FailureCode.BAD_ENVELOPE);
    }

    @Test
    void aCommitmentThatIsNotTheEnvelopesIsDropped() {
        Sender.ToRelay m = sent();
        Commitment other = sent().commitment();
        var d = deliver(m);
        assertDropped(
                new Relay.Delivery(
                        d.messageId(),
                        d.senderId(),
                        d.conversationId(),
                        d.recipientId(),
                        other,
                        d.envelope(),
                        d.attachmentBlobs(),
                        d.stamp()),
                FailureCode.BAD_ENVELOPE);
    }

    @Test
    void aSenderMessageIdOrConversationOtherThanTheRelayNamedIsDropped() {
        var d = deliver(sent());
        assertDropped(
                new Relay.Delivery(
                        d.messageId(),
                        "mallory",
                        d.conversationId(),
                        d.recipientId(),
                        d.commitment(),
                        d.envelope(),
                        d.attachmentBlobs(),
                        d.stamp()),
                FailureCode.WRONG_SENDER);
        assertDropped(
                new Relay.Delivery(
                        "another-id",
                        d.senderId(),
                        d.conversationId(),
                        d.recipientId(),
                        d.commitment(),
                        d.envelope(),
                        d.attachmentBlobs(),
                        d.stamp()),
                FailureCode.WRONG_MESSAGE_ID);
        assertDropped(
                new Relay.Delivery(
                        d.messageId(),
                        d.senderId(),
                        "c2",
                        d.recipientId(),
                        d.commitment(),
                        d.envelope(),
                        d.attachmentBlobs(),
                        d.stamp()),
                FailureCode.WRONG_CONVERSATION);
        assertDropped(
                new Relay.Delivery(
                        d.messageId(),
                        d.senderId(),
                        d.conversationId(),
                        "carol",
                        d.commitment(),
                        d.envelope(),
                        d.attachmentBlobs(),
                        d.stamp()),
                FailureCode.NOT_A_PARTY);
    }

    @Test
    void anAttachmentOtherThanTheCommittedOneIsDropped() {
        var d = deliver(sent());
        // a sender who commits to one file and ships another under the envelope's blob key: the
        // blob opens, but it is not the committed file
        AttachmentKey k = AttachmentKey.generate();
        byte[] swapped =
                AttachmentCipher.encrypt(k, "another file".getBytes(StandardCharsets.UTF_8));
        Opening lying =
                Opening.commit(
                        new MessageContent(
                                "m-lying",
                                "alice",
                                "c1",
                                CLOCK.millis(),
                                List.of(),
                                Sender.TEXT,
                                new byte[0],
                                List.of(AttachmentDescriptor.of("image/png", image))));
        assertDropped(
                new Relay.Delivery(
                        "m-lying",
                        "alice",
                        "c1",
                        "bob",
                        lying.commitment(),
                        Envelope.seal(conv.key(), lying, List.of(BlobRef.of(k, new byte[0]))),
                        List.of(swapped),
                        d.stamp()),
                FailureCode.ATTACHMENT_MISMATCH);
        // a blob made under another key: the key-committing cipher refuses it
        byte[] otherKey = AttachmentCipher.encrypt(AttachmentKey.generate(), image);
        assertDropped(
                new Relay.Delivery(
                        d.messageId(),
                        d.senderId(),
                        d.conversationId(),
                        d.recipientId(),
                        d.commitment(),
                        d.envelope(),
                        List.of(otherKey),
                        d.stamp()),
                FailureCode.BAD_ATTACHMENT_BLOB);
        assertDropped(
                new Relay.Delivery(
                        d.messageId(),
                        d.senderId(),
                        d.conversationId(),
                        d.recipientId(),
                        d.commitment(),
                        d.envelope(),
                        List.of(),
                        d.stamp()),
                FailureCode.ATTACHMENT_MISMATCH);
    }

    @Test
    void anEnvelopeUnderAnotherConversationsKeyIsDropped() {
        var d = deliver(sent());
        Conversation sameIdOtherKey = new Conversation("c1", conv.members(), MessageKey.generate());
        assertThat(bob.receive(d, sameIdOtherKey)).isEmpty();
        assertThat(bob.dropped()).isEqualTo(1);
    }

    private void assertDropped(Relay.Delivery d, FailureCode code) {
        Recipient fresh = new Recipient("bob");
        assertThatThrownBy(() -> fresh.check(d, conv))
                .isInstanceOfSatisfying(
                        FrankingException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(fresh.receive(d, conv)).isEmpty();
        assertThat(fresh.dropped()).isEqualTo(1);
        assertThat(fresh.inbox()).isEmpty();
    }
}
