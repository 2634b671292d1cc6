package dev.franking.review.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The view records of the review UI: what a queue row, a case, a piece of evidence, an audit row
 * is, as the UI shows them. The report service fills them; the UI never sees a JPA entity or a
 * table.
 */
public final class Views {
    private Views() {}

    /** Case status as the queue filters it. */
    public enum CaseStatus {
        OPEN,
        CLAIMED,
        ESCALATED,
        CLOSED
    }

    /**
     * Filters of the queue; null means "any". {@code assignee} is a username, or {@code "none"}.
     */
    public record QueueFilter(String category, CaseStatus status, String assignee) {
        public static QueueFilter none() {
            return new QueueFilter(null, null, null);
        }
    }

    /**
     * One case in the queue. {@code category} is the case's most severe reported category; {@code
     * responseTarget} is that category's target, {@code overdue} whether the age exceeds it.
     */
    public record QueueRow(
            UUID caseId,
            String reportedAccount,
            String category,
            int distinctReporters,
            int reports,
            Instant openedAt,
            Duration age,
            Duration responseTarget,
            boolean overdue,
            CaseStatus status,
            String assignee) {}

    /** A page of the queue; {@code nextCursor} is null on the last page (keyset pagination). */
    public record QueuePage(List<QueueRow> rows, String nextCursor) {}

    /**
     * A case with everything the case page shows, no content: content is revealed on request only.
     * A case may hold tens of thousands of reports (issue 15), so {@code reports} is one page of
     * them ({@link ReportsPage} says which, and holds the whole case's counts), {@code evidence}
     * the messages of that page's reports with the stamps verified for them, and {@code history}
     * the newest {@link #HISTORY} rows of the case's history ({@code historyCut} when there are
     * more: the audit log has them all).
     */
    public record CaseView(
            UUID id,
            String reportedAccount,
            CaseStatus status,
            String category,
            boolean childSafety,
            String assignee,
            Instant openedAt,
            Instant closedAt,
            String decision,
            List<ReportRow> reports,
            List<EvidenceRow> evidence,
            List<NoteRow> notes,
            List<HistoryRow> history,
            boolean evidenceDestroyed,
            ReportsPage reportsPage,
            boolean historyCut) {
        /** Rows of history a case page shows at most, the newest. */
        public static final int HISTORY = 200;

        /** A case whose reports all fit on one page, and its whole history. */
        public CaseView(
                UUID id,
                String reportedAccount,
                CaseStatus status,
                String category,
                boolean childSafety,
                String assignee,
                Instant openedAt,
                Instant closedAt,
                String decision,
                List<ReportRow> reports,
                List<EvidenceRow> evidence,
                List<NoteRow> notes,
                List<HistoryRow> history,
                boolean evidenceDestroyed) {
            this(
                    id,
                    reportedAccount,
                    status,
                    category,
                    childSafety,
                    assignee,
                    openedAt,
                    closedAt,
                    decision,
                    reports,
                    evidence,
                    notes,
                    history,
                    evidenceDestroyed,
                    ReportsPage.whole(reports),
                    false);
        }
    }

    /**
     * Where a page of a case's reports starts: a report's place in arrival order (received, then
     * id). Its {@link #token()} is what the page's address carries ({@code ?from=}).
     */
    public record ReportCursor(Instant receivedAt, UUID id) {
        private static final int MAX_TOKEN = 80;

        public ReportCursor {
            if (receivedAt == null || id == null) {
                throw new IllegalArgumentException("incomplete report cursor");
            }
        }

        public String token() {
            return receivedAt + "_" + id;
        }

        /**
         * The cursor a page address carried; {@link IllegalArgumentException} (a 400) for anything
         * that is not one.
         */
        public static ReportCursor parse(String token) {
            if (token == null || token.length() > MAX_TOKEN) {
                throw new IllegalArgumentException("not a report cursor");
            }
            int at = token.lastIndexOf('_');
            if (at < 0) {
                throw new IllegalArgumentException("not a report cursor");
            }
            try {
                return new ReportCursor(
                        Instant.parse(token.substring(0, at)),
                        UUID.fromString(token.substring(at + 1)));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("not a report cursor", e);
            }
        }
    }

