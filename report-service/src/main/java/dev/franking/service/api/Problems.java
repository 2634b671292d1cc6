package dev.franking.service.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details with a stable {@code type}: {@code /problems/<code>}, so that the type
 * ends with the check's code as PROTOCOL.md §7 requires. Details name fields and limits, never the
 * submitted values.
 */
public final class Problems {
    public static final String TYPE_PREFIX = "/problems/";
    public static final String MEDIA_TYPE = "application/problem+json";

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

    /** For filters and security handlers, which run before Spring MVC's message converters. */
    public static void write(
            HttpServletResponse res, HttpStatus status, String code, String title, String detail)
            throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        res.setStatus(status.value());
        res.setContentType(MEDIA_TYPE);
        res.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + code);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("code", code);
        res.getOutputStream().write(json(body).getBytes(StandardCharsets.UTF_8));
        res.flushBuffer();
    }

    static String json(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (var e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof Number) {
                sb.append(v);
            } else if (v instanceof List<?> l) {
                sb.append(l);
            } else {
                quote(sb, String.valueOf(v));
            }
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
