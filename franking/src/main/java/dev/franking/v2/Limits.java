package dev.franking.v2;

/**
 * Every limit of protocol v2 in one place (PROTOCOL.md §0, §1, §2, §5, §7), so that validation,
 * HTML {@code maxlength} attributes and column widths can all read the same constants.
 */
public final class Limits {
    /** §0: identifiers are 1..256 bytes of UTF-8. */
    public static final int MAX_ID_BYTES = 256;

    /** §0: a kid is 1..32 characters of {@code [A-Za-z0-9._-]}. */
    public static final int MAX_KID_CHARS = 32;

    /** §0, as a regex for forms and validation annotations. */
    public static final String KID_REGEX = "[A-Za-z0-9._-]{1," + MAX_KID_CHARS + "}";

    /** §0: times and sizes are at most 2^53 − 1, exact in any JSON parser. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** §1: a body is at most 65,536 bytes. */
    public static final int MAX_BODY_BYTES = 65_536;

    /** §1: at most 32 attachments per message. */
    public static final int MAX_ATTACHMENTS = 32;

    /** §1: a content type is 1..255 bytes of UTF-8. */
    public static final int MAX_CONTENT_TYPE_BYTES = 255;

    /** §1: at most 8 {@code prev} entries (the conversation's heads). */
    public static final int MAX_PREV = 8;

    /** §2: a blob locator is 0..2,048 bytes. */
    public static final int MAX_LOCATOR_BYTES = 2_048;

    /** §5: one reported message plus at most 29 context messages. */
    public static final int MAX_REPORT_MESSAGES = 30;

    /** §5: a report's comment, in characters (code points). */
    public static final int MAX_COMMENT_CHARS = 1_000;

    /** §7: per stamp request. */
    public static final int MAX_STAMP_MESSAGES = 1_000;

    public static final int MAX_ROUTES_PER_MESSAGE = 1_000;
    public static final int MAX_ROUTES_PER_REQUEST = 10_000;

    /**
     * Keys (franking, stamp, message, attachment), commitments, routes, macs, SHA-256: 32 bytes.
     */
    public static final int KEY_BYTES = 32;

    public static final int HASH_BYTES = 32;

    /** §3: a route salt is 16 bytes. */
    public static final int ROUTE_SALT_BYTES = 16;

    private Limits() {}
}
