package dev.franking.service.forwarding;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseAccess;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.forwarding.destinations.CyberTiplineReport;
import dev.franking.service.retention.RetentionService;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review UI's Evidence port: forwarding with four eyes, holds, destinations and package
 * downloads.
 */
@Service
class EvidencePorts implements ReviewPorts.Evidence {
    private final ForwardingService forwarding;
    private final RetentionService retention;
    private final EvidencePackageService packages;
    private final CaseAccess access;
    private final CaseRepository cases;
    private final AuditLog audit;
    private final EvidencePackages stored;
    private final DestinationAdmin destinationAdmin;

    EvidencePorts(
            ForwardingService forwarding,
            RetentionService retention,
            EvidencePackageService packages,
            CaseAccess access,
            CaseRepository cases,
            AuditLog audit,
            EvidencePackages stored,
            DestinationAdmin destinationAdmin) {
        this.destinationAdmin = destinationAdmin;
        this.forwarding = forwarding;
        this.retention = retention;
        this.packages = packages;
        this.access = access;
        this.cases = cases;
        this.audit = audit;
        this.stored = stored;
    }

    private void requireVisible(UUID caseId, Reviewer viewer) {
        if (!access.visibleTo(caseId, viewer)) {
            throw new NotFound();
        }
    }

    @Override
    public Views.EvidenceStatus status(UUID caseId, Reviewer viewer) {
        if (!access.visibleTo(caseId, viewer)) {
            return null;
        }
        CaseRepository.Preservation row = cases.preservation(caseId);
        Views.HoldRow hold =
                retention
                        .activeHold(caseId)
                        .map(h -> new Views.HoldRow(h.placedBy(), h.placedAt(), h.reason()))
                        .orElse(null);
        List<Views.ForwardingRow> rows =
                forwarding.forCase(caseId).stream()
                        .map(
                                f ->
                                        new Views.ForwardingRow(
                                                f.id(),
                                                f.destination(),
                                                f.kind().name().toLowerCase(Locale.ROOT),
                                                f.requestedBy(),
                                                f.requestedAt(),
                                                f.reason(),
                                                f.decidedBy(),
                                                f.decidedAt(),
                                                f.status(),
                                                f.reference(),
                                                f.lastError(),
                                                f.packageId() == null ? null : sha(f.packageId()),
                                                f.kind() == ForwardingService.Kind.CYBERTIPLINE
                                                        ? tipline(forwarding.choices(f.id()))
                                                        : null))
                        .toList();
        return new Views.EvidenceStatus(caseId, row.preserveUntil(), hold, rows, row.destroyed());
    }

    private String sha(UUID packageId) {
        return stored.sha256Hex(packageId).orElse(null);
    }

    @Override
    public List<Views.DestinationRow> destinations() {
        return forwarding.activeDestinations().stream()
                .map(
                        d ->
                                new Views.DestinationRow(
                                        d.id(),
                                        d.name(),
                                        d.kind().name().toLowerCase(Locale.ROOT),
                                        d.url()))
                .toList();
    }

    @Override
    public UUID requestForwarding(
            UUID caseId,
            UUID destinationId,
            String reason,
            Views.TiplineChoices tipline,
            Reviewer by) {
        requireVisible(caseId, by);
        CyberTiplineContent.Choices choices = null;
        if (tipline != null) {
            Set<CyberTiplineReport.Annotation> annotations =
                    EnumSet.noneOf(CyberTiplineReport.Annotation.class);
            for (Views.ReportAnnotation a : tipline.annotations()) {
                annotations.add(CyberTiplineReport.Annotation.valueOf(a.name()));
            }
            choices =
                    new CyberTiplineContent.Choices(
                            tipline.incidentType() == null
                                    ? null
                                    : CyberTiplineReport.IncidentType.valueOf(
                                            tipline.incidentType().name()),
                            tipline.escalation(),
                            annotations);
        }
        return forwarding.request(caseId, destinationId, reason, choices, by);
    }

    @Override
    public Views.IncidentType defaultIncidentType(UUID caseId, Reviewer viewer) {
        if (!access.visibleTo(caseId, viewer)) {
            return null;
        }
        return Views.IncidentType.valueOf(forwarding.defaultIncidentType(caseId).name());
    }

    /** The stored choices as the page shows them (the two enums share their names). */
    private static Views.TiplineChoices tipline(CyberTiplineContent.Choices c) {
        Set<Views.ReportAnnotation> annotations = EnumSet.noneOf(Views.ReportAnnotation.class);
        for (CyberTiplineReport.Annotation a : c.annotations()) {
            annotations.add(Views.ReportAnnotation.valueOf(a.name()));
        }
        return new Views.TiplineChoices(
                c.incidentType() == null
                        ? null
                        : Views.IncidentType.valueOf(c.incidentType().name()),
                c.escalation(),
                annotations);
    }

    @Override
    public void approveForwarding(UUID caseId, UUID forwardingId, Reviewer by) {
        requireVisible(caseId, by);
        requireOfCase(caseId, forwardingId);
        forwarding.approve(forwardingId, by);
    }

