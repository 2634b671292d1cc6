package dev.franking.service.reports;

import dev.franking.AttachmentDescriptor;
import dev.franking.FrankingException;
import dev.franking.FrankingKey;
import dev.franking.MessageContent;
import dev.franking.ReportVerificationException;
import dev.franking.ReportVerifier;
import dev.franking.SubmittedMessage;
import dev.franking.VerifiedMessage;
import dev.franking.VerifiedReport;
import dev.franking.service.ReportsProperties;
import dev.franking.service.crypto.Aead;
import dev.franking.service.crypto.Kek;
import dev.franking.service.stampkeys.StampKeyService;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verified reports (PROTOCOL.md §5, §7): verified in full before anything is written; then, in one
 * transaction, grouped into the reported sender's open case, each message stored once per case as
 * an evidence item, its content encrypted under the case's data key.
 */
@Service
public class ReportService {
    private static final Duration RATE_WINDOW = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Kek kek;
    private final Clock clock;
    private final ReportVerifier verifier;
    private final ReportsProperties props;
    private final MeterRegistry metrics;

    public ReportService(JdbcTemplate jdbc, TransactionTemplate tx, Kek kek, Clock clock, StampKeyService keys,
                         ReportsProperties props, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kek = kek;
        this.clock = clock;
        this.verifier = new ReportVerifier(keys, clock);
        this.props = props;
        this.metrics = metrics;
    }

    /** The reporter has sent {@code limit} reports in the last hour; the next may come in {@code retryAfterSeconds}. */
    public static final class RateLimited extends RuntimeException {
        private final int limit;
        private final long retryAfterSeconds;

        RateLimited(int limit, long retryAfterSeconds) {
            super("rate limited", null, false, false);
            this.limit = limit;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int limit() {
            return limit;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The case's data key has been destroyed (retention): nothing can be added to its evidence. */
    public static final class EvidenceDestroyed extends RuntimeException {
        EvidenceDestroyed() {
            super("evidence destroyed", null, false, false);
        }
    }

    /** What {@link #submit} did: a new report, or the reporter's existing one for the same messages. */
    public record Submitted(UUID reportId, int messages, boolean created) {
    }

    public Submitted submit(String reporterId, String category, String comment, List<SubmittedMessage> messages)
            throws ReportVerificationException {
        VerifiedReport report;
        try {
            report = verifier.verify(reporterId, messages);
        } catch (ReportVerificationException e) {
            metrics.counter("franking.reports", "outcome", "rejected", "code", e.code().code()).increment();
            throw e;
        }
        byte[] dedupe = dedupeKey(report);
        Instant now = clock.instant();
        Submitted result = tx.execute(s -> store(report, category, comment, dedupe, now));
        metrics.counter("franking.reports", "outcome", result.created() ? "verified" : "duplicate", "code", "none").increment();
        return result;
    }

    private Submitted store(VerifiedReport report, String category, String comment, byte[] dedupe, Instant now) {
        String reporter = report.reporterId();
        // one reporter's submissions are serialised: the duplicate check and the rate limit are then exact
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))", Object.class, "reporter:" + reporter);
        List<Submitted> existing = jdbc.query("SELECT id, message_count FROM reports WHERE reporter_id = ? AND dedupe_key = ?",
                (rs, i) -> new Submitted(rs.getObject("id", UUID.class), rs.getInt("message_count"), false), reporter, dedupe);
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        Instant windowStart = now.minus(RATE_WINDOW);
        var window = jdbc.queryForMap("SELECT count(*) AS n, min(received_at) AS oldest FROM reports WHERE reporter_id = ? AND received_at > ?",
                reporter, Timestamp.from(windowStart));
        long n = ((Number) window.get("n")).longValue();
        int limit = props.rateLimit().reportsPerHour();
        if (n >= limit) {
            Instant oldest = ((Timestamp) window.get("oldest")).toInstant();
            // the oldest report leaves the window when now - 1h reaches it; round the wait up to whole seconds
            Duration wait = Duration.between(now, oldest.plus(RATE_WINDOW));
            long retry = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
            metrics.counter("franking.reports", "outcome", "rate_limited", "code", "rate_limited").increment();
            throw new RateLimited(limit, retry);
        }
        VerifiedMessage reported = report.reported();
        int severity = CategoryPolicy.severity(category);
        CaseKey kase = openCase(reported.content().senderId(), now);
        UUID reportId = UUID.randomUUID();
        byte[] commentEnc = comment == null || comment.isEmpty() ? null
                : Aead.encrypt(kase.dataKey(), comment.getBytes(StandardCharsets.UTF_8), "report-comment:" + reportId);
        jdbc.update("INSERT INTO reports (id, case_id, reporter_id, category, comment_enc, message_count, dedupe_key, received_at, verified_at, status) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received')",
                reportId, kase.id(), reporter, category, commentEnc, report.messages().size(), dedupe, Timestamp.from(now),
                Timestamp.from(report.verifiedAt()));
        for (VerifiedMessage m : report.messages()) {
            UUID item = evidenceItem(kase, m, now);
            jdbc.update("INSERT INTO report_messages (report_id, idx, evidence_item_id, recipient_id, kid, received_at, stamp_mac, key_expires_at, verified_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    reportId, m.index(), item, m.recipientId(), m.stamp().kid().value(), m.stamp().receivedAt(), m.stamp().mac(),
                    Timestamp.from(m.keyExpiresAt()), Timestamp.from(m.verifiedAt()));
        }
        // the queue's ordering keys, kept on the case so that the first page is an index scan
        jdbc.update("UPDATE cases SET report_count = report_count + 1, "
                        + "distinct_reporters = (SELECT count(DISTINCT reporter_id) FROM reports WHERE case_id = ?), "
                        + "top_category = CASE WHEN severity IS NULL OR ? < severity THEN ? ELSE top_category END, "
                        + "severity = LEAST(coalesce(severity, ?), ?) WHERE id = ?",
                kase.id(), severity, category, severity, severity, kase.id());
        return new Submitted(reportId, report.messages().size(), true);
    }