    /** One category of a case, over all its reports: how many, and how many upheld or dismissed. */
    public record CategoryCount(String category, int reports, int upheld, int dismissed) {
        public int undecided() {
            return reports - upheld - dismissed;
        }
    }

    /**
     * Which page of a case's reports a {@link CaseView} holds (oldest first, {@link #SIZE} a page)
     * and the whole case's counts.
     *
     * @param total the case's reports
     * @param breakdown the case's reports by category, over all of them
     * @param from where this page starts; null for the first page
     * @param hasPrevious whether reports come before this page
     * @param previous where the page before starts; null when that is the first page
     * @param next where the page after starts; null on the last page
     */
    public record ReportsPage(
            int total,
            List<CategoryCount> breakdown,
            ReportCursor from,
            boolean hasPrevious,
            ReportCursor previous,
            ReportCursor next) {
        /** Reports a case page shows at most. */
        public static final int SIZE = 50;

        /** Whether the case has more reports than this page. */
        public boolean paged() {
            return hasPrevious || next != null;
        }

        /** The one page of a case whose reports are all in {@code reports}. */
        public static ReportsPage whole(List<ReportRow> reports) {
            Map<String, int[]> counts = new java.util.LinkedHashMap<>();
            for (ReportRow r : reports) {
                int[] n = counts.computeIfAbsent(r.category(), k -> new int[3]);
                n[0]++;
                if (r.verdict() == ReportVerdict.UPHELD) {
                    n[1]++;
                } else if (r.verdict() == ReportVerdict.DISMISSED) {
                    n[2]++;
                }
            }
            List<CategoryCount> breakdown = new java.util.ArrayList<>();
            counts.forEach((k, n) -> breakdown.add(new CategoryCount(k, n[0], n[1], n[2])));
            return new ReportsPage(reports.size(), List.copyOf(breakdown), null, false, null, null);
        }
    }

    /**
     * Someone in a case, as every page, the CSV export and the evidence package name them (issue
     * 11, one policy): the case's reported account by its real id, anyone else (reporters,
     * recipients, other members of a group) only by the service's keyed pseudonym of at least 128
     * bits, which pages show shortened.
     *
     * @param id the account id, or the full pseudonym
     * @param pseudonym whether {@code id} is a pseudonym
     */
    public record Party(String id, boolean pseudonym) {
        /** Characters of a pseudonym a page shows: {@code P-} and 32 bits (8 hex digits). */
        public static final int SHOWN = 10;

        /** The reported account, by its real id. */
        public static Party account(String id) {
            return new Party(id, false);
        }

        /** Anyone else, by pseudonym. */
        public static Party pseudonymous(String pseudonym) {
            return new Party(pseudonym, true);
        }

        /** As a page shows it: an account in full, a pseudonym shortened ({@code P-1A2B3C4D…}). */
        public String shown() {
            return shorten(id, pseudonym);
        }

        /** {@link #shown()} of a value known to be a pseudonym (a report's reporter). */
        public static String shortPseudonym(String pseudonym) {
            return shorten(pseudonym, true);
        }

        private static String shorten(String id, boolean pseudonym) {
            return pseudonym && id.length() > SHOWN ? id.substring(0, SHOWN) + "…" : id;
        }
    }

    /**
     * One report of a case; the reporter is a stable pseudonym (in full; pages shorten it), never
     * their id. {@code transcript} may come in any order: {@link #inOrder()} is the order pages
     * show.
     */
    public record ReportRow(
            UUID id,
            String reporterPseudonym,
            String category,
            boolean hasComment,
            Instant receivedAt,
            List<TranscriptLine> transcript,
            ReportVerdict verdict,
            String verdictBy) {
        /** A report nobody has upheld or dismissed yet. */
        public ReportRow(
                UUID id,
                String reporterPseudonym,
                String category,
                boolean hasComment,
                Instant receivedAt,
                List<TranscriptLine> transcript) {
            this(id, reporterPseudonym, category, hasComment, receivedAt, transcript, null, null);
        }

        /**
         * The messages of its transcript in causal order: two reports with the same one (the same
         * commitments, so the same messages, known without decrypting) are shown once.
         */
        public List<UUID> itemsInOrder() {
            return inOrder().stream().map(TranscriptLine::itemId).toList();
        }

        /** The transcript in its causal order (PROTOCOL.md §5.5), never the sender's clock. */
        public List<TranscriptLine> inOrder() {
            return transcript.stream()
                    .sorted(
                            Comparator.comparingInt(TranscriptLine::position)
                                    .thenComparingInt(TranscriptLine::index))
                    .toList();
        }
    }

