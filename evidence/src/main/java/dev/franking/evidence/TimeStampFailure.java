package dev.franking.evidence;

/**
 * Signing stopped because the time-stamp authority could not be reached, refused the request, or
 * answered something that is not a time-stamp for it: no signature was produced, so nothing can
 * have been sent. A caller can tell this apart from a fault of its own (it may retry later).
 * Messages name the failure, never a key.
 */
public final class TimeStampFailure extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    TimeStampFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
