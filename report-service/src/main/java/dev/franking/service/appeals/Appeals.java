package dev.franking.service.appeals;

import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.ActionReversals;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.outbox.AppealDecidedPayload;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.reports.ReportRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Filing appeals (PROTOCOL.md §7). Each filing locks the contested case's row, so that a decision
 * or reopening cannot slip between the checks and the insert; the checks run in §7's order and a
 * refusal changes nothing.
 */
@Service
public class Appeals {
    /** §7: a statement is 1..2,000 characters (the column's width; ColumnLimitsTest). */
    public static final int STATEMENT_MAX = 2000;

    /** DSA Art. 20(1): at least six months after the decision. */
    public static final int WINDOW_MONTHS = 6;

    static final String OPEN = "open";

    /** A reason's limit: the review UI's (ColumnLimitsTest ties it to appeals.reason). */
    static final int REASON_MAX = 1000;

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

    Appeals(
            AppealRepository appeals,
            ReportRepository reports,
            CaseRepository cases,
            Outbox outbox,
            AuditLog audit,
            Clock clock,
            ActionReversals reversals) {
        this.reversals = reversals;
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
     * than the one who made the contested decision (four eyes). A reversal withdraws the case's
     * action in force ({@code action.reversed}); an appeal the platform filed is answered with
     * {@code appeal.decided}. Refusals use the review UI's message keys.
     */
    @Transactional
    public void decide(UUID appealId, String outcome, String reason, String by) {
        AppealEntity a =
                appeals.findById(appealId)
                        .orElseThrow(
                                () ->
                                        new Refused(
                                                Kind.NOT_FOUND,
                                                "refused.unknown-appeal",
                                                "no such appeal"));
        CaseRepository.Decided d =
                cases.decidedForUpdate(a.caseId())
                        .orElseThrow(
                                () ->
                                        new Refused(
                                                Kind.NOT_FOUND,
                                                "refused.unknown-appeal",
                                                "no such case"));
        if (!OPEN.equals(a.status())) {
            throw new Refused(Kind.CONFLICT, "refused.appeal-decided", "already decided");
        }
        if (by.equals(a.contestedBy())) {
            throw new Refused(
                    Kind.CONFLICT,
                    "refused.appeal-four-eyes",
                    "the decider may not decide its appeal");
        }
        if (!"upheld".equals(outcome) && !"reversed".equals(outcome)) {
            throw new Refused(Kind.INVALID, "refused.appeal-outcome", "upheld or reversed");
        }
        if (reason == null || reason.isBlank() || reason.length() > REASON_MAX) {
            throw new Refused(Kind.INVALID, "refused.reason-required", "a reason is required");
        }
        Instant now = clock.instant();
        a.decide(outcome, by, reason, now);
        appeals.saveAndFlush(a);
        audit.append(
                by,
                AuditEvent.APPEAL_DECIDED,
                a.caseId(),
                a.id().toString(),
                "outcome="
                        + outcome
                        + "; by="
                        + (a.actionId() == null ? "reporter" : "affected_user"));
        if ("reversed".equals(outcome)) {
            reversals.reverse(a.caseId(), d.sender(), "appeal", by);
        }
        if (a.actionId() != null) {
            outbox.enqueue(AppealDecidedPayload.of(a.id(), a.actionId(), a.caseId(), outcome, now));
        }
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
        UUID id = UUID.randomUUID();
        try {
            appeals.saveAndFlush(
                    new AppealEntity(
                            id,
                            d.id(),
                            reportId,
                            actionId,
                            appellant,
                            statement,
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
