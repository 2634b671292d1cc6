package dev.franking;

import java.util.ArrayList;
import java.util.List;

/**
 * The content of one message, as committed by the sender (PROTOCOL.md §1):
 *
 * <pre>
 * content_bytes = str("franking/v1/content")
 *              || str(message_id) || str(sender_id) || str(conversation_id)
 *              || u64(sent_at)
 *              || str(content_type) || lp(body)
 *              || u32(n) || attachment_1 || ... || attachment_n
 * </pre>
 *
 * The constructor enforces the limits of §0 and §1; {@link #toString()} never prints the body.
 */
public record MessageContent(
        String messageId,
        String senderId,
        String conversationId,
        long sentAt,
        String contentType,
        byte[] body,
        List<AttachmentDescriptor> attachments) {

    static final String LABEL = "franking/v1/content";

    public MessageContent {
        Ids.checkId(messageId, "messageId");
        Ids.checkId(senderId, "senderId");
        Ids.checkId(conversationId, "conversationId");
        Ids.checkTime(sentAt, "sentAt");
        Ids.checkContentType(contentType, "contentType");
        if (body == null) {
            throw new LimitException(FailureCode.BODY_TOO_LARGE, "body is missing");
        }
        if (body.length > Limits.MAX_BODY_BYTES) {
            throw new LimitException(
                    FailureCode.BODY_TOO_LARGE,
                    "body must be at most " + Limits.MAX_BODY_BYTES + " bytes");
        }
        body = body.clone();
        if (attachments == null) {
            attachments = List.of();
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
    }

    /** A copy of the body; callers own it. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    int bodyLength() {
        return body.length;
    }

    /** {@code content_bytes} of PROTOCOL.md §1. */
    public byte[] contentBytes() {
        Wire.Buffer buf = new Wire.Buffer(128 + body.length + attachments.size() * 80);
        writeTo(buf);
        return buf.toByteArray();
    }

    void writeTo(Wire.Sink out) {
        out.str(LABEL);
        out.str(messageId);
        out.str(senderId);
        out.str(conversationId);
        out.u64(sentAt);
        out.str(contentType);
        out.lp(body);
        out.u32(attachments.size());
        for (AttachmentDescriptor a : attachments) {
            out.str(a.contentType());
            out.u64(a.size());
            out.write(a.unsafeSha256());
        }
    }

    /**
     * Parses {@code content_bytes} strictly: the label, every length, the limits, and no trailing
     * bytes.
     *
     * @throws IllegalArgumentException (a {@link LimitException} where a limit is broken) if the
     *     bytes are not exactly one valid encoding
     */
    public static MessageContent parse(byte[] contentBytes) {
        Wire.Reader r = new Wire.Reader(contentBytes, 0);
        String label = Ids.decodeUtf8(r.lp(Limits.MAX_ID_BYTES), FailureCode.INVALID_ID, "label");
        if (!LABEL.equals(label)) {
            throw new IllegalArgumentException("content_bytes: wrong label");
        }
        String messageId =
                Ids.decodeUtf8(r.lp(Limits.MAX_ID_BYTES), FailureCode.INVALID_ID, "messageId");
        String senderId =
                Ids.decodeUtf8(r.lp(Limits.MAX_ID_BYTES), FailureCode.INVALID_ID, "senderId");
        String conversationId =
                Ids.decodeUtf8(r.lp(Limits.MAX_ID_BYTES), FailureCode.INVALID_ID, "conversationId");
        long sentAt = r.u64();
        String contentType =
                Ids.decodeUtf8(
                        r.lp(Limits.MAX_CONTENT_TYPE_BYTES),
                        FailureCode.CONTENT_TYPE_TOO_LONG,
                        "contentType");
        byte[] body = r.lp(Limits.MAX_BODY_BYTES);
        long n = r.u32();
        if (n > Limits.MAX_ATTACHMENTS) {
            throw new LimitException(
                    FailureCode.TOO_MANY_ATTACHMENTS,
                    "at most " + Limits.MAX_ATTACHMENTS + " attachments");
        }
        List<AttachmentDescriptor> attachments = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            String ct =
                    Ids.decodeUtf8(
                            r.lp(Limits.MAX_CONTENT_TYPE_BYTES),
                            FailureCode.CONTENT_TYPE_TOO_LONG,
                            "attachment content type");
            long size = r.u64();
            byte[] sha = r.bytes(Limits.SHA256_BYTES);
            attachments.add(new AttachmentDescriptor(ct, size, sha));
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("content_bytes: trailing bytes");
        }
        return new MessageContent(
                messageId, senderId, conversationId, sentAt, contentType, body, attachments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageContent m
                && messageId.equals(m.messageId)
                && senderId.equals(m.senderId)
                && conversationId.equals(m.conversationId)
                && sentAt == m.sentAt
                && contentType.equals(m.contentType)
                && java.util.Arrays.equals(body, m.body)
                && attachments.equals(m.attachments);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(messageId, senderId, conversationId, sentAt);
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
                + ", contentType="
                + contentType
                + ", body=("
                + body.length
                + " bytes), attachments="
                + attachments.size()
                + "]";
    }
}
