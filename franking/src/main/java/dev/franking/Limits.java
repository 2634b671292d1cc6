package dev.franking;

import java.util.regex.Pattern;

/**
 * Every limit of the protocol in one place (PROTOCOL.md §0, §1, §5, §7). Validation, HTML {@code
 * maxlength} attributes and column widths all read these constants.
 */
public final class Limits {
    /** §0: identifiers are 1..256 bytes of UTF-8. */
    public static final int MAX_ID_BYTES = 256;

    /** §0: a kid is 1..32 characters of {@code [A-Za-z0-9._-]}. */
    public static final int MAX_KID_CHARS = 32;

    public static final Pattern KID_PATTERN =
            Pattern.compile("[A-Za-z0-9._-]{1," + MAX_KID_CHARS + "}");

    /** §1: a body is at most 65,536 bytes. */
    public static final int MAX_BODY_BYTES = 65_536;

    /** §1: at most 32 attachments per message. */
    public static final int MAX_ATTACHMENTS = 32;

    /** §1: a content type is at most 255 bytes of UTF-8. */
    public static final int MAX_CONTENT_TYPE_BYTES = 255;

    /** §5: one reported message plus at most 29 context messages. */
    public static final int MAX_CONTEXT_MESSAGES = 29;

    public static final int MAX_REPORT_MESSAGES = MAX_CONTEXT_MESSAGES + 1;

    /** Franking keys, stamp keys, envelope and attachment keys: 32 bytes. */
    public static final int KEY_BYTES = 32;

    /** HMAC-SHA256 output, SHA-256 output. */
    public static final int MAC_BYTES = 32;

    public static final int SHA256_BYTES = 32;

    /** §7: per stamp request. */
    public static final int MAX_STAMP_MESSAGES = 1_000;

    public static final int MAX_STAMPS_PER_REQUEST = 10_000;

    /** §7: a report's comment. */
    public static final int MAX_COMMENT_CHARS = 1_000;

    private Limits() {}
}
