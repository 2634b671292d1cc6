package dev.franking.v2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The content of one message as its sender commits to it (PROTOCOL.md §1):
 *
 * <pre>
 * content_bytes = str("franking/v2/content")
 *              || str(message_id) || str(sender_id) || str(conversation_id)
 *              || u64(sent_at)
 *              || u32(k) || prev_1 || ... || prev_k
 *              || str(content_type) || lp(body)
 *              || u32(n) || attachment_1 || ... || attachment_n
 * attachment_i  = str(content_type_i) || u64(size_i) || H(plaintext_i)
 * </pre>
 *
 * The constructor enforces every limit of §0 and §1: ids 1..256 bytes, {@code sent_at} in
 * 0..2^53−1, {@code prev} at most 8 distinct commitments in strictly ascending order (a sender
 * takes them from {@link ConversationHeads#prev()}), content types 1..255 bytes, a body of at most
 * 65,536 bytes, at most 32 attachments. {@link #toString()} never prints the body.
 *
 * <p>A final class with a record's API (the canonical constructor, one accessor per field, value
 * equality), not a record, for one reason: {@link ReportVerifier} checks every field of a submitted
 * message in its form step and owns the arrays it decoded, and a record's constructor would check
 * and copy all of it a second time on every verification.
 */
public final class MessageContent {
    private final String messageId;
    private final String senderId;
    private final String conversationId;
    private final long sentAt;
    private final List<Commitment> prev;
    private final String contentType;
    private final byte[] body;
    private final List<AttachmentDescriptor> attachments;

    static final String LABEL = "franking/v2/content";

    /** {@code str(LABEL)}, written once: it starts every {@code content_bytes}. */
    private static final byte[] STR_LABEL = new Wire.Writer(32).str(LABEL).toByteArray();

    /**
     * @throws LimitException if a field breaks §0 or §1 (checked in the order of the parameters)
     */
    public MessageContent(
            String messageId,
            String senderId,
            String conversationId,
            long sentAt,
            List<Commitment> prev,
            String contentType,
            byte[] body,
            List<AttachmentDescriptor> attachments) {
        Ids.checkId(messageId, "messageId");
        Ids.checkId(senderId, "senderId");
        Ids.checkId(conversationId, "conversationId");
        Ids.checkTime(sentAt, "sentAt");
        prev = checkPrev(prev);
        Ids.checkContentType(contentType, "contentType");
        if (body == null) {
            throw new LimitException(FailureCode.INVALID_BODY, "body is missing");
        }
        checkBodySize(body.length);
        body = body.clone();
        if (attachments == null) {
            throw new LimitException(FailureCode.INVALID_ATTACHMENT, "attachments are missing");
        }
        if (attachments.size() > Limits.MAX_ATTACHMENTS) {
            throw new LimitException(
                    FailureCode.TOO_MANY_ATTACHMENTS,
                    "at most " + Limits.MAX_ATTACHMENTS + " attachments");
        }
        for (AttachmentDescriptor a : attachments) {
            if (a == null) {
                throw new LimitException(FailureCode.INVALID_ATTACHMENT, "attachment is missing");
            }
        }
        attachments = List.copyOf(attachments);
        this.messageId = messageId;
        this.senderId = senderId;
        this.conversationId = conversationId;
        this.sentAt = sentAt;
        this.prev = prev;
        this.contentType = contentType;
        this.body = body;
        this.attachments = attachments;
    }

    /**
     * For {@link ReportVerifier}'s form step only, which has made every check of the public
     * constructor, in its order, on exactly these values: {@code prev} and {@code attachments} are
     * immutable lists of non-null entries, and {@code body} is an array nobody else holds.
     */
    private MessageContent(
            String messageId,
            String senderId,
            String conversationId,
            long sentAt,
            List<Commitment> prev,
            String contentType,
            byte[] body,
            List<AttachmentDescriptor> attachments,
            boolean checked) {
        this.messageId = messageId;
        this.senderId = senderId;
        this.conversationId = conversationId;
        this.sentAt = sentAt;
        this.prev = prev;
        this.contentType = contentType;
        this.body = body;
        this.attachments = attachments;
    }

    /** See the private constructor: the form step's values, checked already, owned. */
    static MessageContent checked(
            String messageId,
            String senderId,
            String conversationId,
            long sentAt,
            List<Commitment> prev,
            String contentType,
            byte[] ownedBody,
            List<AttachmentDescriptor> attachments) {
        return new MessageContent(
                messageId,
                senderId,
                conversationId,
                sentAt,
                prev,
                contentType,
                ownedBody,
                attachments,
                true);
    }

    static void checkBodySize(int length) {
        if (length > Limits.MAX_BODY_BYTES) {
            throw new LimitException(
                    FailureCode.BODY_TOO_LARGE,
                    "body must be at most " + Limits.MAX_BODY_BYTES + " bytes");
        }
    }

    public String messageId() {
        return messageId;
    }

    public String senderId() {
        return senderId;
    }

    public String conversationId() {
        return conversationId;
    }

    public long sentAt() {
        return sentAt;
    }

    public List<Commitment> prev() {
        return prev;
    }

    public String contentType() {
        return contentType;
    }

    public List<AttachmentDescriptor> attachments() {
        return attachments;
    }

    static List<Commitment> checkPrev(List<Commitment> prev) {
        if (prev == null) {
            throw new LimitException(FailureCode.INVALID_PREV, "prev is missing");
        }
        if (prev.size() > Limits.MAX_PREV) {
            throw new LimitException(
                    FailureCode.INVALID_PREV, "prev holds at most " + Limits.MAX_PREV + " entries");
        }
        for (int i = 0; i < prev.size(); i++) {
            if (prev.get(i) == null) {
                throw new LimitException(FailureCode.INVALID_PREV, "prev entry is missing");
            }
            if (i > 0 && prev.get(i - 1).compareTo(prev.get(i)) >= 0) {
                // strictly ascending also means distinct: one encoding per set of heads
                throw new LimitException(
                        FailureCode.INVALID_PREV, "prev must be distinct and strictly ascending");
            }
        }
        return List.copyOf(prev);
    }

    /** A copy of the body; callers own it. */
    public byte[] body() {
        return body.clone();
    }

    byte[] unsafeBody() {
        return body;
    }

    /** {@code content_bytes} of §1. */
    public byte[] contentBytes() {
        return encode().toByteArray();
    }

    Wire.Writer encode() {
        Wire.Writer w = new Wire.Writer(encodedSizeHint());
        writeTo(w);
        return w;
    }

    /** About {@code len(content_bytes)}: enough for ASCII ids, or a writer grows once. */
    int encodedSizeHint() {
        return 200 + 32 * prev.size() + body.length + attachments.size() * 120;
    }

    void writeTo(Wire.Writer w) {
        w.write(STR_LABEL).str(messageId).str(senderId).str(conversationId).u64(sentAt);
        w.u32(prev.size());
        for (Commitment c : prev) {
            w.write(c.unsafeBytes());
        }
        w.str(contentType).lp(body);
        w.u32(attachments.size());
        for (AttachmentDescriptor a : attachments) {
            w.str(a.contentType()).u64(a.size()).write(a.unsafeSha256());
        }
    }

    /**
     * {@link #writeTo(Wire.Writer)} for {@link ReportVerifier}, which wrote the identifiers once,
     * while checking them: {@code ids[idsFrom, contentTypeAt)} is {@code str(message_id) ||
     * str(sender_id) || str(conversation_id)} and {@code ids[contentTypeAt, end)} is {@code
     * str(content_type)} of this content.
     */
    void writeTo(Wire.Writer w, byte[] ids, int idsFrom, int contentTypeAt, int end) {
        w.write(STR_LABEL).write(ids, idsFrom, contentTypeAt - idsFrom).u64(sentAt);
        w.u32(prev.size());
        for (int i = 0; i < prev.size(); i++) {
            w.write(prev.get(i).unsafeBytes());
        }
        w.write(ids, contentTypeAt, end - contentTypeAt).lp(body);
        w.u32(attachments.size());
        for (int i = 0; i < attachments.size(); i++) {
            AttachmentDescriptor a = attachments.get(i);
            w.str(a.contentType()).u64(a.size()).write(a.unsafeSha256());
        }
    }

    /**
     * Parses {@code content_bytes} strictly: the label, every length, every limit, no trailing
     * bytes.
     *
     * @throws IllegalArgumentException (a {@link LimitException} where a limit is broken) unless
     *     the bytes are exactly one valid encoding
     */
    static MessageContent parse(byte[] b, int off, int end) {
        Wire.Reader r = new Wire.Reader(b, off, end);
        String label = Ids.decodeUtf8(r.lp(64), FailureCode.INVALID_ID, "label");
        if (!LABEL.equals(label)) {
            throw new IllegalArgumentException("content_bytes: wrong label");
        }
        String messageId = id(r, "messageId");
        String senderId = id(r, "senderId");
        String conversationId = id(r, "conversationId");
        long sentAt = r.u64();
        long k = r.u32();
        if (k > Limits.MAX_PREV) {
            throw new LimitException(FailureCode.INVALID_PREV, "too many prev entries");
        }
        List<Commitment> prev = new ArrayList<>((int) k);
        for (int i = 0; i < k; i++) {
            prev.add(Commitment.fromBytes(r.bytes(Limits.HASH_BYTES)));
        }
        String contentType = contentType(r, "contentType");
        byte[] body = r.lp(Limits.MAX_BODY_BYTES);
        long n = r.u32();
        if (n > Limits.MAX_ATTACHMENTS) {
            throw new LimitException(FailureCode.TOO_MANY_ATTACHMENTS, "too many attachments");
        }
        List<AttachmentDescriptor> attachments = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            String ct = contentType(r, "attachment content type");
            long size = r.u64();
            attachments.add(new AttachmentDescriptor(ct, size, r.bytes(Limits.HASH_BYTES)));
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("content_bytes: trailing bytes");
        }
        return new MessageContent(
                messageId, senderId, conversationId, sentAt, prev, contentType, body, attachments);
    }

    /**
     * Parses {@code content_bytes} that were stored (a service keeps a verified message's opening
     * sealed at rest), strictly: the label, every length and limit, no trailing bytes.
     *
     * @throws IllegalArgumentException unless the bytes are exactly one valid encoding
     */
    public static MessageContent parse(byte[] contentBytes) {
        return parse(contentBytes, 0, contentBytes.length);
    }

    private static String id(Wire.Reader r, String what) {
        return Ids.decodeUtf8(r.lp(Limits.MAX_ID_BYTES), FailureCode.INVALID_ID, what);
    }

    private static String contentType(Wire.Reader r, String what) {
        return Ids.decodeUtf8(
                r.lp(Limits.MAX_CONTENT_TYPE_BYTES), FailureCode.INVALID_CONTENT_TYPE, what);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageContent m
                && messageId.equals(m.messageId)
                && senderId.equals(m.senderId)
                && conversationId.equals(m.conversationId)
                && sentAt == m.sentAt
                && prev.equals(m.prev)
                && contentType.equals(m.contentType)
                && Arrays.equals(body, m.body)
                && attachments.equals(m.attachments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, senderId, conversationId, sentAt);
    }

    @Override
    public String toString() {
        // never the body: it is content
        return "MessageContent[messageId="
                + messageId
                + ", senderId="
                + senderId
                + ", conversationId="
                + conversationId
                + ", sentAt="
                + sentAt
                + ", prev="
                + prev.size()
                + ", contentType="
                + contentType
                + ", body=("
                + body.length
                + " bytes), attachments="
                + attachments.size()
                + "]";
    }
}
