package dev.franking.review.web;

/**
 * One constant per limit: the form records' {@code @Size}, the templates' {@code maxlength}
 * (through {@code T(dev.franking.review.web.ReviewLimits)}) and, on the report service's side, the
 * column widths use these.
 */
public final class ReviewLimits {
    private ReviewLimits() {}

    /** A moderator's note on a case. */
    public static final int NOTE_MAX_CHARS = 2000;

    /** The reason given for an escalation or a reopening. */
    public static final int REASON_MAX = 1000;

    /** The facts of a statement of reasons. */
    public static final int FACTS_MAX = 4000;

    /** The ground of a statement of reasons (a rule or a law). */
    public static final int GROUND_MAX = 200;

    /** A username, as the assignee filter and the reassign form take it. */
    public static final int USERNAME_MAX = 100;

    /** Filter text fields of the audit page (actor, event). */
    public static final int FILTER_MAX = 100;

    /** A forwarding destination's display name. */
    public static final int DESTINATION_NAME_MAX = 200;

    /** A forwarding destination's address (an https URL). */
    public static final int DESTINATION_URL_MAX = 2000;

    /** The username a destination's API takes (e.g. the CyberTipline's basic-auth user). */
    public static final int DESTINATION_USERNAME_MAX = 200;

    /** A destination's secret (password, token or HMAC key); write-only in the UI. */
    public static final int DESTINATION_SECRET_MAX = 4096;

    /** Rows per queue page. */
    public static final int QUEUE_PAGE_SIZE = 50;

    /** Rows per audit page. */
    public static final int AUDIT_PAGE_SIZE = 100;

    /** Revealed text longer than this is collapsed behind a disclosure. */
    public static final int COLLAPSE_TEXT_CHARS = 600;

    /** The longest dashboard period, in days. */
    public static final int DASHBOARD_MAX_DAYS = 366;
}
