package dev.franking.service.forwarding;

import dev.franking.evidence.TimeStampFailure;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.ReportsProperties;
import dev.franking.service.Rows;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.crypto.Vault;
import dev.franking.service.forwarding.destinations.CyberTiplineClient;
import dev.franking.service.forwarding.destinations.CyberTiplineReport;
import dev.franking.service.forwarding.destinations.DestinationException;
import dev.franking.service.forwarding.destinations.DestinationUrls;
import dev.franking.service.forwarding.destinations.ProgressStore;
import dev.franking.service.outbox.ForwardingPayload;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.reports.ReportRepository;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.support.DataAccessUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * Forwarding evidence to authorities, with four eyes: a child-safety moderator requests it, a
 * second, different child-safety moderator or admin approves it before anything leaves; both
 * decisions are audited. On approval the signed package is built (its hash audited), the case is
 * preserved, and delivery goes through the outbox; the preservation period counts again from the
 * destination's acknowledgement (for the CyberTipline: the finished report), which is what the
 * law's year runs from.
 *
 * <p>After a failure a child-safety moderator can retry, or record the report id NCMEC gave for a
 * submission whose answer was lost; an admin can test a destination's connection. All audited.
 */
@Service
class ForwardingService {

    private final JdbcClient jdbc;
    private final CaseRepository cases;
    private final AuditLog audit;
    private final Outbox outbox;
    private final EvidencePackager packager;
    private final Vault vault;
    private final Clock clock;
    private final Duration preservation;
    private final boolean allowLoopbackHttp;
    private final JdbcTemplate template;
    private final RestClient http;
    private static final Logger log = LoggerFactory.getLogger(ForwardingService.class);
    private final PlatformTransactionManager txm;

    ForwardingService(
            JdbcTemplate jdbc,
            CaseRepository cases,
            AuditLog audit,
            Outbox outbox,
            EvidencePackager packager,
            Vault vault,
            Clock clock,
            ReportsProperties props,
            RestClient http,
            PlatformTransactionManager txm,
            ReportRepository reports,
            DestinationRepository destinationRepository) {
        this.reports = reports;
        this.destinationRepository = destinationRepository;
        this.jdbc = JdbcClient.create(jdbc);
        this.template = jdbc;
        this.http = http;
        this.txm = txm;
        this.cases = cases;
        this.audit = audit;
        this.outbox = outbox;
        this.packager = packager;
        this.vault = vault;
        this.clock = clock;
        this.preservation = props.preservation().afterForwarding();
        this.allowLoopbackHttp = props.forwarding().allowLoopbackHttp();
        this.contact = props.cybertipline();
    }

    private final ReportRepository reports;
    private final DestinationRepository destinationRepository;

    /** Who a CyberTipline report names as the reporting person (unset: no CyberTipline). */
    private final ReportsProperties.Cybertipline contact;

    public enum Kind {
        CYBERTIPLINE,
        WEBHOOK,
        DOWNLOAD
    }

    public record Destination(UUID id, String name, Kind kind, String url, String username) {}

    public record Forwarding(
            UUID id,
            UUID caseId,
            UUID destinationId,
            String destination,
            Kind kind,
            String requestedBy,
            Instant requestedAt,
            String reason,
            String decidedBy,
            Instant decidedAt,
            String status,
            String reference,
            String lastError,
            UUID packageId) {}

    /** A destinations row as stored: {@code kind} in lower case. */
    private record DestinationRow(UUID id, String name, String kind, String url, String username) {
        Destination destination() {
            return new Destination(id, name, Kind.valueOf(kind.toUpperCase()), url, username);
        }
    }

    /**
     * A forwardings row joined with its destination's name and kind, as {@link #SELECT} reads it.
     */
    private record ForwardingRow(
            UUID id,
            UUID caseId,
            UUID destinationId,
            String destination,
            String kind,
            String requestedBy,
            Timestamp requestedAt,
            String requestReason,
            String decidedBy,
            Timestamp decidedAt,
            String status,
            String reference,
            String lastError,
            UUID packageId) {
        Forwarding forwarding() {
            return new Forwarding(
                    id,
                    caseId,
                    destinationId,
                    destination,
                    Kind.valueOf(kind.toUpperCase()),
                    requestedBy,
                    requestedAt.toInstant(),
                    requestReason,
                    decidedBy,
                    decidedAt == null ? null : decidedAt.toInstant(),
                    status,
                    reference,
                    lastError,
                    packageId);
        }
    }

