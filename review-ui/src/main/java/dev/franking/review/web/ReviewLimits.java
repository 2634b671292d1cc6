package dev.franking.review.web;

/**
 * One constant per limit of a text a person types or the service stores: the form records'
 * {@code @Size}, the templates' {@code maxlength} (through the {@code limits} model attribute), the
 * report service's checks and the width of the column that stores it all use these. The report
 * service depends on this module (this module never on it), so this is the one place both see; the
 * report service's {@code ColumnLimitsTest} fails when a column's width and its constant disagree.
 */
public final class ReviewLimits {
    private ReviewLimits() {}

    /** A moderator's note on a case (stored encrypted: no column width). */
    public static final int NOTE_MAX_CHARS = 2000;

    /**
     * Every reason a moderator gives: escalating, reopening, requesting or rejecting a forwarding,
     * placing or lifting a legal hold ({@code forwardings.request_reason}, {@code
     * forwardings.last_error}, {@code legal_holds.reason}, {@code legal_holds.lift_reason}).
     */
    public static final int REASON_MAX = 1000;

    /** The facts of a statement of reasons (stored encrypted: no column width). */
    public static final int FACTS_MAX = 4000;

    /** The ground of a statement of reasons (a rule or a law): {@code cases.reasons_ground}. */
    public static final int GROUND_MAX = 200;

    /**
     * A moderator's username: {@code moderators.username} and every column naming a moderator
     * (assignee, author, decider, requester, ...); the login, the assignee filter and the reassign
     * form take no more.
     */
    public static final int USERNAME_MAX = 64;

    /** A passkey's name, as its owner types it: {@code user_credentials.label}. */
    public static final int PASSKEY_LABEL_MAX = 64;

    /** Filter text fields of the audit page (actor, event). */
    public static final int FILTER_MAX = 100;

    /** A forwarding destination's display name: {@code destinations.name}. */
    public static final int DESTINATION_NAME_MAX = 100;

    /** A forwarding destination's address (an https URL): {@code destinations.url}. */
    public static final int DESTINATION_URL_MAX = 2000;

    /**
     * The username a destination's API takes (e.g. the CyberTipline's basic-auth user): {@code
     * destinations.username}.
     */
    public static final int DESTINATION_USERNAME_MAX = 200;

    /** A destination's secret (password, token or HMAC key); write-only in the UI. */
    public static final int DESTINATION_SECRET_MAX = 4096;

    /**
     * A report's category as stored ({@code reports.category}, {@code cases.top_category}); every
     * category name is shorter.
     */
    public static final int CATEGORY_MAX = 32;

    /** A moderator's roles, comma-separated ({@code moderators.roles}); all of them fit. */
    public static final int ROLES_MAX = 64;

    /** An audit row's detail ({@code audit_log.detail}); longer details are cut. */
    public static final int AUDIT_DETAIL_MAX = 2000;

    /** The last error of a delivery ({@code outbox.last_error}); longer errors are cut. */
    public static final int ERROR_MAX = 500;

    /** Rows per queue page. */
    public static final int QUEUE_PAGE_SIZE = 50;

    /** Rows per audit page. */
    public static final int AUDIT_PAGE_SIZE = 100;

    /** Revealed text longer than this is collapsed behind a disclosure. */
    public static final int COLLAPSE_TEXT_CHARS = 600;

    /** The longest dashboard period, in days. */
    public static final int DASHBOARD_MAX_DAYS = 366;
}
