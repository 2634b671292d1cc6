package dev.franking.service.forwarding.destinations;

import dev.franking.service.forwarding.destinations.DestinationException.Kind;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.w3c.dom.Document;

/**
 * The HTTP side of {@link CyberTiplineClient}: one authenticated request to ISPWS, and how each
 * failure (no connection, no answer, an HTTP status, a non-zero {@code responseCode}) maps to a
 * {@link DestinationException.Kind} and to the in-flight marker of a request that creates
 * something. Kept apart from the protocol steps so that this classification, which decides what is
 * retried, is read in one place.
 */
final class CyberTiplineHttp {
    private final String base;
    private final String authorization;
    private final RestClient http;

    CyberTiplineHttp(URI base, String username, String password, RestClient http) {
        String b = Objects.requireNonNull(base, "base").toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        CyberTiplineReport.requireText(username, "username");
        Objects.requireNonNull(password, "password");
        this.authorization =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (username + ":" + password)
                                                .getBytes(StandardCharsets.UTF_8));
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The base URI without a trailing slash (no credentials). */
    String base() {
        return base;
    }

    static void refuseIfUnanswered(String step, String path, ProgressStore progress) {
        if (progress.inFlight(step)) {
            throw new DestinationException(
                    Kind.OUTCOME_UNKNOWN,
                    "CyberTipline "
                            + path
                            + " was sent and never answered, so NCMEC may hold an open report"
                            + " whose id we do not know; it is not sent again on its own");
        }
    }

    /**
     * Sends one request and parses the XML answer. {@code creatingStep} names a request that
     * creates something at NCMEC: it is marked in flight before sending and stays marked unless an
     * answer shows it failed.
     */
    Document post(
            String path,
            MediaType contentType,
            Object body,
            String creatingStep,
            ProgressStore progress) {
        return send(path, contentType, body, creatingStep, progress);
    }

    /** A GET that changes nothing at NCMEC ({@code /status}); any failure is retryable. */
    Document get(String path) {
        return send(path, null, null, null, null);
    }

    private Document send(
            String path,
            MediaType contentType,
            Object body,
            String creatingStep,
            ProgressStore progress) {
        String what = "CyberTipline " + path;
        if (creatingStep != null) {
            progress.markInFlight(creatingStep);
        }
        Answer response;
        try {
            RestClient.RequestHeadersSpec<?> request =
                    body == null
                            ? http.get()
                                    .uri(URI.create(base + path))
                                    .header(HttpHeaders.AUTHORIZATION, authorization)
                            : http.post()
                                    .uri(URI.create(base + path))
                                    .header(HttpHeaders.AUTHORIZATION, authorization)
                                    .contentType(contentType)
                                    .body(body);
            response =
                    request.exchange(
                            (req, answer) ->
                                    new Answer(
                                            answer.getStatusCode().value(),
                                            StreamUtils.copyToByteArray(answer.getBody())));
        } catch (ResourceAccessException e) {
            Throwable notConnected = neverConnected(e);
            if (notConnected != null) {
                // Never connected, so nothing was sent.
                clear(creatingStep, progress);
                throw new DestinationException(
                        Kind.RETRYABLE,
                        what
                                + ": could not connect ("
                                + notConnected.getClass().getSimpleName()
                                + ")",
                        e);
            }
            String why =
                    Thread.currentThread().isInterrupted()
                            ? "interrupted"
                            : (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName();
            throw unanswered(what, creatingStep, why, e);
        }

        int status = response.status();
        if (status == 401 || status == 403) {
            clear(creatingStep, progress);
            throw new DestinationException(
                    Kind.PERMANENT,
                    what
                            + ": authentication failed (HTTP "
                            + status
                            + "): check the CyberTipline username and password");
        }
        if (status == 408 || status == 429 || status >= 500) {
            clear(creatingStep, progress);
            throw new DestinationException(Kind.RETRYABLE, what + " failed: HTTP " + status);
        }
        if (status / 100 != 2) {
            clear(creatingStep, progress);
            throw new DestinationException(Kind.PERMANENT, what + " was refused: HTTP " + status);
        }
        try {
            return CyberTiplineXml.parse(response.body());
        } catch (Exception e) {
            // A success status with an unreadable body: whatever was asked may have been done.
            throw unanswered(what, creatingStep, "unreadable answer", e);
        }
    }

    /** A status and the whole body, read before the connection is given back. */
    private record Answer(int status, byte[] body) {}

    /** The cause that shows the request never left: no connection was made. */
    private static Throwable neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return t;
            }
        }
        return null;
    }

    private static DestinationException unanswered(
            String what, String creatingStep, String why, Exception cause) {
        if (creatingStep == null) {
            return new DestinationException(
                    Kind.RETRYABLE, what + ": no usable answer (" + why + ")", cause);
        }
        return new DestinationException(
                Kind.OUTCOME_UNKNOWN,
                what
                        + ": no usable answer ("
                        + why
                        + "); it may have been processed,"
                        + " so it is not repeated automatically",
                cause);
    }

    private static void clear(String creatingStep, ProgressStore progress) {
        if (creatingStep != null) {
            progress.clearInFlight(creatingStep);
        }
    }

    /** The answer's {@code responseCode}; null when absent, -1 when not a number. */
    static Integer responseCode(Document answer) {
        String code = CyberTiplineXml.text(answer, "responseCode");
        if (code == null) {
            return null;
        }
        try {
            return Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void checkResponseCode(String path, Document answer) {
        checkResponseCode(path, answer, null, null);
    }

    static void checkResponseCode(
            String path, Document answer, String creatingStep, ProgressStore progress) {
        String code = CyberTiplineXml.text(answer, "responseCode");
        if (code == null) {
            if (creatingStep != null) {
                throw new DestinationException(
                        Kind.OUTCOME_UNKNOWN,
                        "CyberTipline " + path + " answered without a responseCode");
            }
            throw new DestinationException(
                    Kind.RETRYABLE, "CyberTipline " + path + " answered without a responseCode");
        }
        int n;
        try {
            n = Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n == 0) {
            return;
        }
        if (creatingStep != null) {
            progress.clearInFlight(creatingStep);
        }
        // The description is left out of the message: NCMEC may echo part of the document in it.
        Kind kind =
                n == CyberTiplineClient.SCHEMA_VALIDATION_FAILED ? Kind.PERMANENT : Kind.RETRYABLE;
        throw new DestinationException(
                kind,
                "CyberTipline "
                        + path
                        + " failed: responseCode "
                        + (n == -1 ? "(not a number)" : n));
    }
}
