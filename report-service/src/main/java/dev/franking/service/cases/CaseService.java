package dev.franking.service.cases;

import dev.franking.MessageContent;
import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.AttachmentRow;
import dev.franking.review.model.Views.CaseStatus;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.EvidenceRow;
import dev.franking.review.model.Views.HistoryRow;
import dev.franking.review.model.Views.NoteRow;
import dev.franking.review.model.Views.Proof;
import dev.franking.review.model.Views.QueueFilter;
import dev.franking.review.model.Views.QueuePage;
import dev.franking.review.model.Views.QueueRow;
import dev.franking.review.model.Views.ReportRow;
import dev.franking.review.model.Views.RevealedAttachment;
import dev.franking.review.model.Views.RevealedItem;
import dev.franking.review.model.Views.StatementOfReasons;
import dev.franking.review.model.Views.TranscriptLine;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.crypto.Vault;
import dev.franking.service.moderators.ModeratorService;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.outbox.PlatformActionPayload;
import dev.franking.service.reports.Category;
import dev.franking.service.reports.CategoryPolicy;
import dev.franking.service.reports.ReportOutcome;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cases as the review UI sees and changes them. Every change authorises, changes and appends its
 * audit row in one transaction; every view of plaintext is audited. Child-safety cases (reported as
 * child safety, or escalated) exist only for child-safety moderators and admins: for others they
 * are "not found".
 */
@Service
public class CaseService implements ReviewPorts.Queue, ReviewPorts.Cases, ReviewPorts.Actions {
    private static final int CHILD_SAFETY_SEVERITY = Category.CHILD_SAFETY.ordinal();

    private final JdbcTemplate jdbc;
    private final Vault vault;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Pseudonyms pseudonyms;
    private final ModeratorService moderators;
    private final Clock clock;

    public CaseService(
            JdbcTemplate jdbc,
            Vault vault,
            AuditLog audit,
            Outbox outbox,
            Pseudonyms pseudonyms,
            ModeratorService moderators,
            Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
        this.moderators = moderators;
        this.clock = clock;
    }

    // ---- the queue -------------------------------------------------------------------------

    @Override
    public List<String> categories() {
        return Arrays.stream(Category.values()).map(Category::wire).toList();
    }

    /** The queue's SQL and arguments, exactly as {@link #page} runs them (tests EXPLAIN it). */
    public record QueueQuery(String sql, List<Object> args) {}

