package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.ReportVerdict;
import dev.franking.review.model.Views.StatementOfReasons;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.crypto.Vault;
import dev.franking.service.moderators.ModeratorService;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.outbox.PlatformActionPayload;
import dev.franking.service.reports.ReportRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What moderators do to a case. Every action authorises, changes and appends its audit row in one
 * transaction, with the case's row locked. The review UI reaches it through {@link ActionsPort},
 * which audits refusals once this transaction has rolled back.
 */
@Service
class CaseActions {

    private final CaseAccess access;
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final AuditLog audit;
    private final Outbox outbox;
    private final ModeratorService moderators;
    private final Vault vault;
    private final Clock clock;
    private final ActionReversals reversals;
    private final AccountHistory history;

    CaseActions(
            CaseAccess access,
            CaseRepository cases,
            ReportRepository reports,
            AuditLog audit,
            Outbox outbox,
            ModeratorService moderators,
            Vault vault,
            Clock clock,
            ActionReversals reversals,
            AccountHistory history) {
        this.reversals = reversals;
        this.history = history;
        this.access = access;
        this.cases = cases;
        this.reports = reports;
        this.audit = audit;
        this.outbox = outbox;
        this.moderators = moderators;
        this.vault = vault;
        this.clock = clock;
    }

    @Transactional
    public void claim(UUID caseId, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (c.assignee() != null) {
            throw new ActionRefused(
                    c.assignee().equals(by.username())
                            ? "refused.already-yours"
                            : "refused.claimed");
        }
        cases.assign(caseId, by.username(), by.seesChildSafety(), clock.instant());
        audit.append(by.username(), AuditEvent.CASE_CLAIMED, caseId, null, null);
    }

    @Transactional
    public void release(UUID caseId, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        if (c.assignee() == null) {
            throw new ActionRefused("refused.not-claimed");
        }
        if (!c.assignee().equals(by.username()) && !by.isAdmin()) {
            throw new ActionRefused("refused.claimed");
        }
        cases.unassign(caseId);
        audit.append(by.username(), AuditEvent.CASE_RELEASED, caseId, c.assignee(), null);
    }

    @Transactional
    public void reassign(UUID caseId, String to, Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        CaseRow c = access.visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (to == null || !moderators.exists(to)) {
            throw new ActionRefused("refused.unknown-user");
        }
        UserDetails u = moderators.loadUserByUsername(to);
        boolean seesChildSafety =
                u.getAuthorities().stream()
                        .anyMatch(
                                a ->
                                        a.getAuthority().equals(Role.CHILD_SAFETY.authority())
                                                || a.getAuthority().equals(Role.ADMIN.authority()));
        if (c.childSafety() && !seesChildSafety) {
            throw new ActionRefused("refused.assignee-not-child-safety");
        }
        cases.assign(caseId, to, seesChildSafety, clock.instant());
        audit.append(
                by.username(),
                AuditEvent.CASE_REASSIGNED,
                caseId,
                to,
                c.assignee() == null ? null : "from=" + c.assignee());
    }

    @Transactional
    public void note(UUID caseId, String text, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        requireText(text, ReviewLimits.NOTE_MAX_CHARS, "refused.note-invalid");
        UUID id = addNote(c, text, by);
        audit.append(by.username(), AuditEvent.CASE_NOTE_ADDED, caseId, id.toString(), null);
    }

    private UUID addNote(CaseRow c, String text, Reviewer by) {
        UUID id = UUID.randomUUID();
        cases.addNote(
                id,
                c.id(),
                by.username(),
                vault.sealNote(access.dataKey(c), id, text),
                clock.instant());
        return id;
    }

