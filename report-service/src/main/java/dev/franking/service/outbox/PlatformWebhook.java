package dev.franking.service.outbox;

import dev.franking.service.OutboundHttp;
import dev.franking.service.ReportsProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Delivers moderation actions (warn, restrict, suspend) to the messaging platform: an HTTPS POST of
 * the JSON body, signed {@code X-Franking-Signature: sha256=<hex HMAC-SHA256(secret, timestamp +
 * "." + body)>} with {@code X-Franking-Timestamp}, and {@code X-Franking-Delivery: <id>} for
 * idempotency. Retried until a 2xx acknowledges it.
 */
@Component
public class PlatformWebhook implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(PlatformWebhook.class);

    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final String url;
    private final byte[] secret;
    private final RestClient http;
    private final Duration poll;
    private volatile boolean warned;

    /**
     * The service's: settings from {@code reports.platform-webhook.*}, and the outbound client with
     * this webhook's own timeouts (moderation actions are small; a slow platform should not hold
     * the outbox row for minutes).
     */
    @Autowired
    public PlatformWebhook(
            Outbox outbox,
            TransactionTemplate tx,
            Clock clock,
            ReportsProperties props,
            RestClient http) {
        this(
                outbox,
                tx,
                clock,
                props.platformWebhook().url(),
                props.platformWebhook().secret(),
                http.mutate()
                        .requestFactory(
                                OutboundHttp.requestFactory(
                                        props.platformWebhook().connectTimeout(),
                                        props.platformWebhook().readTimeout()))
                        .build(),
                props.platformWebhook().poll());
    }

    /** A webhook outside the application (tests): its own client, the default timeouts. */
    public PlatformWebhook(
            Outbox outbox, TransactionTemplate tx, Clock clock, String url, String secret) {
        this(outbox, tx, clock, url, secret, standalone(), null);
    }

    private PlatformWebhook(
            Outbox outbox,
            TransactionTemplate tx,
            Clock clock,
            String url,
            String secret,
            RestClient http,
            Duration poll) {
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.url = url == null ? "" : url;
        this.secret = (secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8);
        this.http = http;
        this.poll = poll;
    }

    private static RestClient standalone() {
        ReportsProperties.PlatformWebhook defaults = ReportsProperties.defaults().platformWebhook();
        return OutboundHttp.configure(
                        RestClient.builder(), defaults.connectTimeout(), defaults.readTimeout())
                .build();
    }

    /** Every {@code reports.platform-webhook.poll}, the first after one period. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (poll != null) {
            tasks.addFixedDelayTask(new FixedDelayTask(this::deliverDue, poll, poll));
        }
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
            int status =
                    http.post()
                            .uri(URI.create(url))
                            .contentType(MediaType.APPLICATION_JSON)
                            .header("X-Franking-Delivery", e.id().toString())
                            .header("X-Franking-Timestamp", ts)
                            .header("X-Franking-Signature", "sha256=" + sign(ts, e.payload()))
                            .body(e.payload().getBytes(StandardCharsets.UTF_8))
                            .exchange((request, answer) -> answer.getStatusCode().value());
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (ResourceAccessException ex) {
            if (Thread.currentThread().isInterrupted()) {
                return "interrupted";
            }
            return (ex.getCause() == null ? ex : ex.getCause()).getClass().getSimpleName();
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
