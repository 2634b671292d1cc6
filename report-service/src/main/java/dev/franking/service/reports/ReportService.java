package dev.franking.service.reports;

import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.crypto.Vault;
import dev.franking.service.stampkeys.StampKeyService;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.FrankingException;
import dev.franking.v2.ParsedReport;
import dev.franking.v2.ReportRejectedException;
import dev.franking.v2.ReportVerifier;
import dev.franking.v2.SubmittedMessage;
import dev.franking.v2.VerifiedReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verified reports (PROTOCOL.md §5, §7): a reporter over the limit of rejected reports is refused
 * first; then the form, then a repeat of a stored report is answered with it, then claims, keys and
 * proof, all in the request's thread and before anything is written; a rejection is counted against
 * the reporter and nothing else of it kept. A verified report is then handed to the {@link
 * ReportWriter}, which stores it in one transaction (shared with the other reports waiting at that
 * moment), grouped into the reported sender's open case, each message stored once per case as an
 * evidence item, its content encrypted under the case's data key. The request returns once the
 * report is committed.
 */
@Service
public class ReportService {
    private final ReportRepository repository;
    private final CaseKeys caseKeys;
    private final TransactionTemplate tx;
    private final Vault vault;
    private final Clock clock;
    private final ReportVerifier verifier;
    private final ReportsProperties props;
    private final MeterRegistry metrics;
    private final ReportWriter writer;
    private final RejectedReports rejections;
    private final Admissions admissions;
    private final AuditLog audit;
    private final Counter rejectedCounter;
    private final Counter refusedCounter;