    record CaseKey(UUID id, byte[] dataKey) {
    }

    /** The reported sender's open case, opened now if there is none (one open case per sender). */
    private CaseKey openCase(String senderId, Instant now) {
        // the common case: the sender already has an open case; then no new data key is made and
        // wrapped only to be thrown away by ON CONFLICT DO NOTHING, and one statement is saved
        List<CaseKey> open = jdbc.query(OPEN_CASE, (rs, i) -> caseKey(rs), senderId);
        if (!open.isEmpty()) {
            return open.get(0);
        }
        UUID id = UUID.randomUUID();
        byte[] dataKey = Aead.newKey();
        jdbc.update("INSERT INTO cases (id, reported_sender_id, opened_at, wrapped_data_key) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (reported_sender_id) WHERE closed_at IS NULL DO NOTHING",
                id, senderId, Timestamp.from(now), kek.wrap(dataKey, caseContext(id)));
        return jdbc.queryForObject(OPEN_CASE, (rs, i) -> caseKey(rs), senderId);
    }

    private static final String OPEN_CASE = "SELECT id, wrapped_data_key FROM cases WHERE reported_sender_id = ? AND closed_at IS NULL";

    private CaseKey caseKey(java.sql.ResultSet rs) throws java.sql.SQLException {
        UUID caseId = rs.getObject("id", UUID.class);
        return new CaseKey(caseId, kek.unwrap(rs.getBytes("wrapped_data_key"), caseContext(caseId)));
    }

    public static String caseContext(UUID caseId) {
        return "case-data-key:" + caseId;
    }

    /** One evidence item per message (commitment) per case; its content sealed under the case's data key. */
    private UUID evidenceItem(CaseKey kase, VerifiedMessage m, Instant now) {
        UUID id = UUID.randomUUID();
        var c = m.content();
        byte[] payload = contentPayload(c, m.frankingKey());
        List<UUID> inserted = jdbc.queryForList("INSERT INTO evidence_items (id, case_id, commitment, message_id, sender_id, conversation_id, sent_at, "
                        + "content_type, body_length, content_enc, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (case_id, commitment) DO NOTHING RETURNING id", UUID.class,
                id, kase.id(), m.commitment().bytes(), c.messageId(), c.senderId(), c.conversationId(), c.sentAt(), c.contentType(),
                c.body().length, Aead.encrypt(kase.dataKey(), payload, evidenceContext(id)), Timestamp.from(now));
        java.util.Arrays.fill(payload, (byte) 0);
        if (inserted.isEmpty()) {
            return jdbc.queryForObject("SELECT id FROM evidence_items WHERE case_id = ? AND commitment = ?", UUID.class,
                    kase.id(), m.commitment().bytes());
        }
        List<AttachmentDescriptor> atts = c.attachments();
        for (int n = 0; n < atts.size(); n++) {
            AttachmentDescriptor a = atts.get(n);
            jdbc.update("INSERT INTO evidence_attachments (evidence_item_id, n, content_type, size, sha256) VALUES (?, ?, ?, ?, ?)",
                    id, n, a.contentType(), a.size(), a.sha256());
        }
        return id;
    }

    /** An evidence item's stored content, decrypted: what the sender committed to, and the franking key. */
    public record StoredContent(MessageContent content, FrankingKey frankingKey) {
    }

    /** The plaintext an evidence item's content is sealed from: the envelope payload's layout (PROTOCOL.md §2), lp(content_bytes) || franking_key. */
    static byte[] contentPayload(MessageContent c, FrankingKey key) {
        byte[] contentBytes = c.contentBytes();
        byte[] fk = key.bytes();
        return ByteBuffer.allocate(4 + contentBytes.length + fk.length).putInt(contentBytes.length).put(contentBytes).put(fk).array();
    }

