package dev.franking.service.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpHeaders;

/**
 * Tomcat's own error answers as problem+json: what it refuses before Spring sees the request (a
 * malformed or encoded path, bad percent-encoding, oversize headers, a bad request line) and any
 * error no one else wrote a body for. Tomcat's HTML page would be the only non-problem answer of
 * the API. The status is kept; the detail is fixed text per status, so nothing of the request (its
 * path, its headers, a token) and no stack trace is echoed.
 *
 * <p>Public with a no-argument constructor: the host instantiates its error report valve by class
 * name ({@code StandardHost.setErrorReportValveClass}).
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // the same conditions as Tomcat's: an error, no body written yet, reported once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        byte[] body = Problems.bodyFor(status, detailFor(status));
        try {
            response.setContentType(Problems.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            if (Problems.needsRetryAfter(status)
                    && response.getHeader(HttpHeaders.RETRY_AFTER) == null) {
                response.setHeader(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(Problems.DEFAULT_RETRY_AFTER_SECONDS));
            }
            Writer writer = response.getReporter();
            if (writer != null) {
                response.setContentLength(body.length);
                writer.write(new String(body, StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was taken over: nothing more to say
        }
    }

    static String detailFor(int status) {
        return switch (status) {
            case 400 ->
                    "the request was refused before it reached the API: check the method, the"
                            + " path (no encoded slash, dot segment, control character or path"
                            + " parameter), its percent-encoding and the size of the request line"
                            + " and headers";
            case 404 -> "no such resource";
            case 408 -> "the request was not received in time";
            case 413 -> "the request is over a size limit";
            case 414 -> "the request line is too long";
            case 431 -> "the request headers are too large";
            case 503 -> "the service is overloaded; try again later";
            default -> status < 500 ? "the request was refused" : "an unexpected error occurred";
        };
    }
}
