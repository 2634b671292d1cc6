package dev.franking.client;

import dev.franking.AttachmentCipher;
import dev.franking.AttachmentDescriptor;
import dev.franking.Commitment;
import dev.franking.Envelope;
import dev.franking.MessageContent;
import dev.franking.Opening;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The sender's client (PROTOCOL.md §1, §2, §6): commits to the content under a fresh franking key,
 * seals content and key in the envelope, encrypts the attachments, and hands the relay only what it
 * may see: routing ids, the commitment in the clear, and ciphertext.
 */
public final class Sender {
    public static final String TEXT = "text/plain; charset=utf-8";

    private final String userId;
    private final SecureRandom random;
    private final Clock clock;

    public Sender(String userId, SecureRandom random, Clock clock) {
        this.userId = userId;
        this.random = random;
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
     * (ciphertext under the conversation's key). Never the franking key or any plaintext.
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
        // recipient can later prove which file it was (and the sender cannot swap it)
        List<AttachmentDescriptor> descriptors = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        for (Attachment a : attachments) {
            descriptors.add(AttachmentDescriptor.of(a.contentType(), a.plaintext()));
            // §6: the blob store gets key-committing ciphertext only
            blobs.add(AttachmentCipher.encrypt(conversation.key(), a.plaintext(), random));
        }
        MessageContent content =
                new MessageContent(
                        messageId,
                        userId,
                        conversation.id(),
                        clock.millis(),
                        contentType,
                        body,
                        descriptors);
        // §1: a fresh franking key for every message, from a CSPRNG
        Opening opening = Opening.commit(content, random);
        // §2: the franking key travels only inside the end-to-end encrypted envelope
        byte[] envelope = Envelope.seal(conversation.key(), opening, random);
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

    /**
     * The sender keeps one recipient's stamp beside its own opening (the relay tells the sender the
     * stamps it issued), so that the sender can include its own message as context when it reports
     * a reply: PROTOCOL.md §5 accepts a context message whose sender is the reporter.
     */
    public Recipient.Held keep(Outgoing sent, Relay.Delivery delivery) {
        if (!delivery.messageId().equals(sent.opening().content().messageId())) {
            throw new IllegalArgumentException("not a delivery of this message");
        }
        return new Recipient.Held(
                sent.opening(), delivery.recipientId(), delivery.stamp(), List.of());
    }
}
