package dev.franking.review.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;

/** The form records the review UI binds to; never an entity. Limits come from {@link ReviewLimits}. */
public final class Forms {
    private Forms() {
    }

    public record NoteForm(
            @NotBlank(message = "{validation.required}")
            @Size(max = ReviewLimits.NOTE_MAX_CHARS, message = "{validation.too-long}") String text) implements Serializable {
        public static NoteForm empty() {
            return new NoteForm("");
        }
    }

    /** A decision's statement of reasons; the verb is the endpoint the form is posted to. */
    public record DecisionForm(
            @NotBlank(message = "{validation.required}")
            @Size(max = ReviewLimits.GROUND_MAX, message = "{validation.too-long}") String ground,
            @NotBlank(message = "{validation.required}")
            @Size(max = ReviewLimits.FACTS_MAX, message = "{validation.too-long}") String facts,
            Boolean automated) implements Serializable {
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
            @Size(max = ReviewLimits.REASON_MAX, message = "{validation.too-long}") String reason) implements Serializable {
        public static ReasonForm empty() {
            return new ReasonForm("");
        }
    }

    public record ReassignForm(
            @NotBlank(message = "{validation.required}")
            @Size(max = ReviewLimits.USERNAME_MAX, message = "{validation.too-long}") String username) implements Serializable {
        public static ReassignForm empty() {
            return new ReassignForm("");
        }
    }

    /** The audit page's filters (a GET form); {@code to} is inclusive. */
    public record AuditQuery(
            @Size(max = ReviewLimits.FILTER_MAX, message = "{validation.too-long}") String actor,
            @Size(max = ReviewLimits.FILTER_MAX, message = "{validation.too-long}") String event,
            UUID caseId,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            Long before) implements Serializable {
    }
}
