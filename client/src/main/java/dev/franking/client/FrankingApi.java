package dev.franking.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report service's HTTP API (PROTOCOL.md §7) over {@link HttpClient}: four calls, each with a
 * bearer token. Errors come back as {@link ApiProblem}. Never logs bodies or tokens: a report's
 * body is the reported content, and a token is a credential.
 */
public final class FrankingApi {
    static final JsonMapper JSON =
            JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .changeDefaultPropertyInclusion(
                            i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
                    .build();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /** {@code base} is the service's root, e.g. {@code http://localhost:8080}. */
    public FrankingApi(URI base) {
        this(
                base,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                Duration.ofSeconds(30));
    }

    public FrankingApi(URI base, HttpClient http, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.http = http;
        this.timeout = timeout;
    }

    /** {@code POST /api/v2/stamps}: the relay's call, with a token of scope {@code stamp}. */
    public ApiJson.StampsResponse stamps(String relayToken, ApiJson.StampsRequest request) {
        return send(post("/api/v2/stamps", request), relayToken, ApiJson.StampsResponse.class);
    }

    /**
     * {@code POST /api/v2/reports}: a reporter's call, with a token of scope {@code report} whose
     * {@code sub} is the reporter. 201 for a new report; 200 with the existing report's id when the
     * same reporter reports the same message again (PROTOCOL.md §5, repeats).
     */
    public ApiJson.ReportCreated report(String reporterToken, ApiJson.ReportRequest request) {
        return send(post("/api/v2/reports", request), reporterToken, ApiJson.ReportCreated.class);
    }

    /**
     * {@code PUT /api/v2/reports/{id}/messages/{index}/attachments/{n}}: the attachment's
     * plaintext.
     */
    public void uploadAttachment(
            String reporterToken, String reportId, int index, int n, byte[] plaintext) {
        HttpRequest.Builder b =
                request("/api/v2/reports/" + reportId + "/messages/" + index + "/attachments/" + n)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(plaintext));
        send(b, reporterToken, Void.class);
    }

    /** {@code GET /api/v2/reports/{id}}: the report's status and, once decided, its outcome. */
    public ApiJson.ReportStatus status(String reporterToken, String reportId) {
        return send(
                request("/api/v2/reports/" + reportId).GET(),
                reporterToken,
                ApiJson.ReportStatus.class);
    }

    private HttpRequest.Builder post(String path, Object body) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", "application/json");
    }

    private <T> T send(HttpRequest.Builder b, String token, Class<T> type) {
        b.header("Authorization", "Bearer " + token);
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return type == Void.class || r.body().length == 0
                    ? null
                    : JSON.readValue(r.body(), type);
        }
        ApiJson.Problem p = null;
        try {
            p = JSON.readValue(r.body(), ApiJson.Problem.class);
        } catch (RuntimeException notAProblem) {
            // a proxy's HTML error page, say: the status is all there is
        }
        String code = p == null ? null : p.code();
        if (code == null && p != null && p.type() != null) {
            code = p.type().substring(p.type().lastIndexOf('/') + 1);
        }
        Long retry = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(null);
        throw new ApiProblem(
                status,
                code == null ? "http_" + status : code,
                p == null ? null : p.failures(),
                retry,
                p == null ? null : p.detail());
    }
}
