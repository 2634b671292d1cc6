package dev.franking.service.reports;

import dev.franking.v2.VerifiedReport;
import java.util.concurrent.CompletableFuture;

/**
 * Stores verified reports: {@link ReportService} hands each one over after verifying it and waits
 * for its {@link WriteOutcome}. Implemented by the intake package, which batches reports into
 * shared transactions; the interface lives here so that this package does not depend on it.
 */
public interface ReportWriter {

    /**
     * A verified report waiting to be stored.
     *
     * @param dedupe {@link ReportService#dedupeKey}: the same reporter sending the same messages
     *     again gets their stored report back
     */
    record Pending(VerifiedReport report, String category, String comment, byte[] dedupe) {}

    /**
     * Takes the report; the future completes once it is committed or refused, never exceptionally.
     * A full queue or a stopped writer completes it at once as {@link WriteOutcome.Failed}.
     */
    CompletableFuture<WriteOutcome> enqueue(Pending p);
}
