package dev.franking.v2;

/**
 * Stable codes for every check protocol v2 can fail. The wire form ({@link #code()}) is what the
 * report service puts at the end of a problem's {@code type} and in its {@code failures} array
 * (PROTOCOL.md §5, §7), so these strings never change once released.
 */
public enum FailureCode {
    // §5 step 1, form (400): one code per field, naming the field, never its value
    NO_MESSAGES("no_messages"),
    TOO_MANY_MESSAGES("too_many_messages"),
    INVALID_MESSAGE("invalid_message"),
    INVALID_ID("invalid_id"),
    INVALID_TIME("invalid_time"),
    INVALID_PREV("invalid_prev"),
    INVALID_CONTENT_TYPE("invalid_content_type"),
    INVALID_BODY("invalid_body"),
    BODY_TOO_LARGE("body_too_large"),
    TOO_MANY_ATTACHMENTS("too_many_attachments"),
    INVALID_ATTACHMENT("invalid_attachment"),
    INVALID_FRANKING_KEY("invalid_franking_key"),
    INVALID_KID("invalid_kid"),
    INVALID_ROUTE_SALT("invalid_route_salt"),
    INVALID_MAC("invalid_mac"),
    // other values that are not well formed (library inputs, not report fields)
    INVALID_BASE64("invalid_base64"),
    INVALID_COMMITMENT("invalid_commitment"),
    INVALID_ROUTE("invalid_route"),
    INVALID_KEY("invalid_key"),
    INVALID_LOCATOR("invalid_locator"),
    // §5 step 2, claims (422)
    NOT_A_PARTY("not_a_party"),
    WRONG_CONVERSATION("wrong_conversation"),
    DUPLICATE_MESSAGE("duplicate_message"),
    // §5 step 3, keys (422)
    UNKNOWN_KEY("unknown_key"),
    STAMP_EXPIRED("stamp_expired"),
    // §5 step 4, proof (422): the one cryptographic failure code of the report API
    BAD_STAMP("bad_stamp"),
    // §5 attachments (422)
    ATTACHMENT_MISMATCH("attachment_mismatch"),
    // §2 and §4, the recipient's client
    BAD_ENVELOPE("bad_envelope"),
    BAD_COMMITMENT("bad_commitment"),
    WRONG_SENDER("wrong_sender"),
    WRONG_MESSAGE_ID("wrong_message_id"),
    // §4 and §6: an attachment that must be shown as unavailable
    BAD_ATTACHMENT_BLOB("bad_attachment_blob");

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
