package dev.franking.service.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with its status, stable code and (for reports) per-message failures.
 */
class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final List<Problems.Failure> failures;
    private final Long retryAfterSeconds;

    ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of(), null);
    }

    ApiException(
            HttpStatus status,
            String code,
            String detail,
            List<Problems.Failure> failures,
            Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.failures = List.copyOf(failures);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problems.Failure> failures() {
        return failures;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