    public static QueueQuery queueQuery(
            QueueFilter filter, String cursor, int limit, Reviewer viewer) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        CaseStatus status = filter == null ? null : filter.status();
        where.append(status == CaseStatus.CLOSED ? "closed_at IS NOT NULL" : "closed_at IS NULL");
        if (status == CaseStatus.OPEN) {
            where.append(" AND assigned_to IS NULL AND escalated_at IS NULL");
        } else if (status == CaseStatus.CLAIMED) {
            where.append(" AND assigned_to IS NOT NULL");
        } else if (status == CaseStatus.ESCALATED) {
            where.append(" AND escalated_at IS NOT NULL");
        }
        if (filter != null && filter.category() != null && !filter.category().isBlank()) {
            where.append(" AND top_category = ?");
            args.add(filter.category());
        }
        if (filter != null && filter.assignee() != null && !filter.assignee().isBlank()) {
            if ("none".equals(filter.assignee())) {
                where.append(" AND assigned_to IS NULL");
            } else {
                where.append(" AND assigned_to = ?");
                args.add(filter.assignee());
            }
        }
        if (!viewer.seesChildSafety()) {
            where.append(" AND severity <> ? AND escalated_at IS NULL");
            args.add(CHILD_SAFETY_SEVERITY);
        }
        if (cursor != null && !cursor.isBlank()) {
            Object[] c = decodeCursor(cursor);
            where.append(" AND (severity, -distinct_reporters, opened_at, id) > (?, ?, ?, ?)");
            args.addAll(Arrays.asList(c));
        }
        args.add(limit + 1);
        return new QueueQuery(
                "SELECT id, reported_sender_id, top_category, severity, distinct_reporters,"
                    + " report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases"
                    + " WHERE "
                        + where
                        + " ORDER BY severity, -distinct_reporters, opened_at, id LIMIT ?",
                args);
    }

    @Override
    public QueuePage page(QueueFilter filter, String cursor, int limit, Reviewer viewer) {
        int n = Math.max(1, Math.min(limit, 200));
        QueueQuery q = queueQuery(filter, cursor, n, viewer);
        Instant now = clock.instant();
        List<Object[]> keys = new ArrayList<>();
        List<QueueRow> rows =
                jdbc.query(
                        q.sql(),
                        (rs, i) -> {
                            keys.add(
                                    new Object[] {
                                        rs.getInt("severity"),
                                        -rs.getInt("distinct_reporters"),
                                        rs.getTimestamp("opened_at"),
                                        rs.getObject("id", UUID.class)
                                    });
                            Instant opened = rs.getTimestamp("opened_at").toInstant();
                            String category = rs.getString("top_category");
                            Duration target = CategoryPolicy.responseTarget(category);
                            Duration age = Duration.between(opened, now);
                            return new QueueRow(
                                    rs.getObject("id", UUID.class),
                                    rs.getString("reported_sender_id"),
                                    category,
                                    rs.getInt("distinct_reporters"),
                                    rs.getInt("report_count"),
                                    opened,
                                    age,
                                    target,
                                    rs.getTimestamp("closed_at") == null
                                            && age.compareTo(target) > 0,
                                    status(rs),
                                    rs.getString("assigned_to"));
                        },
                        q.args().toArray());
        String next = null;
        if (rows.size() > n) {
            rows = rows.subList(0, n);
            next = encodeCursor(keys.get(n - 1));
        }
        return new QueuePage(List.copyOf(rows), next);
    }

    static String encodeCursor(Object[] k) {
        String s = k[0] + "|" + k[1] + "|" + ((Timestamp) k[2]).toInstant() + "|" + k[3];
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Object[] decodeCursor(String cursor) {
        try {
            String[] p =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                            .split("\\|");
            return new Object[] {
                Integer.parseInt(p[0]),
                Integer.parseInt(p[1]),
                Timestamp.from(Instant.parse(p[2])),
                UUID.fromString(p[3])
            };
        } catch (RuntimeException e) {
            throw new ActionRefused("refused.bad-cursor");
        }
    }

    private static CaseStatus status(ResultSet rs) throws SQLException {
        if (rs.getTimestamp("closed_at") != null) {
            return CaseStatus.CLOSED;
        }
        if (rs.getTimestamp("escalated_at") != null) {
            return CaseStatus.ESCALATED;
        }
        return rs.getString("assigned_to") != null ? CaseStatus.CLAIMED : CaseStatus.OPEN;
    }

    // ---- one case --------------------------------------------------------------------------

    /** The columns of a case that authorisation and actions need. */
    record CaseRow(
            UUID id,
            String sender,
            String category,
            int severity,
            String assignee,
            Instant escalatedAt,
            Instant closedAt,
            String decision,
            String decidedBy,
            byte[] wrappedKey,
            CaseStatus status,
            Instant openedAt) {
        boolean childSafety() {
            return severity == CHILD_SAFETY_SEVERITY || escalatedAt != null;
        }
    }

    private Optional<CaseRow> load(UUID id, boolean forUpdate) {
        return jdbc
                .query(
                        "SELECT * FROM cases WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""),
                        (rs, i) ->
                                new CaseRow(
                                        rs.getObject("id", UUID.class),
                                        rs.getString("reported_sender_id"),
                                        rs.getString("top_category"),
                                        rs.getInt("severity"),
                                        rs.getString("assigned_to"),
                                        instant(rs, "escalated_at"),
                                        instant(rs, "closed_at"),
                                        rs.getString("decision"),
                                        rs.getString("decided_by"),
                                        rs.getBytes("wrapped_data_key"),
                                        status(rs),
                                        instant(rs, "opened_at")),
                        id)
                .stream()
                .findFirst();
    }

    /** The case if this reviewer may see it; "not found" otherwise, so ids reveal nothing. */
    private CaseRow visible(UUID id, Reviewer viewer, boolean forUpdate) {
        CaseRow c = load(id, forUpdate).orElseThrow(NotFound::new);
        if (c.childSafety() && !viewer.seesChildSafety()) {
            throw new NotFound();
        }
        return c;
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    private byte[] dataKey(CaseRow c) {
        if (c.wrappedKey() == null) {
            throw new ActionRefused("refused.evidence-destroyed");
        }
        return vault.unwrapCaseKey(c.id(), c.wrappedKey());
    }

    @Override
    public Optional<CaseView> find(UUID caseId, Reviewer viewer) {
        CaseRow c;
        try {
            c = visible(caseId, viewer, false);
        } catch (NotFound e) {
            return Optional.empty();
        }
        Map<UUID, List<TranscriptLine>> transcripts = new LinkedHashMap<>();
        jdbc.query(
                "SELECT rm.report_id, rm.idx, rm.evidence_item_id, e.sender_id, e.sent_at FROM"
                    + " report_messages rm JOIN reports r ON r.id = rm.report_id JOIN"
                    + " evidence_items e ON e.id = rm.evidence_item_id WHERE r.case_id = ? ORDER BY"
                    + " rm.report_id, rm.idx",
                rs -> {
                    transcripts
                            .computeIfAbsent(
                                    rs.getObject("report_id", UUID.class), k -> new ArrayList<>())
                            .add(
                                    new TranscriptLine(
                                            rs.getInt("idx"),
                                            rs.getObject("evidence_item_id", UUID.class),
                                            rs.getString("sender_id"),
                                            Instant.ofEpochMilli(rs.getLong("sent_at")),
                                            rs.getInt("idx") == 0));
                },
                caseId);
        List<ReportRow> reports =
                jdbc.query(
                        "SELECT id, reporter_id, category, comment_enc IS NOT NULL AS has_comment,"
                            + " received_at FROM reports WHERE case_id = ? ORDER BY received_at,"
                            + " id",
                        (rs, i) ->
                                new ReportRow(
                                        rs.getObject("id", UUID.class),
                                        pseudonyms.of(rs.getString("reporter_id")),
                                        rs.getString("category"),
                                        rs.getBoolean("has_comment"),
                                        rs.getTimestamp("received_at").toInstant(),
                                        transcripts.getOrDefault(
                                                rs.getObject("id", UUID.class), List.of())),
                        caseId);

        Map<UUID, List<Proof>> proofs = new LinkedHashMap<>();
        jdbc.query(
                "SELECT rm.evidence_item_id, rm.recipient_id, rm.kid, rm.received_at,"
                    + " rm.verified_at, e.sender_id, e.conversation_id FROM report_messages rm JOIN"
                    + " evidence_items e ON e.id = rm.evidence_item_id WHERE e.case_id = ? ORDER BY"
                    + " rm.verified_at",
                rs -> {
                    proofs.computeIfAbsent(
                                    rs.getObject("evidence_item_id", UUID.class),
                                    k -> new ArrayList<>())
                            .add(
                                    new Proof(
                                            rs.getString("sender_id"),
                                            pseudonyms.of(rs.getString("recipient_id")),
                                            rs.getString("conversation_id"),
                                            Instant.ofEpochMilli(rs.getLong("received_at")),
                                            rs.getString("kid"),
                                            rs.getTimestamp("verified_at").toInstant()));
                },
                caseId);
        Map<UUID, List<AttachmentRow>> attachments = new LinkedHashMap<>();
        jdbc.query(
                "SELECT a.evidence_item_id, a.n, a.content_type, a.size, a.sha256, a.blob_enc IS"
                    + " NOT NULL AS uploaded FROM evidence_attachments a JOIN evidence_items e ON"
                    + " e.id = a.evidence_item_id WHERE e.case_id = ? ORDER BY a.n",
                rs -> {
                    attachments
                            .computeIfAbsent(
                                    rs.getObject("evidence_item_id", UUID.class),
                                    k -> new ArrayList<>())
                            .add(
                                    new AttachmentRow(
                                            rs.getInt("n"),
                                            rs.getString("content_type"),
                                            rs.getLong("size"),
                                            HexFormat.of().formatHex(rs.getBytes("sha256")),
                                            rs.getBoolean("uploaded")));
                },
                caseId);
        List<EvidenceRow> evidence =
                jdbc.query(
                        "SELECT e.*, (SELECT count(DISTINCT r.reporter_id) FROM report_messages rm"
                            + " JOIN reports r ON r.id = rm.report_id WHERE rm.evidence_item_id ="
                            + " e.id AND rm.idx = 0) AS reporters FROM evidence_items e WHERE"
                            + " e.case_id = ? ORDER BY e.sent_at, e.id",
                        (rs, i) -> {
                            UUID id = rs.getObject("id", UUID.class);
                            return new EvidenceRow(
                                    id,
                                    rs.getString("message_id"),
                                    rs.getString("sender_id"),
                                    rs.getString("conversation_id"),
                                    Instant.ofEpochMilli(rs.getLong("sent_at")),
                                    rs.getString("content_type"),
                                    rs.getInt("body_length"),
                                    rs.getInt("reporters"),
                                    proofs.getOrDefault(id, List.of()),
                                    attachments.getOrDefault(id, List.of()));
                        },
                        caseId);
        List<NoteRow> notes = new ArrayList<>();
        byte[] key = c.wrappedKey() == null ? null : dataKey(c);
        jdbc.query(
                "SELECT id, author, text_enc, created_at FROM case_notes WHERE case_id = ? ORDER BY"
                        + " created_at",
                rs -> {
                    byte[] enc = rs.getBytes("text_enc");
                    String text =
                            key == null || enc == null
                                    ? null
                                    : vault.openNote(key, rs.getObject("id", UUID.class), enc);
                    notes.add(
                            new NoteRow(
                                    rs.getTimestamp("created_at").toInstant(),
                                    rs.getString("author"),
                                    text));
                },
                caseId);
        List<HistoryRow> history =
                audit.forCase(caseId).stream()
                        .map(a -> new HistoryRow(a.at(), a.actor(), a.event(), a.detail()))
                        .toList();
        return Optional.of(
                new CaseView(
                        c.id(),
                        c.sender(),
                        c.status(),
                        c.category(),
                        c.childSafety(),
                        c.assignee(),
                        c.openedAt(),
                        c.closedAt(),
                        c.decision(),
                        reports,
                        evidence,
                        notes,
                        history,
                        c.wrappedKey() == null));
    }

    @Override
    @Transactional
    public RevealedItem reveal(UUID caseId, UUID itemId, Reviewer viewer) {
        CaseRow c = visible(caseId, viewer, false);
        byte[] key = dataKey(c);
        byte[] sealed =
                jdbc
                        .query(
                                "SELECT content_enc FROM evidence_items WHERE id = ? AND case_id ="
                                        + " ?",
                                (rs, i) -> rs.getBytes(1),
                                itemId,
                                caseId)
                        .stream()
                        .findFirst()
                        .orElseThrow(NotFound::new);
        MessageContent content = vault.openContent(key, itemId, sealed).content();
        audit.append(
                viewer.username(), AuditEvent.EVIDENCE_VIEWED, caseId, itemId.toString(), null);
        String type = content.contentType().toLowerCase(Locale.ROOT);
        boolean textual = type.startsWith("text/") || type.isEmpty();
        return new RevealedItem(
                itemId,
                content.contentType(),
                textual ? new String(content.body(), StandardCharsets.UTF_8) : null,
                textual,
                content.body().length);
    }

    @Override
    @Transactional
    public RevealedAttachment attachment(UUID caseId, UUID itemId, int n, Reviewer viewer) {
        CaseRow c = visible(caseId, viewer, false);
        byte[] key = dataKey(c);
        record Blob(String contentType, byte[] sealed) {}
        Blob b =
                jdbc
                        .query(
                                "SELECT a.content_type, a.blob_enc FROM evidence_attachments a JOIN"
                                    + " evidence_items e ON e.id = a.evidence_item_id WHERE"
                                    + " a.evidence_item_id = ? AND a.n = ? AND e.case_id = ? AND"
                                    + " a.blob_enc IS NOT NULL",
                                (rs, i) -> new Blob(rs.getString(1), rs.getBytes(2)),
                                itemId,
                                n,
                                caseId)
                        .stream()
                        .findFirst()
                        .orElseThrow(NotFound::new);
        byte[] plain = vault.openAttachment(key, itemId, n, b.sealed());
        audit.append(
                viewer.username(), AuditEvent.ATTACHMENT_VIEWED, caseId, itemId + "#" + n, null);
        return new RevealedAttachment(b.contentType(), plain);
    }

    @Override
    @Transactional
    public String revealComment(UUID caseId, UUID reportId, Reviewer viewer) {
        CaseRow c = visible(caseId, viewer, false);
        byte[] key = dataKey(c);
        List<byte[]> found =
                jdbc.query(
                        "SELECT comment_enc FROM reports WHERE id = ? AND case_id = ?",
                        (rs, i) -> rs.getBytes(1),
                        reportId,
                        caseId);
        byte[] sealed = found.isEmpty() ? null : found.get(0);
        if (sealed == null) {
            throw new NotFound();
        }
        String text = vault.openComment(key, reportId, sealed);
        audit.append(
                viewer.username(), AuditEvent.COMMENT_VIEWED, caseId, reportId.toString(), null);
        return text;
    }

    @Override
    public List<String> assignees() {
        return moderators.usernames();
    }

    // ---- actions: authorise, change, audit, in one transaction -------------------------------

    @Override
    @Transactional
    public void claim(UUID caseId, Reviewer by) {
        CaseRow c = visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (c.assignee() != null) {
            throw new ActionRefused(
                    c.assignee().equals(by.username())
                            ? "refused.already-yours"
                            : "refused.claimed");
        }
        jdbc.update(
                "UPDATE cases SET assigned_to = ?, assigned_at = ? WHERE id = ?",
                by.username(),
                now(),
                caseId);
        audit.append(by.username(), AuditEvent.CASE_CLAIMED, caseId, null, null);
    }

    @Override
    @Transactional
    public void release(UUID caseId, Reviewer by) {
        CaseRow c = visible(caseId, by, true);
        if (c.assignee() == null) {
            throw new ActionRefused("refused.not-claimed");
        }
        if (!c.assignee().equals(by.username()) && !by.isAdmin()) {
            throw new ActionRefused("refused.claimed");
        }
        jdbc.update("UPDATE cases SET assigned_to = NULL, assigned_at = NULL WHERE id = ?", caseId);
        audit.append(by.username(), AuditEvent.CASE_RELEASED, caseId, c.assignee(), null);
    }

    @Override
    @Transactional
    public void reassign(UUID caseId, String to, Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        CaseRow c = visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (to == null || !moderators.exists(to)) {
            throw new ActionRefused("refused.unknown-user");
        }
        if (c.childSafety()) {
            UserDetails u = moderators.loadUserByUsername(to);
            boolean ok =
                    u.getAuthorities().stream()
                            .anyMatch(
                                    a ->
                                            a.getAuthority().equals(Role.CHILD_SAFETY.authority())
                                                    || a.getAuthority()
                                                            .equals(Role.ADMIN.authority()));
            if (!ok) {
                throw new ActionRefused("refused.assignee-not-child-safety");
            }
        }
        jdbc.update(
                "UPDATE cases SET assigned_to = ?, assigned_at = ? WHERE id = ?",
                to,
                now(),
                caseId);
        audit.append(
                by.username(),
                AuditEvent.CASE_REASSIGNED,
                caseId,
                to,
                c.assignee() == null ? null : "from=" + c.assignee());
    }

    @Override
    @Transactional
    public void note(UUID caseId, String text, Reviewer by) {
        CaseRow c = visible(caseId, by, true);
        requireText(text, ReviewLimits.NOTE_MAX_CHARS, "refused.note-invalid");
        UUID id = addNote(c, text, by);
        audit.append(by.username(), AuditEvent.CASE_NOTE_ADDED, caseId, id.toString(), null);
    }

    private UUID addNote(CaseRow c, String text, Reviewer by) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO case_notes (id, case_id, author, text_enc, created_at) VALUES (?, ?,"
                        + " ?, ?, ?)",
                id,
                c.id(),
                by.username(),
                vault.sealNote(dataKey(c), id, text),
                now());
        return id;
    }

    @Override
    @Transactional
    public void decide(UUID caseId, Decision decision, StatementOfReasons reasons, Reviewer by) {
        CaseRow c = visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (!by.username().equals(c.assignee()) && !by.isAdmin()) {
            throw new ActionRefused("refused.not-assignee");
        }
        if (decision == null || reasons == null) {
            throw new ActionRefused("refused.decision-invalid");
        }
        requireText(reasons.ground(), ReviewLimits.GROUND_MAX, "refused.ground-required");
        requireText(reasons.facts(), ReviewLimits.FACTS_MAX, "refused.facts-required");
        Timestamp now = now();
        String wire = decision.name().toLowerCase(Locale.ROOT);
        jdbc.update(
                "UPDATE cases SET decision = ?, decided_at = ?, decided_by = ?, reasons_ground = ?,"
                        + " reasons_facts = ?, reasons_automated = ?, closed_at = ?, closed_by = ?"
                        + " WHERE id = ?",
                wire,
                now,
                by.username(),
                reasons.ground(),
                vault.sealFacts(dataKey(c), caseId, reasons.facts()),
                reasons.automated(),
                now,
                by.username(),
                caseId);
        // what the reporter may see (GET /api/v1/reports/{id}): whether action was taken, not which
        jdbc.update(
                "UPDATE reports SET status = 'decided', outcome = ?, decided_at = ? WHERE case_id ="
                        + " ?",
                (decision == Decision.DISMISS
                                ? ReportOutcome.NO_ACTION
                                : ReportOutcome.ACTION_TAKEN)
                        .wire(),
                now,
                caseId);
        audit.append(
                by.username(),
                AuditEvent.CASE_DECIDED,
                caseId,
                wire,
                "ground=" + reasons.ground() + "; automated=" + reasons.automated());
        if (decision != Decision.DISMISS) {
            UUID id =
                    outbox.enqueue(
                            PlatformActionPayload.accountAction(
                                    wire, c.sender(), caseId, reasons.ground(), now.toInstant()));
            audit.append(
                    "system",
                    AuditEvent.PLATFORM_ACTION_QUEUED,
                    caseId,
                    id.toString(),
                    "action=" + wire);
        }
    }

    @Override
    @Transactional
    public void escalate(UUID caseId, String reason, Reviewer by) {
        CaseRow c = visible(caseId, by, true);
        if (c.closedAt() != null) {
            throw new ActionRefused("refused.closed");
        }
        if (c.escalatedAt() != null) {
            throw new ActionRefused("refused.already-escalated");
        }
        requireText(reason, ReviewLimits.REASON_MAX, "refused.reason-required");
        // escalated cases leave the ordinary queue and go, unassigned, to child-safety moderators
        jdbc.update(
                "UPDATE cases SET escalated_at = ?, escalated_by = ?, assigned_to = NULL,"
                        + " assigned_at = NULL WHERE id = ?",
                now(),
                by.username(),
                caseId);
        UUID note = addNote(c, reason, by);
        audit.append(by.username(), AuditEvent.CASE_ESCALATED, caseId, note.toString(), null);
    }

    @Override
    @Transactional
    public void reopen(UUID caseId, String reason, Reviewer by) {
        CaseRow c = visible(caseId, by, true);
        if (c.closedAt() == null) {
            throw new ActionRefused("refused.not-closed");
        }
        if (!by.isAdmin() && !by.has(Role.CHILD_SAFETY) && !by.username().equals(c.decidedBy())) {
            throw new ActionRefused("refused.forbidden");
        }
        requireText(reason, ReviewLimits.REASON_MAX, "refused.reason-required");
        Integer open =
                jdbc.queryForObject(
                        "SELECT count(*) FROM cases WHERE reported_sender_id = ? AND closed_at IS"
                                + " NULL AND id <> ?",
                        Integer.class,
                        c.sender(),
                        caseId);
        if (open != null && open > 0) {
            throw new ActionRefused("refused.reopen-conflict");
        }
        jdbc.update(
                "UPDATE cases SET closed_at = NULL, closed_by = NULL, decision = NULL, decided_at ="
                    + " NULL, decided_by = NULL, assigned_to = NULL, assigned_at = NULL WHERE id ="
                    + " ?",
                caseId);
        jdbc.update(
                "UPDATE reports SET status = 'in_review', outcome = NULL, decided_at = NULL WHERE"
                        + " case_id = ?",
                caseId);
        UUID note = addNote(c, reason, by);
        audit.append(
                by.username(),
                AuditEvent.CASE_REOPENED,
                caseId,
                note.toString(),
                "previous=" + c.decision());
    }

    private static void requireText(String s, int max, String key) {
        if (s == null || s.isBlank() || s.length() > max) {
            throw new ActionRefused(key);
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
