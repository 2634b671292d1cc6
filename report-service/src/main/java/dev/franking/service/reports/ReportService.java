package dev.franking.service.reports;

import dev.franking.AttachmentDescriptor;
import dev.franking.FrankingException;
import dev.franking.ReportVerificationException;
import dev.franking.ReportVerifier;
import dev.franking.SubmittedMessage;
import dev.franking.VerifiedMessage;
import dev.franking.VerifiedReport;
import dev.franking.service.ReportsProperties;
import dev.franking.service.crypto.Vault;
import dev.franking.service.stampkeys.StampKeyService;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
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
 * Verified reports (PROTOCOL.md §5, §7): verified in full before anything is written, in the
 * request's thread; then handed to the {@link ReportWriter}, which stores it in one transaction
 * (shared with the other reports waiting at that moment), grouped into the reported sender's open
 * case, each message stored once per case as an evidence item, its content encrypted under the
 * case's data key. The request returns once the report is committed.
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

    ReportService(
            ReportRepository repository,
            CaseKeys caseKeys,
            TransactionTemplate tx,
            Vault vault,
            Clock clock,
            StampKeyService keys,
            ReportsProperties props,
            MeterRegistry metrics,
            ReportWriter writer) {
        this.repository = repository;
        this.caseKeys = caseKeys;
        this.tx = tx;
        this.vault = vault;
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
        return repository.find(id, reporterId);
    }

    public List<AttachmentView> attachments(UUID reportId) {
        return repository.attachments(reportId);
    }

    /**
     * The committed descriptor of attachment {@code n} of message {@code index} of the reporter's
     * report.
     */
    public record AttachmentTarget(
            UUID caseId, UUID itemId, int n, AttachmentDescriptor descriptor) {}

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
                    repository.storeAttachment(
                            target.itemId(),
                            target.n(),
                            vault.sealAttachment(dataKey, target.itemId(), target.n(), plaintext),
                            clock.instant(),
                            reporterId);
                });
    }
}
