package dev.franking.review.web;

import dev.franking.review.model.Views;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The form records the review UI binds to; never an entity. Limits come from {@link ReviewLimits}.
 */
public final class Forms {
    private Forms() {}

    public record NoteForm(
            @NotBlank(message = "{validation.required}")
                    @Size(max = ReviewLimits.NOTE_MAX_CHARS, message = "{validation.too-long}")
                    String text)
            implements Serializable {
        public static NoteForm empty() {
            return new NoteForm("");
        }
    }

    /** A decision's statement of reasons; the verb is the endpoint the form is posted to. */
    public record DecisionForm(
            @NotBlank(message = "{validation.required}")
                    @Size(max = ReviewLimits.GROUND_MAX, message = "{validation.too-long}")
                    String ground,
            @NotBlank(message = "{validation.required}")
                    @Size(max = ReviewLimits.FACTS_MAX, message = "{validation.too-long}")
                    String facts,
            Boolean automated)
            implements Serializable {
        public static DecisionForm empty() {
            return new DecisionForm("", "", false);
        }

        public boolean automatedMeans() {
            return Boolean.TRUE.equals(automated);
        }
    }

    /** Escalate and reopen: a reason. */
    public record ReasonForm(
            @NotBlank(message = "{validation.required}")
                    @Size(max = ReviewLimits.REASON_MAX, message = "{validation.too-long}")
                    String reason)
            implements Serializable {
        public static ReasonForm empty() {
            return new ReasonForm("");
        }
    }

    public record ReassignForm(
            @NotBlank(message = "{validation.required}")
                    @Size(max = ReviewLimits.USERNAME_MAX, message = "{validation.too-long}")
                    String username)
            implements Serializable {
        public static ReassignForm empty() {
            return new ReassignForm("");
        }
    }

    /**
     * A request to forward a case's evidence to a destination (child-safety moderators), with what
     * a CyberTipline report is to say: the incident type (preset to the case's default), high
     * priority with its reason, and annotations.
     */
    public record ForwardForm(
            @NotNull(message = "{validation.choose}") UUID destinationId,
            @NotBlank(message = "{validation.required}")
                    @Size(max = ReviewLimits.REASON_MAX, message = "{validation.too-long}")
                    String reason,
            Views.IncidentType incidentType,
            Boolean highPriority,
            @Size(max = ReviewLimits.REASON_MAX, message = "{validation.too-long}")
                    String escalation,
            Set<Views.ReportAnnotation> annotations)
            implements Serializable {
        public static ForwardForm empty() {
            return empty(null);
        }

        /** An empty form whose incident type is the case's default. */
        public static ForwardForm empty(Views.IncidentType defaultType) {
            return new ForwardForm(null, "", defaultType, false, "", Set.of());
        }

        /** The CyberTipline choices; the escalation reason only when high priority is asked. */
        public Views.TiplineChoices tipline() {
            return new Views.TiplineChoices(
                    incidentType,
                    Boolean.TRUE.equals(highPriority)
                            ? (escalation == null ? "" : escalation.strip())
                            : null,
                    annotations);
        }
    }

    /**
     * A new forwarding destination (admins). The secret is write-only: it is never rendered, never
     * carried back in a flash attribute and never printed.
     */
    public record DestinationForm(
            @NotBlank(message = "{validation.required}")
                    @Size(
                            max = ReviewLimits.DESTINATION_NAME_MAX,
                            message = "{validation.too-long}")
                    String name,
            @NotBlank(message = "{validation.choose}")
                    @Pattern(regexp = DESTINATION_KIND_PATTERN, message = "{validation.choose}")
                    String kind,
            @Size(max = ReviewLimits.DESTINATION_URL_MAX, message = "{validation.too-long}")
                    String url,
            @Size(max = ReviewLimits.DESTINATION_USERNAME_MAX, message = "{validation.too-long}")
                    String username,
            @Size(max = ReviewLimits.DESTINATION_SECRET_MAX, message = "{validation.too-long}")
                    String secret)
            implements Serializable {
        public static DestinationForm empty() {
            return new DestinationForm("", "", "", "", null);
        }

        /** The same form without its secret, to show again after a validation error. */
        public DestinationForm withoutSecret() {
            return new DestinationForm(name, kind, url, username, null);
        }

        @Override
        public String toString() {
            return "DestinationForm[name="
                    + name
                    + ", kind="
                    + kind
                    + ", url="
                    + url
                    + ", username="
                    + username
                    + ", secret="
                    + (secret == null || secret.isEmpty() ? "" : "[REDACTED]")
                    + "]";
        }
    }

    /**
     * The kinds of destination {@code Evidence.addDestination} takes, in the order the form offers
     * them.
     */
    public static final java.util.List<String> DESTINATION_KINDS =
            java.util.List.of("cybertipline", "webhook", "download");

    static final String DESTINATION_KIND_PATTERN = "cybertipline|webhook|download";

    /** The audit page's filters (a GET form); {@code to} is inclusive. */
    public record AuditQuery(
            @Size(max = ReviewLimits.FILTER_MAX, message = "{validation.too-long}") String actor,
            @Size(max = ReviewLimits.FILTER_MAX, message = "{validation.too-long}") String event,
            UUID caseId,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            Long before)
            implements Serializable {}
}