    @Transactional
    public UUID addDestination(
            String name, Kind kind, String url, String username, String secret, Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        if (name == null || name.isBlank() || name.length() > ReviewLimits.DESTINATION_NAME_MAX) {
            throw new ActionRefused("refused.destination-name-required");
        }
        if (kind != Kind.DOWNLOAD && !DestinationUrls.acceptable(url, allowLoopbackHttp)) {
            throw new ActionRefused("refused.destination-https-required");
        }
        if (kind == Kind.CYBERTIPLINE) {
            requireContact();
        }
        if ((url != null && url.length() > ReviewLimits.DESTINATION_URL_MAX)
                || (username != null && username.length() > ReviewLimits.DESTINATION_USERNAME_MAX)
                || (secret != null && secret.length() > ReviewLimits.DESTINATION_SECRET_MAX)) {
            throw new ActionRefused("refused.destination-too-long");
        }
        if (kind == Kind.WEBHOOK
                && (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32)) {
            throw new ActionRefused("refused.destination-secret-too-short");
        }
        UUID id = UUID.randomUUID();
        // written through JPA, as the back office's edits are (DestinationAdmin): one writer
        DestinationEntity d =
                new DestinationEntity(
                        id, kind.name().toLowerCase(), by.username(), clock.instant());
        d.write(name, kind == Kind.DOWNLOAD ? null : url, username);
        if (secret != null && !secret.isEmpty()) {
            d.secretEnc(vault.wrapDestinationSecret(id, secret));
        }
        try {
            destinationRepository.saveAndFlush(d);
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            throw new ActionRefused("refused.destination-name-taken");
        }
        audit.append(
                by.username(),
                AuditEvent.DESTINATION_ADDED,
                null,
                id.toString(),
                "name=" + name + "; kind=" + kind.name().toLowerCase());
        return id;
    }

    public List<Destination> destinationsIncludingDisabled() {
        return jdbc
                .sql("SELECT id, name, kind, url, username FROM destinations ORDER BY name")
                .query(Rows.of(DestinationRow.class))
                .list()
                .stream()
                .map(DestinationRow::destination)
                .toList();
    }

    public List<Destination> activeDestinations() {
        return jdbc
                .sql(
                        "SELECT id, name, kind, url, username FROM destinations WHERE disabled_at"
                                + " IS NULL ORDER BY name")
                .query(Rows.of(DestinationRow.class))
                .list()
                .stream()
                .map(DestinationRow::destination)
                .toList();
    }

    /** The destination's secret (password or webhook secret), unwrapped for one delivery. */
    public String secret(UUID destinationId) {
        // exactly one row, its value may be null (a destination without a secret)
        byte[] enc =
                DataAccessUtils.nullableSingleResult(
                        jdbc.sql("SELECT secret_enc FROM destinations WHERE id = ?")
                                .param(destinationId)
                                .query(byte[].class)
                                .list());
        return enc == null ? "" : vault.unwrapDestinationSecret(destinationId, enc);
    }

    @Transactional
    public UUID request(UUID caseId, UUID destinationId, String reason, Reviewer by) {
        return request(caseId, destinationId, reason, null, by);
    }

