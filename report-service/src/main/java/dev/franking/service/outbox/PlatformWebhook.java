package dev.franking.service.outbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers moderation actions (warn, restrict, suspend) to the messaging platform: an HTTPS POST of
 * the JSON body, signed {@code X-Franking-Signature: sha256=<hex HMAC-SHA256(secret, timestamp +
 * "." + body)>} with {@code X-Franking-Timestamp}, and {@code X-Franking-Delivery: <id>} for
 * idempotency. Retried until a 2xx acknowledges it.
 */
@Component
public class PlatformWebhook {
    private static final Logger log = LoggerFactory.getLogger(PlatformWebhook.class);

    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String url;
    private final byte[] secret;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean warned;

    public PlatformWebhook(
            Outbox outbox,
            TransactionTemplate tx,
            Clock clock,
            @Value("${reports.platform-webhook.url:}") String url,
            @Value("${reports.platform-webhook.secret:}") String secret) {
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Scheduled(
            fixedDelayString = "${reports.platform-webhook.poll:5s}",
            initialDelayString = "${reports.platform-webhook.poll:5s}")
    public void scheduled() {
        deliverDue();
    }

    /** Delivers what is due; returns how many were acknowledged. */
    public int deliverDue() {
        if (url.isBlank()) {
            if (!warned) {
                warned = true;
                log.info(
                        "reports.platform-webhook.url is not set: moderation actions stay queued in"
                                + " the outbox until it is");
            }
            return 0;
        }
        Integer n =
                tx.execute(
                        s -> {
                            int ok = 0;
                            for (Outbox.Entry e : outbox.lockDue(OutboxKind.PLATFORM_ACTION, 20)) {
                                String error = send(e);
                                if (error == null) {
                                    outbox.delivered(e.id());
                                    ok++;
                                } else {
                                    outbox.failed(e.id(), e.attempts(), error);
                                    log.warn(
                                            "Platform webhook delivery {} failed (attempt {}): {}",
                                            e.id(),
                                            e.attempts() + 1,
                                            error);
                                }
                            }
                            return ok;
                        });
        return n == null ? 0 : n;
    }

    private String send(Outbox.Entry e) {
        String ts = Long.toString(clock.millis() / 1000);
        try {
            HttpRequest req =
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header("X-Franking-Delivery", e.id().toString())
                            .header("X-Franking-Timestamp", ts)
                            .header("X-Franking-Signature", "sha256=" + sign(ts, e.payload()))
                            .POST(HttpRequest.BodyPublishers.ofString(e.payload()))
                            .build();
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (java.io.IOException ex) {
            return ex.getClass().getSimpleName();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public String sign(String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(
                            mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
