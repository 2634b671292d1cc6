package dev.franking.service.forwarding.destinations;

/**
 * A delivery to a destination did not succeed. The message names the step and what the destination
 * answered (an HTTP status, a response code), never the evidence's content.
 *
 * <p>{@link #kind()} tells the caller what to do next:
 *
 * <ul>
 *   <li>{@link Kind#RETRYABLE}: nothing was created that a retry could duplicate, or the step is
 *       safe to repeat; retry with backoff.
 *   <li>{@link Kind#PERMANENT}: the destination refused (wrong credentials, a rejected document);
 *       retrying the same thing will fail the same way; mark the delivery failed with this message.
 *   <li>{@link Kind#OUTCOME_UNKNOWN}: a request that creates something at the destination (a
 *       CyberTipline report, an uploaded file) left, and no answer came back. It may or may not
 *       have been processed, and repeating it could create a duplicate, so the client will not
 *       repeat it on its own: a person records what NCMEC holds, or asks for a new submission (see
 *       {@link ProgressStore}).
 * </ul>
 */
public class DestinationException extends RuntimeException {
    public enum Kind {
        RETRYABLE,
        PERMANENT,
        OUTCOME_UNKNOWN
    }

    private final Kind kind;

    public DestinationException(Kind kind, String message) {
        this(kind, message, null);
    }

    public DestinationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.RETRYABLE;
    }
}