    @Transactional
    public void decide(UUID caseId, Decision decision, StatementOfReasons reasons, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (!by.username().equals(c.assignee()) && !by.isAdmin()) {
            throw new ActionRefused("refused.not-assignee");
        }
        if (decision == null || reasons == null) {
            throw new ActionRefused("refused.decision-invalid");
        }
        requireText(reasons.ground(), ReviewLimits.GROUND_MAX, "refused.ground-required");
        requireText(reasons.facts(), ReviewLimits.FACTS_MAX, "refused.facts-required");
        Instant now = clock.instant();
        String wire = decision.name().toLowerCase(Locale.ROOT);
        byte[] factsEnc = vault.sealFacts(access.dataKey(c), caseId, reasons.facts());
        cases.decide(
                caseId, wire, by.username(), reasons.ground(), factsEnc, reasons.automated(), now);
        // the account's history keeps every decision, also once the case is reopened (issue 14)
        history.recordDecision(
                c, wire, by.username(), reasons.ground(), factsEnc, reasons.automated(), now);
        // what the reporter may see (GET /api/v2/reports/{id}): whether action was taken, not which
        reports.decided(caseId, decision != Decision.DISMISS, now);
        audit.append(
                by.username(),
                AuditEvent.CASE_DECIDED,
                caseId,
                wire,
                "ground=" + reasons.ground() + "; automated=" + reasons.automated());
        if (decision != Decision.DISMISS) {
            UUID id =
                    outbox.enqueue(
                            PlatformActionPayload.accountAction(
                                    wire, c.sender(), caseId, reasons.ground(), now));
            audit.append(
                    "system",
                    AuditEvent.PLATFORM_ACTION_QUEUED,
                    caseId,
                    id.toString(),
                    "action=" + wire);
        }
    }

    /**
     * One report of an open case upheld or dismissed by whoever decides the case (its assignee or
     * an admin): the report's own outcome, stored with who and when, and audited; the account's
     * action stays the case's one decision.
     */
    @Transactional
    public void judgeReport(UUID caseId, UUID reportId, ReportVerdict verdict, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (!by.username().equals(c.assignee()) && !by.isAdmin()) {
            throw new ActionRefused("refused.not-assignee");
        }
        if (verdict == null) {
            throw new ActionRefused("refused.verdict-invalid");
        }
        String wire = verdict.name().toLowerCase(Locale.ROOT);
        if (!reports.judged(caseId, reportId, wire, by.username(), clock.instant())) {
            throw new NotFound();
        }
        audit.append(
                by.username(),
                verdict == ReportVerdict.UPHELD
                        ? AuditEvent.REPORT_UPHELD
                        : AuditEvent.REPORT_DISMISSED,
                caseId,
                reportId.toString(),
                null);
    }

    @Transactional
    public void escalate(UUID caseId, String reason, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (c.escalatedAt() != null) {
            throw new ActionRefused("refused.already-escalated");
        }
        requireText(reason, ReviewLimits.REASON_MAX, "refused.reason-required");
        cases.escalate(caseId, by.username(), clock.instant());
        UUID note = addNote(c, reason, by);
        // the category it had (it now takes child safety's priority and target) and whom it left
        String detail = "from=" + c.category();
        if (c.assignee() != null && !c.assignee().equals(by.username())) {
            detail += "; taken from=" + c.assignee();
        }
        audit.append(by.username(), AuditEvent.CASE_ESCALATED, caseId, note.toString(), detail);
    }

    @Transactional
    public void reopen(UUID caseId, String reason, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        if (c.closedAt() == null) {
            throw new ActionRefused("refused.not-closed");
        }
        if (!by.isAdmin() && !by.has(Role.CHILD_SAFETY) && !by.username().equals(c.decidedBy())) {
            throw new ActionRefused("refused.forbidden");
        }
        requireText(reason, ReviewLimits.REASON_MAX, "refused.reason-required");
        if (cases.otherOpenCases(c.sender(), caseId) > 0) {
            throw new ActionRefused("refused.reopen-conflict");
        }
        cases.reopen(caseId);
        reports.reopened(caseId);
        UUID note = addNote(c, reason, by);
        audit.append(
                by.username(),
                AuditEvent.CASE_REOPENED,
                caseId,
                note.toString(),
                "previous=" + c.decision());
        // the decision no longer stands, so neither does what the platform was told to do
        reversals.reverse(caseId, c.sender(), "reopened", by.username());
    }

    private static void requireText(String s, int max, String key) {
        if (s == null || s.isBlank() || s.length() > max) {
            throw new ActionRefused(key);
        }
    }
}
