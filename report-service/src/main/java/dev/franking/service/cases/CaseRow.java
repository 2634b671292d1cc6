package dev.franking.service.cases;

import dev.franking.review.model.Views.CaseStatus;
import dev.franking.service.reports.Category;
import java.time.Instant;
import java.util.UUID;

/** The columns of a case that authorisation and actions need. */
record CaseRow(
        UUID id,
        String sender,
        String category,
        int severity,
        String assignee,
        Instant escalatedAt,
        Instant closedAt,
        String decision,
        String decidedBy,
        byte[] wrappedKey,
        Instant openedAt,
        String reroutedFrom,
        Instant reroutedAt,
        String reroutedWhy) {
    static final int CHILD_SAFETY_SEVERITY = Category.CHILD_SAFETY.ordinal();

    boolean childSafety() {
        return severity == CHILD_SAFETY_SEVERITY || escalatedAt != null;
    }

    CaseStatus status() {
        return status(closedAt, escalatedAt, assignee);
    }

    static CaseStatus status(Instant closedAt, Instant escalatedAt, String assignee) {
        if (closedAt != null) {
            return CaseStatus.CLOSED;
        }
        if (escalatedAt != null) {
            return CaseStatus.ESCALATED;
        }
        return assignee != null ? CaseStatus.CLAIMED : CaseStatus.OPEN;
    }
}
