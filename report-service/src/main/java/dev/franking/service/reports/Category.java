package dev.franking.service.reports;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Report categories of PROTOCOL.md §7, most severe first (the review queue's order). */
public enum Category {
    CHILD_SAFETY,
    SEXUAL_EXPLOITATION,
    VIOLENT_THREAT,
    TERRORISM,
    HARASSMENT,
    HATE,
    SELF_HARM,
    FRAUD,
    SPAM,
    OTHER;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    private static final Map<String, Category> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Category::wire, c -> c));

    public static Optional<Category> of(String wire) {
        return wire == null ? Optional.empty() : Optional.ofNullable(BY_WIRE.get(wire));
    }
}
