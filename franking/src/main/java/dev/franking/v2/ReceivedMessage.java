package dev.franking.v2;

import java.util.List;

/**
 * A message that passed {@link Receipt} (PROTOCOL.md §4), and so may be shown and can be reported.
 * Only {@link Receipt} makes one. The client keeps it (content, {@code prev}, franking key, stamp)
 * for as long as its user may want to report, and passes it to {@link ConversationHeads#record}.
 */
public final class ReceivedMessage {
    private final MessageContent content;
    private final FrankingKey frankingKey;
    private final List<BlobRef> blobs;
    private final Delivery delivery;

    ReceivedMessage(
            MessageContent content,
            FrankingKey frankingKey,
            List<BlobRef> blobs,
            Delivery delivery) {
        this.content = content;
        this.frankingKey = frankingKey;
        this.blobs = blobs;
        this.delivery = delivery;
    }

    public MessageContent content() {
        return content;
    }

    public FrankingKey frankingKey() {
        return frankingKey;
    }

    public Commitment commitment() {
        return delivery.commitment();
    }

    /** One reference per attachment: where its blob is, and its key. */
    public List<BlobRef> blobs() {
        return blobs;
    }

    public Delivery delivery() {
        return delivery;
    }

    /**
     * §4 before showing attachment {@code index}: decrypts its blob with its own key (§6) and
     * checks that the plaintext has the committed size and SHA-256. On any failure the attachment
     * must be shown as unavailable, never its content.
     *
     * @throws FrankingException {@link FailureCode#BAD_ATTACHMENT_BLOB} if the blob does not open
     *     under its key, {@link FailureCode#ATTACHMENT_MISMATCH} if its plaintext is not the
     *     committed one
     * @throws IndexOutOfBoundsException if the message has no attachment {@code index}
     */
    public byte[] openAttachment(int index, byte[] blob) throws FrankingException {
        AttachmentDescriptor d = content.attachments().get(index);
        byte[] plaintext = AttachmentCipher.decrypt(blobs.get(index).key(), blob);
        d.verify(plaintext);
        return plaintext;
    }

    /** This message as a report submits it (§5, §7). */
    public SubmittedMessage toSubmission() {
        return SubmittedMessage.of(content, frankingKey, delivery.recipientId(), delivery.stamp());
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + content + ", " + delivery.commitment() + "]";
    }
}
