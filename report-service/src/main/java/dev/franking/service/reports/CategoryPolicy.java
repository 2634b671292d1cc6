package dev.franking.service.reports;

import java.time.Duration;
import java.util.Map;

/**
 * Severity and response targets per category. Severity is the category's rank (0 = child safety,
 * the most severe); the queue sorts on it first.
 */
public final class CategoryPolicy {
    private static final Map<Category, Duration> TARGETS =
            Map.of(
                    Category.CHILD_SAFETY, Duration.ofHours(1),
                    Category.SEXUAL_EXPLOITATION, Duration.ofHours(4),
                    Category.VIOLENT_THREAT, Duration.ofHours(4),
                    Category.TERRORISM, Duration.ofHours(4),
                    Category.SELF_HARM, Duration.ofHours(4),
                    Category.HARASSMENT, Duration.ofHours(24),
                    Category.HATE, Duration.ofHours(24),
                    Category.FRAUD, Duration.ofHours(48),
                    Category.SPAM, Duration.ofHours(72),
                    Category.OTHER, Duration.ofHours(72));

    private CategoryPolicy() {}

    public static int severity(String category) {
        return Category.of(category).orElse(Category.OTHER).ordinal();
    }

    public static Duration responseTarget(String category) {
        return TARGETS.get(Category.of(category).orElse(Category.OTHER));
    }
}
