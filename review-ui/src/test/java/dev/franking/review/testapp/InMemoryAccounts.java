package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.AccountCase;
import dev.franking.review.model.Views.AccountDecision;
import dev.franking.review.model.Views.AccountHit;
import dev.franking.review.model.Views.AccountStanding;
import dev.franking.review.model.Views.AccountView;
import dev.franking.review.model.Views.CaseStatus;
import dev.franking.review.model.Views.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The accounts port in memory, with the report service's rules: figures over the cases the viewer
 * may see (child-safety cases only for child-safety staff and admins), strikes from upheld,
 * unreversed decisions within 365 days, thresholds warn 0 / restrict 1 / suspend 3, every view
 * recorded as the audit row would be.
 *
 * <p>acct-mallory has the test application's open case ({@link InMemoryReviewPorts#CASE}) and four
 * closed ones: warned 100 days ago and restricted 40 days ago (two strikes, the restriction in
 * force), suspended 20 days ago but reversed on appeal, dismissed 5 days ago; and a child-safety
 * case suspended 10 days ago that only child-safety staff see (three strikes, suspended).
 */
public class InMemoryAccounts implements ReviewPorts.Accounts {
    public static final UUID WARNED = UUID.fromString("00000000-0000-4000-8000-0000000000d1");
    public static final UUID RESTRICTED = UUID.fromString("00000000-0000-4000-8000-0000000000d2");
    public static final UUID REVERSED = UUID.fromString("00000000-0000-4000-8000-0000000000d3");
    public static final UUID DISMISSED = UUID.fromString("00000000-0000-4000-8000-0000000000d4");
    public static final UUID CHILD = UUID.fromString("00000000-0000-4000-8000-0000000000d5");
    static final int WINDOW_DAYS = 365;

    record Entry(
            String account,
            UUID id,
            String category,
            boolean childSafety,
            CaseStatus status,
            Instant openedAt,
            Instant closedAt,
            List<AccountDecision> decisions) {}

    private final Clock clock;
    private final List<Entry> entries = new ArrayList<>();

    /** Account pages shown, as "username account" (the audit row the report service writes). */
    public final List<String> views = new CopyOnWriteArrayList<>();

    public InMemoryAccounts(Clock clock, InMemoryReviewPorts ports) {
        this.clock = clock;
        ports.onReset(this::reset);
    }

    public synchronized void reset() {
        views.clear();
        entries.clear();
        Instant now = clock.instant();
        entries.add(
                new Entry(
                        "acct-mallory",
                        InMemoryReviewPorts.CASE,
                        "harassment",
                        false,
                        CaseStatus.OPEN,
                        now.minus(Duration.ofHours(30)),
                        null,
                        List.of()));
        closed("acct-mallory", WARNED, "spam", false, now, 101, 100, Decision.WARN, null);
        closed(
                "acct-mallory",
                RESTRICTED,
                "harassment",
                false,
                now,
                41,
                40,
                Decision.RESTRICT,
                null);
        closed("acct-mallory", REVERSED, "hate", false, now, 21, 20, Decision.SUSPEND, "appeal");
        closed("acct-mallory", DISMISSED, "spam", false, now, 6, 5, Decision.DISMISS, null);
        closed("acct-mallory", CHILD, "child_safety", true, now, 11, 10, Decision.SUSPEND, null);
        closed(
                "acct-mallet",
                UUID.fromString("00000000-0000-4000-8000-0000000000d6"),
                "spam",
                false,
                now,
                3,
                2,
                Decision.DISMISS,
                null);
        entries.add(
                new Entry(
                        "acct-groomer",
                        InMemoryReviewPorts.CHILD_CASE,
                        "child_safety",
                        true,
                        CaseStatus.OPEN,
                        now.minus(Duration.ofMinutes(20)),
                        null,
                        List.of()));
    }

