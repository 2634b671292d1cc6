package dev.franking.service.reports;

import java.util.UUID;

/**
 * What became of one verified report handed to the {@link ReportWriter}: stored now, already stored
 * (the same report again), refused by the rate limit, or not written.
 */
public sealed interface WriteOutcome
        permits WriteOutcome.Stored,
                WriteOutcome.Repeat,
                WriteOutcome.Rejected,
                WriteOutcome.Failed {

    /** Committed as a new report. */
    record Stored(UUID reportId, int messages) implements WriteOutcome {}

    /** The reporter had already sent this report: its stored id, nothing written. */
    record Repeat(UUID reportId, int messages) implements WriteOutcome {}

    /**
     * Refused by the rate limit ({@code limit} reports an hour); the next may come in {@code
     * retryAfterSeconds}. Nothing written.
     */
    record Rejected(int limit, long retryAfterSeconds) implements WriteOutcome {}

    /**
     * Not written, or not known to be: {@code error} is set for {@link Why#ERROR} only (the class
     * names the fault; its message may quote SQL and is never shown).
     */
    record Failed(Why why, RuntimeException error) implements WriteOutcome {
        public Failed {
            if ((why == Why.ERROR) != (error != null)) {
                throw new IllegalArgumentException("an error goes with Why.ERROR, and only there");
            }
        }

        public static Failed because(Why why) {
            return new Failed(why, null);
        }
    }

    /** Why a report was not written. */
    enum Why {
        /** Too many reports waiting: nothing was stored. */
        BUSY(false),
        /** The writer is not running (stopping or not started): nothing was stored. */
        STOPPING(false),
        /** No connection to the database could be had: nothing was stored. */
        UNREACHABLE(false),
        /**
         * The connection was lost while the batch committed: the report may or may not have been
         * stored. Sending it again is safe (a stored report is answered as a repeat).
         */
        OUTCOME_UNKNOWN(true),
        /**
         * The report was not stored within {@code reports.writer.timeout}: the writer may still
         * store it. Sending it again is safe (a stored report is answered as a repeat).
         */
        TIMED_OUT(true),
        /** The database refused this report (a fault of ours); nothing of it was stored. */
        ERROR(false);

        private final boolean maybeStored;

        Why(boolean maybeStored) {
            this.maybeStored = maybeStored;
        }

        /** Whether the report may have been stored although it was not acknowledged. */
        public boolean maybeStored() {
            return maybeStored;
        }
    }
}