    /**
     * A child-safety moderator asks for a forwarding; for a CyberTipline destination with what the
     * report is to say about the incident ({@code choices}: null or without an incident type takes
     * the default derived from the case's evidence, see {@link #defaultIncidentType}).
     */
    @Transactional
    public UUID request(
            UUID caseId,
            UUID destinationId,
            String reason,
            CyberTiplineContent.Choices choices,
            Reviewer by) {
        if (!by.has(Role.CHILD_SAFETY)) {
            throw new ActionRefused("refused.forwarding-child-safety-only");
        }
        if (reason == null || reason.isBlank() || reason.length() > ReviewLimits.REASON_MAX) {
            throw new ActionRefused("refused.reason-required");
        }
        boolean shredded = cases.lockForForwarding(caseId).orElseThrow(NotFound::new);
        if (shredded) {
            throw new ActionRefused("refused.evidence-destroyed");
        }
        Destination d =
                activeDestinations().stream()
                        .filter(x -> x.id().equals(destinationId))
                        .findFirst()
                        .orElseThrow(() -> new ActionRefused("refused.destination-unknown"));
        // the destination's share lock until this commits: an admin's deletion (which takes the
        // row lock, DestinationAdmin) waits, then sees this forwarding and refuses
        if (jdbc.sql("SELECT 1 FROM destinations WHERE id = ? AND disabled_at IS NULL FOR SHARE")
                .param(destinationId)
                .query(Integer.class)
                .optional()
                .isEmpty()) {
            throw new ActionRefused("refused.destination-unknown");
        }
        CyberTiplineContent.Choices stored = null;
        if (d.kind() == Kind.CYBERTIPLINE) {
            requireContact();
            stored = resolve(caseId, choices);
        }
        UUID id = UUID.randomUUID();
        jdbc.sql(
                        "INSERT INTO forwardings (id, case_id, destination_id, requested_by,"
                                + " requested_at, request_reason, status, incident_type,"
                                + " escalation, annotations) VALUES (?, ?, ?, ?, ?, ?,"
                                + " 'requested', ?, ?, ?)")
                .params(
                        id,
                        caseId,
                        destinationId,
                        by.username(),
                        now(),
                        reason,
                        stored == null ? null : stored.incidentType().name(),
                        stored == null ? null : stored.escalation(),
                        stored == null ? "" : annotationNames(stored.annotations()))
                .update();
        audit.append(
                by.username(),
                AuditEvent.FORWARDING_REQUESTED,
                caseId,
                id.toString(),
                "destination=" + destinationId);
        return id;
    }

    /**
     * The second pair of eyes: a different child-safety moderator or admin. Builds, signs,
     * preserves and queues.
     */
    @Transactional
    public void approve(UUID forwardingId, Reviewer by) {
        if (!by.has(Role.CHILD_SAFETY) && !by.isAdmin()) {
            throw new ActionRefused("refused.forwarding-approver-role");
        }
        Forwarding f = lock(forwardingId);
        if (!ForwardingStatus.REQUESTED.is(f.status())) {
            throw new ActionRefused("refused.forwarding-not-pending");
        }
        if (f.requestedBy().equals(by.username())) {
            throw new ActionRefused("refused.four-eyes");
        }
        if (f.kind() == Kind.CYBERTIPLINE) {
            requireContact();
        }
        EvidencePackager.Built pkg;
        try {
            pkg = packager.build(f.caseId(), by.username());
        } catch (TimeStampFailure e) {
            // nothing was signed, so nothing can have been sent: this transaction rolls back and
            // the request waits for approval as before (try again later); the refusal is audited
            // in a transaction of its own, which outlives the rollback. Why, without the TSA's
            // answer (the log has that, for the operator).
            log.warn("Approval of forwarding {} refused: {}", forwardingId, e.getMessage());
            TransactionTemplate own = new TransactionTemplate(txm);
            own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            own.executeWithoutResult(
                    s ->
                            audit.append(
                                    by.username(),
                                    AuditEvent.CASE_ACTION_REFUSED,
                                    f.caseId(),
                                    "approve-forwarding",
                                    "reason=refused.tsa-unreachable; forwarding=" + forwardingId));
            throw new ActionRefused("refused.tsa-unreachable");
        }
        Instant now = clock.instant();
        ForwardingStatus status =
                f.kind() == Kind.DOWNLOAD ? ForwardingStatus.READY : ForwardingStatus.QUEUED;
        jdbc.sql(
                        "UPDATE forwardings SET decided_by = ?, decided_at = ?, package_id = ?,"
                                + " status = ? WHERE id = ?")
                .params(
                        by.username(),
                        Timestamp.from(now),
                        pkg.packageId(),
                        status.wire(),
                        forwardingId)
                .update();
        // held from approval so nothing is destroyed while delivery runs; the period then counts
        // again from the acknowledgement (acknowledge)
        cases.preserveUntil(f.caseId(), now.plus(preservation));
        audit.append(
                by.username(),
                AuditEvent.FORWARDING_APPROVED,
                f.caseId(),
                forwardingId.toString(),
                "package="
                        + pkg.packageId()
                        + "; sha256="
                        + HexFormat.of().formatHex(pkg.sha256()));
        if (f.kind() != Kind.DOWNLOAD) {
            outbox.enqueue(new ForwardingPayload(forwardingId));
        }
    }

