package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The appeals port in memory, as the report service behaves: two open appeals, one on the sample
 * case (decided by {@link #DECIDER}, someone none of the test users is) and one on the child-safety
 * case (decided by carl, so carl is refused: four eyes), hidden from those who do not see child
 * safety. Refusals and decisions are recorded for the tests to check.
 */
public class InMemoryAppeals implements ReviewPorts.Appeals {
    public static final UUID SAMPLE = UUID.fromString("00000000-0000-4000-8000-0000000000f1");
    public static final UUID CHILD = UUID.fromString("00000000-0000-4000-8000-0000000000f2");
    public static final String DECIDER = "former-mod";
    public static final String STATEMENT = "It was a joke between friends, please look again.";

    public record Decided(UUID appealId, String outcome, String reason, String by) {}

    public record Refused(UUID appealId, String key, String by) {}

    public final List<Decided> decided = new CopyOnWriteArrayList<>();
    public final List<Refused> refused = new CopyOnWriteArrayList<>();
    public final List<String> statementViews = new CopyOnWriteArrayList<>();

    private final Map<UUID, AppealRow> open = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryAppeals(InMemoryReviewPorts ports, Clock clock) {
        this.clock = clock;
        ports.onReset(this::reset);
    }

    public synchronized void reset() {
        decided.clear();
        refused.clear();
        statementViews.clear();
        open.clear();
        Instant now = clock.instant();
        open.put(
                SAMPLE,
                new AppealRow(
                        SAMPLE,
                        InMemoryReviewPorts.CASE,
                        "mallory",
                        false,
                        "reporter",
                        now.minus(Duration.ofHours(2)),
                        "dismiss",
                        DECIDER,
                        now.minus(Duration.ofDays(1)),
                        "Terms of service: not abuse",
                        "The messages are banter between friends.",
                        false));
        open.put(
                CHILD,
                new AppealRow(
                        CHILD,
                        InMemoryReviewPorts.CHILD_CASE,
                        "trent",
                        true,
                        "affected_user",
                        now.minus(Duration.ofHours(1)),
                        "suspend",
                        "carl",
                        now.minus(Duration.ofDays(2)),
                        "Terms of service: child safety",
                        "Verified images.",
                        false));
    }

    private AppealRow visible(UUID id, Reviewer viewer) {
        AppealRow a = open.get(id);
        if (a == null || (a.childSafety() && !viewer.seesChildSafety())) {
            throw new ReviewPorts.NotFound();
        }
        return a;
    }

    private static AppealRow forViewer(AppealRow a, Reviewer viewer) {
        return new AppealRow(
                a.id(),
                a.caseId(),
                a.reportedAccount(),
                a.childSafety(),
                a.appellant(),
                a.filedAt(),
                a.decision(),
                a.decidedBy(),
                a.decidedAt(),
                a.ground(),
                a.facts(),
                viewer.username().equals(a.decidedBy()));
    }

    @Override
    public synchronized List<AppealRow> open(Reviewer viewer) {
        List<AppealRow> rows = new ArrayList<>();
        for (AppealRow a : open.values()) {
            if (!a.childSafety() || viewer.seesChildSafety()) {
                rows.add(forViewer(a, viewer));
            }
        }
        rows.sort(java.util.Comparator.comparing(AppealRow::filedAt));
        return rows;
    }

    @Override
    public synchronized int awaitingCount(Reviewer viewer) {
        return (int) open(viewer).stream().filter(a -> !a.mine()).count();
    }

    @Override
    public synchronized String revealStatement(UUID appealId, Reviewer viewer) {
        visible(appealId, viewer);
        statementViews.add(viewer.username());
        return STATEMENT;
    }

    @Override
    public void uphold(UUID appealId, String reason, Reviewer by) {
        decide(appealId, "upheld", reason, by);
    }

    @Override
    public void reverse(UUID appealId, String reason, Reviewer by) {
        decide(appealId, "reversed", reason, by);
    }

    private synchronized void decide(UUID appealId, String outcome, String reason, Reviewer by) {
        AppealRow a = visible(appealId, by);
        String key = null;
        if (by.username().equals(a.decidedBy())) {
            key = "refused.appeal-four-eyes";
        } else if (reason == null || reason.isBlank() || reason.length() > 1000) {
            key = "refused.reason-required";
        }
        if (key != null) {
            refused.add(new Refused(appealId, key, by.username()));
            throw new ReviewPorts.ActionRefused(key);
        }
        open.remove(appealId);
        decided.add(new Decided(appealId, outcome, reason, by.username()));
    }

    @Override
    public AppealStats decided(Instant from, Instant to) {
        long total = decided.size();
        long reversed = decided.stream().filter(d -> d.outcome().equals("reversed")).count();
        return new AppealStats(total, reversed);
    }
}
