package dev.franking.service.forwarding.destinations;

import dev.franking.service.OutboundHttp;
import dev.franking.service.forwarding.destinations.DestinationException.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers a signed evidence package to a receiver's HTTPS endpoint: {@code POST} of the package's
 * bytes as {@code application/zip}, with
 *
 * <pre>
 * X-Franking-Delivery:       the delivery id: the idempotency key, the same on every retry
 * X-Franking-Timestamp:      Unix seconds when this attempt was signed
 * X-Franking-Package-Sha256: hex SHA-256 of the body
 * X-Franking-Signature:      sha256=hex(HMAC-SHA256(secret, timestamp + "." + hex SHA-256 of the body))
 * </pre>
 *
 * The signature covers the body's hash rather than the body, so a receiver can verify it while
 * streaming a large package to disk. A receiver must treat a second delivery with the same id as
 * the same package: that is what makes resending after a lost answer safe.
 *
 * <p>A 2xx answer acknowledges the delivery, optionally with a JSON body {@code {"reference":
 * "..."}} naming the receiver's record of it; anything else fails with a {@link
 * DestinationException}: 408, 429, 5xx and network errors are retryable, other statuses (including
 * 401/403, a signature or configuration problem) permanent.
 */
public final class WebhookDestination {
    /** The shortest HMAC secret accepted. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final URI url;
    private final byte[] secret;
    private final RestClient http;
    private final Clock clock;

    /**
     * A destination with an HTTP client of its own, for tests and tools with a receiver on this
     * machine: plain http to a literal loopback address is allowed. The service passes its client
     * and its setting.
     */
    public WebhookDestination(URI url, byte[] secret, Clock clock) {
        this(url, secret, clock, OutboundHttp.standalone(), true);
    }

    /** As the service's 5-argument constructor, without plain http (https only). */
    public WebhookDestination(URI url, byte[] secret, Clock clock, RestClient http) {
        this(url, secret, clock, http, false);
    }

    /**
     * @param url checked as every destination's ({@link DestinationUrls}): https, no user info
     * @param http the service's outbound client (its timeouts: {@code reports.http.*})
     * @param allowLoopbackHttp {@code reports.forwarding.allow-loopback-http}: plain http to a
     *     literal loopback address (tests, a local relay)
     */
    public WebhookDestination(
            URI url, byte[] secret, Clock clock, RestClient http, boolean allowLoopbackHttp) {
        this.url = DestinationUrls.require(Objects.requireNonNull(url, "url"), allowLoopbackHttp);
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the webhook secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.secret = secret.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * Sends the package once. Call again with the same {@code deliveryId} to retry.
     *
     * @return the receiver's reference, if its acknowledgement named one
     * @throws DestinationException when not acknowledged
     */
    public Optional<String> deliver(String deliveryId, byte[] packageBytes) {
        CyberTiplineReport.requireText(deliveryId, "deliveryId");
        Objects.requireNonNull(packageBytes, "packageBytes");
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String bodySha256 = FileToUpload.hex("SHA-256", packageBytes);
        Answer response;
        try {
            response =
                    http.post()
                            .uri(url)
                            .contentType(ZIP)
                            .header("X-Franking-Delivery", deliveryId)
                            .header("X-Franking-Timestamp", timestamp)
                            .header("X-Franking-Package-Sha256", bodySha256)
                            .header(
                                    "X-Franking-Signature",
                                    "sha256=" + signature(secret, timestamp, bodySha256))
                            .body(packageBytes)
                            .exchange(
                                    (request, answer) ->
                                            new Answer(
                                                    answer.getStatusCode().value(),
                                                    StreamUtils.copyToByteArray(answer.getBody())));
        } catch (ResourceAccessException e) {
            // Safe to resend whether or not it arrived: the receiver deduplicates by delivery id.
            String why =
                    Thread.currentThread().isInterrupted()
                            ? "interrupted"
                            : (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName();
            throw new DestinationException(
                    Kind.RETRYABLE,
                    "webhook delivery "
                            + deliveryId
                            + (why.equals("interrupted")
                                    ? ": interrupted"
                                    : ": no answer (" + why + ")"),
                    e);
        }
        int status = response.status();
        if (status / 100 == 2) {
            return reference(response.body());
        }
        Kind kind =
                status == 408 || status == 429 || status >= 500 ? Kind.RETRYABLE : Kind.PERMANENT;
        String hint =
                status == 401 || status == 403
                        ? " (the receiver refused the signature or credentials: check the shared"
                                + " secret)"
                        : "";
        throw new DestinationException(
                kind,
                "webhook delivery " + deliveryId + " was not acknowledged: HTTP " + status + hint);
    }

    /** A status and the whole body, read before the connection is given back. */
    private record Answer(int status, byte[] body) {}

    private static Optional<String> reference(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode ref = JSON.readTree(new String(body, StandardCharsets.UTF_8)).get("reference");
            return ref != null && ref.isString() && !ref.asString().isBlank()
                    ? Optional.of(ref.asString())
                    : Optional.empty();
        } catch (RuntimeException e) {
            // The 2xx is the acknowledgement; a body that is not the documented JSON carries no
            // reference.
            return Optional.empty();
        }
    }

    /** hex(HMAC-SHA256(secret, timestamp + "." + bodySha256Hex)): what receivers recompute. */
    public static String signature(byte[] secret, String timestamp, String bodySha256Hex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(
                            mac.doFinal(
                                    (timestamp + "." + bodySha256Hex)
                                            .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "WebhookDestination[" + url + ", secret=[REDACTED]]";
    }
}