    @Transactional
    public void reject(UUID forwardingId, String reason, Reviewer by) {
        if (!by.has(Role.CHILD_SAFETY) && !by.isAdmin()) {
            throw new ActionRefused("refused.forwarding-approver-role");
        }
        Forwarding f = lock(forwardingId);
        if (!ForwardingStatus.REQUESTED.is(f.status())) {
            throw new ActionRefused("refused.forwarding-not-pending");
        }
        if (f.requestedBy().equals(by.username())) {
            throw new ActionRefused("refused.four-eyes");
        }
        jdbc.sql(
                        "UPDATE forwardings SET decided_by = ?, decided_at = ?, status ="
                                + " 'rejected', last_error = ? WHERE id = ?")
                .params(
                        by.username(),
                        now(),
                        reason == null
                                ? null
                                : reason.substring(
                                        0, Math.min(reason.length(), ReviewLimits.REASON_MAX)),
                        forwardingId)
                .update();
        audit.append(
                by.username(),
                AuditEvent.FORWARDING_REJECTED,
                f.caseId(),
                forwardingId.toString(),
                null);
    }

    /**
     * The destination holds the forwarding for good (for the CyberTipline: the report is finished):
     * acknowledged with its reference, audited, and the case preserved for the preservation period
     * from now.
     */
    @Transactional
    public void acknowledge(UUID forwardingId, String reference, String actor, String how) {
        Forwarding f = lock(forwardingId);
        Timestamp now = now();
        jdbc.sql(
                        "UPDATE forwardings SET status = 'acknowledged', reference = ?, last_error"
                            + " = NULL, sent_at = coalesce(sent_at, ?), acknowledged_at = ? WHERE"
                            + " id = ?")
                .params(reference, now, now, forwardingId)
                .update();
        cases.preserveUntil(f.caseId(), clock.instant().plus(preservation));
        audit.append(
                actor,
                AuditEvent.FORWARDING_ACKNOWLEDGED,
                f.caseId(),
                forwardingId.toString(),
                (reference == null ? "" : "reference=" + reference + "; ") + how);
    }

    /**
     * A child-safety moderator sends a failed forwarding again. What was recorded stays: an open
     * CyberTipline report is continued, a retracted one replaced. A submit that went unanswered is
     * sent again (the person chose that over recording NCMEC's id).
     */
    @Transactional
    public void retry(UUID forwardingId, Reviewer by) {
        if (!by.has(Role.CHILD_SAFETY)) {
            throw new ActionRefused("refused.forwarding-child-safety-only");
        }
        Forwarding f = lock(forwardingId);
        if (!ForwardingStatus.FAILED.is(f.status()) || f.packageId() == null) {
            throw new ActionRefused("refused.forwarding-not-failed");
        }
        template.update(
                "DELETE FROM delivery_progress WHERE forwarding_id = ? AND step IN (?, ?)",
                forwardingId,
                DbProgressStore.ABANDON,
                "inflight:" + ProgressStore.SUBMIT_STEP);
        requeue(f);
        audit.append(
                by.username(),
                AuditEvent.FORWARDING_RETRIED,
                f.caseId(),
                forwardingId.toString(),
                f.lastError() == null ? null : "after: " + f.lastError());
    }