    ReportService(
            ReportRepository repository,
            CaseKeys caseKeys,
            TransactionTemplate tx,
            Vault vault,
            Clock clock,
            StampKeyService keys,
            ReportsProperties props,
            MeterRegistry metrics,
            ReportWriter writer,
            RejectedReports rejections,
            Admissions admissions,
            AuditLog audit) {
        this.repository = repository;
        this.caseKeys = caseKeys;
        this.tx = tx;
        this.vault = vault;
        this.clock = clock;
        this.verifier = new ReportVerifier(keys, clock);
        this.props = props;
        this.metrics = metrics;
        this.writer = writer;
        this.rejections = rejections;
        this.admissions = admissions;
        this.audit = audit;
        this.rejectedCounter =
                Counter.builder("franking.reports.rejected")
                        .description("Reports answered 422: they failed a check of PROTOCOL.md §5")
                        .register(metrics);
        this.refusedCounter =
                Counter.builder("franking.reports.rejected.limited")
                        .description(
                                "Reports answered 429 because their reporter reached the limit of"
                                        + " rejected reports an hour")
                        .register(metrics);
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
     * What {@link #submit} did: a new report ({@code created}), or the reporter's stored one for
     * the same reported message (a repeat, §5), with its transcript: message indexes in causal
     * order and the number of gaps (§5 step 5).
     */
    public record Submitted(
            UUID reportId, int messages, List<Integer> order, int gaps, boolean created) {}

    /**
     * Refuses a reporter who has {@code reports.rejected-reports.per-hour} rejected reports in the
     * last hour, before anything of the report is looked at (§5).
     *
     * @throws RateLimited at the limit; not counted as a rejection
     */
    public void admit(String reporterId) {
        // batched with the other requests waiting at this moment: one statement per batch
        long wait = admissions.retryAfterSeconds(reporterId);
        if (wait >= 0) {
            refusedCounter.increment();
            count("rate_limited", "rate_limited");
            throw new RateLimited(admissions.limit(), wait);
        }
    }

    /**
     * PROTOCOL.md §5 for the reporter {@code reporterId} (the authenticated principal). The caller
     * has checked the category and the comment (form) and called {@link #admit}.
     *
     * @throws ReportRejectedException {@code FORM} (400, not counted), or {@code CLAIMS}, {@code
     *     KEYS}, {@code PROOF} (422, counted against the reporter)
     */
    public Submitted submit(
            String reporterId, String category, String comment, List<SubmittedMessage> messages)
            throws ReportRejectedException {
        ParsedReport parsed = verifier.parse(reporterId, messages);
        byte[] dedupe = dedupeKey(parsed.repeatKey());
        // A repeat is answered with the stored report, whatever its checks would say now (a stamp
        // key may be gone since). Looked up here only when the checks fail: a report that passes
        // them goes to the writer, whose batch finds a repeat exactly (under the reporter's lock)
        // and answers it below. Looking it up first for every report was a round trip to the
        // database per request for the rare repeat (BENCHMARKS-2026-12-02.md, session 6).
        VerifiedReport report;
        try {
            report = verifier.verify(parsed);
        } catch (ReportRejectedException e) {
            Optional<Submitted> stored =
                    unlessUnreachable(() -> repository.storedReport(reporterId, dedupe));
            if (stored.isPresent()) {
                count("duplicate", "none");
                return stored.get();
            }
            // a rejection that cannot be counted is not answered: the limit must hold
            unlessUnreachable(
                    () -> {
                        rejections.record(reporterId, clock.instant());
                        return null;
                    });
            rejectedCounter.increment();
            count("rejected", e.code().code());
            throw e;
        }
        WriteOutcome outcome =
                await(writer.enqueue(new ReportWriter.Pending(report, category, comment, dedupe)));
        if (outcome instanceof WriteOutcome.Stored s) {
            count("verified", "none");
            return new Submitted(
                    s.reportId(),
                    s.messages(),
                    report.transcript().order(),
                    report.transcript().gaps(),
                    true);
        } else if (outcome instanceof WriteOutcome.Repeat r) {
            // a repeat (stored before, or meanwhile by a concurrent request): its body, as §5 says
            count("duplicate", "none");
            return unlessUnreachable(() -> repository.storedReport(reporterId, dedupe))
                    .orElseThrow(() -> new IllegalStateException("a repeat without its report"));
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

    /**
     * The request thread's own reads and writes (the rejection count, the repeat lookup): a
     * database that cannot be reached or fails is a 503 with nothing stored, as for the writer's
     * batches, never a 500.
     */
    private static <T> T unlessUnreachable(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (org.springframework.dao.DataAccessException e) {
            throw new Unavailable(WriteOutcome.Why.UNREACHABLE.name(), false);
        }
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

    /**
     * "The same report again" (§5, repeats): the reported message's sender, message id and the
     * commitment computed from its opening, whatever the context; the reporter is the row's own
     * column. Stored as a hash, which reveals no content. v1 rows hashed another label, so they
     * never match.
     */
    static byte[] dedupeKey(ParsedReport.RepeatKey key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            lp(md, "franking/report-repeat/v2".getBytes(StandardCharsets.UTF_8));
            lp(md, key.senderId().getBytes(StandardCharsets.UTF_8));
            lp(md, key.messageId().getBytes(StandardCharsets.UTF_8));
            md.update(key.commitment().toBytes());
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void lp(MessageDigest md, byte[] b) {
        md.update(
                new byte[] {
                    (byte) (b.length >>> 24),
                    (byte) (b.length >>> 16),
                    (byte) (b.length >>> 8),
                    (byte) b.length
                });
        md.update(b);
    }

    /** What the reporter may see of their report. */
    public record ReportView(
            UUID id,
            String status,
            String category,
            int messages,
            int gapCount,
            Instant receivedAt,
            String outcome,
            Instant decidedAt) {}

    public record AttachmentView(
            int index, int n, String contentType, long size, boolean uploaded) {}

    public Optional<ReportView> find(UUID id, String reporterId) {
        return repository.find(id, reporterId);
    }

    /** A report's message indexes in the order of its transcript (§5 step 5). */
    public List<Integer> transcriptOrder(UUID reportId) {
        return repository.transcriptOrder(reportId);
    }

    public List<AttachmentView> attachments(UUID reportId) {
        return repository.attachments(reportId);
    }

    /**
     * The committed descriptor of attachment {@code n} of message {@code index} of the reporter's
     * report.
     */
    public record AttachmentTarget(
            UUID reportId,
            int index,
            UUID caseId,
            UUID itemId,
            int n,
            AttachmentDescriptor descriptor) {}

    public Optional<AttachmentTarget> attachmentTarget(
            UUID reportId, String reporterId, int index, int n) {
        return repository.attachmentTarget(reportId, reporterId, index, n);
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
                    byte[] wrapped = caseKeys.wrappedKeyForShare(target.caseId());
                    if (wrapped == null) {
                        throw new EvidenceDestroyed();
                    }
                    byte[] dataKey = vault.unwrapCaseKey(target.caseId(), wrapped);
                    boolean stored =
                            repository.storeAttachment(
                                    target.itemId(),
                                    target.n(),
                                    vault.sealAttachment(
                                            dataKey, target.itemId(), target.n(), plaintext),
                                    clock.instant(),
                                    reporterId);
                    if (stored) {
                        // custody of the file from its arrival: what it is (by the committed
                        // descriptor it matched), never what it holds; the subject names the
                        // attachment as a view of it does
                        audit.append(
                                AuditLog.SYSTEM,
                                AuditEvent.ATTACHMENT_UPLOADED,
                                target.caseId(),
                                target.itemId() + "#" + target.n(),
                                "report="
                                        + target.reportId()
                                        + "; message="
                                        + target.index()
                                        + "; n="
                                        + target.n()
                                        + "; size="
                                        + plaintext.length
                                        + "; sha256_prefix="
                                        + HexFormat.of()
                                                .formatHex(target.descriptor().sha256())
                                                .substring(0, 16));
                    }
                });
    }
}
