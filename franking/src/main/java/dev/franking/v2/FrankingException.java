package dev.franking.v2;

import java.security.GeneralSecurityException;

/**
 * A check failed. Checks return nothing on failure: they throw this exception, which names the
 * failed check in {@link #code()} (Tink's {@code Mac.verifyMac}: no boolean to forget). The message
 * names the check, never a value (values may be content, identifiers or secrets).
 */
public class FrankingException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    private final FailureCode code;

    public FrankingException(FailureCode code, String message) {
        super(code.code() + ": " + message);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
