package dev.franking.v2;

import java.util.List;

/**
 * A report did not verify (PROTOCOL.md §5). {@link #step()} is the step that failed (no later step
 * ran); {@link #failures()} lists every message that failed it, once each, in index order, with the
 * first code that applies in the order the step lists them; {@link #code()} is the code of the
 * lowest index, the problem's {@code type}. Index -1 is the report as a whole (no messages, too
 * many).
 */
public final class ReportRejectedException extends FrankingException {
    private static final long serialVersionUID = 1L;

    /** The steps of §5 that can fail, in order; {@code FORM} answers 400, the others 422. */
    public enum Step {
        FORM,
        CLAIMS,
        KEYS,
        PROOF
    }

    /** One failing message: its index in the report and the code. */
    public record Failure(int index, FailureCode code) {}

    private final Step step;
    private final transient List<Failure> failures;

    ReportRejectedException(Step step, List<Failure> failures) {
        super(failures.get(0).code(), describe(step, failures));
        this.step = step;
        this.failures = List.copyOf(failures);
    }

    public Step step() {
        return step;
    }

    public List<Failure> failures() {
        return failures;
    }

    private static String describe(Step step, List<Failure> failures) {
        Failure f = failures.get(0);
        return step
                + " failed for "
                + (f.index() < 0 ? "the report" : "message " + f.index())
                + (failures.size() > 1 ? " and " + (failures.size() - 1) + " more" : "");
    }
}
