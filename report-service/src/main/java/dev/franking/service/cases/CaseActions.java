package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.StatementOfReasons;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.crypto.Aead;
import dev.franking.service.moderators.ModeratorService;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.reports.ReportRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What moderators do to a case. Every action authorises, changes and appends its audit row in one
 * transaction, with the case's row locked.
 */
@Service
class CaseActions implements ReviewPorts.Actions {
    static final int NOTE_MAX = 2000;
    static final int GROUND_MAX = 200;
    static final int FACTS_MAX = 4000;

    private final CaseAccess access;
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final AuditLog audit;
    private final Outbox outbox;
    private final ModeratorService moderators;
    private final Clock clock;

    CaseActions(
            CaseAccess access,
            CaseRepository cases,
            ReportRepository reports,
            AuditLog audit,
            Outbox outbox,
            ModeratorService moderators,
            Clock clock) {
        this.access = access;
        this.cases = cases;
        this.reports = reports;
        this.audit = audit;
        this.outbox = outbox;
        this.moderators = moderators;
        this.clock = clock;
    }

    @Override
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
        cases.assign(caseId, by.username(), clock.instant());
        audit.append(by.username(), "case.claimed", caseId, null, null);
    }

    @Override
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
        audit.append(by.username(), "case.released", caseId, c.assignee(), null);
    }

    @Override
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
        if (c.childSafety()) {
            UserDetails u = moderators.loadUserByUsername(to);
            boolean ok =
                    u.getAuthorities().stream()
                            .anyMatch(
                                    a ->
                                            a.getAuthority().equals(Role.CHILD_SAFETY.authority())
                                                    || a.getAuthority()
                                                            .equals(Role.ADMIN.authority()));
            if (!ok) {
                throw new ActionRefused("refused.assignee-not-child-safety");
            }
        }
        cases.assign(caseId, to, clock.instant());
        audit.append(
                by.username(),
                "case.reassigned",
                caseId,
                to,
                c.assignee() == null ? null : "from=" + c.assignee());
    }

    @Override
    @Transactional
    public void note(UUID caseId, String text, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        requireText(text, NOTE_MAX, "refused.note-invalid");
        UUID id = addNote(c, text, by);
        audit.append(by.username(), "case.note_added", caseId, id.toString(), null);
    }

    private UUID addNote(CaseRow c, String text, Reviewer by) {
        UUID id = UUID.randomUUID();
        cases.addNote(
                id,
                c.id(),
                by.username(),
                Aead.encrypt(
                        access.dataKey(c), text.getBytes(StandardCharsets.UTF_8), noteContext(id)),
                clock.instant());
        return id;
    }

    static String noteContext(UUID noteId) {
        return "case-note:" + noteId;
    }

    @Override
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
        requireText(reasons.ground(), GROUND_MAX, "refused.ground-required");
        requireText(reasons.facts(), FACTS_MAX, "refused.facts-required");
        Instant now = clock.instant();
        String wire = decision.name().toLowerCase(Locale.ROOT);
        cases.decide(
                caseId,
                wire,
                by.username(),
                reasons.ground(),
                Aead.encrypt(
                        access.dataKey(c),
                        reasons.facts().getBytes(StandardCharsets.UTF_8),
                        "case-reasons:" + caseId),
                reasons.automated(),
                now);
        // what the reporter may see (GET /api/v1/reports/{id}): whether action was taken, not which
        reports.decided(caseId, decision != Decision.DISMISS, now);
        audit.append(
                by.username(),
                "case.decided",
                caseId,
                wire,
                "ground=" + reasons.ground() + "; automated=" + reasons.automated());
        if (decision != Decision.DISMISS) {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("type", "account_action");
            action.put("action", wire);
            action.put("account", c.sender());
            action.put("caseId", caseId.toString());
            action.put("ground", reasons.ground());
            action.put("decidedAt", now.toString());
            UUID id = outbox.enqueue(Outbox.PLATFORM_ACTION, action);
            audit.append(
                    "system", "platform_action.queued", caseId, id.toString(), "action=" + wire);
        }
    }

    @Override
    @Transactional
    public void escalate(UUID caseId, String reason, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (c.escalatedAt() != null) {
            throw new ActionRefused("refused.already-escalated");
        }
        requireText(reason, NOTE_MAX, "refused.reason-required");
        cases.escalate(caseId, by.username(), clock.instant());
        UUID note = addNote(c, reason, by);
        audit.append(by.username(), "case.escalated", caseId, note.toString(), null);
    }

    @Override
    @Transactional
    public void reopen(UUID caseId, String reason, Reviewer by) {
        CaseRow c = access.visible(caseId, by, true);
        if (c.closedAt() == null) {
            throw new ActionRefused("refused.not-closed");
        }
        if (!by.isAdmin() && !by.has(Role.CHILD_SAFETY) && !by.username().equals(c.decidedBy())) {
            throw new ActionRefused("refused.forbidden");
        }
        requireText(reason, NOTE_MAX, "refused.reason-required");
        if (cases.otherOpenCases(c.sender(), caseId) > 0) {
            throw new ActionRefused("refused.reopen-conflict");
        }
        cases.reopen(caseId);
        reports.reopened(caseId);
        UUID note = addNote(c, reason, by);
        audit.append(
                by.username(),
                "case.reopened",
                caseId,
                note.toString(),
                "previous=" + c.decision());
    }

    private static void requireText(String s, int max, String key) {
        if (s == null || s.isBlank() || s.length() > max) {
            throw new ActionRefused(key);
        }
    }
}
