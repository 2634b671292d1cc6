package dev.franking.service.appeals;

import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.Appeals.AppealRow;
import dev.franking.review.model.ReviewPorts.Appeals.AppealStats;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.ActionReversals;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.cases.ContestedDecisions;
import dev.franking.service.crypto.Vault;
import dev.franking.service.outbox.AppealDecidedPayload;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.reports.ReportRepository;
import dev.franking.service.retention.CaseShredded;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Filing and deciding appeals (PROTOCOL.md §7). Each filing or decision locks the contested case's
 * row, so that a decision or reopening cannot slip between the checks and the write; the checks run
 * in §7's order and a refusal changes nothing. The appellant's statement and the decider's reason
 * are sealed under the case's data key, like the case's notes and facts, so that retention shreds
 * them with the case (backups included).
 */
@Service
public class Appeals {
    /** §7: a statement is 1..2,000 characters (the column's width; ColumnLimitsTest). */
    public static final int STATEMENT_MAX = 2000;

    /** DSA Art. 20(1): at least six months after the decision. */
    public static final int WINDOW_MONTHS = 6;

    static final String OPEN = "open";

    /** A reason's limit: the review UI's, as for escalating or reopening. */
    static final int REASON_MAX = ReviewLimits.REASON_MAX;

    static final String UPHELD = "upheld";
    static final String REVERSED = "reversed";

    /** Why a filing is refused; {@link #code} is the API's stable problem code. */
    public static final class Refused extends RuntimeException {
        private final Kind kind;
        private final String code;

        Refused(Kind kind, String code, String detail) {
            super(detail, null, false, false);
            this.kind = kind;
            this.code = code;
        }

        public Kind kind() {
            return kind;
        }

        public String code() {
            return code;
        }
    }

    /** The refusal's class, which the API maps to a status. */
    public enum Kind {
        NOT_FOUND,
        INVALID,
        CONFLICT
    }

    /** What the reporter sees of their latest appeal. */
    public record AppealView(UUID id, String status, Instant filedAt, Instant decidedAt) {}

