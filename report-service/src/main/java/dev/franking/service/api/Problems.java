package dev.franking.service.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
     * For filters and security handlers, which run before Spring MVC's message converters. A plain
     * Jackson mapper: the application's settings change how JSON is read, not how this record is
     * written.
     */
    public static void write(
            HttpServletResponse res, HttpStatus status, String code, String title, String detail)
            throws IOException {
        if (res.isCommitted()) {
            return;
        }
        byte[] body =
                JSON.writeValueAsBytes(
                        new Problem(TYPE_PREFIX + code, title, status.value(), detail, code));
        res.resetBuffer();
        res.setStatus(status.value());
        res.setContentType(MEDIA_TYPE);
        res.setCharacterEncoding("UTF-8");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
        res.flushBuffer();
    }
}
