package dev.franking.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code reports.*} setting of the service, bound at start (environment: {@code
 * REPORTS_DATA_DIR}, {@code REPORTS_KEK}, {@code REPORTS_RATE_LIMIT_REPORTS_PER_HOUR}, ...). The
 * defaults are written here and nowhere else: the configuration processor copies them and these
 * descriptions into {@code META-INF/spring-configuration-metadata.json}, and a test holds the
 * README's settings table to that file. A value that fails a check below stops the service at
 * start, naming the property and the rule, rather than failing later on first use.
 *
 * @param dataDir the embedded PostgreSQL's data, and the generated KEK, token keys and
 *     evidence-signing certificate (embedded default only)
 * @param kek base64 of 32 bytes, the same on every instance: wraps service secrets, destination
 *     credentials and the directory store's epoch keys (which wrap stamp keys and case data keys).
 *     Unset: generated into the data directory (embedded default only)
 * @param demo plays the demo scenario once the service is ready (the flag --demo does the same);
 *     read when the application context is built
 * @param stampKeys stamp-key rotation
 * @param epochKeys the epoch key store that wraps stamp keys and case data keys (DESIGN.md, "Keys
 *     at rest")
 * @param rateLimit reports per reporter
 * @param rejectedReports rejected reports per reporter (PROTOCOL.md §5)
 * @param limits request body limits
 * @param writer the batching report writer
 * @param http every outbound HTTP call (CyberTipline, webhook destinations)
 * @param platformWebhook where moderation actions go
 * @param forwarding delivery of approved forwardings
 * @param evidence evidence packages
 * @param cybertipline the platform's contact in CyberTipline reports
 * @param retention deletion of closed cases' evidence
 * @param preservation preservation of forwarded cases
 * @param metrics who may read the actuator's metrics
 * @param strikes strikes against an account and the actions they suggest
 * @param wellness moderators' exposure to content (issue 14)
 */
@ConfigurationProperties("reports")
@Validated
public record ReportsProperties(
        @DefaultValue("./data") @NotNull Path dataDir,
        String kek,
        @DefaultValue("false") boolean demo,
        @DefaultValue @Valid StampKeys stampKeys,
        @DefaultValue @Valid EpochKeys epochKeys,
        @DefaultValue @Valid RateLimit rateLimit,
        @DefaultValue @Valid RejectedReports rejectedReports,
        @DefaultValue @Valid RequestLimits limits,
        @DefaultValue @Valid Writer writer,
        @DefaultValue @Valid Http http,
        @DefaultValue @Valid PlatformWebhook platformWebhook,
        @DefaultValue @Valid Forwarding forwarding,
        @DefaultValue @Valid Evidence evidence,
        @DefaultValue @Valid Cybertipline cybertipline,
        @DefaultValue @Valid Retention retention,
        @DefaultValue @Valid Preservation preservation,
        @DefaultValue @Valid Metrics metrics,
        @DefaultValue @Valid Strikes strikes,
        @DefaultValue @Valid Wellness wellness) {

    /**
     * Stamp keys.
     *
     * @param rotation a new stamp key every period
     * @param reportingWindow how long after its rotation a key still verifies; then it is destroyed
     * @param checkInterval how often the key job runs (rotation ahead of time, destruction)
     */
    public record StampKeys(
            @DefaultValue("24h") @DurationMin(seconds = 1) Duration rotation,
            @DefaultValue("90d") @DurationMin(seconds = 1) Duration reportingWindow,
            @DefaultValue("1m") @DurationMin(millis = 1) Duration checkInterval) {}

    /**
     * The rate limit.
     *
     * @param reportsPerHour reports per reporter per hour; then 429 with Retry-After
     */
    public record RateLimit(@DefaultValue("20") @Positive int reportsPerHour) {}

    /**
     * Rejected reports (PROTOCOL.md §5): every 422 counts against its reporter for an hour.
     *
     * @param perHour rejected reports (422) per reporter in the last hour; then every further
     *     report gets 429 with Retry-After before it is checked, and a 429 does not count
     */
    public record RejectedReports(@DefaultValue("20") @Positive int perHour) {}

    /**
     * The epoch key store (DESIGN.md, "Keys at rest"): a directory unless {@code pkcs11.library}
     * names a PKCS#11 module; ended epochs are destroyed every {@code checkInterval}.
     *
     * @param directory where the directory store keeps its epoch keys (unset: {@code <data
     *     dir>/epoch-keys})
     * @param checkInterval how often epochs whose week has ended are destroyed
     * @param pkcs11 an HSM or KMS through PKCS#11 instead of the directory
     */
    public record EpochKeys(
            Path directory,
            @DefaultValue("1h") @DurationMin(millis = 1) Duration checkInterval,
            @DefaultValue @Valid Pkcs11 pkcs11) {}

    /**
     * An HSM through PKCS#11.
     *
     * @param library the PKCS#11 module (a shared library); set: epoch keys live in the token
     * @param slot the token's slot id
     * @param slotListIndex the token's index in the slot list (0 when neither is set)
     * @param pin the token user's PIN
     */
    public record Pkcs11(String library, Long slot, Integer slotListIndex, String pin) {
        @Override
        public String toString() {
            return "Pkcs11[library="
                    + library
                    + ", slot="
                    + slot
                    + ", slotListIndex="
                    + slotListIndex
                    + ", pin=[REDACTED]]";
        }
    }

    /**
     * The report writer: at most {@code maxBatch} reports a transaction, at most {@code
     * queueCapacity} waiting (more get 503), and a request waits at most {@code timeout} for its
     * report to be stored.
     *
     * @param maxBatch the most reports written in one transaction
     * @param queueCapacity the most reports waiting to be written; beyond it a report gets 503
     *     overloaded with Retry-After
     * @param timeout how long a request waits for its report to be committed
     */
    public record Writer(
            @DefaultValue("256") @Positive int maxBatch,
            @DefaultValue("10000") @Positive int queueCapacity,
            @DefaultValue("30s") @DurationMin(millis = 1) Duration timeout) {}

    /**
     * Request body limits (413 beyond).
     *
     * @param stampRequest the largest stamp request body
     * @param reportRequest the largest report request body
     * @param attachment the largest attachment upload
     */
    public record RequestLimits(
            @DefaultValue("8MB") @NotNull DataSize stampRequest,
            @DefaultValue("4MB") @NotNull DataSize reportRequest,
            @DefaultValue("32MB") @NotNull DataSize attachment) {
        public RequestLimits {
            positive(stampRequest, "reports.limits.stamp-request");
            positive(reportRequest, "reports.limits.report-request");
            positive(attachment, "reports.limits.attachment");
        }

        private static void positive(DataSize size, String name) {
            if (size != null && size.toBytes() < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 byte");
            }
        }
    }

    /**
     * The one HTTP client of every outbound call.
     *
     * @param connectTimeout how long a connection may take to open
     * @param readTimeout how long a request may wait for its answer (an upload of a large file to
     *     the CyberTipline included)
     */
    public record Http(
            @DefaultValue("10s") @DurationMin(millis = 1) Duration connectTimeout,
            @DefaultValue("2m") @DurationMin(millis = 1) Duration readTimeout) {}

    /**
     * The platform webhook that receives moderation actions (warn, restrict, suspend).
     *
     * @param url where moderation actions go; unset, they wait in the outbox until it is set
     * @param secret the HMAC-SHA256 key of the X-Franking-Signature header, at least 32 bytes
     *     (required when the URL is set: the service refuses to start without it)
     * @param poll how often due actions are delivered
     * @param connectTimeout how long a connection to the platform may take to open
     * @param readTimeout how long a delivery may wait for the platform's answer
     * @param maxAttempts deliveries of one action before it is failed, when the platform answers
     *     5xx, 408 or 429 or not at all (retried after 2 s, 4 s, 8 s ... at most an hour apart: 20
     *     attempts span about ten hours); other 4xx fail at once
     */
    public record PlatformWebhook(
            String url,
            String secret,
            @DefaultValue("5s") @DurationMin(millis = 1) Duration poll,
            @DefaultValue("5s") @DurationMin(millis = 1) Duration connectTimeout,
            @DefaultValue("10s") @DurationMin(millis = 1) Duration readTimeout,
            @DefaultValue("20") @Positive int maxAttempts) {
        /** The shortest webhook secret: as long as the HMAC-SHA256 output (RFC 2104 section 3). */
        public static final int MIN_SECRET_BYTES = 32;

        public PlatformWebhook {
            url = url == null ? "" : url.trim();
            secret = secret == null ? "" : secret;
            if (!url.isEmpty()) {
                URI u;
                try {
                    u = URI.create(url);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "reports.platform-webhook.url is not a URI", e);
                }
                if (!u.isAbsolute()
                        || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
                        || u.getHost() == null) {
                    throw new IllegalArgumentException(
                            "reports.platform-webhook.url must be an absolute http(s) URL");
                }
                requireSecret(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            }
        }

        /**
         * Refuses a secret of {@code bytes} bytes for a configured webhook: a short key makes the
         * signature forgeable. The message names the setting, never its value.
         */
        public static void requireSecret(int bytes) {
            if (bytes < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException(
                        "reports.platform-webhook.secret must be at least "
                                + MIN_SECRET_BYTES
                                + " bytes when reports.platform-webhook.url is set ("
                                + (bytes == 0 ? "it is not set" : "it is shorter")
                                + ")");
            }
        }

        @Override
        public String toString() {
            return "PlatformWebhook[url="
                    + url
                    + ", secret=[REDACTED], poll="
                    + poll
                    + ", maxAttempts="
                    + maxAttempts
                    + "]";
        }
    }

    /**
     * Forwarding to destinations.
     *
     * @param poll how often approved forwardings are delivered
     * @param allowLoopbackHttp whether a destination may be plain http to a literal loopback
     *     address (127.0.0.0/8 or [::1]); for local testing only, never in production
     */
    public record Forwarding(
            @DefaultValue("10s") @DurationMin(millis = 1) Duration poll,
            @DefaultValue("false") boolean allowLoopbackHttp) {}

    /**
     * Evidence packages and CyberTipline reports.
     *
     * @param platformName the platform's name in packages and CyberTipline reports
     * @param signing the evidence-signing keys and certificates
     * @param tsa the RFC 3161 time-stamping authority that timestamps every signature
     */
    public record Evidence(
            @DefaultValue("Franking demo platform") @NotBlank String platformName,
            @DefaultValue @Valid Signing signing,
            @DefaultValue @Valid Tsa tsa) {}

    /**
     * Who NCMEC and law enforcement reach about a CyberTipline report (the report's {@code
     * reportingPerson}). No defaults: a report with an invented contact would be worse than none,
     * so the service refuses to forward to, and to start with, an enabled CyberTipline destination
     * while the name, email or phone is unset.
     *
     * @param contactName the reporting person's name (first and last name, e.g. "Trust Safety")
     * @param contactEmail the reporting person's email
     * @param contactPhone the reporting person's phone (digits, spaces, +, -, parentheses)
     * @param termsOfService the platform's terms of service relevant to reports (text or URL),
     *     optional
     */
    public record Cybertipline(
            @Size(max = 200) @Pattern(regexp = ".*\\S.*") String contactName,
            @Email @Size(max = 320) @Pattern(regexp = ".*\\S.*") String contactEmail,
            @Pattern(regexp = "\\+?[0-9][0-9 ()\\-]{5,30}") String contactPhone,
            @Size(max = 3000) @Pattern(regexp = ".*\\S.*") String termsOfService) {

        /** Whether name, email and phone are all set: a report can say who to contact. */
        public boolean complete() {
            return StringUtils.hasText(contactName)
                    && StringUtils.hasText(contactEmail)
                    && StringUtils.hasText(contactPhone);
        }
    }

    /**
     * The time-stamping authority. Unset URL: a local TSA whose key lies beside the signing key
     * (its timestamps then rest on the platform alone; embedded default only).
     *
     * @param url the TSA's URL (RFC 3161 over HTTP)
     * @param timeout how long a timestamp request may take
     */
    public record Tsa(String url, @DefaultValue("30s") @DurationMin(millis = 1) Duration timeout) {}

    /**
     * The evidence-signing key: PEM key and certificate, or a PKCS#12 file. None: generated into
     * the data directory (embedded default only).
     *
     * @param keyPem a PEM file with the signing key (PKCS#8)
     * @param certPem a PEM file with the signing certificate
     * @param pkcs12 a PKCS#12 file with key and certificate (instead of the PEM files)
     * @param pkcs12Password the PKCS#12 file's password
     * @param pkcs12Alias the key's alias in the PKCS#12 file (unset: its only key)
     * @param mlDsaKeyPem a PEM file with the ML-DSA (post-quantum) signing key (unset: looked for
     *     beside the signing key)
     * @param mlDsaCertPem a PEM file with the ML-DSA signing certificate
     * @param mlDsaPkcs12Alias the ML-DSA key's alias in the PKCS#12 file
     */
    public record Signing(
            String keyPem,
            String certPem,
            String pkcs12,
            String pkcs12Password,
            String pkcs12Alias,
            String mlDsaKeyPem,
            String mlDsaCertPem,
            String mlDsaPkcs12Alias) {
        @Override
        public String toString() {
            return "Signing[keyPem="
                    + keyPem
                    + ", certPem="
                    + certPem
                    + ", pkcs12="
                    + pkcs12
                    + ", pkcs12Password=[REDACTED]]";
        }
    }

    /**
     * Retention of closed cases.
     *
     * @param closedCases how long a closed case's evidence is kept (unless preserved or held)
     * @param cron when the retention job runs (Spring cron: second minute hour day month weekday)
     */
    public record Retention(
            @DefaultValue("90d") @DurationMin(seconds = 1) Duration closedCases,
            @DefaultValue("0 17 3 * * *") @NotBlank String cron) {
        public Retention {
            if (StringUtils.hasText(cron) && !CronExpression.isValidExpression(cron)) {
                throw new IllegalArgumentException(
                        "reports.retention.cron is not a cron expression (six fields: second"
                                + " minute hour day month weekday)");
            }
        }
    }

    /**
     * Preservation of forwarded cases.
     *
     * @param afterForwarding how long a forwarded case is preserved at least
     */
    public record Preservation(
            @DefaultValue("365d") @DurationMin(seconds = 1) Duration afterForwarding) {}

    /**
     * The scraper of {@code /actuator/prometheus} (and of every actuator endpoint but health).
     *
     * @param scrapeToken the bearer token the scraper sends ({@code Authorization: Bearer ...}), at
     *     least 32 characters; unset: no one reads metrics over HTTP (health stays public)
     */
    public record Metrics(String scrapeToken) {
        /** Long enough that guessing it is hopeless even without throttling. */
        public static final int SCRAPE_TOKEN_MIN = 32;

        public Metrics {
            if (StringUtils.hasText(scrapeToken)
                    && (scrapeToken.strip().length() < SCRAPE_TOKEN_MIN
                            || !scrapeToken.strip().matches("[\\x21-\\x7e]+"))) {
                // never the value itself: it is a secret
                throw new IllegalArgumentException(
                        "reports.metrics.scrape-token must be at least "
                                + SCRAPE_TOKEN_MIN
                                + " printable characters without spaces");
            }
        }

        /** The token, or null when no scraper is configured. */
        public String token() {
            return StringUtils.hasText(scrapeToken) ? scrapeToken.strip() : null;
        }

        @Override
        public String toString() {
            return "Metrics[scrapeToken=" + (token() == null ? "unset" : "[REDACTED]") + "]";
        }
    }

    /**
     * Strikes (issue 14): an upheld decision (warn, restrict, suspend) that is not reversed counts
     * as a strike against the account for {@code windowDays} after it, then expires. The count
     * suggests the next action on the case and account pages (never taken automatically): suspend
     * from {@code suspendAt} strikes, else restrict from {@code restrictAt}, else warn from {@code
     * warnAt}.
     *
     * @param windowDays how many days a strike counts (then it expires)
     * @param warnAt strikes from which a warning is suggested (0: even for a first case)
     * @param restrictAt strikes from which a restriction is suggested
     * @param suspendAt strikes from which a suspension is suggested
     */
    public record Strikes(
            @DefaultValue("365") @Min(1) @Max(3650) int windowDays,
            @DefaultValue("0") @Min(0) @Max(1000) int warnAt,
            @DefaultValue("1") @Min(1) @Max(1000) int restrictAt,
            @DefaultValue("3") @Min(1) @Max(1000) int suspendAt) {
        public Strikes {
            if (warnAt > restrictAt || restrictAt > suspendAt) {
                throw new IllegalArgumentException(
                        "reports.strikes: warn-at <= restrict-at <= suspend-at is required");
            }
        }
    }

    /**
     * The settings as they are when nothing is configured, for code that runs outside the
     * application (tests, tools): the defaults above, bound the way Spring Boot binds them.
     */
    /**
     * Moderators' exposure to content (issue 14 wellness).
     *
     * @param dailyContentViews the soft limit of content views per moderator per day (UTC): above
     *     it the review UI suggests a break (it never blocks work). Counted: content or a comment
     *     shown, an original file viewed (each step), an evidence package downloaded
     */
    public record Wellness(@DefaultValue("150") @Positive int dailyContentViews) {}

    public static ReportsProperties defaults() {
        return new Binder().bindOrCreate("reports", ReportsProperties.class);
    }

    @Override
    public String toString() {
        // the KEK is a secret: never in a log line or a failure message
        return "ReportsProperties[dataDir=" + dataDir + ", kek=[REDACTED], ...]";
    }
}
