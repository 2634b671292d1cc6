package dev.franking.service.forwarding;

import dev.franking.review.web.ReviewLimits;
import dev.franking.service.OutboundHttp;
import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.forwarding.destinations.CyberTiplineClient;
import dev.franking.service.forwarding.destinations.CyberTiplineReport;
import dev.franking.service.forwarding.destinations.DestinationException;
import dev.franking.service.forwarding.destinations.WebhookDestination;
import dev.franking.service.outbox.ForwardingPayload;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.outbox.OutboxKind;
import dev.franking.service.reports.ReportRepository;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * Delivers approved forwardings from the outbox: retried with exponential backoff across failures
 * and restarts, one delivery at a time per forwarding (the outbox row stays locked while it runs),
 * idempotent at the receiver (the webhook's delivery id; the CyberTipline's recorded progress, so
 * nothing is submitted, uploaded or described twice). A permanent failure, or an outcome nobody can
 * know (a submit that got no answer), stops the retries and shows on the case as failed with its
 * reason; a CyberTipline report already open is retracted first. {@link #attempt} is the entry
 * point the outbox calls.
 */
@Component
class ForwardingDispatcher implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(ForwardingDispatcher.class);

    private final Outbox outbox;
    private final ForwardingService forwarding;
    private final EvidencePackageService packages;
    private final AuditLog audit;
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PlatformTransactionManager txm;
    private final Clock clock;
    private final String platform;
    private final ReportsProperties.Cybertipline contact;
    private final RestClient http;
    private final Duration poll;

    /** The service's: settings from {@code reports.*}, the one outbound HTTP client. */
    @Autowired
    ForwardingDispatcher(
            Outbox outbox,
            ForwardingService forwarding,
            EvidencePackageService packages,
            AuditLog audit,
            CaseRepository cases,
            ReportRepository reports,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            PlatformTransactionManager txm,
            Clock clock,
            ReportsProperties props,
            RestClient http) {
        this(
                outbox,
                forwarding,
                packages,
                audit,
                cases,
                reports,
                jdbc,
                tx,
                txm,
                clock,
                props.evidence().platformName(),
                props.cybertipline(),
                http,
                props.forwarding().poll());
    }

    /** A dispatcher outside the application (tests): its own HTTP client, no schedule. */
    ForwardingDispatcher(
            Outbox outbox,
            ForwardingService forwarding,
            EvidencePackageService packages,
            AuditLog audit,
            CaseRepository cases,
            ReportRepository reports,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            PlatformTransactionManager txm,
            Clock clock,
            String platform,
            ReportsProperties.Cybertipline contact) {
        this(
                outbox,
                forwarding,
                packages,
                audit,
                cases,
                reports,
                jdbc,
                tx,
                txm,
                clock,
                platform,
                contact,
                OutboundHttp.standalone(),
                null);
    }

    private ForwardingDispatcher(
            Outbox outbox,
            ForwardingService forwarding,
            EvidencePackageService packages,
            AuditLog audit,
            CaseRepository cases,
            ReportRepository reports,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            PlatformTransactionManager txm,
            Clock clock,
            String platform,
            ReportsProperties.Cybertipline contact,
            RestClient http,
            Duration poll) {
        this.outbox = outbox;
        this.forwarding = forwarding;
        this.packages = packages;
        this.audit = audit;
        this.cases = cases;
        this.reports = reports;
        this.jdbc = jdbc;
        this.tx = tx;
        this.txm = txm;
        this.clock = clock;
        this.platform = platform;
        this.contact = contact;
        this.http = http;
        this.poll = poll;
    }

    /** Every {@code reports.forwarding.poll}, the first after one period. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (poll != null) {
            tasks.addFixedDelayTask(new FixedDelayTask(this::scheduled, poll, poll));
        }
    }

    public void scheduled() {
        deliverDue();
    }

    /** Delivers what is due; returns how many were acknowledged (or found done already). */
    public int deliverDue() {
        return outbox.deliverDue(OutboxKind.FORWARD, 5, this::deliver);
    }

    /**
     * One delivery, called by the outbox outside any transaction (its lease holds the entry).
     * {@link #attempt} records its own progress in short transactions, so the outcome needs no
     * bookkeeping of its own; a database outage is let through for the outbox to retry.
     */
    private Outbox.Outcome deliver(Outbox.Entry e) {
        Attempt a = attempt(e.read(ForwardingPayload.class).forwardingId());
        return switch (a.outcome()) {
            case DELIVERED, NOTHING_TO_DO -> Outbox.Outcome.delivered();
            case RETRY -> {
                log.warn(
                        "Forwarding delivery failed (attempt {}), will retry: {}",
                        e.attempts() + 1,
                        a.error());
                yield Outbox.Outcome.retry(a.error());
            }
            case STOPPED -> Outbox.Outcome.failed(a.error());
        };
    }

    /** What one delivery attempt came to; the caller (the outbox) maps it to its own states. */
    enum Outcome {
        /** The destination holds it for good: acknowledged. */
        DELIVERED,
        /** Not (or no longer) a forwarding to deliver. */
        NOTHING_TO_DO,
        /** Try again later (with backoff); the error says why. */
        RETRY,
        /** Failed: a person must look; the forwarding shows the error. */
        STOPPED
    }

    record Attempt(Outcome outcome, String error) {}

    /**
     * One delivery attempt of a forwarding, from whatever its recorded progress says. Makes its
     * HTTP calls without needing a transaction and writes its results in short ones of its own (or
     * the caller's, if it has one), so the outbox may call it inside or outside a transaction. Safe
     * to call again for the same forwarding at any point, also after a crash: each step at the
     * destination is recorded before and after it is made and is never repeated blindly.
     */
    Attempt attempt(UUID id) {
        ForwardingService.Forwarding f = forwarding.find(id).orElse(null);
        if (f == null
                || !(ForwardingStatus.QUEUED.is(f.status())
                        || ForwardingStatus.SENT.is(f.status()))) {
            return new Attempt(Outcome.NOTHING_TO_DO, null);
        }
        DbProgressStore progress = progress(f);
        auditRetractions(f, progress);
        Optional<String> abandoning = progress.abandoning();
        if (abandoning.isPresent()) {
            return giveUp(f, progress, abandoning.get());
        }
        try {
            byte[] zip = packages.load(f.caseId(), f.packageId());
            String reference =
                    switch (f.kind()) {
                        case WEBHOOK -> webhook(f, zip);
                        case CYBERTIPLINE -> cybertipline(f, zip, progress);
                        case DOWNLOAD ->
                                throw new IllegalStateException(
                                        "download destinations are not delivered");
                    };
            forwarding.acknowledge(
                    id,
                    reference,
                    "system",
                    f.kind() == ForwardingService.Kind.CYBERTIPLINE
                            ? "report finished"
                            : "delivered");
            return new Attempt(Outcome.DELIVERED, null);
        } catch (DestinationException ex) {
            if (ex.retryable()) {
                return retryLater(f, ex.getMessage());
            }
            String error = ex.getMessage();
            if (ex.kind() == DestinationException.Kind.OUTCOME_UNKNOWN
                    && progress.reportId().isEmpty()) {
                error =
                        error
                                + ". NCMEC's additional information names case "
                                + f.caseId()
                                + ": ask NCMEC for that report's id and record it here, or retry";
            }
            return giveUp(f, progress, error);
        } catch (RuntimeException ex) {
            if (Outbox.unavailable(ex)) {
                throw ex; // the database, not the delivery: the outbox retries once it is back
            }
            log.error("Forwarding {} failed unexpectedly", id, ex);
            return giveUp(f, progress, "internal error: " + ex.getClass().getSimpleName());
        }
    }

    private DbProgressStore progress(ForwardingService.Forwarding f) {
        return new DbProgressStore(jdbc, txm, f.id());
    }

    /**
     * Writes the audit rows of retractions recorded but not yet audited (also those a crash left
     * behind), each with its mark, in the caller's transaction or a new one.
     */
    private void auditRetractions(ForwardingService.Forwarding f, DbProgressStore progress) {
        List<String> pending = progress.retractionsToAudit();
        if (pending.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(
                s -> {
                    for (String reportId : pending) {
                        audit.append(
                                "system",
                                AuditEvent.FORWARDING_RETRACTED,
                                f.caseId(),
                                f.id().toString(),
                                "report=" + reportId);
                        progress.audited(reportId);
                    }
                });
    }

    private Attempt retryLater(ForwardingService.Forwarding f, String error) {
        // once the destination holds the report (the CyberTipline gave its id), it counts as sent
        tx.executeWithoutResult(
                s ->
                        jdbc.update(
                                "UPDATE forwardings SET last_error = ?, status = CASE WHEN EXISTS"
                                    + " (SELECT 1 FROM delivery_progress p WHERE p.forwarding_id ="
                                    + " forwardings.id AND p.step = 'report_id') THEN 'sent' ELSE"
                                    + " status END, sent_at = CASE WHEN EXISTS (SELECT 1 FROM"
                                    + " delivery_progress p WHERE p.forwarding_id = forwardings.id"
                                    + " AND p.step = 'report_id') THEN coalesce(sent_at, ?) ELSE"
                                    + " sent_at END WHERE id = ?",
                                clip(error),
                                Timestamp.from(clock.instant()),
                                f.id()));
        return new Attempt(Outcome.RETRY, clip(error));
    }

    /**
     * Gives a forwarding up. A CyberTipline report that was submitted and not finished is retracted
     * first, so that nothing is left open at NCMEC; the intent is recorded before the request, so
     * that a restart retracts too, and while NCMEC cannot be reached the retraction is retried like
     * a delivery.
     */
    private Attempt giveUp(ForwardingService.Forwarding f, DbProgressStore progress, String why) {
        String error = clip(why);
        String open =
                f.kind() == ForwardingService.Kind.CYBERTIPLINE && !progress.finished()
                        ? progress.reportId().orElse(null)
                        : null;
        if (open != null) {
            progress.abandon(error);
            try {
                CyberTiplineClient.Retraction r = client(f).retract(open);
                if (r == CyberTiplineClient.Retraction.ALREADY_FINISHED) {
                    // NCMEC holds it finished after all: that is the delivery
                    progress.markFinished();
                    progress.abandoned();
                    forwarding.acknowledge(
                            f.id(), open, "system", "report found finished when retracting");
                    return new Attempt(Outcome.DELIVERED, null);
                }
                progress.reportRetracted(open);
                auditRetractions(f, progress);
                error = clip(error + " (NCMEC report " + open + " was retracted)");
            } catch (DestinationException ex) {
                if (ex.retryable()) {
                    return retryLater(
                            f,
                            "giving up ("
                                    + why
                                    + "); retracting NCMEC report "
                                    + open
                                    + " failed and is retried: "
                                    + ex.getMessage());
                }
                error =
                        clip(
                                why
                                        + "; retracting NCMEC report "
                                        + open
                                        + " was refused ("
                                        + ex.getMessage()
                                        + "): it stays open until NCMEC deletes it");
            }
            progress.abandoned();
        }
        String e = error;
        tx.executeWithoutResult(
                s -> {
                    jdbc.update(
                            "UPDATE forwardings SET status = 'failed', last_error = ? WHERE id = ?",
                            e,
                            f.id());
                    audit.append(
                            "system",
                            AuditEvent.FORWARDING_FAILED,
                            f.caseId(),
                            f.id().toString(),
                            e);
                });
        log.error("Forwarding {} failed and needs a person: {}", f.id(), e);
        return new Attempt(Outcome.STOPPED, e);
    }

    private String webhook(ForwardingService.Forwarding f, byte[] zip) {
        var d = destination(f.destinationId());
        Optional<String> ref =
                new WebhookDestination(
                                URI.create(d.url()),
                                forwarding
                                        .secret(f.destinationId())
                                        .getBytes(StandardCharsets.UTF_8),
                                clock,
                                http,
                                forwarding.allowLoopbackHttp())
                        .deliver(f.id().toString(), zip);
        return ref.orElse(null);
    }

    private CyberTiplineClient client(ForwardingService.Forwarding f) {
        var d = destination(f.destinationId());
        return new CyberTiplineClient(
                URI.create(d.url()),
                d.username(),
                forwarding.secret(f.destinationId()),
                http,
                forwarding.allowLoopbackHttp());
    }

    private String cybertipline(
            ForwardingService.Forwarding f, byte[] zip, DbProgressStore progress) {
        CaseRepository.CaseSummary c =
                cases.summary(f.caseId()).orElseThrow(() -> new EmptyResultDataAccessException(1));
        CyberTiplineContent.Package pkg = CyberTiplineContent.Package.read(zip);
        CyberTiplineReport report =
                CyberTiplineContent.report(
                        f, c, pkg, forwarding.choices(f.id()), platform, contact, clock.instant());
        try {
            return client(f)
                    .submit(
                            report,
                            CyberTiplineContent.files(f, pkg, audit.views(f.caseId())),
                            progress);
        } finally {
            auditRetractions(f, progress);
        }
    }

    private ForwardingService.Destination destination(UUID id) {
        return forwarding.destinationsIncludingDisabled().stream()
                .filter(d -> d.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("destination gone"));
    }

    private static String clip(String s) {
        return s == null
                ? null
                : s.length() > ReviewLimits.ERROR_MAX ? s.substring(0, ReviewLimits.ERROR_MAX) : s;
    }
}
