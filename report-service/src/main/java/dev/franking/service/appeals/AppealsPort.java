package dev.franking.service.appeals;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The review UI's appeals port: {@link Appeals}, plus an audit row for every refused attempt to
 * decide (as {@code cases}' actions port does): the refusal rolls its own transaction back, so its
 * row is appended afterwards, in a transaction of its own, with the appeal and the refusal's key.
 */
@Service
class AppealsPort implements ReviewPorts.Appeals {
    private final Appeals appeals;
    private final AppealRepository repository;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    AppealsPort(
            Appeals appeals, AppealRepository repository, AuditLog audit, TransactionTemplate tx) {
        this.appeals = appeals;
        this.repository = repository;
        this.audit = audit;
        this.tx = tx;
    }

    @Override
    public List<AppealRow> open(Reviewer viewer) {
        return appeals.open(viewer);
    }

    @Override
    public int awaitingCount(Reviewer viewer) {
        return appeals.awaitingCount(viewer);
    }

    @Override
    public String revealStatement(UUID appealId, Reviewer viewer) {
        return appeals.revealStatement(appealId, viewer);
    }

    @Override
    public void uphold(UUID appealId, String reason, Reviewer by) {
        decide(appealId, Appeals.UPHELD, reason, by);
    }

    @Override
    public void reverse(UUID appealId, String reason, Reviewer by) {
        decide(appealId, Appeals.REVERSED, reason, by);
    }

    @Override
    public AppealStats decided(Instant from, Instant to) {
        return appeals.decided(from, to);
    }

    private void decide(UUID appealId, String outcome, String reason, Reviewer by) {
        try {
            appeals.decide(appealId, outcome, reason, by);
        } catch (ActionRefused refused) {
            // only a refusal on an appeal the reviewer may see: "not found" says nothing of others
            UUID caseId = repository.findById(appealId).map(AppealEntity::caseId).orElse(null);
            tx.executeWithoutResult(
                    s ->
                            audit.append(
                                    by.username(),
                                    AuditEvent.CASE_ACTION_REFUSED,
                                    caseId,
                                    "appeal:" + outcome,
                                    "appeal=" + appealId + "; reason=" + refused.messageKey()));
            throw refused;
        }
    }
}
