package dev.franking.v2;

/**
 * A value is not well formed or breaks a limit of PROTOCOL.md §0 or §1. Unchecked, because the
 * typed values throw it from their factories, so that an invalid value cannot exist. The message
 * names the field and the limit, never the value.
 */
public final class LimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final FailureCode code;

    public LimitException(FailureCode code, String message) {
        super(code.code() + ": " + message);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
