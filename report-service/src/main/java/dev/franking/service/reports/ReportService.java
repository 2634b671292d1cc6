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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verified reports (PROTOCOL.md §5, §7): verified in full before anything is written, in the
 * request's thread; then handed to the {@link ReportWriter}, which stores it in one transaction
 * (shared with the other reports waiting at that moment), grouped into the reported sender's open
 * case, each message stored once per case as an evidence item, its content encrypted under the
 * case's data key. The request returns once the report is committed.
 */
@Service
public class ReportService {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Kek kek;
    private final Clock clock;
    private final ReportVerifier verifier;
    private final ReportsProperties props;
    private final MeterRegistry metrics;
    private final ReportWriter writer;

    ReportService(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            Kek kek,
            Clock clock,
            StampKeyService keys,
            ReportsProperties props,
            MeterRegistry metrics,
            ReportWriter writer) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kek = kek;
        this.clock = clock;
        this.verifier = new ReportVerifier(keys, clock);
        this.props = props;
        this.metrics = metrics;
        this.writer = writer;
    }

    /**
     * The reporter has sent {@code limit} reports in the last hour; the next may come in {@code
     * retryAfterSeconds}.
     */
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

    /**
     * What {@link #submit} did: a new report, or the reporter's existing one for the same messages.
     */
    public record Submitted(UUID reportId, int messages, boolean created) {}

    public Submitted submit(
            String reporterId, String category, String comment, List<SubmittedMessage> messages)
            throws ReportVerificationException {
        VerifiedReport report;
        try {
            report = verifier.verify(reporterId, messages);
        } catch (ReportVerificationException e) {
            count("rejected", e.code().code());
            throw e;
        }
        WriteOutcome outcome =
                await(
                        writer.enqueue(
                                new ReportWriter.Pending(
                                        report, category, comment, dedupeKey(report))));
        if (outcome instanceof WriteOutcome.Stored s) {
            count("verified", "none");
            return new Submitted(s.reportId(), s.messages(), true);
        } else if (outcome instanceof WriteOutcome.Repeat r) {
            count("duplicate", "none");
            return new Submitted(r.reportId(), r.messages(), false);
        } else if (outcome instanceof WriteOutcome.Rejected r) {
            count("rate_limited", "rate_limited");
            throw new RateLimited(r.limit(), r.retryAfterSeconds());
        }
        WriteOutcome.Failed f = (WriteOutcome.Failed) outcome;
        if (f.why() == WriteOutcome.Why.ERROR) {
            throw f.error();
        }
        count("unavailable", "unavailable");
        throw new Unavailable(f.why().name(), f.why().maybeStored());
    }

    private void count(String outcome, String code) {
        metrics.counter("franking.reports", "outcome", outcome, "code", code).increment();
    }

    /** Not stored now, or not known to be ({@link #maybeStored}); sending it again is safe. */
    public static final class Unavailable extends RuntimeException {
        private final boolean maybeStored;

        Unavailable(String why, boolean maybeStored) {
            super(why, null, false, false);
            this.maybeStored = maybeStored;
        }

        public boolean maybeStored() {
            return maybeStored;
        }
    }

    private WriteOutcome await(CompletableFuture<WriteOutcome> pending) {
        try {
            return pending.get(props.writer().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return WriteOutcome.Failed.because(WriteOutcome.Why.TIMED_OUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WriteOutcome.Failed.because(WriteOutcome.Why.TIMED_OUT);
        } catch (ExecutionException e) {
            // the writer completes every future with an outcome: this is a bug, not a refusal
            throw new IllegalStateException(e.getCause());
        }
    }

    public static String caseContext(UUID caseId) {
        return "case-data-key:" + caseId;
    }

    /**
     * An evidence item's stored content, decrypted: what the sender committed to, and the franking
     * key.
     */
    public record StoredContent(MessageContent content, FrankingKey frankingKey) {}

    /**
     * The plaintext an evidence item's content is sealed from: the envelope payload's layout
     * (PROTOCOL.md §2), lp(content_bytes) || franking_key.
     */
    static byte[] contentPayload(MessageContent c, FrankingKey key) {
        byte[] contentBytes = c.contentBytes();
        byte[] fk = key.bytes();
        return ByteBuffer.allocate(4 + contentBytes.length + fk.length)
                .putInt(contentBytes.length)
                .put(contentBytes)
                .put(fk)
                .array();
    }

    /** Decrypts and parses an evidence item's {@code content_enc} under its case's data key. */
    public static StoredContent openContent(byte[] dataKey, byte[] sealed, UUID itemId) {
        ByteBuffer payload =
                ByteBuffer.wrap(Aead.decrypt(dataKey, sealed, evidenceContext(itemId)));
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
    public record ReportView(
            UUID id,
            String status,
            String category,
            int messages,
            Instant receivedAt,
            String outcome,
            Instant decidedAt) {}

    public record AttachmentView(
            int index, int n, String contentType, long size, boolean uploaded) {}

    public Optional<ReportView> find(UUID id, String reporterId) {
        return jdbc
                .query(
                        "SELECT id, status, category, message_count, received_at, outcome,"
                                + " decided_at FROM reports WHERE id = ? AND reporter_id = ?",
                        (rs, i) ->
                                new ReportView(
                                        rs.getObject("id", UUID.class),
                                        rs.getString("status"),
                                        rs.getString("category"),
                                        rs.getInt("message_count"),
                                        rs.getTimestamp("received_at").toInstant(),
                                        rs.getString("outcome"),
                                        rs.getTimestamp("decided_at") == null
                                                ? null
                                                : rs.getTimestamp("decided_at").toInstant()),
                        id,
                        reporterId)
                .stream()
                .findFirst();
    }

    public List<AttachmentView> attachments(UUID reportId) {
        return jdbc.query(
                "SELECT rm.idx, a.n, a.content_type, a.size, a.blob_enc IS NOT NULL AS uploaded"
                    + " FROM report_messages rm JOIN evidence_attachments a ON a.evidence_item_id ="
                    + " rm.evidence_item_id WHERE rm.report_id = ? ORDER BY rm.idx, a.n",
                (rs, i) ->
                        new AttachmentView(
                                rs.getInt("idx"),
                                rs.getInt("n"),
                                rs.getString("content_type"),
                                rs.getLong("size"),
                                rs.getBoolean("uploaded")),
                reportId);
    }

    /**
     * The committed descriptor of attachment {@code n} of message {@code index} of the reporter's
     * report.
     */
    public record AttachmentTarget(
            UUID caseId, UUID itemId, int n, AttachmentDescriptor descriptor) {}

    public Optional<AttachmentTarget> attachmentTarget(
            UUID reportId, String reporterId, int index, int n) {
        return jdbc
                .query(
                        "SELECT r.case_id, rm.evidence_item_id, a.content_type, a.size, a.sha256"
                            + " FROM reports r JOIN report_messages rm ON rm.report_id = r.id AND"
                            + " rm.idx = ? JOIN evidence_attachments a ON a.evidence_item_id ="
                            + " rm.evidence_item_id AND a.n = ? WHERE r.id = ? AND r.reporter_id ="
                            + " ?",
                        (rs, i) ->
                                new AttachmentTarget(
                                        rs.getObject("case_id", UUID.class),
                                        rs.getObject("evidence_item_id", UUID.class),
                                        n,
                                        new AttachmentDescriptor(
                                                rs.getString("content_type"),
                                                rs.getLong("size"),
                                                rs.getBytes("sha256"))),
                        index,
                        n,
                        reportId,
                        reporterId)
                .stream()
                .findFirst();
    }

    /**
     * Stores an uploaded attachment after checking it against its committed descriptor (PROTOCOL.md
     * §5), encrypted under the case's data key. Uploading the same file again changes nothing.
     *
     * @throws FrankingException {@code attachment_mismatch} if size or SHA-256 differ
     */
    public void storeAttachment(AttachmentTarget target, byte[] plaintext, String reporterId)
            throws FrankingException {
        target.descriptor().verify(plaintext);
        tx.executeWithoutResult(
                s -> {
                    byte[] wrapped =
                            jdbc.queryForObject(
                                    "SELECT wrapped_data_key FROM cases WHERE id = ? FOR SHARE",
                                    byte[].class,
                                    target.caseId());
                    if (wrapped == null) {
                        throw new EvidenceDestroyed();
                    }
                    byte[] dataKey = kek.unwrap(wrapped, caseContext(target.caseId()));
                    jdbc.update(
                            "UPDATE evidence_attachments SET blob_enc = ?, uploaded_at = ?,"
                                    + " uploaded_by = ? WHERE evidence_item_id = ? AND n = ? AND"
                                    + " blob_enc IS NULL",
                            Aead.encrypt(
                                    dataKey,
                                    plaintext,
                                    attachmentContext(target.itemId(), target.n())),
                            Timestamp.from(clock.instant()),
                            reporterId,
                            target.itemId(),
                            target.n());
                });
    }
}
