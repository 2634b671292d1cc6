package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.StatementOfReasons;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The review UI's actions port: {@link CaseActions}, plus an audit row for every refused attempt
 * (issue 14: refusals were not logged), with the action and the refusal's reason. A refusal rolls
 * its own transaction back (nothing it did stays), so its row is appended afterwards, in a
 * transaction of its own.
 */
@Service
class ActionsPort implements ReviewPorts.Actions {
    private final CaseActions actions;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    ActionsPort(CaseActions actions, AuditLog audit, TransactionTemplate tx) {
        this.actions = actions;
        this.audit = audit;
        this.tx = tx;
    }

    private void audited(String action, UUID caseId, Reviewer by, Runnable run) {
        try {
            run.run();
        } catch (ActionRefused refused) {
            tx.executeWithoutResult(
                    s ->
                            audit.append(
                                    by.username(),
                                    AuditEvent.CASE_ACTION_REFUSED,
                                    caseId,
                                    action,
                                    "reason=" + refused.messageKey()));
            throw refused;
        }
    }

    @Override
    public void claim(UUID caseId, Reviewer by) {
        audited("claim", caseId, by, () -> actions.claim(caseId, by));
    }

    @Override
    public void release(UUID caseId, Reviewer by) {
        audited("release", caseId, by, () -> actions.release(caseId, by));
    }

    @Override
    public void reassign(UUID caseId, String toUsername, Reviewer by) {
        audited("reassign", caseId, by, () -> actions.reassign(caseId, toUsername, by));
    }

    @Override
    public void note(UUID caseId, String text, Reviewer by) {
        audited("note", caseId, by, () -> actions.note(caseId, text, by));
    }

    @Override
    public void decide(UUID caseId, Decision decision, StatementOfReasons reasons, Reviewer by) {
        audited(
                decision == null ? "decide" : "decide:" + decision.name().toLowerCase(),
                caseId,
                by,
                () -> actions.decide(caseId, decision, reasons, by));
    }

    @Override
    public void escalate(UUID caseId, String reason, Reviewer by) {
        audited("escalate", caseId, by, () -> actions.escalate(caseId, reason, by));
    }

    @Override
    public void reopen(UUID caseId, String reason, Reviewer by) {
        audited("reopen", caseId, by, () -> actions.reopen(caseId, reason, by));
    }

    @Override
    public void judgeReport(UUID caseId, UUID reportId, Views.ReportVerdict verdict, Reviewer by) {
        audited(
                verdict == null ? "judge" : "judge:" + verdict.name().toLowerCase(Locale.ROOT),
                caseId,
                by,
                () -> actions.judgeReport(caseId, reportId, verdict, by));
    }
}
