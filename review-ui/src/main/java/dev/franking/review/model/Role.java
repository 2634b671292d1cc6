package dev.franking.review.model;

import java.util.Locale;

/**
 * Who may do what in the review UI. Authorities are {@code ROLE_MODERATOR}, {@code
 * ROLE_CHILD_SAFETY}, {@code ROLE_ADMIN}.
 */
public enum Role {
    /** Triage and decide ordinary cases. */
    MODERATOR,
    /** Senior: also sees and decides child-safety cases. */
    CHILD_SAFETY,
    /** Everything, plus reassigning, the audit log, the dashboard and users. */
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
