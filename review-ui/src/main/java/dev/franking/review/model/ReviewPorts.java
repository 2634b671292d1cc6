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
        /** The case with the first page of its reports. */
        default Optional<CaseView> find(UUID caseId, Reviewer viewer) {
            return find(caseId, viewer, null);
        }

        /**
         * The case with the page of its reports that starts at {@code from} (null: the first page;
         * {@link Views.ReportsPage#SIZE} reports, oldest first), the whole case's counts, and the
         * messages and stamps of that page's reports. Its cost does not grow with the number of
         * reports of the case (issue 15), apart from the counts, which an index answers.
         */
        Optional<CaseView> find(UUID caseId, Reviewer viewer, Views.ReportCursor from);

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
         * {@link #attachment(UUID, UUID, int, Reviewer)} recorded under a hold ({@code null}:
         * none): the audit row then names a digest of {@code hold.token()} and whether colour was
         * shown, so that {@link #originalAgain} can show the same view again on any instance.
         */
        RevealedAttachment attachment(
                UUID caseId, UUID itemId, int n, Views.OriginalHold hold, Reviewer viewer);

        /**
         * Shows again, writing no audit row, an original this reviewer viewed under {@code token}:
         * only while their newest view under it is younger than {@link
         * Views.OriginalHold#LIFETIME}, only to them, and only while they may still see the case;
         * {@code colour} when any of those views showed colour. Empty when the hold no longer holds
         * (the page then offers a new, audited view).
         */
        Optional<Views.HeldOriginal> originalAgain(
                UUID caseId, UUID itemId, int n, String token, Reviewer viewer);

        /**
         * Decrypts one uploaded attachment only to make a blurred preview of it on the server
         * (issue 13): audited as {@code attachment.previewed}, which does not count as a view. The
         * bytes never leave the UI's memory; only the blurred rendering is sent.
         */
        RevealedAttachment attachmentForPreview(UUID caseId, UUID itemId, int n, Reviewer viewer);

        /** Decrypts a report's comment for this view; audited ({@code comment.viewed}). */
        String revealComment(UUID caseId, UUID reportId, Reviewer viewer);

        /**
         * Shows again a comment {@link #revealComment} showed this reviewer, writing no audit row,
         * under the same rules as {@link #showAgain}; empty when the grant no longer holds.
         */
        Optional<String> showCommentAgain(Views.RevealGrant grant, Reviewer viewer);

        /** Usernames a case may be reassigned to. */
        List<String> assignees();

        /**
         * Decrypts every message of one report's transcript for this view in one action: one audit
         * row naming the report and each message shown (issue 14: not one POST per message).
         */
        Views.RevealedTranscript revealTranscript(UUID caseId, UUID reportId, Reviewer viewer);

        /**
         * Shows again what an audited reveal showed this reviewer ({@link #revealTranscript} or
         * {@link #reveal}), writing no audit row: only while the recorded view is younger than
         * {@link Views.RevealGrant#LIFETIME}, only to the reviewer it was recorded for, and only
         * while they may still see the case. Empty when the grant no longer holds (the page then
         * offers the reveal again).
         */
        List<RevealedItem> showAgain(Views.RevealGrant grant, Reviewer viewer);
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

        /**
         * Upholds or dismisses one report of an open case (the one deciding: its assignee or an
         * admin); audited. The account's action stays the case's one decision; a dismissed report's
         * reporter is told no action was taken. Refusals: {@code refused.closed}, {@code
         * refused.not-assignee}; a report not of this case is {@link NotFound}.
         */
        void judgeReport(UUID caseId, UUID reportId, Views.ReportVerdict verdict, Reviewer by);
    }

    /**
     * Four-eyes approvals (optional port): the pending requests this reviewer may approve (not
     * their own), oldest first. Approving goes through {@link Evidence#approveForwarding}.
     */
    public interface Approvals {
        List<Views.ApprovalRow> awaitingApproval(Reviewer viewer);

        /**
         * How many requests {@link #awaitingApproval} would list, uncapped (the navigation's count,
         * on every page: an implementation counts without building the rows).
         */
        default int awaitingCount(Reviewer viewer) {
            return awaitingApproval(viewer).size();
        }
    }

    /**
     * Appeals (optional port; PROTOCOL.md §7): a reporter or the user an action was taken against
     * contests a decision; someone other than the original decider upholds or reverses it, with a
     * reason. Appeals of child-safety cases exist only for child-safety staff and admins (others
     * get {@link NotFound}). Refusals: {@code refused.appeal-four-eyes} (the reviewer made the
     * contested decision), {@code refused.appeal-decided}, {@code refused.reason-required}, {@code
     * refused.evidence-destroyed}; each refused attempt is audited. A reversal withdraws the
     * platform action ({@code action.reversed}).
     */
    public interface Appeals {
        /**
         * An open appeal with the decision it contests. {@code appellant} is {@code reporter} or
         * {@code affected_user}; {@code facts} is null once the case's evidence is destroyed;
         * {@code mine}: the reviewer made the contested decision, so may not decide the appeal.
         */
        record AppealRow(
                UUID id,
                UUID caseId,
                String reportedAccount,
                boolean childSafety,
                String appellant,
                Instant filedAt,
                String decision,
                String decidedBy,
                Instant decidedAt,
                String ground,
                String facts,
                boolean mine) {}

        /** Appeals decided in a period and how many of them were reversed (the dashboard). */
        record AppealStats(long decided, long reversed) {
            /** The share reversed, 0 to 1; 0 when none was decided. */
            public double reversalRate() {
                return decided == 0 ? 0 : (double) reversed / decided;
            }
        }

        /** Open appeals this reviewer may see, oldest first. */
        List<AppealRow> open(Reviewer viewer);

        /**
         * How many open appeals this reviewer may decide (not their own decisions): the
         * navigation's count.
         */
        int awaitingCount(Reviewer viewer);

        /** Decrypts the appellant's statement for this view; audited like content. */
        String revealStatement(UUID appealId, Reviewer viewer);

        /** The decision stands. */
        void uphold(UUID appealId, String reason, Reviewer by);

        /** The decision is reversed: its platform action is withdrawn. */
        void reverse(UUID appealId, String reason, Reviewer by);

        /** Appeals decided in [from, to). */
        AppealStats decided(Instant from, Instant to);
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

    /**
     * Sign-in events into the audit log (issue 14; optional, taken through an {@code
     * ObjectProvider}). The names are as typed, already cut and escaped by the UI; never a
     * password. One row per call, in a transaction of its own.
     */
    public interface SignInAudit {
        /** {@code factor}: {@code password}, {@code passkey} or {@code sso}. */
        void signedIn(String username, String address, String factor);

        /** A failed password check; {@code reason} is the exception's simple class name. */
        void signInFailed(String typedUsername, String address, String reason);

        /** A lock started: {@code scope} is {@code account} or {@code address}. */
        void signInLocked(String typedUsername, String address, String scope, long seconds);

        /** A passkey assertion that failed after a correct password. */
        void passkeyFailed(String username, String address, String reason);
    }

    public interface Dashboard {
        DashboardStats stats(Instant from, Instant to);

        /**
         * Per moderator: decisions taken in [from, to), those decided after their case's response
         * target, and open cases past their target at {@code to} (a row with a null moderator for
         * unassigned ones). Ordered by decisions, most first. Empty when not implemented.
         */
        default List<Views.ModeratorFigures> perModerator(Instant from, Instant to) {
            return List.of();
        }
    }

    /**
     * Accounts (optional port, issue 14): search by the reported account's identifier, the account
     * page, strikes and the suggested next action. Every figure is over the cases the reviewer may
     * see: a reviewer without child safety learns nothing of child-safety cases, not even by a
     * count.
     */
    public interface Accounts {
        /** Characters a query needs before it is also taken as a prefix (shorter: exact only). */
        int PREFIX_MIN = 3;

        /**
         * Accounts whose identifier is {@code query} exactly, or begins with it (from {@link
         * #PREFIX_MIN} characters), that have a case this reviewer may see: the exact match first,
         * then in identifier order, at most {@code limit}.
         */
        List<Views.AccountHit> search(String query, int limit, Reviewer viewer);

        /**
         * The account page, {@code limit} cases from {@code cursor} (null: the first page); audited
         * ({@code account.viewed}), since it reveals the account's history. Empty when the account
         * has no case this reviewer may see. A cursor this port did not write is an {@link
         * IllegalArgumentException}.
         */
        Optional<Views.AccountView> view(String account, String cursor, int limit, Reviewer viewer);

        /** Strikes, the action in force and the suggestion, for the case page (not audited). */
        Views.AccountStanding standing(String account, Reviewer viewer);
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

        /** Admins: the destinations as they edit them (no secrets), by name. */
        List<Views.DestinationDetail> destinationDetails();

        /**
         * Admins: changes a destination's name, url and username; {@code secret} null or empty
         * keeps the stored one (it is write-only). Carries the version the admin saw: {@code
         * refused.destination-stale} when it changed meanwhile. Audited.
         */
        void updateDestination(
                UUID destinationId,
                long version,
                String name,
                String url,
                String username,
                String secret,
                Reviewer by);

        /**
         * Admins: deletes a destination; {@code refused.destination-in-use} while a forwarding to
         * it is pending or in flight, {@code refused.destination-stale} when it changed meanwhile.
         * Audited.
         */
        void deleteDestination(UUID destinationId, long version, Reviewer by);

        /** Admins: every legal hold, active and lifted, newest first. */
        List<Views.LegalHold> holds();

        /**
         * Admins: lifts a hold from the list, with the version the admin saw ({@code
         * refused.hold-stale} when someone lifted it meanwhile). Audited with the reason.
         */
        void liftHoldById(UUID holdId, long version, String reason, Reviewer by);
    }

    /**
     * Moderator accounts (optional port; admins only, the port checks again). Every change needs a
     * reason and is audited (who, what, why); a change carries the version the admin saw and is
     * refused with {@code refused.account-stale} when the account changed meanwhile. No change may
     * leave the service without an active admin ({@code refused.last-admin}). Passwords are
     * generated by the service and returned once, to be shown once: never logged, never in a URL.
     */
    public interface ModeratorAdmin {
        List<Views.AccountRow> list();

        /** Creates an account; returns its generated password. */
        String create(String username, java.util.Set<Role> roles, String reason, Reviewer by);

        void setRoles(
                String username,
                long version,
                java.util.Set<Role> roles,
                String reason,
                Reviewer by);

        /** The account can no longer sign in, and its sessions end at their next request. */
        void disable(String username, long version, String reason, Reviewer by);

        void enable(String username, long version, String reason, Reviewer by);

        /**
         * A fresh generated password, returned once; the old one stops working, and the account's
         * sessions end at their next request (its version moves).
         */
        String resetPassword(String username, long version, String reason, Reviewer by);

        /**
         * The roles of an account that may sign in; empty when it is disabled or unknown. A
         * signed-in session whose roles are no longer these ends (disabled, or roles changed).
         */
        default Optional<java.util.Set<Role>> activeRoles(String username) {
            return signedIn(username).map(Views.SignedInAccount::roles);
        }

        /**
         * The roles and version of an account that may sign in (one primary-key read, made on every
         * request of a signed-in session); empty when it is disabled or unknown. A session whose
         * roles are no longer these, or whose account's version moved since sign-in (a password
         * reset among others), ends.
         */
        Optional<Views.SignedInAccount> signedIn(String username);
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
