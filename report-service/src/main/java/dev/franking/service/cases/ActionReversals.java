package dev.franking.service.cases;

import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.outbox.ActionReversedPayload;
import dev.franking.service.outbox.Outbox;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Withdraws a case's platform action (issue 14: reopening left it in force; PROTOCOL.md §7: a
 * reversed appeal does too): queues an {@code action.reversed} event naming the original action's
 * id and audits it, in the caller's transaction. Public because appeals reverse actions too.
 */
@Service
public class ActionReversals {
    private final Outbox outbox;
    private final AuditLog audit;
    private final Clock clock;
    private final AccountHistory history;

    ActionReversals(Outbox outbox, AuditLog audit, Clock clock, AccountHistory history) {
        this.history = history;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Reverses the action in force for {@code caseId} against {@code account}, if there is one;
     * {@code why} is {@code reopened} or {@code appeal}. Returns the reversed action's id.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<UUID> reverse(UUID caseId, String account, String why, String actor) {
        // the decision stops counting (strikes, the action in force) whether or not the platform
        // had been told of it
        history.markReversed(caseId, why, clock.instant());
        Optional<UUID> action = outbox.actionInForce(caseId);
        action.ifPresent(
                id -> {
                    UUID entry =
                            outbox.enqueue(
                                    ActionReversedPayload.of(
                                            id, account, caseId, why, clock.instant()));
                    audit.append(
                            actor,
                            AuditEvent.PLATFORM_ACTION_REVERSED,
                            caseId,
                            id.toString(),
                            "why=" + why + "; event=" + entry);
                });
        return action;
    }
}