    /**
     * One message of a report's transcript (PROTOCOL.md §5.5).
     *
     * @param index its position in the report as submitted (0 = the reported message)
     * @param itemId its evidence item
     * @param sender who wrote it: {@link Party#account} for the reported account, {@link
     *     Party#pseudonymous} for anyone else (the reporter included)
     * @param sentAt the sender's clock ({@code sent_at}): shown only as a note when it is more than
     *     {@link #CLOCK_NOTE} away from {@code receivedAt}
     * @param receivedAt the stamp's time: when the platform relayed it (the time pages show)
     * @param reported whether it is the reported message (index 0)
     * @param position its place in the report's causal order, 0 = first (stored at intake)
     * @param gaps how many messages it names in its {@code prev} that the report does not hold
     *     (stored at intake): pages show "N earlier messages are not in this report" before it
     * @param byReporter whether the report's reporter wrote it: marked as such
     */
    public record TranscriptLine(
            int index,
            UUID itemId,
            Party sender,
            Instant sentAt,
            Instant receivedAt,
            boolean reported,
            int position,
            int gaps,
            boolean byReporter) {
        /** How far the sender's clock may stray from the stamp time before a page says so. */
        public static final Duration CLOCK_NOTE = Duration.ofMinutes(10);

        /** The sender's clock minus the stamp time (negative: the sender's clock was behind). */
        public Duration clockOffset() {
            return Duration.between(receivedAt, sentAt);
        }

        /**
         * Whether the sender's clock differs from the stamp time by more than {@link #CLOCK_NOTE}.
         */
        public boolean clockNote() {
            return clockOffset().abs().compareTo(CLOCK_NOTE) > 0;
        }
    }

    /**
     * One message as evidence and what was proven of it. {@code proofs} has one entry per stamp
     * that verified: that {@code sender} sent it to that recipient in {@code conversationId},
     * relayed at that time under that key.
     */
    public record EvidenceRow(
            UUID id,
            String messageId,
            Party sender,
            String conversationId,
            Instant sentAt,
            String contentType,
            int bodyLength,
            int distinctReporters,
            List<Proof> proofs,
            List<AttachmentRow> attachments) {}

    public record Proof(
            Party sender,
            Party recipient,
            String conversationId,
            Instant relayTime,
            String kid,
            Instant verifiedAt) {}

    public record AttachmentRow(
            int n, String contentType, long size, String sha256Hex, boolean uploaded) {
        public boolean image() {
            return contentType.startsWith("image/");
        }
    }

    public record NoteRow(Instant at, String author, String text) {}

    /** The case history, built from the audit log. */
    public record HistoryRow(Instant at, String actor, String event, String detail) {}

    /** The plaintext of one evidence item, decrypted for one view (which the audit log records). */
    public record RevealedItem(
            UUID itemId, String contentType, String text, boolean textual, int bodyLength) {}

    public record RevealedAttachment(String contentType, byte[] bytes) {}

    /**
     * "View original" held for its person and file (issue 13): the {@code token} a view was
     * recorded with (random, made by the UI, carried in the page's address; the service keeps only
     * a digest of it in the audit row), and whether the view showed colour (the second step, or a
     * reviewer without greyscale). The service shows a held original again, unaudited, only to the
     * reviewer whose audit row names this token, and only within {@link #LIFETIME} of the newest
     * such row: the audit log, not one instance's memory, is what the hold stands on.
     */
    public record OriginalHold(String token, boolean colour) {
        /** How long a view of an original may be shown again without a new, audited view. */
        public static final Duration LIFETIME = Duration.ofMinutes(5);

        /** Longest token accepted (a longer one is no token of ours). */
        public static final int TOKEN_MAX = 64;
    }

    /** An original shown again under its hold: the file, and whether colour was shown. */
    public record HeldOriginal(String contentType, byte[] bytes, boolean colour) {}

