package dev.franking.review.model;

import dev.franking.review.model.Views.AuditFilter;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.ChainCheck;
import dev.franking.review.model.Views.DashboardStats;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.QueueFilter;
import dev.franking.review.model.Views.QueuePage;
import dev.franking.review.model.Views.RevealedAttachment;
import dev.franking.review.model.Views.RevealedItem;
import dev.franking.review.model.Views.StatementOfReasons;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the review UI needs from the rest of the system. The report service implements these; every
 * method that changes something authorises, changes and writes its audit row in one transaction,
 * and throws {@link ActionRefused} (with a message key) when the reviewer may not.
 */
public final class ReviewPorts {
    private ReviewPorts() {}

    /**
     * A refused action; {@code messageKey} is a key of messages.properties, shown as a flash
     * message.
     */
    public static class ActionRefused extends RuntimeException {
        private final String messageKey;

        public ActionRefused(String messageKey) {
            super(messageKey, null, false, false);
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    /**
     * The item or case does not exist, or the reviewer may not see it (the UI answers 404 for
     * both).
     */
    public static class NotFound extends RuntimeException {
        public NotFound() {
            super("not found", null, false, false);
        }
    }

    public interface Queue {
        /**
         * Open cases by priority: category severity (child safety first), distinct reporters, age.
         */
        QueuePage page(QueueFilter filter, String cursor, int limit, Reviewer viewer);

        /** The categories a filter may name, most severe first. */
        List<String> categories();

        /**
         * Escalated open cases this reviewer may work on (unassigned, or theirs), in queue order;
         * empty for a reviewer who does not see child-safety work.
         */
        QueuePage escalated(Reviewer viewer, int limit);

        /** How many cases {@link #escalated} would list (the navigation's count). */
        int escalatedCount(Reviewer viewer);

        /**
         * Open cases taken from this reviewer because they became child safety (the notice on their
         * queue), newest first.
         */
        List<Views.MovedCase> movedFrom(Reviewer viewer);

        /**
         * Why this reviewer no longer sees a case they had claimed or escalated; empty when they
         * had nothing to do with it (the UI then answers 404 as for any hidden case).
         */
        Optional<Views.MovedCase> moved(UUID caseId, Reviewer viewer);
    }

    public interface Cases {
        Optional<CaseView> find(UUID caseId, Reviewer viewer);

        /**
         * Decrypts one item's content for this view; writes an audit row (who, when, which item).
         */
        RevealedItem reveal(UUID caseId, UUID itemId, Reviewer viewer);

        /**
         * "View original" (issue 13): decrypts one uploaded attachment to be shown unobscured, and
         * audits it as a view of that file ({@code attachment.original_viewed}); this row, and only
         * this kind of row, makes an attachment count as viewed by the platform. The UI calls it
         * only on an explicit POST by the person.
         */
        RevealedAttachment attachment(UUID caseId, UUID itemId, int n, Reviewer viewer);

        /**
         * Decrypts one uploaded attachment only to make a blurred preview of it on the server
         * (issue 13): audited as {@code attachment.previewed}, which does not count as a view. The
         * bytes never leave the UI's memory; only the blurred rendering is sent.
         */
        RevealedAttachment attachmentForPreview(UUID caseId, UUID itemId, int n, Reviewer viewer);

        /** Decrypts a report's comment for this view; audited. */
        String revealComment(UUID caseId, UUID reportId, Reviewer viewer);

        /** Usernames a case may be reassigned to. */
        List<String> assignees();
    }

    public interface Actions {
        void claim(UUID caseId, Reviewer by);

        void release(UUID caseId, Reviewer by);

        /** Admins only. */
        void reassign(UUID caseId, String toUsername, Reviewer by);

        void note(UUID caseId, String text, Reviewer by);

        /**
         * Closes the case; WARN, RESTRICT and SUSPEND also notify the messaging platform (through
         * the outbox).
         */
        void decide(UUID caseId, Decision decision, StatementOfReasons reasons, Reviewer by);

        void escalate(UUID caseId, String reason, Reviewer by);

        void reopen(UUID caseId, String reason, Reviewer by);
    }

    /**
     * Four-eyes approvals (optional port): the pending requests this reviewer may approve (not
     * their own), oldest first. Approving goes through {@link Evidence#approveForwarding}.
     */
    public interface Approvals {
        List<Views.ApprovalRow> awaitingApproval(Reviewer viewer);
    }

    /**
     * Decision templates (optional port). Everyone who decides may list them; creating, editing and
     * deleting are for admins, audited. An edit or deletion carries the version it was made
     * against: if the template changed meanwhile it is refused with {@code refused.template-stale}
     * and nothing is overwritten. Other refusals: {@code refused.admin-only}, {@code
     * refused.template-invalid}, {@code refused.template-name-taken}; an unknown id is {@link
     * NotFound}.
     */
    public interface Templates {
        List<Views.DecisionTemplate> list();

        UUID create(String name, String ground, String facts, Reviewer by);

        void update(UUID id, long version, String name, String ground, String facts, Reviewer by);

        void delete(UUID id, long version, Reviewer by);
    }

    public interface Audit {
        List<AuditRow> search(AuditFilter filter, Long beforeSeq, int limit);

        void exportCsv(AuditFilter filter, Writer out) throws IOException;

        ChainCheck verifyChain();
    }

    public interface Dashboard {
        DashboardStats stats(Instant from, Instant to);
    }

    /**
     * Evidence forwarding with four eyes, preservation and legal holds (issue 5). Requesting needs
     * the child-safety role; approving needs child-safety or admin and a different person than the
     * requester; holds and destinations are for admins. Refusals are {@link ActionRefused}.
     */
    public interface Evidence {
        /** Null when the reviewer may not see the case. */
        Views.EvidenceStatus status(UUID caseId, Reviewer viewer);

        List<Views.DestinationRow> destinations();

        default UUID requestForwarding(
                UUID caseId, UUID destinationId, String reason, Reviewer by) {
            return requestForwarding(caseId, destinationId, reason, null, by);
        }

        /**
         * {@code tipline}: what a CyberTipline report is to say (ignored for other destinations;
         * null or without an incident type: the default from {@link #defaultIncidentType}). Refused
         * for a CyberTipline destination while the platform's contact is not configured.
         */
        UUID requestForwarding(
                UUID caseId,
                UUID destinationId,
                String reason,
                Views.TiplineChoices tipline,
                Reviewer by);

        /**
         * The incident type a CyberTipline report of this case gets unless the requester chooses
         * another (never child pornography for text alone); null when the reviewer may not see the
         * case.
         */
        Views.IncidentType defaultIncidentType(UUID caseId, Reviewer viewer);

        void approveForwarding(UUID caseId, UUID forwardingId, Reviewer by);

        void rejectForwarding(UUID caseId, UUID forwardingId, String reason, Reviewer by);

        /** The signed package of an approved forwarding; audited. */
        Views.PackageDownload download(UUID caseId, UUID forwardingId, Reviewer by);

        void placeHold(UUID caseId, String reason, Reviewer by);

        void liftHold(UUID caseId, String reason, Reviewer by);

        /**
         * Admins: {@code kind} is cybertipline, webhook or download; url, username and secret as
         * the kind needs.
         */
        UUID addDestination(
                String name, String kind, String url, String username, String secret, Reviewer by);

        /**
         * Child-safety moderators: sends a failed forwarding again, continuing from what the
         * destination already holds; audited.
         */
        void retryForwarding(UUID caseId, UUID forwardingId, Reviewer by);

        /**
         * Child-safety moderators: records the report id NCMEC gave a failed CyberTipline
         * forwarding (one whose answer was lost); delivery then finishes that report. Audited.
         */
        void recordForwardingReference(
                UUID caseId, UUID forwardingId, String reference, Reviewer by);

        /** Admins: checks a destination's connection and credentials; audited. */
        Views.ConnectionTest testDestination(UUID destinationId, Reviewer by);
    }

    /**
     * Wellness (issue 14, optional port): each moderator's display settings, a back-office
     * aggregate with optimistic locking, and the daily count of content views. Without it the UI
     * uses {@link Views.ModeratorSettings#defaults()}, has no settings page and shows no counts.
     */
    public interface Wellness {
        /** The reviewer's settings, or the defaults when they never saved any. */
        Views.ModeratorSettings settings(Reviewer viewer);

        /**
         * Saves the reviewer's own settings; {@code settings.version()} is the version they saw
         * (null for the first save). Refusals: {@code refused.settings-stale} (saved elsewhere
         * since), {@code refused.settings-invalid}. Audited.
         */
        void saveSettings(Views.ModeratorSettings settings, Reviewer by);

        /** The reviewer's content views today (UTC) and the soft limit. */
        Views.Exposure exposureToday(Reviewer viewer);

        /**
         * Admins: every moderator's content views today, most first (moderators with none are
         * listed with 0); {@code refused.admin-only} for anyone else.
         */
        List<Views.Exposure> exposuresToday(Reviewer admin);
    }
}