    private final AppealRepository appeals;
    private final ReportRepository reports;
    private final CaseRepository cases;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Clock clock;
    private final ActionReversals reversals;
    private final ContestedDecisions contested;
    private final Vault vault;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Appeals(
            AppealRepository appeals,
            ReportRepository reports,
            CaseRepository cases,
            Outbox outbox,
            AuditLog audit,
            Clock clock,
            ActionReversals reversals,
            ContestedDecisions contested,
            Vault vault,
            org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.reversals = reversals;
        this.contested = contested;
        this.vault = vault;
        this.appeals = appeals;
        this.reports = reports;
        this.cases = cases;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /** The reporter's appeal of the decision on their report; returns the appeal's id. */
    @Transactional
    public UUID fileByReporter(UUID reportId, String reporter, String statement) {
        UUID caseId =
                reports.caseOf(reportId, reporter)
                        .orElseThrow(
                                () -> new Refused(Kind.NOT_FOUND, "not_found", "no such report"));
        requireStatement(statement);
        CaseRepository.Decided d = decided(caseId);
        if (appeals.existsByReportIdAndStatus(reportId, OPEN)) {
            throw appealOpen();
        }
        return file(d, reportId, null, reporter, statement, "reporter");
    }

    /**
     * The platform's appeal on behalf of the user an action was taken against; {@code userId} must
     * be that user.
     */
    @Transactional
    public UUID fileByPlatform(UUID actionId, String userId, String statement) {
        Outbox.QueuedAction action =
                outbox.action(actionId)
                        .orElseThrow(
                                () -> new Refused(Kind.NOT_FOUND, "not_found", "no such action"));
        requireStatement(statement);
        if (userId == null || !userId.equals(action.account())) {
            throw new Refused(
                    Kind.INVALID,
                    "user_mismatch",
                    "userId is not the user the action was taken against");
        }
        CaseRepository.Decided d = decided(action.caseId());
        // the case was reopened (and decided again) since: this action no longer stands
        if (!outbox.actionInForce(action.caseId()).map(actionId::equals).orElse(false)) {
            throw new Refused(Kind.CONFLICT, "not_decided", "the action is no longer in force");
        }
        if (appeals.existsByActionIdAndStatus(actionId, OPEN)) {
            throw appealOpen();
        }
        return file(d, null, actionId, userId, statement, "affected_user");
    }

    /**
     * Decides an open appeal: {@code upheld} or {@code reversed}, with a reason, by someone other
     * than the one who made the contested decision (four eyes) and who may see the case (child
     * safety: child-safety staff and admins only; for anyone else the appeal does not exist). A
     * reversal withdraws the case's action in force ({@code action.reversed}); an appeal the
     * platform filed is answered with {@code appeal.decided}. Refusals are the review UI's message
     * keys; {@link AppealsPort} audits them.
     */
    @Transactional
    public void decide(UUID appealId, String outcome, String reason, Reviewer by) {
        AppealEntity a = appeals.findById(appealId).orElseThrow(NotFound::new);
        if (!contested.visibleTo(a.caseId(), by)) {
            throw new NotFound();
        }
        CaseRepository.Decided d = cases.decidedForUpdate(a.caseId()).orElseThrow(NotFound::new);
        if (!OPEN.equals(a.status())) {
            throw new ActionRefused("refused.appeal-decided");
        }
        if (by.username().equals(a.contestedBy())) {
            throw new ActionRefused("refused.appeal-four-eyes");
        }
        if (!UPHELD.equals(outcome) && !REVERSED.equals(outcome)) {
            throw new ActionRefused("refused.appeal-outcome");
        }
        if (reason == null
                || reason.isBlank()
                || reason.codePointCount(0, reason.length()) > REASON_MAX) {
            throw new ActionRefused("refused.reason-required");
        }
        byte[] key =
                contested
                        .dataKey(a.caseId())
                        .orElseThrow(() -> new ActionRefused("refused.evidence-destroyed"));
        Instant now = clock.instant();
        a.decide(outcome, by.username(), vault.sealAppealReason(key, a.id(), reason), now);
        appeals.saveAndFlush(a);
        // ids and codes only: the reason is sealed with the case
        audit.append(
                by.username(),
                AuditEvent.APPEAL_DECIDED,
                a.caseId(),
                a.id().toString(),
                "outcome="
                        + outcome
                        + "; by="
                        + (a.actionId() == null ? "reporter" : "affected_user"));
        if (REVERSED.equals(outcome)) {
            reversals.reverse(a.caseId(), d.sender(), "appeal", by.username());
        }
        if (a.actionId() != null) {
            outbox.enqueue(AppealDecidedPayload.of(a.id(), a.actionId(), a.caseId(), outcome, now));
        }
    }

    /** The appellant's statement, opened for one view and audited (like content). */
    @Transactional
    public String revealStatement(UUID appealId, Reviewer viewer) {
        AppealEntity a = appeals.findById(appealId).orElseThrow(NotFound::new);
        if (!contested.visibleTo(a.caseId(), viewer)) {
            throw new NotFound();
        }
        byte[] key =
                contested
                        .dataKey(a.caseId())
                        .filter(k -> a.statementEnc() != null)
                        .orElseThrow(() -> new ActionRefused("refused.evidence-destroyed"));
        String text = vault.openAppealStatement(key, a.id(), a.statementEnc());
        audit.append(
                viewer.username(),
                AuditEvent.APPEAL_STATEMENT_VIEWED,
                a.caseId(),
                a.id().toString(),
                null);
        return text;
    }

    /** Open appeals the reviewer may see, oldest first, with the decisions they contest. */
    @Transactional(readOnly = true)
    public List<AppealRow> open(Reviewer viewer) {
        return appeals.findByStatusOrderByFiledAtAsc(OPEN).stream()
                .flatMap(
                        a ->
                                contested.of(a.caseId(), viewer).stream()
                                        .map(
                                                c ->
                                                        new AppealRow(
                                                                a.id(),
                                                                a.caseId(),
                                                                c.reportedAccount(),
                                                                c.childSafety(),
                                                                a.actionId() == null
                                                                        ? "reporter"
                                                                        : "affected_user",
                                                                a.filedAt(),
                                                                a.contested(),
                                                                a.contestedBy(),
                                                                a.contestedAt(),
                                                                c.ground(),
                                                                c.facts(),
                                                                viewer.username()
                                                                        .equals(a.contestedBy()))))
                .toList();
    }

    /** Open appeals the reviewer may decide: visible, and not of their own decision. */
    public int awaitingCount(Reviewer viewer) {
        // on every page's navigation: two statements whatever the number of open appeals (it was
        // one case read per open appeal)
        List<UUID> caseIds =
                jdbc.sql(
                                "SELECT case_id FROM appeals WHERE status = ? AND (contested_by IS"
                                        + " NULL OR contested_by <> ?)")
                        .params(OPEN, viewer.username())
                        .query(UUID.class)
                        .list();
        if (caseIds.isEmpty()) {
            return 0;
        }
        java.util.Set<UUID> visible = contested.visibleAmong(caseIds, viewer);
        return (int) caseIds.stream().filter(visible::contains).count();
    }

    /** Appeals decided in [from, to), and how many were reversed (the dashboard). */
    @Transactional(readOnly = true)
    public AppealStats decided(Instant from, Instant to) {
        return new AppealStats(
                appeals.countByDecidedAtGreaterThanEqualAndDecidedAtLessThan(from, to),
                appeals.countByStatusAndDecidedAtGreaterThanEqualAndDecidedAtLessThan(
                        REVERSED, from, to));
    }

    /** Retention shreds the case: its appeals' statements and reasons go with its key. */
    @EventListener
    void shredded(CaseShredded e) {
        appeals.shred(e.caseId());
    }

    /** The reporter's latest appeal of their report, if any. */
    @Transactional(readOnly = true)
    public Optional<AppealView> latestOfReport(UUID reportId) {
        return appeals.findFirstByReportIdOrderByFiledAtDesc(reportId)
                .map(a -> new AppealView(a.id(), a.status(), a.filedAt(), a.decidedAt()));
    }

    private UUID file(
            CaseRepository.Decided d,
            UUID reportId,
            UUID actionId,
            String appellant,
            String statement,
            String who) {
        Instant now = clock.instant();
        if (now.isAfter(
                d.decidedAt().atZone(ZoneOffset.UTC).plusMonths(WINDOW_MONTHS).toInstant())) {
            throw new Refused(
                    Kind.CONFLICT,
                    "appeal_window_closed",
                    "the decision is more than six months old");
        }
        byte[] key =
                contested
                        .dataKey(d.id())
                        .orElseThrow(
                                () ->
                                        new Refused(
                                                Kind.CONFLICT,
                                                "appeal_window_closed",
                                                "the decision's records are destroyed"));
        UUID id = UUID.randomUUID();
        try {
            appeals.saveAndFlush(
                    new AppealEntity(
                            id,
                            d.id(),
                            reportId,
                            actionId,
                            appellant,
                            vault.sealAppealStatement(key, id, statement),
                            d.decision(),
                            d.decidedBy(),
                            d.decidedAt(),
                            now));
        } catch (DataIntegrityViolationException e) {
            // a concurrent filing for the same report or action won (the partial unique indexes)
            throw appealOpen();
        }
        // ids and codes only: the statement is the appellant's words
        audit.append(
                "system",
                AuditEvent.APPEAL_FILED,
                d.id(),
                id.toString(),
                "by=" + who + "; contested=" + d.decision());
        return id;
    }

    private CaseRepository.Decided decided(UUID caseId) {
        return cases.decidedForUpdate(caseId)
                .filter(c -> c.closedAt() != null && c.decidedAt() != null && c.decision() != null)
                .orElseThrow(
                        () ->
                                new Refused(
                                        Kind.CONFLICT,
                                        "not_decided",
                                        "the report has no decision yet"));
    }

    private static Refused appealOpen() {
        return new Refused(
                Kind.CONFLICT, "appeal_open", "an appeal of this decision is already open");
    }

    static void requireStatement(String statement) {
        if (statement == null
                || statement.isBlank()
                || statement.codePointCount(0, statement.length()) > STATEMENT_MAX) {
            throw new Refused(
                    Kind.INVALID, "invalid_statement", "statement must be 1 to 2,000 characters");
        }
    }
}
