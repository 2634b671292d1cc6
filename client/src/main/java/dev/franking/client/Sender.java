package dev.franking.client;

import dev.franking.v2.AttachmentCipher;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.AttachmentKey;
import dev.franking.v2.BlobRef;
import dev.franking.v2.Commitment;
import dev.franking.v2.ConversationHeads;
import dev.franking.v2.Envelope;
import dev.franking.v2.MessageContent;
import dev.franking.v2.Opening;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The sender's client (PROTOCOL.md §1, §2, §6): commits to the content and to the conversation's
 * heads under a fresh franking key, encrypts each attachment under a fresh key of its own, seals
 * content, franking key and blob keys in the envelope, and hands the relay only what it may see:
 * routing ids, the commitment in the clear, and ciphertext.
 */
public final class Sender {
    public static final String TEXT = "text/plain; charset=utf-8";

    private final String userId;
    private final Clock clock;

    /**
     * No source of randomness is taken: the library draws franking keys, blob keys and nonces from
     * the system's CSPRNG itself, so that no caller can choose them.
     */
    public Sender(String userId, Clock clock) {
        this.userId = userId;
        this.clock = clock;
    }

    public String userId() {
        return userId;
    }

    /** An attachment as the sender picks it: its type and plaintext. */
    public record Attachment(String contentType, byte[] plaintext) {}

    /**
     * A composed message: the {@link Opening} stays on the sender's device (it lets the sender
     * report their own message as context later); {@link #toRelay()} is what goes over the wire.
     */
    public record Outgoing(Opening opening, ToRelay toRelay) {}

    /**
     * What the relay receives: ids, the commitment (public), the envelope and the attachment blobs
     * (ciphertext under keys only the envelope carries). Never the franking key or any plaintext.
     */
    public record ToRelay(
            String messageId,
            String senderId,
            String conversationId,
            Commitment commitment,
            List<String> recipientIds,
            byte[] envelope,
            List<byte[]> attachmentBlobs) {
        public ToRelay {
            recipientIds = List.copyOf(recipientIds);
            attachmentBlobs = List.copyOf(attachmentBlobs);
        }
    }

    public Outgoing text(Conversation conversation, String text, Attachment... attachments) {
        return compose(
                conversation,
                UUID.randomUUID().toString(),
                TEXT,
                text.getBytes(StandardCharsets.UTF_8),
                List.of(attachments));
    }

    public Outgoing compose(
            Conversation conversation,
            String messageId,
            String contentType,
            byte[] body,
            List<Attachment> attachments) {
        // §1: every attachment is committed by type, size and SHA-256 of its plaintext, so that a
        // recipient can later prove which file it was (and the sender cannot swap it); §6: each
        // blob under a fresh key of its own, which travels inside the envelope
        List<AttachmentDescriptor> descriptors = new ArrayList<>();
        List<BlobRef> refs = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < attachments.size(); i++) {
            Attachment a = attachments.get(i);
            AttachmentKey key = AttachmentKey.generate();
            descriptors.add(AttachmentDescriptor.of(a.contentType(), a.plaintext()));
            blobs.add(AttachmentCipher.encrypt(key, a.plaintext()));
            refs.add(BlobRef.of(key, ("blob:" + messageId + ":" + i).getBytes(UTF8)));
        }
        ConversationHeads heads = conversation.heads(userId);
        MessageContent content =
                new MessageContent(
                        messageId,
                        userId,
                        conversation.id(),
                        clock.millis(),
                        heads.prev(),
                        contentType,
                        body,
                        descriptors);
        // §1: a fresh franking key for every message, from a CSPRNG
        Opening opening = Opening.commit(content);
        heads.record(opening);
        // §2: the franking key and the blob keys travel only inside the end-to-end encrypted
        // envelope
        byte[] envelope = Envelope.seal(conversation.key(), opening, refs);
        return new Outgoing(
                opening,
                new ToRelay(
                        messageId,
                        userId,
                        conversation.id(),
                        opening.commitment(),
                        conversation.recipientsOf(userId),
                        envelope,
                        blobs));
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    /**
     * The sender keeps one recipient's stamp beside its own opening (the relay returns every
     * recipient's stamp to the sender, §3), so that the sender can include its own message as
     * context when it reports a reply: PROTOCOL.md §5 accepts a context message whose sender is the
     * reporter.
     */
    public Recipient.Held keep(Outgoing sent, Relay.Delivery delivery) {
        if (!delivery.messageId().equals(sent.opening().content().messageId())) {
            throw new IllegalArgumentException("not a delivery of this message");
        }
        return new Recipient.Held(
                sent.opening(), delivery.recipientId(), delivery.stamp(), List.of());
    }
}
