package dev.franking.service.api;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of the API is an RFC 9457 problem with a stable type. Details say which field or
 * limit, never echo a value, and a bad request is never a 500. First of the controller advice:
 * Spring Boot's own problem-details handler (spring.mvc.problemdetails.enabled) would otherwise
 * answer unreadable bodies, wrong media types and bad parameters with a problem that has no code.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail p =
                Problems.detail(e.status(), e.code(), e.status().getReasonPhrase(), e.getMessage());
        if (!e.failures().isEmpty()) {
            p.setProperty("failures", e.failures());
        }
        p.setInstance(instance());
        var b = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfterSeconds() != null) {
            b.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfterSeconds())));
        } else if (Problems.needsRetryAfter(e.status().value())) {
            // §7: every 429 and 503 says when to come back, even where the refusal names no time
            b.header(HttpHeaders.RETRY_AFTER, Long.toString(Problems.DEFAULT_RETRY_AFTER_SECONDS));
        }
        return b.body(p);
    }

    @ExceptionHandler(dev.franking.service.reports.ReportService.RateLimited.class)
    ResponseEntity<ProblemDetail> rateLimited(
            dev.franking.service.reports.ReportService.RateLimited e) {
        return api(
                new ApiException(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate_limited",
                        "at most " + e.limit() + " reports an hour per reporter",
                        List.of(),
                        e.retryAfterSeconds()));
    }

    @ExceptionHandler(dev.franking.service.reports.ReportService.Unavailable.class)
    ResponseEntity<ProblemDetail> unavailable(
            dev.franking.service.reports.ReportService.Unavailable e) {
        return api(
                new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "overloaded",
                        e.maybeStored()
                                ? "the report may or may not have been stored; sending it again"
                                        + " is safe: a stored report is answered 200 with its id"
                                : "the report could not be stored now; nothing was stored, send it"
                                        + " again",
                        List.of(),
                        1L));
    }

    @ExceptionHandler(dev.franking.service.reports.ReportService.EvidenceDestroyed.class)
    ResponseEntity<ProblemDetail> evidenceDestroyed(
            dev.franking.service.reports.ReportService.EvidenceDestroyed e) {
        return api(
                new ApiException(
                        HttpStatus.GONE,
                        "evidence_destroyed",
                        "this case's evidence has been destroyed"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.TooLarge) {
                return tooLarge((BodyLimitFilter.TooLarge) t);
            }
            if (t instanceof StreamReadException r && isDuplicateKey(r)) {
                // the path only: the key itself is the sender's text
                return api(
                        ApiException.badRequest(
                                "duplicate_key", "a JSON object repeats a key at " + path(r)));
            }
            if (t instanceof UnrecognizedPropertyException u) {
                return api(
                        ApiException.badRequest(
                                "unknown_field",
                                "unknown field "
                                        + safeName(u.getPropertyName())
                                        + " at "
                                        + path(u)));
            }
            if (t instanceof MismatchedInputException m) {
                return api(
                        ApiException.badRequest(
                                "invalid_field",
                                "a field has the wrong type or shape at " + path(m)));
            }
        }
        if (e.getCause() instanceof JacksonException) {
            return api(
                    ApiException.badRequest(
                            "malformed_json", "the request body is not well-formed JSON"));
        }
        return api(
                ApiException.badRequest(
                        "malformed_json", "the request body is missing or unreadable"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return api(
                new ApiException(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported_media_type",
                        "send application/json"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return api(
                new ApiException(
                        HttpStatus.NOT_ACCEPTABLE,
                        "not_acceptable",
                        "the API answers application/json"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return api(
                new ApiException(
                        HttpStatus.METHOD_NOT_ALLOWED,
                        "method_not_allowed",
                        "this method is not allowed here"));
    }

    @ExceptionHandler({NoResourceFoundException.class})
    ResponseEntity<ProblemDetail> notFound(Exception e) {
        return api(ApiException.notFound("no such resource"));
    }

    @ExceptionHandler({
        MethodArgumentTypeMismatchException.class,
        MissingRequestHeaderException.class
    })
    ResponseEntity<ProblemDetail> badParameter(Exception e) {
        return api(
                ApiException.badRequest(
                        "invalid_parameter", "a path or query parameter is invalid"));
    }

    @ExceptionHandler(BodyLimitFilter.TooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyLimitFilter.TooLarge e) {
        return api(
                new ApiException(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "too_large",
                        "the request body must be at most " + e.limit() + " bytes"));
    }

    /**
     * Jackson's strict duplicate detection (see {@link ApiErrorConfig}) has no exception type of
     * its own: a {@link StreamReadException} whose message starts so. {@code DuplicateKeysTest}
     * fails if an upgrade changes the wording.
     */
    static boolean isDuplicateKey(StreamReadException e) {
        String m = e.getOriginalMessage();
        return m != null && m.startsWith("Duplicate Object property");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        // the class only: messages of lower layers may quote data
        log.error("unexpected error handling an API request: {}", e.getClass().getName());
        return api(
                new ApiException(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal",
                        "an unexpected error occurred"));
    }

    /** Longest path prefix a problem's {@code instance} quotes. */
    static final int MAX_INSTANCE = 128;

    /**
     * The request's path as the problem's {@code instance}, but only its first {@link
     * #MAX_INSTANCE} characters of {@code [A-Za-z0-9/._~-]}: the path is the caller's text, and an
     * answer quotes no more of it than a mapped endpoint's own path (an unknown path is any text).
     * Left null outside a request, where Spring MVC would not fill it in either.
     */
    static URI instance() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a)) {
            return null;
        }
        String uri = a.getRequest().getRequestURI();
        int n = 0;
        while (n < uri.length() && n < MAX_INSTANCE && SAFE_PATH.indexOf(uri.charAt(n)) >= 0) {
            n++;
        }
        return URI.create(n == 0 ? "/" : uri.substring(0, n));
    }

    private static final String SAFE_PATH =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._~-";

    static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                sb.append('.').append(safeName(r.getPropertyName()));
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static String safeName(String name) {
        return name != null && name.matches("[A-Za-z0-9_]{1,64}") ? name : "(unnamed)";
    }
}
