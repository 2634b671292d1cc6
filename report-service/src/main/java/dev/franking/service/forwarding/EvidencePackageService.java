package dev.franking.service.forwarding;

import dev.franking.evidence.EvidenceInput;
import dev.franking.evidence.EvidencePackageBuilder;
import dev.franking.evidence.EvidenceSigner;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.cases.Pseudonyms;
import dev.franking.service.crypto.Vault;
import dev.franking.service.reports.ReportRepository;
import dev.franking.service.retention.CaseShredded;
import dev.franking.v2.Commitment;
import dev.franking.v2.Kid;
import dev.franking.v2.MessageContent;
import dev.franking.v2.RouteSalt;
import dev.franking.v2.Stamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds a case's signed evidence package from the database: the case, its reports, each message
 * decrypted with its commitment, stamps and verification, each uploaded attachment, the chain of
 * custody from the audit log, and per file whether (and when) a person at the platform viewed it,
 * which is true only where the audit log records a view. The package is stored encrypted under the
 * case's data key, and its hash goes into the audit log.
 */
@Service
class EvidencePackageService implements EvidencePackager {
    private final EvidencePackages stored;
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final Vault vault;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final EvidencePackageBuilder builder;
    private final String platform;
    private final Clock clock;

    EvidencePackageService(
            EvidencePackages stored,
            CaseRepository cases,
            ReportRepository reports,
            Vault vault,
            AuditLog audit,
            Pseudonyms pseudonyms,
            EvidenceSigner signer,
            Clock clock,
            ReportsProperties props) {
        this.stored = stored;
        this.cases = cases;
        this.reports = reports;
        this.vault = vault;
        this.audit = audit;
        this.pseudonyms = pseudonyms;
        this.builder = new EvidencePackageBuilder(signer, clock);
        this.platform = props.evidence().platformName();
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Built build(UUID caseId, String actor) {
        CaseRepository.CaseSummary c = cases.summary(caseId).orElseThrow(NotFound::new);
        if (c.wrappedDataKey() == null) {
            throw new ActionRefused("refused.evidence-destroyed");
        }
        byte[] dataKey = vault.unwrapCaseKey(caseId, c.wrappedDataKey());

        List<ReportRepository.CaseReport> caseReports = reports.reportsOfCase(caseId);
        List<EvidenceInput.ReportInfo> reportInfos =
                caseReports.stream()
                        .map(
                                r ->
                                        new EvidenceInput.ReportInfo(
                                                r.id(),
                                                pseudonyms.of(r.reporterId()),
                                                r.category(),
                                                r.receivedAt()))
                        .toList();
        String reported = c.reportedSenderId();

        // views, from the audit log only: a file counts as viewed exactly when a view was recorded
        Map<String, List<Instant>> views = new HashMap<>();
        for (AuditLog.View v : audit.views(caseId)) {
            views.computeIfAbsent(v.subject(), k -> new ArrayList<>()).add(v.at());
        }

        // each stamp with its report's transcript position as stored at verification (PROTOCOL.md
        // §5 step 5): one read of the case's report_messages rows, taken as the driver reads them
        Map<UUID, List<EvidenceInput.StampEvidence>> stamps = new HashMap<>();
        reports.messagesOfCase(
                caseId,
                s ->
                        stamps.computeIfAbsent(s.evidenceItemId(), k -> new ArrayList<>())
                                .add(
                                        new EvidenceInput.StampEvidence(
                                                s.reportId(),
                                                s.idx(),
                                                pseudonyms.party(s.recipientId(), reported),
                                                new Stamp(
                                                        new Kid(s.kid()),
                                                        s.receivedAt(),
                                                        s.stampMac()),
                                                s.routeSalt() == null
                                                        ? null
                                                        : RouteSalt.fromBytes(s.routeSalt()),
                                                s.transcriptPos(),
                                                s.gapCount(),
                                                s.byReporter(),
                                                s.verifiedAt(),
                                                s.keyExpiresAt())));

        Map<UUID, List<EvidenceInput.AttachmentEvidence>> attachments = new HashMap<>();
        for (ReportRepository.AttachmentEntry a : reports.attachmentsOfCase(caseId)) {
            UUID item = a.evidenceItemId();
            int n = a.n();
            byte[] sealed = a.blobEnc();
            byte[] plain = sealed == null ? null : vault.openAttachment(dataKey, item, n, sealed);
            attachments
                    .computeIfAbsent(item, k -> new ArrayList<>())
                    .add(
                            new EvidenceInput.AttachmentEvidence(
                                    n,
                                    a.contentType(),
                                    a.size(),
                                    a.sha256(),
                                    plain,
                                    views.getOrDefault(item + "#" + n, List.of())));
        }

        List<EvidenceInput.MessageEvidence> messages = new ArrayList<>();
        for (ReportRepository.ItemEntry e : reports.itemsOfCase(caseId)) {
            UUID item = e.id();
            Vault.StoredContent opened = vault.openContent(dataKey, item, e.contentEnc());
            MessageContent content = opened.content();
            messages.add(
                    new EvidenceInput.MessageEvidence(
                            item,
                            content.messageId(),
                            pseudonyms.party(content.senderId(), reported),
                            content.conversationId(),
                            content.sentAt(),
                            content.prev(),
                            content.contentType(),
                            content.body(),
                            views.getOrDefault(item.toString(), List.of()),
                            Commitment.fromBytes(e.commitment()),
                            // the franking key only of the reported account's messages: with
                            // anyone else's, a reader could test guesses at their real id
                            content.senderId().equals(reported) ? opened.frankingKey() : null,
                            attachments.getOrDefault(item, List.of()),
                            stamps.getOrDefault(item, List.of())));
        }

        List<EvidenceInput.CustodyEvent> custody =
                audit.custody(caseId).stream()
                        .map(
                                a ->
                                        new EvidenceInput.CustodyEvent(
                                                a.seq(),
                                                a.at(),
                                                a.actor(),
                                                a.event(),
                                                a.subject(),
                                                a.detail(),
                                                a.prevHash(),
                                                a.hash()))
                        .toList();

        // read after the custody rows, so never older than the newest of them: the signed anchor
        // that lets the platform show later that its log still holds every row up to here
        EvidenceInput.AuditChainHead head =
                audit.head()
                        .map(h -> new EvidenceInput.AuditChainHead(h.seq(), h.at(), h.hash()))
                        .orElse(null);

        UUID packageId = UUID.randomUUID();
        var pkg =
                builder.build(
                        new EvidenceInput(
                                        packageId,
                                        platform,
                                        new EvidenceInput.CaseInfo(
                                                caseId,
                                                c.reportedSenderId(),
                                                c.openedAt(),
                                                c.closedAt(),
                                                c.decision(),
                                                c.decidedAt()),
                                        reportInfos,
                                        messages,
                                        custody)
                                .withAuditChainHead(head));
        byte[] zip = pkg.zip();
        byte[] sha = HexFormat.of().parseHex(pkg.sha256());
        stored.insert(
                packageId,
                caseId,
                clock.instant(),
                actor,
                sha,
                zip.length,
                vault.sealPackage(dataKey, packageId, zip));
        audit.append(
                actor,
                AuditEvent.EVIDENCE_PACKAGED,
                caseId,
                packageId.toString(),
                "sha256=" + pkg.sha256() + "; size=" + zip.length);
        return new Built(packageId, zip, sha);
    }

    /** The stored package, decrypted. */
    public byte[] load(UUID caseId, UUID packageId) {
        byte[] wrapped =
                cases.summary(caseId)
                        .orElseThrow(() -> new EmptyResultDataAccessException(1))
                        .wrappedDataKey();
        byte[] sealed = stored.sealed(caseId, packageId).orElse(null);
        if (wrapped == null || sealed == null) {
            throw new ActionRefused("refused.evidence-destroyed");
        }
        return vault.openPackage(vault.unwrapCaseKey(caseId, wrapped), packageId, sealed);
    }

    /** Retention destroys the stored packages with the case's data key (same transaction). */
    @EventListener
    void shredded(CaseShredded e) {
        stored.shred(e.caseId());
    }
}
