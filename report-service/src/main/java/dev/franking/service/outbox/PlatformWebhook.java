package dev.franking.service.outbox;

import dev.franking.service.OutboundHttp;
import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
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
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers moderation actions (warn, restrict, suspend) to the messaging platform: an HTTPS POST of
 * the JSON body, signed {@code X-Franking-Signature: sha256=<hex HMAC-SHA256(secret, timestamp +
 * "." + body)>} with {@code X-Franking-Timestamp}, and {@code X-Franking-Delivery: <id>} for
 * idempotency (an action may arrive more than once: see {@link Outbox}). The call runs outside any
 * transaction (an outbox lease holds the entry).
 *
 * <p>A 2xx acknowledges. A refusal that retrying cannot change (a 3xx or 4xx other than 408 and
 * 429: bad request, bad signature, unknown account, gone ...) fails the entry at once; a 5xx, 408,
 * 429 or a transport failure (timeout, refused connection) is retried with backoff (2 s, 4 s, ...
 * at most an hour) until {@code reports.platform-webhook.max-attempts}, then fails. A failed entry
 * keeps its reason in {@code outbox.last_error}, is logged once at WARN and counted in {@code
 * franking_outbox_entries{state="failed"}}.
 */
@Component
public class PlatformWebhook implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(PlatformWebhook.class);
    private static final int BATCH = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Outbox outbox;
    private final Clock clock;
    private final String url;
    private final byte[] secret;
    private final RestClient http;
    private final Duration poll;
    private final int maxAttempts;
    private final AuditLog audit;
    private volatile boolean warned;

    /**
     * The service's: settings from {@code reports.platform-webhook.*}, and the outbound client with
     * this webhook's own timeouts (moderation actions are small; a slow platform should not hold an
     * outbox lease for minutes).
     */
    @Autowired
    public PlatformWebhook(
            Outbox outbox, Clock clock, ReportsProperties props, RestClient http, AuditLog audit) {
        this(
                outbox,
                clock,
                props.platformWebhook().url(),
                props.platformWebhook().secret(),
                http.mutate()
                        .requestFactory(
                                OutboundHttp.requestFactory(
                                        props.platformWebhook().connectTimeout(),
                                        props.platformWebhook().readTimeout()))
                        .build(),
                props.platformWebhook().poll(),
                props.platformWebhook().maxAttempts(),
                audit);
    }

    /**
     * A webhook outside the application (tests): its own client, the default settings, no audit
     * rows for deliveries.
     */
    public PlatformWebhook(Outbox outbox, Clock clock, String url, String secret) {
        this(outbox, clock, url, secret, null);
    }

    /** As above, auditing each acknowledged delivery in {@code audit}. */
    public PlatformWebhook(Outbox outbox, Clock clock, String url, String secret, AuditLog audit) {
        this(
                outbox,
                clock,
                url,
                secret,
                standalone(),
                null,
                ReportsProperties.defaults().platformWebhook().maxAttempts(),
                audit);
    }

    PlatformWebhook(
            Outbox outbox,
            Clock clock,
            String url,
            String secret,
            RestClient http,
            Duration poll,
            int maxAttempts,
            AuditLog audit) {
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
        this.url = url == null ? "" : url;
        this.secret = (secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8);
        if (!this.url.isBlank()) {
            ReportsProperties.PlatformWebhook.requireSecret(this.secret.length);
        }
        this.http = http;
        this.poll = poll;
        this.maxAttempts = maxAttempts;
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
        return outbox.deliverDue(OutboxKind.PLATFORM_ACTION, BATCH, this::deliver);
    }

    /** One delivery, outside any transaction. */
    Outbox.Outcome deliver(Outbox.Entry e) {
        int attempt = e.attempts() + 1;
        Sent sent = send(e);
        if (sent.status() / 100 == 2) {
            // issue 14: "queued" (when decided) and "delivered" (now) are separate rows; this one
            // commits with the entry's delivered_at
            return audit == null
                    ? Outbox.Outcome.delivered()
                    : Outbox.Outcome.delivered(() -> auditDelivered(e, sent.status()));
        }
        String caseId = caseOf(e);
        if (sent.permanent()) {
            String reason = sent.error() + ": refused for good, not retried";
            log.warn(
                    "Platform webhook: moderation action {} (case {}) failed: {}; it needs a"
                            + " person (outbox.last_error)",
                    e.id(),
                    caseId,
                    reason);
            return Outbox.Outcome.failed(reason);
        }
        if (attempt >= maxAttempts) {
            String reason = sent.error() + ": gave up after " + attempt + " attempts";
            log.warn(
                    "Platform webhook: moderation action {} (case {}) failed: {}; it needs a"
                            + " person (outbox.last_error)",
                    e.id(),
                    caseId,
                    reason);
            return Outbox.Outcome.failed(reason);
        }
        log.info(
                "Platform webhook: moderation action {} (case {}) failed (attempt {} of {}), will"
                        + " retry: {}",
                e.id(),
                caseId,
                attempt,
                maxAttempts,
                sent.error());
        return Outbox.Outcome.retry(sent.error());
    }

    /** A call's result: the HTTP status (0: no answer) and what went wrong. */
    private record Sent(int status, String error) {
        /**
         * A refusal that the same request will meet again: a redirect (not followed) or a 4xx other
         * than 408 (timeout) and 429 (too many requests).
         */
        boolean permanent() {
            return (status >= 300 && status < 500) && status != 408 && status != 429;
        }
    }

    private Sent send(Outbox.Entry e) {
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
            return new Sent(status, "HTTP " + status);
        } catch (ResourceAccessException ex) {
            if (Thread.currentThread().isInterrupted()) {
                return new Sent(0, "interrupted");
            }
            return new Sent(
                    0, (ex.getCause() == null ? ex : ex.getCause()).getClass().getSimpleName());
        }
    }

    private void auditDelivered(Outbox.Entry e, int status) {
        String type = "?";
        UUID caseId = null;
        try {
            // either payload of this kind: both carry type and caseId
            JsonNode body = JSON.readTree(e.payload());
            type = body.path("type").asString("?");
            caseId = UUID.fromString(body.path("caseId").asString());
        } catch (RuntimeException ex) {
            // not a payload this version reads: the row still names the entry
        }
        audit.append(
                "system",
                AuditEvent.PLATFORM_ACTION_DELIVERED,
                caseId,
                e.id().toString(),
                "type=" + type + "; status=" + status);
    }

    private static String caseOf(Outbox.Entry e) {
        try {
            return JSON.readTree(e.payload()).path("caseId").asString("?");
        } catch (RuntimeException ex) {
            return "?";
        }
    }

    public String sign(String timestamp, String body) {
        if (secret.length < ReportsProperties.PlatformWebhook.MIN_SECRET_BYTES) {
            // never sign with a short or empty key (the constructor refused it when a URL is set)
            throw new IllegalStateException("reports.platform-webhook.secret is too short");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(
                            mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
