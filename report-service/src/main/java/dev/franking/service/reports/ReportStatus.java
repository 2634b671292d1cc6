package dev.franking.service.reports;

import java.util.Locale;

/**
 * A report's status as stored in {@code reports.status} and shown to its reporter (the {@code
 * reports_status} CHECK of V5 holds the same list).
 */
public enum ReportStatus {
    /** Stored, its case not yet decided. */
    RECEIVED,
    /** Its case was reopened after a decision. */
    IN_REVIEW,
    /** Its case was decided; {@link ReportOutcome} says whether action was taken. */
    DECIDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
