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
import java.time.Instant;
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
 * and restarts, one delivery at a time per forwarding (an outbox lease holds the entry while it
 * runs, with no transaction open), idempotent at the receiver (the webhook's delivery id; the
 * CyberTipline's recorded progress, so nothing is submitted or uploaded twice). A permanent
 * failure, or an outcome nobody can know (a submit that got no answer), stops the retries and shows
 * on the case as failed with its reason.
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
    private final String contactEmail;
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
                props.evidence().contactEmail(),
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
            String contactEmail) {
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
                contactEmail,
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
            String contactEmail,
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
        this.contactEmail = contactEmail;
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
     * One delivery, called by the outbox outside any transaction (its lease holds the entry); the
     * bookkeeping of the outcome runs in the transaction that records it, if the lease still holds.
     */
    private Outbox.Outcome deliver(Outbox.Entry e) {
        UUID id = e.read(ForwardingPayload.class).forwardingId();
        ForwardingService.Forwarding f = forwarding.find(id).orElse(null);
        if (f == null
                || !(ForwardingStatus.QUEUED.is(f.status())
                        || ForwardingStatus.SENT.is(f.status()))) {
            return Outbox.Outcome.delivered();
        }
        try {
            byte[] zip = packages.load(f.caseId(), f.packageId());
            String reference =
                    switch (f.kind()) {
                        case WEBHOOK -> webhook(f, zip);
                        case CYBERTIPLINE -> cybertipline(f, zip);
                        case DOWNLOAD ->
                                throw new IllegalStateException(
                                        "download destinations are not delivered");
                    };
            Instant now = clock.instant();
            return Outbox.Outcome.delivered(
                    () -> {
                        jdbc.update(
                                "UPDATE forwardings SET status = 'acknowledged', reference = ?,"
                                        + " last_error = NULL, sent_at = coalesce(sent_at, ?),"
                                        + " acknowledged_at = ? WHERE id = ?",
                                reference,
                                Timestamp.from(now),
                                Timestamp.from(now),
                                id);
                        audit.append(
                                "system",
                                AuditEvent.FORWARDING_ACKNOWLEDGED,
                                f.caseId(),
                                id.toString(),
                                reference == null ? null : "reference=" + reference);
                    });
        } catch (DestinationException ex) {
            String error = ex.getMessage();
            if (ex.retryable()) {
                log.warn(
                        "Forwarding {} failed (attempt {}), will retry: {}",
                        id,
                        e.attempts() + 1,
                        error);
                // once the destination holds the report (the CyberTipline gave its id), it counts
                // as sent
                return Outbox.Outcome.retry(
                        clip(error),
                        () ->
                                jdbc.update(
                                        "UPDATE forwardings SET last_error = ?, status = CASE WHEN"
                                            + " EXISTS (SELECT 1 FROM delivery_progress p WHERE"
                                            + " p.forwarding_id = forwardings.id AND p.step ="
                                            + " 'report_id') THEN 'sent' ELSE status END, sent_at ="
                                            + " CASE WHEN EXISTS (SELECT 1 FROM delivery_progress p"
                                            + " WHERE p.forwarding_id = forwardings.id AND p.step ="
                                            + " 'report_id') THEN coalesce(sent_at, ?) ELSE sent_at"
                                            + " END WHERE id = ?",
                                        clip(error),
                                        Timestamp.from(clock.instant()),
                                        id));
            } else {
                return giveUp(f, error);
            }
        } catch (RuntimeException ex) {
            if (Outbox.unavailable(ex)) {
                throw ex; // the database, not the delivery: the outbox retries once it is back
            }
            return giveUp(f, ex.getClass().getSimpleName());
        }
    }

    private Outbox.Outcome giveUp(ForwardingService.Forwarding f, String error) {
        log.error("Forwarding {} failed and needs a person: {}", f.id(), error);
        return Outbox.Outcome.failed(
                clip(error),
                () -> {
                    jdbc.update(
                            "UPDATE forwardings SET status = 'failed', last_error = ? WHERE id = ?",
                            clip(error),
                            f.id());
                    audit.append(
                            "system",
                            AuditEvent.FORWARDING_FAILED,
                            f.caseId(),
                            f.id().toString(),
                            clip(error));
                });
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
                                http)
                        .deliver(f.id().toString(), zip);
        return ref.orElse(null);
    }

    private String cybertipline(ForwardingService.Forwarding f, byte[] zip) {
        var d = destination(f.destinationId());
        CyberTiplineClient client =
                new CyberTiplineClient(
                        URI.create(d.url()),
                        d.username(),
                        forwarding.secret(f.destinationId()),
                        http);
        CaseRepository.CaseSummary c =
                cases.summary(f.caseId()).orElseThrow(() -> new EmptyResultDataAccessException(1));
        Instant firstSeen = reports.firstReceivedAt(f.caseId());
        Instant incident = firstSeen.isAfter(clock.instant()) ? clock.instant() : firstSeen;
        CyberTiplineReport report =
                CyberTiplineContent.report(f, c, incident, platform, contactEmail);
        return client.submit(
                report, CyberTiplineContent.files(f, zip), new DbProgressStore(jdbc, txm, f.id()));
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
