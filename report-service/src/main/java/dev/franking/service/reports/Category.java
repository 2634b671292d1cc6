package dev.franking.service.reports;

import java.util.Arrays;
import java.util.Optional;

/** Report categories of PROTOCOL.md §7, most severe first (the review queue's order). */
public enum Category {
    CHILD_SAFETY, SEXUAL_EXPLOITATION, VIOLENT_THREAT, TERRORISM, HARASSMENT, HATE, SELF_HARM, FRAUD, SPAM, OTHER;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Category> of(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(wire)).findFirst();
    }
}
