package dev.franking.service;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's settings, bound from {@code reports.*} (environment: {@code REPORTS_DATA_DIR},
 * {@code REPORTS_KEK}, {@code REPORTS_RATE_LIMIT_PER_HOUR}, ...).
 */
@ConfigurationProperties("reports")
public record ReportsProperties(
        @DefaultValue("./data") Path dataDir,
        String kek,
        @DefaultValue StampKeys stampKeys,
        @DefaultValue EpochKeys epochKeys,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue RequestLimits limits,
        @DefaultValue Writer writer) {

    public record StampKeys(
            @DefaultValue("24h") Duration rotation,
            @DefaultValue("90d") Duration reportingWindow,
            @DefaultValue("1m") Duration checkInterval) {}

    /**
     * The epoch key store (DESIGN.md, "Keys at rest"): a directory ({@code directory}, by default
     * {@code <data dir>/epoch-keys}) unless {@code pkcs11.library} names a PKCS#11 module; ended
     * epochs are destroyed every {@code checkInterval}.
     */
    public record EpochKeys(
            Path directory,
            @DefaultValue("1h") Duration checkInterval,
            @DefaultValue Pkcs11 pkcs11) {}

    /**
     * An HSM through PKCS#11: the module's {@code library}, its token by {@code slot} id or by
     * {@code slotListIndex} (0 when neither is set), and the user {@code pin} ({@code
     * REPORTS_EPOCH_KEYS_PKCS11_PIN}).
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

    public record RateLimit(@DefaultValue("20") int reportsPerHour) {}

    /**
     * The report writer: at most {@code maxBatch} reports a transaction, at most {@code
     * queueCapacity} waiting (more get 503), and a request waits at most {@code timeout} for its
     * report to be stored.
     */
    public record Writer(
            @DefaultValue("256") int maxBatch,
            @DefaultValue("10000") int queueCapacity,
            @DefaultValue("30s") Duration timeout) {
        public Writer {
            if (maxBatch < 1 || queueCapacity < 1 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "reports.writer: max-batch and queue-capacity must be at least 1, timeout"
                                + " positive");
            }
        }
    }

    public record RequestLimits(
            @DefaultValue("8MB") DataSize stampRequest,
            @DefaultValue("4MB") DataSize reportRequest,
            @DefaultValue("32MB") DataSize attachment) {}
}
