package dev.franking.review.web;

import dev.franking.review.model.Views.DayCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    public record ColumnChart(
            List<Column> columns,
            int width,
            int height,
            int plotHeight,
            long max,
            String firstDay,
            String lastDay) {}

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
        String first = days.isEmpty() ? null : days.get(0).day().toString();
        String last = days.isEmpty() ? null : days.get(days.size() - 1).day().toString();
        return new ColumnChart(
                cols,
                Math.max(WIDTH, n * slot),
                COLUMN_HEIGHT + 24,
                COLUMN_HEIGHT,
                max,
                first,
                last);
    }
}
