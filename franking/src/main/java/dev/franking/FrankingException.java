package dev.franking;

import java.security.GeneralSecurityException;

/**
 * A verification failed. Verification methods return nothing useful on failure: they throw a
 * subclass of this exception naming the failed check (DESIGN.md: no boolean to forget).
 */
public class FrankingException extends GeneralSecurityException {
    private final FailureCode code;

    public FrankingException(FailureCode code, String message) {
        super(code.code() + ": " + message);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