    /**
     * A moderator's decision. DISMISS closes without action; the others also act on the account.
     */
    public enum Decision {
        DISMISS,
        WARN,
        RESTRICT,
        SUSPEND
    }

    /**
     * The statement of reasons recorded with every decision (ground, facts, whether automated means
     * were used).
     */
    public record StatementOfReasons(String ground, String facts, boolean automated) {}

    public record AuditRow(
            long seq,
            Instant at,
            String actor,
            String event,
            UUID caseId,
            String subject,
            String detail,
            String hashHex) {}

    public record AuditFilter(String actor, String event, UUID caseId, Instant from, Instant to) {}

    /**
     * Whether the hash chain holds; {@code firstBrokenSeq} is the first row that does not match.
     */
    public record ChainCheck(boolean intact, long rowsChecked, Long firstBrokenSeq) {}

    public record DayCount(java.time.LocalDate day, long reports) {}

    public record DashboardStats(
            Map<String, Long> reportsByCategory,
            Map<String, Long> casesByOutcome,
            Duration medianTimeToDecision,
            List<DayCount> reportsPerDay) {}

    // ---- evidence: forwarding, preservation, legal holds (issue 5) -----------------------------

    /** Where evidence can go: {@code kind} is cybertipline, webhook or download. */
    public record DestinationRow(UUID id, String name, String kind, String url) {}

    /**
     * A destination's connection test: {@code problem} says what failed (the step and what the
     * destination answered), null when it worked.
     */
    public record ConnectionTest(boolean ok, String problem) {}

    /**
     * One forwarding of a case. {@code status}: requested, rejected, queued, sent, acknowledged,
     * failed, ready (a download destination's package is ready to fetch).
     */
    public record ForwardingRow(
            UUID id,
            String destination,
            String kind,
            String requestedBy,
            Instant requestedAt,
            String reason,
            String decidedBy,
            Instant decidedAt,
            String status,
            String reference,
            String lastError,
            String packageSha256,
            TiplineChoices tipline) {
        /** A forwarding that is not to the CyberTipline (no report content to choose). */
        public ForwardingRow(
                UUID id,
                String destination,
                String kind,
                String requestedBy,
                Instant requestedAt,
                String reason,
                String decidedBy,
                Instant decidedAt,
                String status,
                String reference,
                String lastError,
                String packageSha256) {
            this(
                    id,
                    destination,
                    kind,
                    requestedBy,
                    requestedAt,
                    reason,
                    decidedBy,
                    decidedAt,
                    status,
                    reference,
                    lastError,
                    packageSha256,
                    null);
        }
    }

    /**
     * NCMEC's CyberTipline incident types (the service maps them to NCMEC's exact strings by name);
     * the labels are the page's.
     */
    public enum IncidentType {
        CHILD_PORNOGRAPHY,
        CHILD_SEX_TRAFFICKING,
        CHILD_SEX_TOURISM,
        CHILD_SEXUAL_MOLESTATION,
        MISLEADING_DOMAIN_NAME,
        MISLEADING_WORDS_OR_DIGITAL_IMAGES,
        ONLINE_ENTICEMENT,
        UNSOLICITED_OBSCENE_MATERIAL_TO_CHILD
    }

    /** NCMEC's report annotations (tags on the whole report). */
    public enum ReportAnnotation {
        SEXTORTION,
        CSAM_SOLICITATION,
        MINOR_TO_MINOR_INTERACTION,
        SPAM,
        SADISTIC_ONLINE_EXPLOITATION
    }

    /**
     * What a CyberTipline report is to say about the incident, chosen by the requester and shown to
     * the approver.
     *
     * @param incidentType null on a request: the default derived from the evidence
     * @param escalation the reason to escalate to high priority (a child at immediate risk), or
     *     null
     */
    public record TiplineChoices(
            IncidentType incidentType, String escalation, Set<ReportAnnotation> annotations) {
        public TiplineChoices {
            annotations = annotations == null ? Set.of() : Set.copyOf(annotations);
        }
    }

    public record HoldRow(String placedBy, Instant placedAt, String reason) {}