    private void closed(
            String account,
            UUID id,
            String category,
            boolean childSafety,
            Instant now,
            int openedDaysAgo,
            int decidedDaysAgo,
            Decision d,
            String reversedWhy) {
        Instant decided = now.minus(Duration.ofDays(decidedDaysAgo));
        Instant reversed = reversedWhy == null ? null : decided.plus(Duration.ofDays(2));
        boolean strike = d != Decision.DISMISS && reversed == null && decidedDaysAgo <= WINDOW_DAYS;
        entries.add(
                new Entry(
                        account,
                        id,
                        category,
                        childSafety,
                        CaseStatus.CLOSED,
                        now.minus(Duration.ofDays(openedDaysAgo)),
                        decided,
                        List.of(
                                new AccountDecision(
                                        id,
                                        d,
                                        "mona",
                                        decided,
                                        "Terms of service: " + category,
                                        "Facts of the " + category + " case.",
                                        false,
                                        reversed,
                                        reversedWhy,
                                        strike))));
    }

    private List<Entry> visible(String account, Reviewer viewer) {
        return entries.stream()
                .filter(e -> e.account().equals(account))
                .filter(e -> !e.childSafety() || viewer.seesChildSafety())
                .sorted(Comparator.comparing(Entry::openedAt).reversed())
                .toList();
    }

    @Override
    public synchronized List<AccountHit> search(String query, int limit, Reviewer viewer) {
        List<String> accounts =
                entries.stream()
                        .map(Entry::account)
                        .distinct()
                        .filter(
                                a ->
                                        a.equals(query)
                                                || (query.length() >= PREFIX_MIN
                                                        && a.startsWith(query)))
                        .sorted(
                                Comparator.comparing((String a) -> !a.equals(query))
                                        .thenComparing(Comparator.naturalOrder()))
                        .toList();
        List<AccountHit> hits = new ArrayList<>();
        for (String a : accounts) {
            List<Entry> v = visible(a, viewer);
            if (!v.isEmpty() && hits.size() < limit) {
                hits.add(
                        new AccountHit(
                                a,
                                v.size(),
                                (int) v.stream().filter(e -> e.closedAt() == null).count(),
                                v.get(0).openedAt()));
            }
        }
        return hits;
    }

    @Override
    public synchronized Optional<AccountView> view(
            String account, String cursor, int limit, Reviewer viewer) {
        List<Entry> v = visible(account, viewer);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        int from = 0;
        if (cursor != null) {
            if (!cursor.matches("n[0-9]{1,4}")) {
                throw new IllegalArgumentException("not a cursor of the account page");
            }
            from = Integer.parseInt(cursor.substring(1));
        }
        int to = Math.min(v.size(), from + limit);
        List<AccountCase> page =
                v.subList(Math.min(from, v.size()), to).stream()
                        .map(
                                e ->
                                        new AccountCase(
                                                e.id(),
                                                e.category(),
                                                e.status(),
                                                e.openedAt(),
                                                e.closedAt(),
                                                e.decisions()))
                        .toList();
        views.add(viewer.username() + " " + account);
        return Optional.of(
                new AccountView(
                        account,
                        standing(account, viewer),
                        v.size(),
                        (int) v.stream().filter(e -> e.closedAt() == null).count(),
                        page,
                        to < v.size() ? "n" + to : null));
    }

    @Override
    public synchronized AccountStanding standing(String account, Reviewer viewer) {
        List<AccountDecision> strikes = new ArrayList<>();
        AccountDecision inForce = null;
        for (Entry e : visible(account, viewer)) {
            for (AccountDecision d : e.decisions()) {
                if (d.strike()) {
                    strikes.add(d);
                }
                if (!d.reversed()
                        && (d.decision() == Decision.SUSPEND || d.decision() == Decision.RESTRICT)
                        && (inForce == null
                                || (inForce.decision() == Decision.RESTRICT
                                        && d.decision() == Decision.SUSPEND))) {
                    inForce = d;
                }
            }
        }
        int n = strikes.size();
        Decision suggestion =
                n >= 3 ? Decision.SUSPEND : n >= 1 ? Decision.RESTRICT : Decision.WARN;
        return new AccountStanding(
                account,
                n,
                WINDOW_DAYS,
                inForce == null ? null : inForce.decision(),
                inForce == null ? null : inForce.caseId(),
                inForce == null ? null : inForce.decidedAt(),
                suggestion,
                strikes);
    }
}
