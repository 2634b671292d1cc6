package dev.franking.service.crypto;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Epochs are ISO weeks in UTC, named {@code 2026-W49} (DESIGN.md, "Keys at rest"). A key that must
 * die at instant {@code t} is wrapped under the epoch {@code of(t)}, whose key is destroyed at
 * {@code end(of(t))}, which is after {@code t} and at most a week later.
 */
public final class Epochs {
    private static final Pattern NAME = Pattern.compile("(\\d{4})-W(\\d{2})");

    private Epochs() {}

    /** The epoch that contains {@code t}. */
    public static String of(Instant t) {
        LocalDate d = t.atZone(ZoneOffset.UTC).toLocalDate();
        return String.format(
                "%04d-W%02d",
                d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The first instant after {@code epoch}: the Monday 00:00 UTC that starts the next week. */
    public static Instant end(String epoch) {
        return start(epoch).plus(java.time.Duration.ofDays(7));
    }

    /** The Monday 00:00 UTC that starts {@code epoch}. */
    static Instant start(String epoch) {
        Matcher m = NAME.matcher(epoch == null ? "" : epoch);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an epoch name (YYYY-Www)");
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        // January 4th is always in week 1 of its week-based year
        LocalDate monday =
                LocalDate.of(year, 1, 4)
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .plusWeeks(week - 1L);
        if (week < 1 || monday.get(IsoFields.WEEK_BASED_YEAR) != year) {
            throw new IllegalArgumentException("not an epoch name (YYYY-Www)");
        }
        return monday.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether {@code name} is a well-formed epoch name. */
    static boolean valid(String name) {
        try {
            start(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
