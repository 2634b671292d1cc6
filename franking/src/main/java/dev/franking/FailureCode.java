package dev.franking;

/**
 * Stable codes for every check the protocol can fail. The wire form ({@link #code()}) is what the
 * report service puts at the end of a problem's {@code type} and in its {@code failures} array
 * (PROTOCOL.md §5, §7), so these strings never change once released.
 */
public enum FailureCode {
    // PROTOCOL.md §5 checks 3 to 6
    UNKNOWN_KEY("unknown_key"),
    STAMP_EXPIRED("stamp_expired"),
    BAD_STAMP("bad_stamp"),
    NOT_A_PARTY("not_a_party"),
    WRONG_CONVERSATION("wrong_conversation"),
    // PROTOCOL.md §5 attachments
    ATTACHMENT_MISMATCH("attachment_mismatch"),
    // PROTOCOL.md §2 and §4 (client side)
    BAD_ENVELOPE("bad_envelope"),
    BAD_COMMITMENT("bad_commitment"),
    WRONG_SENDER("wrong_sender"),
    WRONG_MESSAGE_ID("wrong_message_id"),
    // PROTOCOL.md §6
    BAD_ATTACHMENT_BLOB("bad_attachment_blob"),
    // limits of PROTOCOL.md §0, §1, §5 (check 1)
    INVALID_ID("invalid_id"),
    INVALID_KID("invalid_kid"),
    INVALID_TIME("invalid_time"),
    CONTENT_TYPE_TOO_LONG("content_type_too_long"),
    BODY_TOO_LARGE("body_too_large"),
    TOO_MANY_ATTACHMENTS("too_many_attachments"),
    INVALID_ATTACHMENT("invalid_attachment"),
    INVALID_FRANKING_KEY("invalid_franking_key"),
    INVALID_COMMITMENT("invalid_commitment"),
    INVALID_MAC("invalid_mac"),
    INVALID_KEY("invalid_key"),
    NO_MESSAGES("no_messages"),
    DUPLICATE_MESSAGE("duplicate_message"),
    TOO_MANY_MESSAGES("too_many_messages");

    private final String code;

    FailureCode(String code) {
        this.code = code;
    }

    /** The wire form, e.g. {@code bad_stamp}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
