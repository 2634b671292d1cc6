package dev.franking.service.audit;

/**
 * Every event the audit log records, by the name stored in {@code audit_log.event}. The database
 * refuses any other name (the {@code audit_log_event} CHECK of V5); {@code StatesTest} keeps the
 * two lists equal. Names are part of the trail's meaning: never renamed, only added (with a
 * migration).
 */
public enum AuditEvent {
    EVIDENCE_VIEWED("evidence.viewed"),
    /**
     * Before issue 13: an attachment sent to a browser that showed it blurred. Not a view; no
     * longer written.
     */
    ATTACHMENT_VIEWED("attachment.viewed"),
    // V18 (issue 13 item 3): a blurred preview made on the server (not a view); a file shown
    // unobscured ("view original", or inside a downloaded evidence package): a view of that file
    ATTACHMENT_PREVIEWED("attachment.previewed"),
    ATTACHMENT_ORIGINAL_VIEWED("attachment.original_viewed"),
    // V18 (issue 14 wellness): a moderator changed their own display settings
    MODERATOR_SETTINGS_CHANGED("moderator.settings_changed"),
    COMMENT_VIEWED("comment.viewed"),
    CASE_CLAIMED("case.claimed"),
    CASE_RELEASED("case.released"),
    CASE_REASSIGNED("case.reassigned"),
    CASE_NOTE_ADDED("case.note_added"),
    CASE_DECIDED("case.decided"),
    CASE_ESCALATED("case.escalated"),
    CASE_REOPENED("case.reopened"),
    CASE_HOLD_PLACED("case.hold_placed"),
    CASE_HOLD_LIFTED("case.hold_lifted"),
    CASE_SHREDDED("case.shredded"),
    PLATFORM_ACTION_QUEUED("platform_action.queued"),
    MODERATOR_CREATED("moderator.created"),
    MODERATOR_PASSWORD_RESET("moderator.password_reset"),
    DESTINATION_ADDED("destination.added"),
    EVIDENCE_PACKAGED("evidence.packaged"),
    EVIDENCE_PACKAGE_DOWNLOADED("evidence.package_downloaded"),
    FORWARDING_REQUESTED("forwarding.requested"),
    FORWARDING_APPROVED("forwarding.approved"),
    FORWARDING_REJECTED("forwarding.rejected"),
    FORWARDING_ACKNOWLEDGED("forwarding.acknowledged"),
    FORWARDING_FAILED("forwarding.failed"),
    // V12 (issue 14): decision templates, kept by admins
    TEMPLATE_CREATED("template.created"),
    TEMPLATE_UPDATED("template.updated"),
    TEMPLATE_DELETED("template.deleted"),
    // V12 (issue 14): a moderator's action refused (by whom, which action, why)
    CASE_ACTION_REFUSED("case.action_refused"),
    // issue 13: delivery that always ends (V10)
    DESTINATION_TESTED("destination.tested"),
    FORWARDING_RETRACTED("forwarding.retracted"),
    FORWARDING_RETRIED("forwarding.retried"),
    FORWARDING_REFERENCE_RECORDED("forwarding.reference_recorded"),
    // V15 (issue 14, appeals): the platform acknowledged an action; an action withdrawn; appeals
    PLATFORM_ACTION_DELIVERED("platform_action.delivered"),
    PLATFORM_ACTION_REVERSED("platform_action.reversed"),
    APPEAL_FILED("appeal.filed"),
    APPEAL_DECIDED("appeal.decided"),
    // V16: an appellant's statement shown to a moderator (like content, each view audited)
    APPEAL_STATEMENT_VIEWED("appeal.statement_viewed"),
    // issue 13 (V17): custody from receipt, by the system actor
    REPORT_RECEIVED("report.received"),
    CASE_OPENED("case.opened"),
    ATTACHMENT_UPLOADED("attachment.uploaded"),
    // V22 (issue 14, sign-in hardening): sign-ins and passkeys
    SIGN_IN_SUCCEEDED("sign_in.succeeded"),
    SIGN_IN_FAILED("sign_in.failed"),
    SIGN_IN_LOCKED("sign_in.locked"),
    SIGN_IN_PASSKEY_FAILED("sign_in.passkey_failed"),
    PASSKEY_REGISTERED("passkey.registered"),
    PASSKEY_REMOVED("passkey.removed"),
    // V19 (issue 14): an account's page was viewed (it reveals the account's history)
    ACCOUNT_VIEWED("account.viewed"),
    // V21 (issue 14, back office): moderator accounts and destinations edited by admins
    MODERATOR_DISABLED("moderator.disabled"),
    MODERATOR_ENABLED("moderator.enabled"),
    MODERATOR_ROLES_CHANGED("moderator.roles_changed"),
    DESTINATION_UPDATED("destination.updated"),
    DESTINATION_DELETED("destination.deleted"),
    // V20 (issue 14, whole context): a report's whole transcript shown in one action (subject: the
    // report; detail: every message shown), and each report of a case upheld or dismissed
    TRANSCRIPT_VIEWED("transcript.viewed"),
    REPORT_UPHELD("report.upheld"),
    REPORT_DISMISSED("report.dismissed");

    private final String wire;

    AuditEvent(String wire) {
        this.wire = wire;
    }

    /** The name as stored and hashed into the chain. */
    public String wire() {
        return wire;
    }
}