    /**
     * A case's evidence status: preserved until, the active hold (or null), its forwardings,
     * whether shredded.
     */
    public record EvidenceStatus(
            UUID caseId,
            Instant preservedUntil,
            HoldRow hold,
            List<ForwardingRow> forwardings,
            boolean destroyed) {}

    /** A signed package for manual submission. */
    public record PackageDownload(String fileName, byte[] zip, String sha256) {}

    // ---- routing, approvals, templates (issue 14) -----------------------------------------------

    /**
     * A case taken from a reviewer because it became child safety: {@code why} is {@code
     * child_safety_report} (a child-safety report joined it) or {@code escalated} (someone
     * escalated it). Shown to the reviewer it was taken from, or who escalated it, instead of a
     * 404.
     */
    public record MovedCase(UUID caseId, String reportedAccount, Instant at, String why) {}

    /**
     * A four-eyes approval this reviewer may give: a pending forwarding requested by someone else.
     */
    public record ApprovalRow(
            UUID caseId,
            UUID forwardingId,
            String reportedAccount,
            String destination,
            String requestedBy,
            Instant requestedAt,
            String reason) {}

    /**
     * A decision template: a ground and facts an admin wrote for a frequent kind of decision.
     * {@code version} is the optimistic lock an edit or deletion must present.
     */
    public record DecisionTemplate(
            UUID id,
            String name,
            String ground,
            String facts,
            long version,
            String updatedBy,
            Instant updatedAt) {}

    // ---- accounts: search, history, strikes; per-moderator figures (issue 14) ------------------

    /**
     * An account found by its identifier (as the platform gives it): how many of its cases the
     * searching reviewer may see, how many of those are open, and when the latest was opened.
     */
    public record AccountHit(String account, int cases, int openCases, Instant lastOpenedAt) {}

    /**
     * One decision taken on a case of the account, with its statement of reasons. {@code facts} is
     * null once the case's evidence (and with it the facts) is destroyed. A decision is a {@code
     * strike} when it was upheld (warn, restrict, suspend), is not reversed and is within the
     * strikes window; {@code reversedWhy} is {@code reopened} or {@code appeal}.
     */
    public record AccountDecision(
            UUID caseId,
            Decision decision,
            String decidedBy,
            Instant decidedAt,
            String ground,
            String facts,
            boolean automated,
            Instant reversedAt,
            String reversedWhy,
            boolean strike) {
        public boolean reversed() {
            return reversedAt != null;
        }
    }

    /** One case of the account (open or closed) and every decision taken on it, newest first. */
    public record AccountCase(
            UUID caseId,
            String category,
            CaseStatus status,
            Instant openedAt,
            Instant closedAt,
            List<AccountDecision> decisions) {}

    /**
     * Where an account stands, over the cases the reviewer may see: its strikes within the window
     * ({@code windowDays}), the restriction or suspension in force (null: none; a reversed action
     * is not in force), and the action the thresholds suggest for a further upheld case (null: no
     * suggestion). A suggestion only: nothing is done automatically.
     */
    public record AccountStanding(
            String account,
            int strikes,
            int windowDays,
            Decision inForce,
            UUID inForceCase,
            Instant inForceSince,
            Decision suggestion,
            List<AccountDecision> strikeDecisions) {}

    /**
     * The account page: its standing and a page of its cases, newest first ({@code nextCursor}:
     * null on the last page; keyset pagination).
     */
    public record AccountView(
            String account,
            AccountStanding standing,
            int totalCases,
            int openCases,
            List<AccountCase> cases,
            String nextCursor) {}

    /**
     * One moderator's figures on the dashboard: decisions they took in the period, how many of
     * those came after the case's response target, and open cases assigned to them that are past
     * their target now. {@code moderator} is null for the row of unassigned open cases.
     */
    public record ModeratorFigures(
            String moderator, long decisions, long decidedLate, long openPastTarget) {}

    // ---- back office (issue 14): moderator accounts, destinations, legal holds -----------------

    /**
     * A moderator account as admins see it: {@code disabledAt} null while it may sign in; {@code
     * version} is the optimistic lock every change must present.
     */
    public record AccountRow(
            String username, Set<Role> roles, Instant createdAt, Instant disabledAt, long version) {
        public AccountRow {
            roles = Set.copyOf(roles);
        }

        public boolean active() {
            return disabledAt == null;
        }

        public boolean has(Role r) {
            return roles.contains(r);
        }
    }