    /**
     * A child-safety moderator records the id NCMEC gave a report whose submit answer was lost
     * (NCMEC told them, by phone or mail). Delivery then continues with that report: files,
     * details, finish; a finish answered "already finished" acknowledges it.
     */
    @Transactional
    public void recordReference(UUID forwardingId, String reportId, Reviewer by) {
        if (!by.has(Role.CHILD_SAFETY)) {
            throw new ActionRefused("refused.forwarding-child-safety-only");
        }
        String id = reportId == null ? "" : reportId.strip();
        if (!NCMEC_REPORT_ID.matcher(id).matches()) {
            throw new ActionRefused("refused.forwarding-reference-invalid");
        }
        Forwarding f = lock(forwardingId);
        if (f.kind() != Kind.CYBERTIPLINE
                || !ForwardingStatus.FAILED.is(f.status())
                || f.packageId() == null) {
            throw new ActionRefused("refused.forwarding-not-failed");
        }
        List<String> known =
                template.queryForList(
                        "SELECT value FROM delivery_progress WHERE forwarding_id = ? AND step ="
                                + " 'report_id'",
                        String.class,
                        forwardingId);
        if (!known.isEmpty() && !known.get(0).equals(id)) {
            throw new ActionRefused("refused.forwarding-reference-conflict");
        }
        DbProgressStore.upsert(template, forwardingId, "report_id", id);
        template.update(
                "DELETE FROM delivery_progress WHERE forwarding_id = ? AND step IN (?, ?)",
                forwardingId,
                DbProgressStore.ABANDON,
                "inflight:" + ProgressStore.SUBMIT_STEP);
        requeue(f);
        audit.append(
                by.username(),
                AuditEvent.FORWARDING_REFERENCE_RECORDED,
                f.caseId(),
                forwardingId.toString(),
                "reference=" + id);
    }

    /** NCMEC report ids are numbers; the bound keeps the column and the audit row sane. */
    private static final Pattern NCMEC_REPORT_ID = Pattern.compile("[0-9]{1,20}");

    private void requeue(Forwarding f) {
        jdbc.sql("UPDATE forwardings SET status = 'queued', last_error = NULL WHERE id = ?")
                .param(f.id())
                .update();
        outbox.enqueue(new ForwardingPayload(f.id()));
    }

    /** The outcome of a connection test: whether it worked, and what failed if not. */
    public record TestResult(boolean ok, String problem) {}

    /**
     * An admin checks that a CyberTipline destination is reachable and takes its credentials
     * ({@code GET /status}); audited either way. The request runs outside any transaction.
     */
    public TestResult testDestination(UUID destinationId, Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        Destination d =
                destinationsIncludingDisabled().stream()
                        .filter(x -> x.id().equals(destinationId))
                        .findFirst()
                        .orElseThrow(NotFound::new);
        if (d.kind() != Kind.CYBERTIPLINE) {
            throw new ActionRefused("refused.destination-test-unsupported");
        }
        TestResult result;
        Optional<String> urlProblem = DestinationUrls.problem(d.url(), allowLoopbackHttp);
        if (urlProblem.isPresent()) {
            // stored before the rules were what they are: nothing is sent to it
            result = new TestResult(false, "not a usable destination URL: " + urlProblem.get());
        } else {
            try {
                cyberTipline(d).status();
                result = new TestResult(true, null);
            } catch (DestinationException e) {
                result = new TestResult(false, clip(e.getMessage()));
            } catch (IllegalArgumentException e) {
                // a stored username that the client refuses (empty): a configuration problem
                result = new TestResult(false, "the destination has no usable username");
            }
        }
        TestResult r = result;
        new TransactionTemplate(txm)
                .executeWithoutResult(
                        s ->
                                audit.append(
                                        by.username(),
                                        AuditEvent.DESTINATION_TESTED,
                                        null,
                                        destinationId.toString(),
                                        r.ok() ? "ok" : "failed: " + r.problem()));
        return r;
    }

    /**
     * {@code reports.forwarding.allow-loopback-http}: every destination client is built with it
     * (the URL rules are {@link DestinationUrls}', for all kinds).
     */
    boolean allowLoopbackHttp() {
        return allowLoopbackHttp;
    }

    /** A client for a CyberTipline destination, with its unwrapped password. */
    CyberTiplineClient cyberTipline(Destination d) {
        return new CyberTiplineClient(
                URI.create(d.url()), d.username(), secret(d.id()), http, allowLoopbackHttp);
    }

    private static String clip(String s) {
        return s == null || s.length() <= ReviewLimits.ERROR_MAX
                ? s
                : s.substring(0, ReviewLimits.ERROR_MAX);
    }

    public List<Forwarding> forCase(UUID caseId) {
        return jdbc
                .sql(SELECT + " WHERE f.case_id = ? ORDER BY f.requested_at")
                .param(caseId)
                .query(Rows.of(ForwardingRow.class))
                .list()
                .stream()
                .map(ForwardingRow::forwarding)
                .toList();
    }