    /** Decrypts and parses an evidence item's {@code content_enc} under its case's data key. */
    public static StoredContent openContent(byte[] dataKey, byte[] sealed, UUID itemId) {
        ByteBuffer payload = ByteBuffer.wrap(Aead.decrypt(dataKey, sealed, evidenceContext(itemId)));
        byte[] contentBytes = new byte[payload.getInt()];
        payload.get(contentBytes);
        byte[] fk = new byte[32];
        payload.get(fk);
        return new StoredContent(MessageContent.parse(contentBytes), new FrankingKey(fk));
    }

    public static String evidenceContext(UUID itemId) {
        return "evidence-content:" + itemId;
    }

    public static String attachmentContext(UUID itemId, int n) {
        return "evidence-attachment:" + itemId + ":" + n;
    }

    /**
     * "The same report again": the same reporter with the same messages under the same stamps, in
     * the same order. Hashes of commitments and stamp MACs only, which reveal no content.
     */
    static byte[] dedupeKey(VerifiedReport report) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("franking/report-dedupe/v1".getBytes(StandardCharsets.US_ASCII));
            for (VerifiedMessage m : report.messages()) {
                md.update(m.commitment().bytes());
                md.update(m.stamp().mac());
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the reporter may see of their report. */
    public record ReportView(UUID id, String status, String category, int messages, Instant receivedAt,
                             String outcome, Instant decidedAt) {
    }

    public record AttachmentView(int index, int n, String contentType, long size, boolean uploaded) {
    }

    public Optional<ReportView> find(UUID id, String reporterId) {
        return jdbc.query("SELECT id, status, category, message_count, received_at, outcome, decided_at FROM reports WHERE id = ? AND reporter_id = ?",
                (rs, i) -> new ReportView(rs.getObject("id", UUID.class), rs.getString("status"), rs.getString("category"),
                        rs.getInt("message_count"), rs.getTimestamp("received_at").toInstant(), rs.getString("outcome"),
                        rs.getTimestamp("decided_at") == null ? null : rs.getTimestamp("decided_at").toInstant()),
                id, reporterId).stream().findFirst();
    }

    public List<AttachmentView> attachments(UUID reportId) {
        return jdbc.query("SELECT rm.idx, a.n, a.content_type, a.size, a.blob_enc IS NOT NULL AS uploaded FROM report_messages rm "
                        + "JOIN evidence_attachments a ON a.evidence_item_id = rm.evidence_item_id WHERE rm.report_id = ? ORDER BY rm.idx, a.n",
                (rs, i) -> new AttachmentView(rs.getInt("idx"), rs.getInt("n"), rs.getString("content_type"), rs.getLong("size"),
                        rs.getBoolean("uploaded")), reportId);
    }

    /** The committed descriptor of attachment {@code n} of message {@code index} of the reporter's report. */
    public record AttachmentTarget(UUID caseId, UUID itemId, int n, AttachmentDescriptor descriptor) {
    }

    public Optional<AttachmentTarget> attachmentTarget(UUID reportId, String reporterId, int index, int n) {
        return jdbc.query("SELECT r.case_id, rm.evidence_item_id, a.content_type, a.size, a.sha256 FROM reports r "
                        + "JOIN report_messages rm ON rm.report_id = r.id AND rm.idx = ? "
                        + "JOIN evidence_attachments a ON a.evidence_item_id = rm.evidence_item_id AND a.n = ? "
                        + "WHERE r.id = ? AND r.reporter_id = ?",
                (rs, i) -> new AttachmentTarget(rs.getObject("case_id", UUID.class), rs.getObject("evidence_item_id", UUID.class), n,
                        new AttachmentDescriptor(rs.getString("content_type"), rs.getLong("size"), rs.getBytes("sha256"))),
                index, n, reportId, reporterId).stream().findFirst();
    }

    /**
     * Stores an uploaded attachment after checking it against its committed descriptor (PROTOCOL.md
     * §5), encrypted under the case's data key. Uploading the same file again changes nothing.
     *
     * @throws FrankingException {@code attachment_mismatch} if size or SHA-256 differ
     */
    public void storeAttachment(AttachmentTarget target, byte[] plaintext, String reporterId) throws FrankingException {
        target.descriptor().verify(plaintext);
        tx.executeWithoutResult(s -> {
            byte[] wrapped = jdbc.queryForObject("SELECT wrapped_data_key FROM cases WHERE id = ? FOR SHARE", byte[].class, target.caseId());
            if (wrapped == null) {
                throw new EvidenceDestroyed();
            }
            byte[] dataKey = kek.unwrap(wrapped, caseContext(target.caseId()));
            jdbc.update("UPDATE evidence_attachments SET blob_enc = ?, uploaded_at = ?, uploaded_by = ? "
                            + "WHERE evidence_item_id = ? AND n = ? AND blob_enc IS NULL",
                    Aead.encrypt(dataKey, plaintext, attachmentContext(target.itemId(), target.n())), Timestamp.from(clock.instant()),
                    reporterId, target.itemId(), target.n());
        });
    }
}
