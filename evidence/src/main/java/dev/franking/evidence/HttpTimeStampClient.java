package dev.franking.evidence;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * RFC 3161 over HTTP (§3.4): POST {@code application/timestamp-query}, answer {@code
 * application/timestamp-reply}. Plain http is acceptable here, unlike for evidence destinations:
 * the request holds only a hash of a signature, and the answer is signed by the authority and
 * checked by the signer and by every verifier.
 */
public final class HttpTimeStampClient implements TimeStampClient {
    /** An answer larger than this is not a time-stamp response (tokens are a few kilobytes). */
    static final int MAX_RESPONSE = 1 << 20;

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    public HttpTimeStampClient(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("a TSA URL is an absolute http(s) URL: " + url);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a TSA URL must not carry user info");
        }
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public byte[] respond(byte[] timeStampQuery) throws IOException {
        HttpRequest req =
                HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/timestamp-query")
                        .header("Accept", "application/timestamp-reply")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(timeStampQuery))
                        .build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the TSA at " + url, e);
        }
        if (resp.statusCode() != 200) {
            throw new IOException("the TSA at " + url + " answered HTTP " + resp.statusCode());
        }
        byte[] body = resp.body();
        if (body.length == 0 || body.length > MAX_RESPONSE) {
            throw new IOException(
                    "the TSA at " + url + " answered " + body.length + " bytes, not a response");
        }
        return body;
    }

    @Override
    public String toString() {
        return "HttpTimeStampClient[" + url + "]";
    }
}
