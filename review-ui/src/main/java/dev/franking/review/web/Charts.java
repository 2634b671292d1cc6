package dev.franking.review.web;

import dev.franking.review.model.Views.DayCount;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's charts as geometry for server-rendered SVG: the template draws these rectangles
 * and labels; no script, no chart library.
 */
public final class Charts {
    public static final int WIDTH = 640;
    public static final int LABEL_WIDTH = 180;
    public static final int BAR_HEIGHT = 22;
    public static final int GAP = 8;
    public static final int COLUMN_HEIGHT = 180;

    private Charts() {}

    /** One horizontal bar: its label and value, and where to draw it. */
    public record Bar(String key, long value, int y, int width, int labelY, int valueX) {}

    public record BarChart(List<Bar> bars, int width, int height, int labelWidth, int barHeight) {}

    /** One column of a time series. */
    public record Column(String day, long value, int x, int y, int width, int height) {}

    /** A label of the day axis; {@code anchor} is the SVG text-anchor class (start or end). */
    public record Tick(String label, int x, boolean end) {}

    public record ColumnChart(
            List<Column> columns,
            int width,
            int height,
            int plotHeight,
            long max,
            String firstDay,
            String lastDay,
            List<Tick> ticks) {}

    public static BarChart bars(Map<String, Long> values) {
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(0);
        int room = WIDTH - LABEL_WIDTH - 60;
        List<Bar> bars = new ArrayList<>();
        int y = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            long v = e.getValue() == null ? 0 : e.getValue();
            int w =
                    max == 0
                            ? 0
                            : (int) Math.max(v > 0 ? 1 : 0, Math.round((double) v * room / max));
            bars.add(new Bar(e.getKey(), v, y, w, y + BAR_HEIGHT - 6, LABEL_WIDTH + w + 6));
            y += BAR_HEIGHT + GAP;
        }
        return new BarChart(bars, WIDTH, Math.max(y, BAR_HEIGHT), LABEL_WIDTH, BAR_HEIGHT);
    }

    public static ColumnChart columns(List<DayCount> days) {
        if (days.isEmpty()) {
            return columns(days, null, null);
        }
        LocalDate first = days.stream().map(DayCount::day).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = days.stream().map(DayCount::day).max(LocalDate::compareTo).orElseThrow();
        return columns(days, first, last);
    }

    /**
     * One column per calendar day from {@code from} to {@code to} (inclusive): days without reports
     * are drawn as zero rather than left out, and a day the port lists twice is counted once (its
     * counts summed), so the axis never shows a date twice.
     */
    public static ColumnChart columns(List<DayCount> counts, LocalDate from, LocalDate to) {
        Map<LocalDate, Long> byDay = new TreeMap<>();
        for (DayCount d : counts) {
            byDay.merge(d.day(), d.reports(), Long::sum);
        }
        List<DayCount> days = new ArrayList<>();
        if (from != null && to != null && !to.isBefore(from)) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(new DayCount(d, byDay.getOrDefault(d, 0L)));
            }
        } else {
            byDay.forEach((d, n) -> days.add(new DayCount(d, n)));
        }
        long max = days.stream().mapToLong(DayCount::reports).max().orElse(0);
        int n = Math.max(1, days.size());
        int slot = Math.max(2, WIDTH / n);
        int w = Math.max(1, slot - Math.max(1, slot / 5));
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            DayCount d = days.get(i);
            int h =
                    max == 0
                            ? 0
                            : (int)
                                    Math.max(
                                            d.reports() > 0 ? 1 : 0,
                                            Math.round((double) d.reports() * COLUMN_HEIGHT / max));
            cols.add(
                    new Column(d.day().toString(), d.reports(), i * slot, COLUMN_HEIGHT - h, w, h));
        }
        int width = Math.max(WIDTH, n * slot);
        String first = days.isEmpty() ? null : days.get(0).day().toString();
        String last = days.isEmpty() ? null : days.get(days.size() - 1).day().toString();
        List<Tick> ticks = new ArrayList<>();
        if (first != null) {
            ticks.add(new Tick(first, 0, false));
            if (!first.equals(last)) {
                ticks.add(new Tick(last, width, true));
            }
        }
        return new ColumnChart(
                cols,
                width,
                COLUMN_HEIGHT + 24,
                COLUMN_HEIGHT,
                max,
                first,
                last,
                List.copyOf(ticks));
    }
}
