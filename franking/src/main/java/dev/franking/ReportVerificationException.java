package dev.franking;

import java.util.List;

/**
 * A report did not verify (PROTOCOL.md §5). {@link #code()} and {@link #index()} name the first
 * failure; {@link #failures()} lists one failure per message that failed, in message order, so the
 * service can answer which check failed for which message.
 */
public final class ReportVerificationException extends FrankingException {
    /** {@code index} is the message's position in the report, or -1 for the report as a whole. */
    public record Failure(int index, FailureCode code) {}

    private final List<Failure> failures;

    public ReportVerificationException(List<Failure> failures) {
        super(failures.get(0).code(), describe(failures));
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() {
        return failures;
    }

    /** The index of the first failing message, or -1 if the report as a whole failed. */
    public int index() {
        return failures.get(0).index();
    }

    private static String describe(List<Failure> failures) {
        Failure f = failures.get(0);
        String where = f.index() < 0 ? "report" : "message " + f.index();
        return where
                + " failed"
                + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : "");
    }
}
