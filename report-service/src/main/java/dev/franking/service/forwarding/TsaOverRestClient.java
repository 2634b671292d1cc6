package dev.franking.service.forwarding;

import dev.franking.evidence.TimeStampClient;
import dev.franking.service.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * RFC 3161 over HTTP (§3.4) through the service's one observed {@link RestClient}, so that TSA
 * calls show in {@code http.client.requests} like every other outbound call. Plain http is
 * acceptable for a TSA: the request holds only a hash of a signature, and the answer is signed by
 * the authority and checked by the signer and every verifier.
 */
final class TsaOverRestClient implements TimeStampClient {
    /** An answer larger than this is not a time-stamp response (tokens are a few kilobytes). */
    static final int MAX_RESPONSE = 1 << 20;

    private static final MediaType QUERY = MediaType.parseMediaType("application/timestamp-query");
    private static final MediaType REPLY = MediaType.parseMediaType("application/timestamp-reply");

    private final URI url;
    private final RestClient http;

    TsaOverRestClient(URI url, RestClient client, Duration timeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("a TSA URL is an absolute http(s) URL: " + url);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a TSA URL must not carry user info");
        }
        this.url = url;
        this.http =
                OutboundHttp.configure(client.mutate(), timeout, timeout)
                        .defaultStatusHandler(status -> true, (req, resp) -> {})
                        .build();
    }

    @Override
    public byte[] respond(byte[] timeStampQuery) throws IOException {
        try {
            return http.post()
                    .uri(url)
                    .contentType(QUERY)
                    .accept(REPLY)
                    .body(timeStampQuery)
                    .exchange(
                            (req, resp) -> {
                                if (resp.getStatusCode().value() != 200) {
                                    throw new IOException(
                                            "the TSA at "
                                                    + url
                                                    + " answered HTTP "
                                                    + resp.getStatusCode().value());
                                }
                                byte[] body = resp.getBody().readNBytes(MAX_RESPONSE + 1);
                                if (body.length == 0 || body.length > MAX_RESPONSE) {
                                    throw new IOException(
                                            "the TSA at "
                                                    + url
                                                    + " answered "
                                                    + body.length
                                                    + " bytes, not a response");
                                }
                                return body;
                            });
        } catch (RestClientException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the TSA at " + url + " could not be reached", e);
        }
    }

    @Override
    public String toString() {
        return "TsaOverRestClient[" + url + "]";
    }
}
