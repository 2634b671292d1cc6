package dev.franking.review.web;

import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.CategoryCount;
import dev.franking.review.model.Views.ReportRow;
import dev.franking.review.model.Views.ReportVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A case's reports as the case page shows them (issue 14: a mixed case of 21 reports over 6
 * categories was a 14,659-pixel page): by category, most severe first, each with its counts; within
 * a category, reports holding the same messages in the same order (the same commitments, told apart
 * without decrypting) are shown once, with how many reporters sent them. Public only because the
 * templates read it.
 */
public final class ReportGroups {
    private ReportGroups() {}

    /**
     * Reports of one category with the same transcript.
     *
     * @param reports the reports, oldest first; {@link #first()} stands for all of them
     * @param reporters how many distinct reporters sent them
     */
    public record Same(List<ReportRow> reports, int reporters) {
        public ReportRow first() {
            return reports.get(0);
        }

        public boolean several() {
            return reports.size() > 1;
        }
    }

    /** One category of a case: its reports, grouped, and how many were upheld or dismissed. */
    public record Category(
            String category, List<Same> groups, int reports, int upheld, int dismissed) {
        public int undecided() {
            return reports - upheld - dismissed;
        }
    }

    /**
     * The case's counts by category over all its reports (not only this page's), most severe first;
     * {@code severity} lists categories most severe first.
     */
    static List<CategoryCount> breakdown(CaseView c, List<String> severity) {
        List<CategoryCount> out = new ArrayList<>(c.reportsPage().breakdown());
        out.sort(
                java.util.Comparator.comparingInt(
                        b -> {
                            int i = severity.indexOf(b.category());
                            return i < 0 ? Integer.MAX_VALUE : i;
                        }));
        return List.copyOf(out);
    }

    /**
     * The groups of a case's reports on this page (a big case's reports come a page at a time:
     * reports are grouped as identical within the page); {@code severity} lists categories most
     * severe first.
     */
    static List<Category> of(CaseView c, List<String> severity) {
        Map<String, Map<List<UUID>, List<ReportRow>>> byCategory = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (String s : severity) {
            order.add(s);
        }
        for (ReportRow r : c.reports()) {
            if (!order.contains(r.category())) {
                order.add(r.category());
            }
        }
        for (String category : order) {
            for (ReportRow r : c.reports()) {
                if (r.category().equals(category)) {
                    byCategory
                            .computeIfAbsent(category, k -> new LinkedHashMap<>())
                            .computeIfAbsent(r.itemsInOrder(), k -> new ArrayList<>())
                            .add(r);
                }
            }
        }
        List<Category> out = new ArrayList<>();
        byCategory.forEach(
                (category, same) -> {
                    List<Same> groups = new ArrayList<>();
                    int reports = 0;
                    int upheld = 0;
                    int dismissed = 0;
                    for (List<ReportRow> rows : same.values()) {
                        LinkedHashSet<String> reporters = new LinkedHashSet<>();
                        for (ReportRow r : rows) {
                            reporters.add(r.reporterPseudonym());
                            reports++;
                            if (r.verdict() == ReportVerdict.UPHELD) {
                                upheld++;
                            } else if (r.verdict() == ReportVerdict.DISMISSED) {
                                dismissed++;
                            }
                        }
                        groups.add(new Same(List.copyOf(rows), reporters.size()));
                    }
                    out.add(
                            new Category(
                                    category, List.copyOf(groups), reports, upheld, dismissed));
                });
        return List.copyOf(out);
    }
}
