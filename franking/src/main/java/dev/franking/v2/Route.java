package dev.franking.v2;

/**
 * A salted route digest (PROTOCOL.md §3), all the stamp service learns of who wrote to whom:
 *
 * <pre>
 * route = H( str("franking/v2/route") || route_salt
 *          || str(sender_id) || str(recipient_id) || str(conversation_id) || str(message_id) )
 * </pre>
 */
public final class Route extends PublicBytes {
    static final String LABEL = "franking/v2/route";

    /** {@code str(LABEL)}, written once: it starts every route's input. */
    private static final byte[] STR_LABEL = new Wire.Writer(32).str(LABEL).toByteArray();

    private Route(byte[] bytes, boolean copy) {
        super(bytes, copy, Limits.HASH_BYTES, FailureCode.INVALID_ROUTE, "route");
    }

    /**
     * The relay's computation, and the report service's (§5 step 4).
     *
     * @throws LimitException {@link FailureCode#INVALID_ID} if an identifier breaks §0
     */
    public static Route compute(
            RouteSalt salt,
            String senderId,
            String recipientId,
            String conversationId,
            String messageId) {
        Ids.checkId(senderId, "senderId");
        Ids.checkId(recipientId, "recipientId");
        Ids.checkId(conversationId, "conversationId");
        Ids.checkId(messageId, "messageId");
        return computeChecked(salt, senderId, recipientId, conversationId, messageId);
    }

    /**
     * {@link #compute} for identifiers that were checked already (the verifier's, after the form
     * step): the same bytes, without scanning every identifier a second time.
     */
    static Route computeChecked(
            RouteSalt salt,
            String senderId,
            String recipientId,
            String conversationId,
            String messageId) {
        return computeChecked(
                Scratch.get(), salt, senderId, recipientId, conversationId, messageId);
    }

    /** {@link #computeChecked}, its input written into the thread's {@link Scratch}. */
    static Route computeChecked(
            Scratch s,
            RouteSalt salt,
            String senderId,
            String recipientId,
            String conversationId,
            String messageId) {
        Wire.Writer w =
                new Wire.Writer(
                        s.buffer(
                                4 * 5
                                        + LABEL.length()
                                        + Limits.ROUTE_SALT_BYTES
                                        + senderId.length()
                                        + recipientId.length()
                                        + conversationId.length()
                                        + messageId.length()),
                        0);
        w.write(STR_LABEL)
                .write(salt.unsafeBytes())
                .str(senderId)
                .str(recipientId)
                .str(conversationId)
                .str(messageId);
        byte[] b = w.array();
        s.keep(b);
        return new Route(hash(s, b, w.length()), false);
    }

    /**
     * The route of {@link ReportVerifier}, whose form step wrote every identifier once, while
     * checking it: {@code str(sender_id)}, {@code str(recipient_id)}, {@code str(conversation_id)}
     * and {@code str(message_id)} are copied from {@code ids}, each {@code [from, to)}.
     */
    static Route computeFromIds(
            Scratch s,
            RouteSalt salt,
            byte[] ids,
            int senderFrom,
            int senderTo,
            int recipientFrom,
            int recipientTo,
            int conversationFrom,
            int conversationTo,
            int messageFrom,
            int messageTo) {
        int n =
                STR_LABEL.length
                        + Limits.ROUTE_SALT_BYTES
                        + (senderTo - senderFrom)
                        + (recipientTo - recipientFrom)
                        + (conversationTo - conversationFrom)
                        + (messageTo - messageFrom);
        byte[] b = s.buffer(n);
        int at = 0;
        System.arraycopy(STR_LABEL, 0, b, at, STR_LABEL.length);
        at += STR_LABEL.length;
        System.arraycopy(salt.unsafeBytes(), 0, b, at, Limits.ROUTE_SALT_BYTES);
        at += Limits.ROUTE_SALT_BYTES;
        System.arraycopy(ids, senderFrom, b, at, senderTo - senderFrom);
        at += senderTo - senderFrom;
        System.arraycopy(ids, recipientFrom, b, at, recipientTo - recipientFrom);
        at += recipientTo - recipientFrom;
        System.arraycopy(ids, conversationFrom, b, at, conversationTo - conversationFrom);
        at += conversationTo - conversationFrom;
        System.arraycopy(ids, messageFrom, b, at, messageTo - messageFrom);
        at += messageTo - messageFrom;
        return new Route(hash(s, b, at), false);
    }

    private static byte[] hash(Scratch s, byte[] b, int len) {
        // the digest is the route's own array: nobody else holds it
        byte[] out = new byte[Limits.HASH_BYTES];
        try {
            s.md.reset(); // a no-op unless a bad argument once left it half-fed
            s.md.update(b, 0, len);
            s.md.digest(out, 0, Limits.HASH_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 digest refused a 32-byte output", e);
        }
        return out;
    }

    /** A route as the relay sends it to the stamp service. */
    public static Route fromBytes(byte[] bytes) {
        return new Route(bytes, true);
    }

    /**
     * A route as JSON carries it.
     *
     * @throws LimitException {@link FailureCode#INVALID_ROUTE} unless canonical B64 of 32 bytes
     */
    public static Route fromBase64(String b64) {
        return new Route(B64.decode(b64, FailureCode.INVALID_ROUTE, "route"), false);
    }
}