    @Override
    public void rejectForwarding(UUID caseId, UUID forwardingId, String reason, Reviewer by) {
        requireVisible(caseId, by);
        requireOfCase(caseId, forwardingId);
        forwarding.reject(forwardingId, reason, by);
    }

    private void requireOfCase(UUID caseId, UUID forwardingId) {
        if (forwarding.find(forwardingId).filter(f -> f.caseId().equals(caseId)).isEmpty()) {
            throw new NotFound();
        }
    }

    @Override
    @Transactional
    public Views.PackageDownload download(UUID caseId, UUID forwardingId, Reviewer by) {
        if (!by.has(Role.CHILD_SAFETY) && !by.isAdmin()) {
            throw new ActionRefused("refused.forwarding-approver-role");
        }
        requireVisible(caseId, by);
        var f =
                forwarding
                        .find(forwardingId)
                        .filter(x -> x.caseId().equals(caseId))
                        .orElseThrow(NotFound::new);
        if (f.packageId() == null) {
            throw new ActionRefused("refused.forwarding-not-approved");
        }
        byte[] zip = packages.load(caseId, f.packageId());
        audit.append(
                by.username(),
                AuditEvent.EVIDENCE_PACKAGE_DOWNLOADED,
                caseId,
                f.packageId().toString(),
                null);
        viewedInPackage(by, caseId, f.packageId(), zip);
        return new Views.PackageDownload(
                "evidence-" + f.packageId() + ".zip", zip, sha(f.packageId()));
    }

    /**
     * A package download exposes every file in it (issue 13): one view row per file, as if each had
     * been opened unobscured, so that {@code fileViewedByEsp} and the evidence of later packages
     * read them like any other view. The detail names the package (the daily count of content views
     * counts the download once, by its own row).
     */
    private void viewedInPackage(Reviewer by, UUID caseId, UUID packageId, byte[] zip) {
        String detail = AuditLog.PACKAGE_DETAIL + packageId;
        var manifest = CyberTiplineContent.Package.read(zip).manifest();
        for (var m : manifest.get("messages")) {
            String item = m.get("itemId").asString();
            audit.append(by.username(), AuditEvent.EVIDENCE_VIEWED, caseId, item, detail);
            for (var a : m.get("attachments")) {
                var file = a.get("file");
                if (file != null && !file.isNull() && !file.asString("").isBlank()) {
                    audit.append(
                            by.username(),
                            AuditEvent.ATTACHMENT_ORIGINAL_VIEWED,
                            caseId,
                            item + "#" + a.get("n").asInt(),
                            detail);
                }
            }
        }
    }

    @Override
    public void placeHold(UUID caseId, String reason, Reviewer by) {
        requireVisible(caseId, by);
        retention.placeHold(caseId, reason, by);
    }

    @Override
    public void liftHold(UUID caseId, String reason, Reviewer by) {
        requireVisible(caseId, by);
        retention.liftHold(caseId, reason, by);
    }

    @Override
    public UUID addDestination(
            String name, String kind, String url, String username, String secret, Reviewer by) {
        ForwardingService.Kind k;
        try {
            k = ForwardingService.Kind.valueOf(kind == null ? "" : kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ActionRefused("refused.destination-kind-unknown");
        }
        return forwarding.addDestination(name, k, url, username, secret, by);
    }

    @Override
    public void retryForwarding(UUID caseId, UUID forwardingId, Reviewer by) {
        requireVisible(caseId, by);
        requireOfCase(caseId, forwardingId);
        forwarding.retry(forwardingId, by);
    }

    @Override
    public void recordForwardingReference(
            UUID caseId, UUID forwardingId, String reference, Reviewer by) {
        requireVisible(caseId, by);
        requireOfCase(caseId, forwardingId);
        forwarding.recordReference(forwardingId, reference, by);
    }

    @Override
    public Views.ConnectionTest testDestination(UUID destinationId, Reviewer by) {
        ForwardingService.TestResult r = forwarding.testDestination(destinationId, by);
        return new Views.ConnectionTest(r.ok(), r.problem());
    }

    @Override
    public List<Views.DestinationDetail> destinationDetails() {
        return destinationAdmin.details();
    }

    @Override
    public void updateDestination(
            UUID destinationId,
            long version,
            String name,
            String url,
            String username,
            String secret,
            Reviewer by) {
        destinationAdmin.update(destinationId, version, name, url, username, secret, by);
    }

    @Override
    public void deleteDestination(UUID destinationId, long version, Reviewer by) {
        destinationAdmin.delete(destinationId, version, by);
    }

    @Override
    public List<Views.LegalHold> holds() {
        return retention.allHolds().stream()
                .map(
                        h ->
                                new Views.LegalHold(
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

    @Override
    public void liftHoldById(UUID holdId, long version, String reason, Reviewer by) {
        retention.liftHold(holdId, version, reason, by);
    }
}