    /**
     * What a signed-in session is checked against on every request: the roles of an account that
     * may sign in, and its {@code version}, which every change of the account moves (roles,
     * disabling, a password reset). A session remembers the version of its sign-in; once the
     * account's differs, the session ends (except the session that changed its own account's
     * password, which takes the new version).
     */
    public record SignedInAccount(Set<Role> roles, long version) {
        public SignedInAccount {
            roles = Set.copyOf(roles);
        }
    }

    /**
     * A destination as admins edit it: never its secret, only whether it has one; {@code version}
     * is the optimistic lock an edit or deletion must present.
     */
    public record DestinationDetail(
            UUID id,
            String name,
            String kind,
            String url,
            String username,
            boolean hasSecret,
            long version) {}

    /**
     * A legal hold, active or lifted (then {@code liftedBy}, {@code liftedAt} and {@code
     * liftReason} are set); {@code version} is the optimistic lock lifting it must present.
     */
    public record LegalHold(
            UUID id,
            UUID caseId,
            String placedBy,
            Instant placedAt,
            String reason,
            String liftedBy,
            Instant liftedAt,
            String liftReason,
            long version) {
        public boolean active() {
            return liftedAt == null;
        }
    }

    // ---- whole context in one pass (issue 14) ---------------------------------------------------

    /**
     * How a moderator judged one report of a case. The account's action stays one decision for the
     * case; a dismissed report's reporter is told no action was taken on their report.
     */
    public enum ReportVerdict {
        UPHELD,
        DISMISSED
    }

    /**
     * What an audited reveal lets this browser session show again without a second audit row
     * (refresh, back): a report's whole transcript ({@code reportId}), one message ({@code
     * itemId}), or a report's comment ({@code reportId} with {@code comment}). It holds no content,
     * only what was shown and when; the service honours it only for the reviewer it recorded the
     * view for, and only for {@link #LIFETIME} after that record.
     */
    public record RevealGrant(UUID caseId, UUID reportId, UUID itemId, Instant at, boolean comment)
            implements java.io.Serializable {
        /** How long a reveal may be shown again without being audited again. */
        public static final Duration LIFETIME = Duration.ofMinutes(10);

        public static RevealGrant transcript(UUID caseId, UUID reportId, Instant at) {
            return new RevealGrant(caseId, reportId, null, at, false);
        }

        public static RevealGrant item(UUID caseId, UUID itemId, Instant at) {
            return new RevealGrant(caseId, null, itemId, at, false);
        }

        /** A report's comment ({@link ReviewPorts.Cases#revealComment}). */
        public static RevealGrant comment(UUID caseId, UUID reportId, Instant at) {
            return new RevealGrant(caseId, reportId, null, at, true);
        }

        public boolean expired(Instant now) {
            return !now.isBefore(at.plus(LIFETIME));
        }
    }

    /** A report's whole transcript, decrypted for one view (one audit row names all of it). */
    public record RevealedTranscript(UUID reportId, List<RevealedItem> items) {}

    // ---- wellness (issue 14) and truthful "viewed" (issue 13) -----------------------------------

    /**
     * A moderator's own display settings: how strongly previews are blurred (1 light … 5
     * strongest), whether previews and the first step of "view original" are greyscale, whether
     * animated images and video may play by themselves. {@code version} is the optimistic lock
     * (null: never saved, the defaults).
     */
    public record ModeratorSettings(
            int blurStrength, boolean greyscale, boolean autoplay, Long version) {
        public static final int BLUR_MIN = 1;
        public static final int BLUR_MAX = 5;

        /** What a moderator who never saved settings gets: strong blur, greyscale, no autoplay. */
        public static ModeratorSettings defaults() {
            return new ModeratorSettings(4, true, false, null);
        }
    }

    /**
     * One moderator's content views today (UTC): reveals of text content and comments, "view
     * original" of files, package downloads; {@code softLimit} is the configured number above which
     * the UI suggests a break (it never blocks work).
     */
    public record Exposure(String username, int views, int softLimit) {
        public boolean overLimit() {
            return views > softLimit;
        }
    }
}
