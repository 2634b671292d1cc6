package dev.franking.client;

import java.util.List;

/**
 * The service answered with an error: an RFC 9457 problem whose {@link #code()} is the stable code
 * at the end of its {@code type} ({@code bad_stamp}, {@code not_a_party}, {@code rate_limited},
 * ...) and, for a report that did not verify, which check failed for which message ({@link
 * #failures()}).
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String code;
    private final List<ApiJson.Failure> failures;
    private final Long retryAfterSeconds;

    public ApiProblem(
            int status,
            String code,
            List<ApiJson.Failure> failures,
            Long retryAfterSeconds,
            String detail) {
        super(status + " " + code + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.code = code;
        this.failures = failures == null ? List.of() : List.copyOf(failures);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ApiJson.Failure> failures() {
        return failures;
    }

    /** For 429: how long to wait before trying again; null otherwise. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
