package dev.franking.service.forwarding;

import dev.franking.Commitment;
import dev.franking.Kid;
import dev.franking.MessageContent;
import dev.franking.Stamp;
import dev.franking.evidence.EvidenceInput;
import dev.franking.evidence.EvidencePackageBuilder;
import dev.franking.evidence.EvidenceSigner;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.Pseudonyms;
import dev.franking.service.crypto.Aead;
import dev.franking.service.crypto.Kek;
import dev.franking.service.reports.ReportService;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
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
public class EvidencePackageService implements EvidencePackager {
    private final JdbcTemplate jdbc;
    private final Kek kek;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final EvidencePackageBuilder builder;
    private final String platform;
    private final Clock clock;

    public EvidencePackageService(
            JdbcTemplate jdbc,
            Kek kek,
            AuditLog audit,
            Pseudonyms pseudonyms,
            EvidenceSigner signer,
            Clock clock,
            ReportsProperties props) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.audit = audit;
        this.pseudonyms = pseudonyms;
        this.builder = new EvidencePackageBuilder(signer, clock);
        this.platform = props.evidence().platformName();
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Built build(UUID caseId, String actor) {
        record CaseRow(
                String sender,
                Instant opened,
                Instant closed,
                String decision,
                Instant decidedAt,
                byte[] wrapped) {}
        CaseRow c =
                jdbc
                        .query(
                                "SELECT * FROM cases WHERE id = ?",
                                (rs, i) ->
                                        new CaseRow(
                                                rs.getString("reported_sender_id"),
                                                rs.getTimestamp("opened_at").toInstant(),
                                                instant(rs.getTimestamp("closed_at")),
                                                rs.getString("decision"),
                                                instant(rs.getTimestamp("decided_at")),
                                                rs.getBytes("wrapped_data_key")),
                                caseId)
                        .stream()
                        .findFirst()
                        .orElseThrow(NotFound::new);
        if (c.wrapped() == null) {
            throw new ActionRefused("refused.evidence-destroyed");
        }
        byte[] dataKey = kek.unwrap(c.wrapped(), ReportService.caseContext(caseId));

        List<EvidenceInput.ReportInfo> reports =
                jdbc.query(
                        "SELECT id, reporter_id, category, received_at FROM reports WHERE case_id ="
                                + " ? ORDER BY received_at, id",
                        (rs, i) ->
                                new EvidenceInput.ReportInfo(
                                        rs.getObject("id", UUID.class),
                                        pseudonyms.of(rs.getString("reporter_id")),
                                        rs.getString("category"),
                                        rs.getTimestamp("received_at").toInstant()),
                        caseId);

        // views, from the audit log only: a file counts as viewed exactly when a view was recorded
        Map<String, List<Instant>> views = new HashMap<>();
        jdbc.query(
                "SELECT subject, at FROM audit_log WHERE case_id = ? AND event IN"
                        + " ('evidence.viewed', 'attachment.viewed') ORDER BY seq",
                rs -> {
                    views.computeIfAbsent(rs.getString("subject"), k -> new ArrayList<>())
                            .add(rs.getTimestamp("at").toInstant());
                },
                caseId);

        Map<UUID, List<EvidenceInput.StampEvidence>> stamps = new HashMap<>();
        jdbc.query(
                "SELECT rm.* FROM report_messages rm JOIN evidence_items e ON e.id ="
                        + " rm.evidence_item_id WHERE e.case_id = ? ORDER BY rm.verified_at,"
                        + " rm.report_id, rm.idx",
                rs -> {
                    stamps.computeIfAbsent(
                                    rs.getObject("evidence_item_id", UUID.class),
                                    k -> new ArrayList<>())
                            .add(
                                    new EvidenceInput.StampEvidence(
                                            rs.getObject("report_id", UUID.class),
                                            rs.getInt("idx"),
                                            pseudonyms.of(rs.getString("recipient_id")),
                                            new Stamp(
                                                    new Kid(rs.getString("kid")),
                                                    rs.getLong("received_at"),
                                                    rs.getBytes("stamp_mac")),
                                            rs.getTimestamp("verified_at").toInstant(),
                                            rs.getTimestamp("key_expires_at").toInstant()));
                },
                caseId);

        Map<UUID, List<EvidenceInput.AttachmentEvidence>> attachments = new HashMap<>();
        jdbc.query(
                "SELECT a.* FROM evidence_attachments a JOIN evidence_items e ON e.id ="
                        + " a.evidence_item_id WHERE e.case_id = ? ORDER BY a.n",
                rs -> {
                    UUID item = rs.getObject("evidence_item_id", UUID.class);
                    int n = rs.getInt("n");
                    byte[] sealed = rs.getBytes("blob_enc");
                    byte[] plain =
                            sealed == null
                                    ? null
                                    : Aead.decrypt(
                                            dataKey,
                                            sealed,
                                            ReportService.attachmentContext(item, n));
                    attachments
                            .computeIfAbsent(item, k -> new ArrayList<>())
                            .add(
                                    new EvidenceInput.AttachmentEvidence(
                                            n,
                                            rs.getString("content_type"),
                                            rs.getLong("size"),
                                            rs.getBytes("sha256"),
                                            plain,
                                            views.getOrDefault(item + "#" + n, List.of())));
                },
                caseId);

        List<EvidenceInput.MessageEvidence> messages =
                jdbc.query(
                        "SELECT * FROM evidence_items WHERE case_id = ? ORDER BY sent_at, id",
                        (rs, i) -> {
                            UUID item = rs.getObject("id", UUID.class);
                            ReportService.StoredContent stored =
                                    ReportService.openContent(
                                            dataKey, rs.getBytes("content_enc"), item);
                            MessageContent content = stored.content();
                            return new EvidenceInput.MessageEvidence(
                                    item,
                                    content.messageId(),
                                    content.senderId(),
                                    content.conversationId(),
                                    content.sentAt(),
                                    content.contentType(),
                                    content.body(),
                                    views.getOrDefault(item.toString(), List.of()),
                                    new Commitment(rs.getBytes("commitment")),
                                    stored.frankingKey(),
                                    attachments.getOrDefault(item, List.of()),
                                    stamps.getOrDefault(item, List.of()));
                        },
                        caseId);

        List<EvidenceInput.CustodyEvent> custody =
                jdbc.query(
                        "SELECT * FROM audit_log WHERE case_id = ? ORDER BY seq",
                        (rs, i) ->
                                new EvidenceInput.CustodyEvent(
                                        rs.getLong("seq"),
                                        rs.getTimestamp("at").toInstant(),
                                        rs.getString("actor"),
                                        rs.getString("event"),
                                        rs.getString("subject"),
                                        rs.getString("detail"),
                                        rs.getBytes("prev_hash"),
                                        rs.getBytes("hash")),
                        caseId);

        UUID packageId = UUID.randomUUID();
        var pkg =
                builder.build(
                        new EvidenceInput(
                                packageId,
                                platform,
                                new EvidenceInput.CaseInfo(
                                        caseId,
                                        c.sender(),
                                        c.opened(),
                                        c.closed(),
                                        c.decision(),
                                        c.decidedAt()),
                                reports,
                                messages,
                                custody));
        byte[] zip = pkg.zip();
        byte[] sha = HexFormat.of().parseHex(pkg.sha256());
        jdbc.update(
                "INSERT INTO evidence_packages (id, case_id, created_at, created_by, sha256, size,"
                        + " package_enc) VALUES (?, ?, ?, ?, ?, ?, ?)",
                packageId,
                caseId,
                Timestamp.from(clock.instant()),
                actor,
                sha,
                zip.length,
                Aead.encrypt(dataKey, zip, packageContext(packageId)));
        audit.append(
                actor,
                "evidence.packaged",
                caseId,
                packageId.toString(),
                "sha256=" + pkg.sha256() + "; size=" + zip.length);
        return new Built(packageId, zip, sha);
    }

    /** The stored package, decrypted. */
    public byte[] load(UUID caseId, UUID packageId) {
        byte[] wrapped =
                jdbc.queryForObject(
                        "SELECT wrapped_data_key FROM cases WHERE id = ?", byte[].class, caseId);
        List<byte[]> sealed =
                jdbc.query(
                        "SELECT package_enc FROM evidence_packages WHERE id = ? AND case_id = ?",
                        (rs, i) -> rs.getBytes(1),
                        packageId,
                        caseId);
        if (wrapped == null || sealed.isEmpty() || sealed.get(0) == null) {
            throw new ActionRefused("refused.evidence-destroyed");
        }
        return Aead.decrypt(
                kek.unwrap(wrapped, ReportService.caseContext(caseId)),
                sealed.get(0),
                packageContext(packageId));
    }

    static String packageContext(UUID packageId) {
        return "evidence-package:" + packageId;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
