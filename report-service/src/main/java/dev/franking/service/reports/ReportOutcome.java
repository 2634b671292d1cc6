package dev.franking.service.reports;

import java.util.Locale;

/**
 * What the reporter may learn of the decision on their report ({@code reports.outcome}): whether
 * action was taken, never which (the {@code reports_outcome} CHECK of V5 holds the same list).
 */
enum ReportOutcome {
    NO_ACTION,
    ACTION_TAKEN;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
