package dev.franking.review.web;

import dev.franking.review.model.Views;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * Formatting the templates call as {@code ${fmt.instant(x)}}; every word comes from
 * messages.properties. Times are shown in UTC, as the audit log records them.
 */
public final class ReviewFormat {
    private final MessageSource messages;

    public ReviewFormat(MessageSource messages) {
        this.messages = messages;
        this.eventCodes = eventCodes();
    }

    /**
     * The audit events this UI has a label for (the {@code event.*} keys of its
     * messages.properties), in code order: the audit page's event filter offers their labels.
     */
    private final java.util.List<String> eventCodes;

    private static java.util.List<String> eventCodes() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in =
                ReviewFormat.class.getResourceAsStream("/messages.properties")) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p.stringPropertyNames().stream()
                .filter(k -> k.startsWith("event."))
                .map(k -> k.substring("event.".length()))
                .sorted()
                .toList();
    }

    /** Label and code of every audit event with a label, by label (the filter's options). */
    public java.util.List<java.util.Map.Entry<String, String>> eventOptions() {
        java.util.Map<String, String> byLabel = new java.util.TreeMap<>();
        for (String code : eventCodes) {
            // two codes with one label (an old name kept for the trail): the first code is offered
            byLabel.putIfAbsent(event(code), code);
        }
        return java.util.List.copyOf(byLabel.entrySet());
    }

    /**
     * The event code a filter names: a code as it is, or a label as the page shows it (any case);
     * null for blank.
     */
    public String eventCode(String codeOrLabel) {
        if (codeOrLabel == null || codeOrLabel.isBlank()) {
            return null;
        }
        String s = codeOrLabel.strip();
        if (eventCodes.contains(s)) {
            return s;
        }
        for (String code : eventCodes) {
            if (event(code).equalsIgnoreCase(s)) {
                return code;
            }
        }
        return s;
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    private final java.util.concurrent.ConcurrentHashMap<
                    java.util.Map.Entry<String, java.util.Locale>, DateTimeFormatter>
            formatters = new java.util.concurrent.ConcurrentHashMap<>();

    public String instant(Instant t) {
        if (t == null) {
            return msg("format.none");
        }
        java.util.Locale locale = LocaleContextHolder.getLocale();
        String pattern = msg("format.instant");
        // a formatter a pattern and locale (parsing the pattern on every call was a visible part
        // of a page with fifty rows of times)
        DateTimeFormatter f =
                formatters.computeIfAbsent(
                        java.util.Map.entry(pattern, locale),
                        k ->
                                DateTimeFormatter.ofPattern(k.getKey(), k.getValue())
                                        .withZone(ZoneOffset.UTC));
        return f.format(t);
    }

    /** A pseudonym as pages show it: shortened to its first 32 bits (issue 11). */
    public String pseudonym(String pseudonym) {
        return pseudonym == null ? msg("format.none") : Views.Party.shortPseudonym(pseudonym);
    }

    /** The machine-readable form for {@code <time datetime>}. */
    public String iso(Instant t) {
        return t == null ? "" : DateTimeFormatter.ISO_INSTANT.format(t);
    }

    public String duration(Duration d) {
        if (d == null) {
            return msg("format.none");
        }
        long minutes = Math.max(0, d.toMinutes());
        long days = minutes / (24 * 60);
        long hours = (minutes / 60) % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return msg("format.duration.days", days, hours);
        }
        if (hours > 0) {
            return msg("format.duration.hours", hours, mins);
        }
        return msg("format.duration.minutes", mins);
    }

    public String bytes(long n) {
        if (n < 1024) {
            return msg("format.bytes", n);
        }
        if (n < 1024 * 1024) {
            return msg("format.kib", Math.round(n / 102.4) / 10.0);
        }
        return msg("format.mib", Math.round(n / (1024 * 102.4)) / 10.0);
    }

    /**
     * A category's display name, falling back to the category itself when messages.properties has
     * none.
     */
    public String category(String category) {
        if (category == null) {
            return msg("format.none");
        }
        return messages.getMessage(
                "category." + category, null, category, LocaleContextHolder.getLocale());
    }

    /** An audit event's display name, falling back to the event itself. */
    public String event(String event) {
        if (event == null) {
            return msg("format.none");
        }
        return messages.getMessage("event." + event, null, event, LocaleContextHolder.getLocale());
    }

    /** A decision's display name (dismiss, warn, ...), falling back to the value itself. */
    public String decision(String decision) {
        if (decision == null) {
            return msg("format.none");
        }
        return messages.getMessage(
                "decision." + decision.toLowerCase(java.util.Locale.ROOT),
                null,
                decision,
                LocaleContextHolder.getLocale());
    }

    /** Whether messages.properties has this key. */
    public boolean hasMessage(String key) {
        return key != null
                && messages.getMessage(key, null, null, LocaleContextHolder.getLocale()) != null;
    }

    /**
     * A forwarding status's display name (requested, queued, sent, ...), falling back to the status
     * itself.
     */
    public String forwardingStatus(String status) {
        if (status == null) {
            return msg("format.none");
        }
        return messages.getMessage(
                "forwarding.status." + status, null, status, LocaleContextHolder.getLocale());
    }

    /**
     * A destination kind's display name (cybertipline, webhook, download), falling back to the kind
     * itself.
     */
    public String destinationKind(String kind) {
        if (kind == null) {
            return msg("format.none");
        }
        return messages.getMessage(
                "destination.kind." + kind, null, kind, LocaleContextHolder.getLocale());
    }
}
