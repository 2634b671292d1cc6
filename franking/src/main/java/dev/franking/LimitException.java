package dev.franking;

/**
 * A value broke a limit of the protocol. Unchecked: it is thrown by constructors of the typed
 * values, so that an invalid value cannot exist. The message names the field and the limit, never
 * the value itself (values may be content or secrets).
 */
public final class LimitException extends IllegalArgumentException {
    private final FailureCode code;

    public LimitException(FailureCode code, String message) {
        super(code.code() + ": " + message);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