    public Optional<Forwarding> find(UUID id) {
        return jdbc
                .sql(SELECT + " WHERE f.id = ?")
                .param(id)
                .query(Rows.of(ForwardingRow.class))
                .list()
                .stream()
                .map(ForwardingRow::forwarding)
                .findFirst();
    }

    private Forwarding lock(UUID id) {
        return jdbc
                .sql(SELECT + " WHERE f.id = ? FOR UPDATE OF f")
                .param(id)
                .query(Rows.of(ForwardingRow.class))
                .list()
                .stream()
                .map(ForwardingRow::forwarding)
                .findFirst()
                .orElseThrow(NotFound::new);
    }

    /**
     * Refuses a CyberTipline forwarding while the report could not say who to contact: NCMEC and
     * the agency must reach a real person (no placeholder address).
     */
    private void requireContact() {
        if (contact == null || !contact.complete()) {
            throw new ActionRefused("refused.cybertipline-contact-missing");
        }
    }

    /** Whether a CyberTipline report can be sent: the contact settings are complete. */
    public boolean cyberTiplineContactComplete() {
        return contact != null && contact.complete();
    }

    /** The moderator's choices checked, the incident type defaulted from the evidence. */
    private CyberTiplineContent.Choices resolve(UUID caseId, CyberTiplineContent.Choices choices) {
        CyberTiplineReport.IncidentType type = choices == null ? null : choices.incidentType();
        String escalation = choices == null ? null : choices.escalation();
        if (escalation != null) {
            escalation = escalation.strip();
            if (escalation.isEmpty()
                    || escalation.length() > ReviewLimits.REASON_MAX
                    || escalation.length() > CyberTiplineReport.MAX_FREE_TEXT) {
                throw new ActionRefused("refused.escalation-reason-required");
            }
        }
        return new CyberTiplineContent.Choices(
                type == null ? defaultIncidentType(caseId) : type,
                escalation,
                choices == null ? Set.of() : choices.annotations());
    }

    /**
     * The incident type a CyberTipline report of this case gets unless the moderator chooses
     * another: child pornography only when the reported account's messages carry an image or video;
     * text alone is never reported as child pornography by default.
     */
    public CyberTiplineReport.IncidentType defaultIncidentType(UUID caseId) {
        String reported =
                cases.summary(caseId).map(CaseRepository.CaseSummary::reportedSenderId).orElse("");
        boolean imagery = !reported.isEmpty() && reports.sentImagery(caseId, reported);
        return CyberTiplineContent.defaultIncidentType(imagery);
    }

    /** What the requester chose for this forwarding's CyberTipline report. */
    CyberTiplineContent.Choices choices(UUID forwardingId) {
        record Row(String incidentType, String escalation, String annotations) {}
        Row r =
                jdbc.sql(
                                "SELECT incident_type, escalation, annotations FROM forwardings"
                                        + " WHERE id = ?")
                        .param(forwardingId)
                        .query(Rows.of(Row.class))
                        .single();
        Set<CyberTiplineReport.Annotation> annotations =
                EnumSet.noneOf(CyberTiplineReport.Annotation.class);
        for (String a : r.annotations().split(",")) {
            if (!a.isBlank()) {
                annotations.add(CyberTiplineReport.Annotation.valueOf(a.strip()));
            }
        }
        return new CyberTiplineContent.Choices(
                r.incidentType() == null
                        ? null
                        : CyberTiplineReport.IncidentType.valueOf(r.incidentType()),
                r.escalation(),
                annotations);
    }

    private static String annotationNames(Set<CyberTiplineReport.Annotation> annotations) {
        return annotations.stream()
                .sorted()
                .map(Enum::name)
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** Active CyberTipline destinations: the start-up check refuses them without a contact. */
    public boolean anyActiveCyberTipline() {
        return activeDestinations().stream().anyMatch(d -> d.kind() == Kind.CYBERTIPLINE);
    }

    private static final String SELECT =
            "SELECT f.*, d.name AS destination, d.kind FROM forwardings f JOIN destinations d ON"
                    + " d.id = f.destination_id";

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
