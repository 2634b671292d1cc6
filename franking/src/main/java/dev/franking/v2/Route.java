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
        Wire.Writer w =
                new Wire.Writer(
                        4 * 5
                                + LABEL.length()
                                + Limits.ROUTE_SALT_BYTES
                                + senderId.length()
                                + recipientId.length()
                                + conversationId.length()
                                + messageId.length());
        w.write(STR_LABEL)
                .write(salt.unsafeBytes())
                .str(senderId)
                .str(recipientId)
                .str(conversationId)
                .str(messageId);
        // the digest is the route's own array: nobody else holds it
        return new Route(Sha256.hash(w.array(), 0, w.length()), false);
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
