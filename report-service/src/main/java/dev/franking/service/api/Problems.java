package dev.franking.service.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details with a stable {@code type}: {@code /problems/<code>}, so that the type
 * ends with the check's code as PROTOCOL.md §7 requires. Details name fields and limits, never the
 * submitted values.
 */
public final class Problems {
    public static final String TYPE_PREFIX = "/problems/";
    public static final String MEDIA_TYPE = "application/problem+json";

    /** What a 429 or 503 tells the client to wait when the refusal itself names no time. */
    static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The code of a refusal that only has a status: what Tomcat itself answers (a malformed path,
     * oversize headers) and errors Spring dispatches to {@code /error}. Each is listed in the
     * OpenAPI description's ProblemCode.
     */
    private static final Map<HttpStatus, String> STATUS_CODES =
            Map.ofEntries(
                    Map.entry(HttpStatus.BAD_REQUEST, "bad_request"),
                    Map.entry(HttpStatus.UNAUTHORIZED, "unauthenticated"),
                    Map.entry(HttpStatus.FORBIDDEN, "insufficient_scope"),
                    Map.entry(HttpStatus.NOT_FOUND, "not_found"),
                    Map.entry(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed"),
                    Map.entry(HttpStatus.NOT_ACCEPTABLE, "not_acceptable"),
                    Map.entry(HttpStatus.REQUEST_TIMEOUT, "request_timeout"),
                    Map.entry(HttpStatus.CONTENT_TOO_LARGE, "too_large"),
                    Map.entry(HttpStatus.URI_TOO_LONG, "uri_too_long"),
                    Map.entry(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
                    Map.entry(HttpStatus.EXPECTATION_FAILED, "expectation_failed"),
                    Map.entry(HttpStatus.TOO_MANY_REQUESTS, "rate_limited"),
                    Map.entry(
                            HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                            "request_headers_too_large"),
                    Map.entry(HttpStatus.NOT_IMPLEMENTED, "not_implemented"),
                    Map.entry(HttpStatus.SERVICE_UNAVAILABLE, "overloaded"),
                    Map.entry(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "http_version_not_supported"),
                    Map.entry(HttpStatus.INTERNAL_SERVER_ERROR, "internal"));

    private Problems() {}

    /**
     * One failure of a report: the message's index (absent for the report as a whole) and the code.
     */
    public record Failure(Integer index, String code) {}

    public static ProblemDetail detail(
            HttpStatus status, String code, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(java.net.URI.create(TYPE_PREFIX + code));
        p.setTitle(title);
        p.setProperty("code", code);
        return p;
    }

    /**
     * The body {@link #write} sends: the members Spring MVC writes for a {@link ProblemDetail} made
     * by {@link #detail}, in the same order.
     */
    record Problem(String type, String title, int status, String detail, String code) {}

    /**
     * The stable code for a bare status: any other 4xx is {@code bad_request}, 5xx {@code
     * internal}.
     */
    static String codeFor(int status) {
        HttpStatus s = HttpStatus.resolve(status);
        String code = s == null ? null : STATUS_CODES.get(s);
        if (code != null) {
            return code;
        }
        return status < 500 ? "bad_request" : "internal";
    }

    /** The reason phrase, or a generic title for a status Spring has no constant for. */
    static String titleFor(int status) {
        HttpStatus s = HttpStatus.resolve(status);
        return s != null ? s.getReasonPhrase() : status < 500 ? "Bad Request" : "Error";
    }

    /** A problem for a bare status, with the status's code and a detail that quotes nothing. */
    static byte[] bodyFor(int status, String detail) {
        String code = codeFor(status);
        return JSON.writeValueAsBytes(
                new Problem(TYPE_PREFIX + code, titleFor(status), status, detail, code));
    }

    /** Whether a refusal with this status tells the client when to come back (§7). */
    static boolean needsRetryAfter(int status) {
        return status == HttpStatus.TOO_MANY_REQUESTS.value()
                || status == HttpStatus.SERVICE_UNAVAILABLE.value();
    }

    /**
     * For filters and security handlers, which run before Spring MVC's message converters. A plain
     * Jackson mapper: the application's settings change how JSON is read, not how this record is
     * written. Headers already set (WWW-Authenticate) are kept.
     */
    public static void write(
            HttpServletResponse res, HttpStatus status, String code, String title, String detail)
            throws IOException {
        write(
                res,
                status.value(),
                JSON.writeValueAsBytes(
                        new Problem(TYPE_PREFIX + code, title, status.value(), detail, code)));
    }

    static void write(HttpServletResponse res, int status, byte[] body) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        res.setStatus(status);
        if (needsRetryAfter(status) && res.getHeader(HttpHeaders.RETRY_AFTER) == null) {
            res.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DEFAULT_RETRY_AFTER_SECONDS));
        }
        res.setContentType(MEDIA_TYPE);
        res.setCharacterEncoding("UTF-8");
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            // something before took the writer; the body is ASCII-safe JSON either way
            res.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
        res.flushBuffer();
    }
}
