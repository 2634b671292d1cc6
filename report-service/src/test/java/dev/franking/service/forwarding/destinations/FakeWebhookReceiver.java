package dev.franking.service.forwarding.destinations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local receiver of signed evidence packages on 127.0.0.1, written the way a receiver should be:
 * it checks the package hash header, the timestamp (within five minutes of its clock) and the HMAC
 * signature (recomputed here with javax.crypto, not with the client's code), and accepts each
 * delivery id once: a repeated id gets the same reference back, without a second record. It records
 * every attempt and fails on demand.
 */
public final class FakeWebhookReceiver implements AutoCloseable {
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    public enum Failure {
        HTTP_503,
        HTTP_400,
        DROP_BEFORE,
        DROP_AFTER
    }

    /**
     * One attempt: its delivery id, whether the signature checked out, and the status answered (-1:
     * dropped).
     */
    public record Attempt(String deliveryId, boolean signatureValid, int status) {}

    public record Accepted(String deliveryId, byte[] body, String reference) {}

    private final HttpServer server;
    private final byte[] secret;
    private final Clock clock;
    private final List<Attempt> attempts = new ArrayList<>();
    private final Map<String, Accepted> accepted = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<Failure> plannedFailures = new ArrayList<>();
    private boolean answerWithReference = true;

    public FakeWebhookReceiver(byte[] secret, Clock clock) throws IOException {
        this.secret = secret.clone();
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/evidence", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/evidence");
    }

    /** The next attempts fail in these ways, one each, in order. */
    public synchronized FakeWebhookReceiver failNext(Failure... failures) {
        plannedFailures.addAll(Arrays.asList(failures));
        return this;
    }

    public synchronized FakeWebhookReceiver withoutReference() {
        answerWithReference = false;
        return this;
    }

    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public synchronized Map<String, Accepted> accepted() {
        return Map.copyOf(accepted);
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String id = ex.getRequestHeaders().getFirst("X-Franking-Delivery");
            String ts = ex.getRequestHeaders().getFirst("X-Franking-Timestamp");
            String packageSha = ex.getRequestHeaders().getFirst("X-Franking-Package-Sha256");
            String signature = ex.getRequestHeaders().getFirst("X-Franking-Signature");
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            Failure failure;
            String reply;
            int status;
            synchronized (this) {
                boolean valid = verify(id, ts, packageSha, signature, body);
                failure = plannedFailures.isEmpty() ? null : plannedFailures.remove(0);
                if (!"application/zip".equals(contentType)) {
                    violations.add("Content-Type is " + contentType);
                }
                if (!valid) {
                    attempts.add(new Attempt(id, false, 401));
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                if (failure == Failure.DROP_BEFORE) {
                    attempts.add(new Attempt(id, true, -1));
                    throw new IllegalStateException("dropped on purpose");
                }
                if (failure == Failure.HTTP_503 || failure == Failure.HTTP_400) {
                    status = failure == Failure.HTTP_503 ? 503 : 400;
                    attempts.add(new Attempt(id, true, status));
                    ex.sendResponseHeaders(status, -1);
                    return;
                }
                Accepted a = accepted.get(id);
                if (a == null) {
                    a = new Accepted(id, body, "EVD-" + (accepted.size() + 1));
                    accepted.put(id, a);
                } else if (!Arrays.equals(a.body(), body)) {
                    violations.add("delivery " + id + " was sent again with a different package");
                }
                attempts.add(new Attempt(id, true, failure == Failure.DROP_AFTER ? -1 : 200));
                reply = answerWithReference ? "{\"reference\":\"" + a.reference() + "\"}" : "";
            }
            if (failure == Failure.DROP_AFTER) {
                throw new IllegalStateException("dropped on purpose");
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                ex.getResponseBody().write(bytes);
            }
        }
    }

    private boolean verify(String id, String ts, String packageSha, String signature, byte[] body)
            throws IOException {
        if (id == null
                || id.isBlank()
                || ts == null
                || packageSha == null
                || signature == null
                || !signature.startsWith("sha256=")) {
            violations.add("missing or malformed headers");
            return false;
        }
        try {
            String actualSha =
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            if (!actualSha.equals(packageSha)) {
                violations.add("X-Franking-Package-Sha256 does not match the body");
                return false;
            }
            long age = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(ts));
            if (age > TOLERANCE.toSeconds()) {
                violations.add("timestamp outside the tolerance");
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal((ts + "." + actualSha).getBytes(StandardCharsets.UTF_8));
            byte[] given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
            if (!MessageDigest.isEqual(expected, given)) {
                violations.add("signature does not verify");
                return false;
            }
            return true;
        } catch (Exception e) {
            violations.add("could not verify: " + e.getClass().getSimpleName());
            return false;
        }
    }
}
