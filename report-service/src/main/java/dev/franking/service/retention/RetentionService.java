package dev.franking.service.retention;

import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.crypto.EpochKeyHolder;
import dev.franking.service.reports.ReportRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Preservation and retention. Admins place and lift legal holds. The retention job destroys the
 * evidence of closed cases after the retention period by deleting their data keys (crypto-
 * shredding) and the ciphertexts with them, unless the case is preserved (forwarded: at least a
 * year from submission) or held. Commitments, hashes, stamps and the audit trail stay.
 *
 * <p>Deleting the data key destroys the live row; the copies of it elsewhere (WAL, backups) die
 * with the epoch key it is under ({@code cases.CaseKeyEpochs}). So before the epoch janitor
 * destroys an epoch key, retention runs (what is due is shredded first) and moves forward every key
 * that must outlive the epochs ending soon; a legal hold moves its case's key at once.
 */
@Service
public class RetentionService implements SchedulingConfigurer, EpochKeyHolder {
    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

    private final JdbcClient jdbc;
    private final LegalHoldRepository holds;
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Clock clock;
    private final CaseKeyForwarding keys;
    private final Duration retention;
    private final String cron;

    RetentionService(
            JdbcClient jdbc,
            CaseRepository cases,
            ReportRepository reports,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            AuditLog audit,
            Clock clock,
            CaseKeyForwarding keys,
            ReportsProperties props,
            LegalHoldRepository holds) {
        this.holds = holds;
        this.jdbc = jdbc;
        this.cases = cases;
        this.reports = reports;
        this.events = events;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.keys = keys;
        this.retention = props.retention().closedCases();
        this.cron = props.retention().cron();
    }

    @Transactional
    public UUID placeHold(UUID caseId, String reason, Reviewer by) {
        requireAdmin(by);
        requireReason(reason);
        requireCase(caseId);
        UUID id = UUID.randomUUID();
        if (holds.findByCaseIdAndLiftedAtIsNull(caseId).isPresent()) {
            throw new ActionRefused("refused.already-held");
        }
        try {
            holds.saveAndFlush(
                    new LegalHoldEntity(id, caseId, by.username(), clock.instant(), reason));
        } catch (DataIntegrityViolationException e) {
            // placed by someone else in the same instant (the one-active-hold index)
            throw new ActionRefused("refused.already-held");
        }
        // a hold may outlast any date the key's epoch was chosen by: move it now, not at the job
        keys.move(caseId, clock.instant(), retention, this::held);
        audit.append(
                by.username(),
                AuditEvent.CASE_HOLD_PLACED,
                caseId,
                id.toString(),
                "reason=" + reason);
        return id;
    }

    @Transactional
    public void liftHold(UUID caseId, String reason, Reviewer by) {
        requireAdmin(by);
        requireReason(reason);
        LegalHoldEntity h =
                holds.findByCaseIdAndLiftedAtIsNull(caseId)
                        .orElseThrow(() -> new ActionRefused("refused.not-held"));
        lift(h, reason, by, "refused.not-held");
    }

    /**
     * Lifts a hold from the back office's list, if it is still at the version the admin saw ({@code
     * refused.hold-stale} otherwise, e.g. lifted meanwhile). Audited as a lift on its case.
     */
    @Transactional
    public void liftHold(UUID holdId, long version, String reason, Reviewer by) {
        requireAdmin(by);
        requireReason(reason);
        LegalHoldEntity h =
                holds.findById(holdId).orElseThrow(() -> new ActionRefused("refused.hold-unknown"));
        if (!h.active() || h.version() == null || h.version() != version) {
            throw new ActionRefused("refused.hold-stale");
        }
        lift(h, reason, by, "refused.hold-stale");
    }

    private void lift(LegalHoldEntity h, String reason, Reviewer by, String staleKey) {
        h.lift(by.username(), clock.instant(), reason);
        try {
            holds.saveAndFlush(h);
        } catch (OptimisticLockingFailureException e) {
            throw new ActionRefused(staleKey);
        }
        audit.append(
                by.username(),
                AuditEvent.CASE_HOLD_LIFTED,
                h.caseId(),
                h.id().toString(),
                "reason=" + reason);
    }

    /** A legal hold as the back office lists it. */
    public record HoldEntry(
            UUID id,
            UUID caseId,
            String placedBy,
            Instant placedAt,
            String reason,
            String liftedBy,
            Instant liftedAt,
            String liftReason,
            long version) {}

    /** Every legal hold, active and lifted, newest first. */
    @Transactional(readOnly = true)
    public List<HoldEntry> allHolds() {
        return holds.findAllByOrderByPlacedAtDesc().stream()
                .map(
                        h ->
                                new HoldEntry(
                                        h.id(),
                                        h.caseId(),
                                        h.placedBy(),
                                        h.placedAt(),
                                        h.reason(),
                                        h.liftedBy(),
                                        h.liftedAt(),
                                        h.liftReason(),
                                        h.version()))
                .toList();
    }

    /** Who placed the case's active legal hold, when and why. */
    public record Hold(String placedBy, Instant placedAt, String reason) {}

    public Optional<Hold> activeHold(UUID caseId) {
        return jdbc.sql(
                        "SELECT placed_by, placed_at, reason FROM legal_holds WHERE case_id = ? AND"
                                + " lifted_at IS NULL")
                .param(caseId)
                .query(Hold.class)
                .optional();
    }

    public boolean held(UUID caseId) {
        return jdbc.sql("SELECT 1 FROM legal_holds WHERE case_id = ? AND lifted_at IS NULL")
                .param(caseId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** The retention job, at {@code reports.retention.cron}. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addCronTask(this::scheduled, cron);
    }

    public void scheduled() {
        run(clock.instant());
    }

    /**
     * Shreds every case due at {@code now}; returns their ids. Each case in its own transaction.
     */
    public List<UUID> run(Instant now) {
        List<UUID> due =
                cases.shreddable(now.minus(retention), now).stream()
                        .filter(id -> !held(id))
                        .toList();
        for (UUID id : due) {
            tx.executeWithoutResult(s -> shred(id, now));
        }
        if (!due.isEmpty()) {
            log.info("Retention: destroyed the evidence of {} closed case(s)", due.size());
        }
        return due;
    }

    /**
     * Before the janitor destroys epoch keys: shred what is due (if an epoch is about to end), then
     * move forward the keys that must outlive the epochs ending soon.
     */
    @Override
    public void beforeEpochsEnd(Instant now, SortedSet<String> ending) {
        if (!ending.isEmpty()) {
            run(now);
        }
        keys.forward(now, retention, this::held);
    }

    private void shred(UUID caseId, Instant now) {
        // re-check under the row lock: a hold or a forwarding may have arrived since the scan
        if (!cases.lockIfShreddable(caseId, now) || held(caseId)) {
            return;
        }
        // the data key is what makes the ciphertexts readable: deleting it destroys them for good;
        // the ciphertexts go too, the commitments, hashes and stamps stay
        cases.shred(caseId, now);
        reports.shred(caseId);
        events.publishEvent(new CaseShredded(caseId, now));
        audit.append("system", AuditEvent.CASE_SHREDDED, caseId, null, "retention=" + retention);
    }

    private void requireCase(UUID caseId) {
        if (!cases.exists(caseId)) {
            throw new NotFound();
        }
    }

    private static void requireAdmin(Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > ReviewLimits.REASON_MAX) {
            throw new ActionRefused("refused.reason-required");
        }
    }
}
