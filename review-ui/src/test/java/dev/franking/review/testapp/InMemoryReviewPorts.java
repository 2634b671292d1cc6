package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.AttachmentRow;
import dev.franking.review.model.Views.AuditFilter;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.review.model.Views.CaseStatus;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.ChainCheck;
import dev.franking.review.model.Views.DashboardStats;
import dev.franking.review.model.Views.DayCount;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.EvidenceRow;
import dev.franking.review.model.Views.HistoryRow;
import dev.franking.review.model.Views.NoteRow;
import dev.franking.review.model.Views.Party;
import dev.franking.review.model.Views.Proof;
import dev.franking.review.model.Views.QueueFilter;
import dev.franking.review.model.Views.QueuePage;
import dev.franking.review.model.Views.QueueRow;
import dev.franking.review.model.Views.ReportRow;
import dev.franking.review.model.Views.RevealedAttachment;
import dev.franking.review.model.Views.RevealedItem;
import dev.franking.review.model.Views.StatementOfReasons;
import dev.franking.review.model.Views.TranscriptLine;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-memory test doubles of the review UI's ports, for the UI's own tests (the real
 * implementations, on PostgreSQL, are the report service's). Child-safety cases are invisible to
 * plain moderators, as the real ports make them; every reveal and decision is recorded so tests can
 * assert what the UI asked for.
 */
public class InMemoryReviewPorts
        implements ReviewPorts.Queue,
                ReviewPorts.Cases,
                ReviewPorts.Actions,
                ReviewPorts.Audit,
                ReviewPorts.Dashboard {

    public static final UUID CASE = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    public static final UUID CHILD_CASE = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    public static final UUID CLOSED_CASE = UUID.fromString("00000000-0000-4000-8000-00000000000c");
    public static final UUID REPORT = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
    public static final UUID ITEM = UUID.fromString("00000000-0000-4000-8000-0000000000e1");
    public static final UUID CONTEXT_ITEM = UUID.fromString("00000000-0000-4000-8000-0000000000e2");
    public static final String SECRET_TEXT = "you will regret this, meet me at the station";
    public static final String COMMENT = "he keeps sending these";
    public static final String LONG_TEXT = "a long context message. ".repeat(40);

    /**
     * The reporter of {@link #REPORT}, as the report service's pseudonyms name them (128 bits);
     * pages show {@link #REPORTER_SHOWN}. Their account id never reaches the UI.
     */
    public static final String REPORTER = "P-7F3A0C1D2E3F405162738495A6B7C8D9";

    public static final String REPORTER_SHOWN = "P-7F3A0C1D…";

    /**
     * A colourful 240 × 160 PNG with sharp stripes and a checkerboard (the server-side preview must
     * turn it into something grey and smooth).
     */
    public static final byte[] PNG = colourfulPng();

    static byte[] colourfulPng() {
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(
                        240, 160, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] colours = {0xff0000, 0x00c000, 0x0000ff, 0xffff00, 0xff00ff, 0x00ffff};
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 240; x++) {
                int c = colours[(x / 40) % colours.length];
                img.setRGB(x, y, ((x / 4 + y / 4) % 2 == 0) ? c : 0x000000);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public record Reveal(UUID caseId, UUID itemId, String by) {}

    public record DecisionMade(
            UUID caseId, Decision decision, StatementOfReasons reasons, String by) {}

    public record ActionDone(String verb, UUID caseId, String detail, String by) {}

    private final Clock clock;
    private final Map<UUID, MutableCase> cases = new LinkedHashMap<>();
    public final List<Reveal> reveals = new CopyOnWriteArrayList<>();
    public final List<Reveal> attachmentReveals = new CopyOnWriteArrayList<>();

    /** Decryptions for a blurred preview only (not views). */
    public final List<Reveal> previewReveals = new CopyOnWriteArrayList<>();

    public final List<Reveal> commentReveals = new CopyOnWriteArrayList<>();

    /** A whole transcript shown in one action: the one audit row it writes (report, items). */
    public record TranscriptReveal(UUID caseId, UUID reportId, List<UUID> items, String by) {}

    public final List<TranscriptReveal> transcriptReveals = new CopyOnWriteArrayList<>();

    /** Every recorded view (what a grant stands on): a message or a report's transcript. */
    private record Viewed(UUID caseId, UUID subject, boolean transcript, String by, Instant at) {}

    private final List<Viewed> viewed = new CopyOnWriteArrayList<>();

    /** The text of items added by tests (others: {@link #SECRET_TEXT} or {@link #LONG_TEXT}). */
    private final Map<UUID, String> texts = new java.util.concurrent.ConcurrentHashMap<>();

    public record Verdict(UUID caseId, UUID reportId, Views.ReportVerdict verdict, String by) {}

    public final List<Verdict> verdicts = new CopyOnWriteArrayList<>();
    public final List<DecisionMade> decisions = new CopyOnWriteArrayList<>();
    public final List<ActionDone> actions = new CopyOnWriteArrayList<>();
    public final List<AuditRow> audit = new CopyOnWriteArrayList<>();
    public volatile Long brokenSeq;

    /** Retention has destroyed the evidence: reveals are refused. */
    public volatile boolean evidenceDestroyed;

    /** The last queue filter asked for, to check the filter form. */
    public volatile QueueFilter lastFilter;

    static final class MutableCase {
        UUID id;
        String account;
        String category;
        boolean childSafety;
        CaseStatus status = CaseStatus.OPEN;
        String assignee;
        Instant openedAt;
        Instant closedAt;
        String decision;
        int reporters;
        List<ReportRow> reports = new ArrayList<>();
        List<EvidenceRow> evidence = new ArrayList<>();
        List<NoteRow> notes = new ArrayList<>();
        List<HistoryRow> history = new ArrayList<>();
        boolean assigneeSeesChildSafety;
        String movedFrom;
        String movedWhy;
        Instant movedAt;
        String escalatedBy;
    }

    /** Other test doubles that reset with this one (the evidence port). */
    private final List<Runnable> resetHooks = new CopyOnWriteArrayList<>();

    public void onReset(Runnable hook) {
        resetHooks.add(hook);
        hook.run();
    }

    public InMemoryReviewPorts(Clock clock) {
        this.clock = clock;
        reset();
    }

    public synchronized void reset() {
        cases.clear();
        reveals.clear();
        attachmentReveals.clear();
        previewReveals.clear();
        commentReveals.clear();
        transcriptReveals.clear();
        viewed.clear();
        commentsViewed.clear();
        originalViews.clear();
        texts.clear();
        verdicts.clear();
        decisions.clear();
        actions.clear();
        audit.clear();
        brokenSeq = null;
        evidenceDestroyed = false;
        lastFilter = null;
        Instant now = clock.instant();

        MutableCase a = new MutableCase();
        a.id = CASE;
        a.account = "acct-mallory";
        a.category = "harassment";
        a.openedAt = now.minus(Duration.ofHours(30));
        a.reporters = 2;
        Proof proof =
                new Proof(
                        Party.account("acct-mallory"),
                        Party.pseudonymous(REPORTER),
                        "conv-42",
                        now.minus(Duration.ofHours(32)),
                        "kid-2026-01",
                        now.minus(Duration.ofHours(30)));
        a.evidence.add(
                new EvidenceRow(
                        ITEM,
                        "msg-1001",
                        Party.account("acct-mallory"),
                        "conv-42",
                        now.minus(Duration.ofHours(31)),
                        "text/plain",
                        SECRET_TEXT.length(),
                        2,
                        List.of(proof),
                        List.of(
                                new AttachmentRow(
                                        0, "image/png", PNG.length, "ab".repeat(32), true))));
        a.evidence.add(
                new EvidenceRow(
                        CONTEXT_ITEM,
                        "msg-1000",
                        Party.pseudonymous(REPORTER),
                        "conv-42",
                        now.minus(Duration.ofHours(32)),
                        "text/plain",
                        5,
                        1,
                        List.of(),
                        List.of()));
        a.reports.add(
                new ReportRow(
                        REPORT,
                        REPORTER,
                        "harassment",
                        true,
                        now.minus(Duration.ofHours(30)),
                        // listed out of order on purpose: pages follow the causal position. The
                        // reported message had seen two messages the report left out; the
                        // reporter's reply came after it, though their clock, 75 minutes behind,
                        // says before
                        List.of(
                                new TranscriptLine(
                                        1,
                                        CONTEXT_ITEM,
                                        Party.pseudonymous(REPORTER),
                                        now.minus(Duration.ofHours(31))
                                                .minus(Duration.ofMinutes(75)),
                                        now.minus(Duration.ofHours(31)),
                                        false,
                                        1,
                                        0,
                                        true),
                                new TranscriptLine(
                                        0,
                                        ITEM,
                                        Party.account("acct-mallory"),
                                        now.minus(Duration.ofHours(32))
                                                .minus(Duration.ofMinutes(1)),
                                        now.minus(Duration.ofHours(32)),
                                        true,
                                        0,
                                        2,
                                        false))));
        a.history.add(new HistoryRow(a.openedAt, "system", "report.received", REPORT.toString()));
        cases.put(a.id, a);

        MutableCase cs = new MutableCase();
        cs.id = CHILD_CASE;
        cs.account = "acct-groomer";
        cs.category = "child_safety";
        cs.childSafety = true;
        cs.openedAt = now.minus(Duration.ofMinutes(20));
        cs.reporters = 1;
        cases.put(cs.id, cs);

        MutableCase closed = new MutableCase();
        closed.id = CLOSED_CASE;
        closed.account = "acct-spammer";
        closed.category = "spam";
        closed.openedAt = now.minus(Duration.ofDays(3));
        closed.closedAt = now.minus(Duration.ofDays(2));
        closed.status = CaseStatus.CLOSED;
        closed.decision = "DISMISS";
        closed.reporters = 1;
        cases.put(closed.id, closed);

        for (int i = 1; i <= 3; i++) {
            audit.add(
                    new AuditRow(
                            i,
                            now.minus(Duration.ofMinutes(60 - i)),
                            i == 2 ? "mona" : "system",
                            i == 2 ? "evidence.viewed" : "report.received",
                            CASE,
                            "item-" + i,
                            "detail " + i,
                            "%064x".formatted(i)));
        }
        resetHooks.forEach(Runnable::run);
    }

    /**
     * Adds an open, unassigned case with one reported text message (browser tests: "decide and
     * next", moving through a queue of several rows).
     */
    public synchronized UUID addOpenCase(String account, String category) {
        Instant now = clock.instant();
        MutableCase c = new MutableCase();
        c.id = UUID.randomUUID();
        c.account = account;
        c.category = category;
        c.openedAt = now.minus(Duration.ofHours(2));
        c.reporters = 1;
        UUID item = UUID.randomUUID();
        c.evidence.add(
                new EvidenceRow(
                        item,
                        "msg-" + account,
                        Party.account(account),
                        "conv-" + account,
                        now.minus(Duration.ofHours(3)),
                        "text/plain",
                        5,
                        1,
                        List.of(),
                        List.of()));
        c.reports.add(
                new ReportRow(
                        UUID.randomUUID(),
                        REPORTER,
                        category,
                        false,
                        c.openedAt,
                        List.of(
                                new TranscriptLine(
                                        0,
                                        item,
                                        Party.account(account),
                                        now.minus(Duration.ofHours(3)).plus(Duration.ofMinutes(25)),
                                        now.minus(Duration.ofHours(3)),
                                        true,
                                        0,
                                        1,
                                        false))));
        cases.put(c.id, c);
        return c.id;
    }

    /** Every case's id, in insertion order (the approvals double walks them). */
    public synchronized List<UUID> caseIds() {
        return List.copyOf(cases.keySet());
    }

    private static boolean visible(MutableCase c, Reviewer r) {
        return !c.childSafety || r.seesChildSafety();
    }

    private synchronized MutableCase get(UUID id, Reviewer r) {
        MutableCase c = cases.get(id);
        if (c == null || !visible(c, r)) {
            throw new ReviewPorts.NotFound();
        }
        return c;
    }

    // ---------------------------------------------------------------- Queue

    @Override
    public synchronized QueuePage page(
            QueueFilter filter, String cursor, int limit, Reviewer viewer) {
        lastFilter = filter;
        Instant now = clock.instant();
        List<QueueRow> all = new ArrayList<>();
        for (MutableCase c : cases.values()) {
            if (!visible(c, viewer)) {
                continue;
            }
            if (filter.status() == null
                    ? c.status == CaseStatus.CLOSED
                    : c.status != filter.status()) {
                continue;
            }
            if (filter.category() != null && !filter.category().equals(c.category)) {
                continue;
            }
            if (filter.assignee() != null
                    && !("none".equals(filter.assignee())
                            ? c.assignee == null
                            : filter.assignee().equals(c.assignee))) {
                continue;
            }
            Duration age = Duration.between(c.openedAt, now);
            Duration target = c.childSafety ? Duration.ofHours(1) : Duration.ofHours(24);
            all.add(
                    new QueueRow(
                            c.id,
                            c.account,
                            c.category,
                            c.reporters,
                            Math.max(1, c.reports.size()),
                            c.openedAt,
                            age,
                            target,
                            age.compareTo(target) > 0,
                            c.status,
                            c.assignee));
        }
        all.sort(
                (x, y) ->
                        Boolean.compare(
                                "child_safety".equals(y.category()),
                                "child_safety".equals(x.category())));
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(all.size(), from + limit);
        return new QueuePage(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }

    @Override
    public List<String> categories() {
        return List.of("child_safety", "violence", "harassment", "spam");
    }

    @Override
    public synchronized QueuePage escalated(Reviewer viewer, int limit) {
        if (!viewer.seesChildSafety()) {
            return new QueuePage(List.of(), null);
        }
        List<QueueRow> rows =
                page(new QueueFilter(null, CaseStatus.ESCALATED, null), null, 500, viewer)
                        .rows()
                        .stream()
                        .filter(r -> r.assignee() == null || r.assignee().equals(viewer.username()))
                        .limit(limit)
                        .toList();
        return new QueuePage(rows, null);
    }

    @Override
    public synchronized int escalatedCount(Reviewer viewer) {
        return escalated(viewer, 500).rows().size();
    }

    @Override
    public synchronized List<Views.MovedCase> movedFrom(Reviewer viewer) {
        if (viewer.seesChildSafety()) {
            return List.of();
        }
        return cases.values().stream()
                .filter(c -> viewer.username().equals(c.movedFrom) && c.closedAt == null)
                .map(c -> new Views.MovedCase(c.id, c.account, c.movedAt, c.movedWhy))
                .toList();
    }

    @Override
    public synchronized Optional<Views.MovedCase> moved(UUID caseId, Reviewer viewer) {
        MutableCase c = cases.get(caseId);
        if (c == null) {
            return Optional.empty();
        }
        if (viewer.username().equals(c.movedFrom)) {
            return Optional.of(new Views.MovedCase(c.id, c.account, c.movedAt, c.movedWhy));
        }
        if (viewer.username().equals(c.escalatedBy)) {
            return Optional.of(new Views.MovedCase(c.id, c.account, c.movedAt, "escalated"));
        }
        return Optional.empty();
    }

    /**
     * A child-safety report joins the case (what the report service's intake does): it becomes
     * child safety and leaves an assignee who may not work on that, who is recorded to be told.
     */
    public synchronized void childSafetyReportJoins(UUID caseId) {
        MutableCase c = cases.get(caseId);
        c.childSafety = true;
        c.category = "child_safety";
        if (c.assignee != null && !c.assigneeSeesChildSafety) {
            c.movedFrom = c.assignee;
            c.movedWhy = "child_safety_report";
            c.movedAt = clock.instant();
            c.assignee = null;
            c.status = CaseStatus.OPEN;
        }
    }

    // ---------------------------------------------------------------- Cases

    @Override
    public synchronized Optional<CaseView> find(
            UUID caseId, Reviewer viewer, Views.ReportCursor from) {
        MutableCase c = cases.get(caseId);
        if (c == null || !visible(c, viewer)) {
            return Optional.empty();
        }
        if (c.reports.size() > Views.ReportsPage.SIZE || from != null) {
            return Optional.of(paged(c, from));
        }
        return Optional.of(
                new CaseView(
                        c.id,
                        c.account,
                        c.status,
                        c.category,
                        c.childSafety,
                        c.assignee,
                        c.openedAt,
                        c.closedAt,
                        c.decision,
                        List.copyOf(c.reports),
                        List.copyOf(c.evidence),
                        List.copyOf(c.notes),
                        List.copyOf(c.history),
                        evidenceDestroyed));
    }

    /**
     * A page of a big case's reports, as the report service pages them (issue 15): oldest first,
     * {@link Views.ReportsPage#SIZE} a page from a cursor, the whole case's counts, and the
     * messages of that page's reports only.
     */
    private CaseView paged(MutableCase c, Views.ReportCursor from) {
        Comparator<ReportRow> order =
                Comparator.comparing(ReportRow::receivedAt).thenComparing(ReportRow::id);
        List<ReportRow> all = c.reports.stream().sorted(order).toList();
        int start = 0;
        if (from != null) {
            while (start < all.size()
                    && order.compare(
                                    all.get(start),
                                    new ReportRow(
                                            from.id(), "", "", false, from.receivedAt(), List.of()))
                            < 0) {
                start++;
            }
        }
        int end = Math.min(start + Views.ReportsPage.SIZE, all.size());
        List<ReportRow> page = all.subList(start, end);
        Set<UUID> items = new HashSet<>();
        page.forEach(r -> items.addAll(r.itemsInOrder()));
        Views.ReportsPage at =
                new Views.ReportsPage(
                        all.size(),
                        Views.ReportsPage.whole(all).breakdown(),
                        from,
                        start > 0,
                        start - Views.ReportsPage.SIZE <= 0
                                ? null
                                : cursor(all.get(start - Views.ReportsPage.SIZE)),
                        end < all.size() ? cursor(all.get(end)) : null);
        return new CaseView(
                c.id,
                c.account,
                c.status,
                c.category,
                c.childSafety,
                c.assignee,
                c.openedAt,
                c.closedAt,
                c.decision,
                List.copyOf(page),
                c.evidence.stream().filter(e -> items.contains(e.id())).toList(),
                List.copyOf(c.notes),
                List.copyOf(c.history),
                evidenceDestroyed,
                at,
                false);
    }

    private static Views.ReportCursor cursor(ReportRow r) {
        return new Views.ReportCursor(r.receivedAt(), r.id());
    }

    @Override
    public synchronized RevealedItem reveal(UUID caseId, UUID itemId, Reviewer viewer) {
        MutableCase c = get(caseId, viewer);
        if (evidenceDestroyed) {
            throw new ReviewPorts.ActionRefused("refused.evidence-destroyed");
        }
        EvidenceRow e =
                c.evidence.stream()
                        .filter(x -> x.id().equals(itemId))
                        .findFirst()
                        .orElseThrow(ReviewPorts.NotFound::new);
        reveals.add(new Reveal(caseId, itemId, viewer.username()));
        viewed.add(new Viewed(caseId, itemId, false, viewer.username(), clock.instant()));
        return text(e);
    }

    private RevealedItem text(EvidenceRow e) {
        String text = e.id().equals(ITEM) ? SECRET_TEXT : texts.getOrDefault(e.id(), LONG_TEXT);
        return new RevealedItem(e.id(), e.contentType(), text, true, text.length());
    }

    private List<RevealedItem> transcript(MutableCase c, UUID reportId) {
        ReportRow r =
                c.reports.stream()
                        .filter(x -> x.id().equals(reportId))
                        .findFirst()
                        .orElseThrow(ReviewPorts.NotFound::new);
        List<RevealedItem> out = new ArrayList<>();
        for (UUID item : r.itemsInOrder()) {
            c.evidence.stream()
                    .filter(x -> x.id().equals(item))
                    .findFirst()
                    .map(this::text)
                    .ifPresent(out::add);
        }
        return out;
    }

    @Override
    public synchronized Views.RevealedTranscript revealTranscript(
            UUID caseId, UUID reportId, Reviewer viewer) {
        MutableCase c = get(caseId, viewer);
        if (evidenceDestroyed) {
            throw new ReviewPorts.ActionRefused("refused.evidence-destroyed");
        }
        List<RevealedItem> items = transcript(c, reportId);
        List<UUID> ids = items.stream().map(RevealedItem::itemId).toList();
        transcriptReveals.add(new TranscriptReveal(caseId, reportId, ids, viewer.username()));
        viewed.add(new Viewed(caseId, reportId, true, viewer.username(), clock.instant()));
        // as the report service: one audit row naming the report and every message shown
        audit.add(
                new AuditRow(
                        audit.size() + 1L,
                        clock.instant(),
                        viewer.username(),
                        "transcript.viewed",
                        caseId,
                        reportId.toString(),
                        "items=" + String.join(",", ids.stream().map(UUID::toString).toList()),
                        "%064x".formatted(audit.size() + 1L)));
        return new Views.RevealedTranscript(reportId, items);
    }

    @Override
    public synchronized List<RevealedItem> showAgain(Views.RevealGrant grant, Reviewer viewer) {
        MutableCase c = cases.get(grant.caseId());
        if (c == null || grant.comment() || !visible(c, viewer) || evidenceDestroyed) {
            return List.of();
        }
        boolean transcript = grant.reportId() != null;
        UUID subject = transcript ? grant.reportId() : grant.itemId();
        Instant since = clock.instant().minus(Views.RevealGrant.LIFETIME);
        boolean recorded =
                viewed.stream()
                        .anyMatch(
                                v ->
                                        v.caseId().equals(c.id)
                                                && v.subject().equals(subject)
                                                && v.transcript() == transcript
                                                && v.by().equals(viewer.username())
                                                && !v.at().isBefore(since));
        if (!recorded) {
            return List.of();
        }
        if (transcript) {
            return transcript(c, grant.reportId());
        }
        return c.evidence.stream()
                .filter(x -> x.id().equals(grant.itemId()))
                .map(this::text)
                .toList();
    }

    @Override
    public synchronized RevealedAttachment attachment(
            UUID caseId, UUID itemId, int n, Reviewer viewer) {
        return attachment(caseId, itemId, n, null, viewer);
    }

    @Override
    public synchronized RevealedAttachment attachment(
            UUID caseId, UUID itemId, int n, Views.OriginalHold hold, Reviewer viewer) {
        get(caseId, viewer);
        if (!itemId.equals(ITEM) || n != 0) {
            throw new ReviewPorts.NotFound();
        }
        attachmentReveals.add(new Reveal(caseId, itemId, viewer.username()));
        if (hold != null) {
            // as the report service: the audit row names the hold (there, by a digest)
            originalViews.add(
                    new OriginalView(
                            caseId,
                            itemId,
                            n,
                            hold.token(),
                            hold.colour(),
                            viewer.username(),
                            clock.instant()));
        }
        return new RevealedAttachment("image/png", PNG);
    }

    /** A recorded "view original" under a hold (what {@link #originalAgain} stands on). */
    private record OriginalView(
            UUID caseId, UUID itemId, int n, String token, boolean colour, String by, Instant at) {}

    private final List<OriginalView> originalViews = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Optional<Views.HeldOriginal> originalAgain(
            UUID caseId, UUID itemId, int n, String token, Reviewer viewer) {
        MutableCase c = cases.get(caseId);
        if (c == null || !visible(c, viewer) || evidenceDestroyed) {
            return Optional.empty();
        }
        Instant since = clock.instant().minus(Views.OriginalHold.LIFETIME);
        List<OriginalView> mine =
                originalViews.stream()
                        .filter(
                                v ->
                                        v.caseId().equals(caseId)
                                                && v.itemId().equals(itemId)
                                                && v.n() == n
                                                && v.token().equals(token)
                                                && v.by().equals(viewer.username())
                                                && !v.at().isBefore(since))
                        .toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Views.HeldOriginal(
                        "image/png", PNG, mine.stream().anyMatch(OriginalView::colour)));
    }

    @Override
    public synchronized RevealedAttachment attachmentForPreview(
            UUID caseId, UUID itemId, int n, Reviewer viewer) {
        get(caseId, viewer);
        if (!itemId.equals(ITEM) || n != 0) {
            throw new ReviewPorts.NotFound();
        }
        previewReveals.add(new Reveal(caseId, itemId, viewer.username()));
        return new RevealedAttachment("image/png", PNG);
    }

    @Override
    public synchronized String revealComment(UUID caseId, UUID reportId, Reviewer viewer) {
        MutableCase c = get(caseId, viewer);
        if (c.reports.stream().noneMatch(r -> r.id().equals(reportId) && r.hasComment())) {
            throw new ReviewPorts.NotFound();
        }
        commentReveals.add(new Reveal(caseId, reportId, viewer.username()));
        commentsViewed.add(new Viewed(caseId, reportId, false, viewer.username(), clock.instant()));
        return COMMENT;
    }

    /** Recorded comment views (the report service's {@code comment.viewed} rows). */
    private final List<Viewed> commentsViewed = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Optional<String> showCommentAgain(
            Views.RevealGrant grant, Reviewer viewer) {
        MutableCase c = cases.get(grant.caseId());
        if (c == null || !grant.comment() || !visible(c, viewer) || evidenceDestroyed) {
            return Optional.empty();
        }
        Instant since = clock.instant().minus(Views.RevealGrant.LIFETIME);
        boolean recorded =
                commentsViewed.stream()
                        .anyMatch(
                                v ->
                                        v.caseId().equals(c.id)
                                                && v.subject().equals(grant.reportId())
                                                && v.by().equals(viewer.username())
                                                && !v.at().isBefore(since));
        return recorded ? Optional.of(COMMENT) : Optional.empty();
    }

    @Override
    public List<String> assignees() {
        return List.of("ada", "carl", "mona");
    }

    // ---------------------------------------------------------------- Actions

    private void history(MutableCase c, Reviewer by, String event, String detail) {
        c.history.add(new HistoryRow(clock.instant(), by.username(), event, detail));
        actions.add(new ActionDone(event, c.id, detail, by.username()));
    }

    private static void open(MutableCase c) {
        if (c.status == CaseStatus.CLOSED) {
            throw new ReviewPorts.ActionRefused("refused.closed");
        }
    }

    @Override
    public synchronized void claim(UUID caseId, Reviewer by) {
        MutableCase c = get(caseId, by);
        open(c);
        if (c.assignee != null && !c.assignee.equals(by.username())) {
            throw new ReviewPorts.ActionRefused("refused.claimed");
        }
        c.assignee = by.username();
        c.assigneeSeesChildSafety = by.seesChildSafety();
        if (c.status != CaseStatus.ESCALATED) {
            // as the report service: an escalated case stays escalated once claimed
            c.status = CaseStatus.CLAIMED;
        }
        history(c, by, "case.claimed", null);
    }

    @Override
    public synchronized void release(UUID caseId, Reviewer by) {
        MutableCase c = get(caseId, by);
        if (c.assignee == null || (!c.assignee.equals(by.username()) && !by.isAdmin())) {
            throw new ReviewPorts.ActionRefused("refused.not-assignee");
        }
        c.assignee = null;
        c.status = CaseStatus.OPEN;
        history(c, by, "case.released", null);
    }

    @Override
    public synchronized void reassign(UUID caseId, String toUsername, Reviewer by) {
        MutableCase c = get(caseId, by);
        if (!by.isAdmin()) {
            throw new ReviewPorts.ActionRefused("refused.admin-only");
        }
        if (!assignees().contains(toUsername)) {
            throw new ReviewPorts.ActionRefused("refused.unknown-user");
        }
        c.assignee = toUsername;
        c.status = CaseStatus.CLAIMED;
        history(c, by, "case.reassigned", toUsername);
    }

    @Override
    public synchronized void note(UUID caseId, String text, Reviewer by) {
        MutableCase c = get(caseId, by);
        c.notes.add(new NoteRow(clock.instant(), by.username(), text));
        history(c, by, "case.noted", null);
    }

    @Override
    public synchronized void decide(
            UUID caseId, Decision decision, StatementOfReasons reasons, Reviewer by) {
        MutableCase c = get(caseId, by);
        open(c);
        if (!by.username().equals(c.assignee) && !by.isAdmin()) {
            throw new ReviewPorts.ActionRefused("refused.not-assignee");
        }
        c.status = CaseStatus.CLOSED;
        c.closedAt = clock.instant();
        c.decision = decision.name();
        decisions.add(new DecisionMade(caseId, decision, reasons, by.username()));
        history(c, by, "case.decided", decision.name());
    }

    @Override
    public synchronized void escalate(UUID caseId, String reason, Reviewer by) {
        MutableCase c = get(caseId, by);
        open(c);
        c.childSafety = true;
        c.category = "child_safety";
        c.status = CaseStatus.ESCALATED;
        if (c.assignee != null && !c.assignee.equals(by.username())) {
            c.movedFrom = c.assignee;
            c.movedWhy = "escalated";
        }
        c.movedAt = clock.instant();
        c.escalatedBy = by.username();
        c.assignee = null;
        history(c, by, "case.escalated", reason);
    }

    @Override
    public synchronized void reopen(UUID caseId, String reason, Reviewer by) {
        MutableCase c = get(caseId, by);
        if (c.status != CaseStatus.CLOSED) {
            throw new ReviewPorts.ActionRefused("refused.not-closed");
        }
        c.status = CaseStatus.OPEN;
        c.closedAt = null;
        c.decision = null;
        history(c, by, "case.reopened", reason);
    }

    @Override
    public synchronized void judgeReport(
            UUID caseId, UUID reportId, Views.ReportVerdict verdict, Reviewer by) {
        MutableCase c = get(caseId, by);
        open(c);
        if (!by.username().equals(c.assignee) && !by.isAdmin()) {
            throw new ReviewPorts.ActionRefused("refused.not-assignee");
        }
        int at = -1;
        for (int i = 0; i < c.reports.size(); i++) {
            if (c.reports.get(i).id().equals(reportId)) {
                at = i;
            }
        }
        if (at < 0) {
            throw new ReviewPorts.NotFound();
        }
        ReportRow r = c.reports.get(at);
        c.reports.set(
                at,
                new ReportRow(
                        r.id(),
                        r.reporterPseudonym(),
                        r.category(),
                        r.hasComment(),
                        r.receivedAt(),
                        r.transcript(),
                        verdict,
                        by.username()));
        verdicts.add(new Verdict(caseId, reportId, verdict, by.username()));
        history(
                c,
                by,
                verdict == Views.ReportVerdict.UPHELD ? "report.upheld" : "report.dismissed",
                reportId.toString());
    }

    /**
     * Adds an open, unassigned mixed case (issue 14): {@code spamReporters} reports of one and the
     * same spam message (one commitment, so one evidence item), two harassment reports with
     * transcripts of their own and one violence report. Returns the case id.
     */
    public synchronized UUID addMixedCase(String account, int spamReporters) {
        Instant now = clock.instant();
        MutableCase c = new MutableCase();
        c.id = UUID.randomUUID();
        c.account = account;
        c.category = "violence";
        c.openedAt = now.minus(Duration.ofHours(5));
        UUID spam = item(c, account, "spam-1", "Win a prize at example.test", 1);
        for (int i = 0; i < spamReporters; i++) {
            c.reports.add(report(c, "spam", i, List.of(spam), account));
        }
        UUID threat = item(c, account, "harass-1", "I know where you live", 1);
        UUID insult = item(c, account, "harass-2", "nobody likes you", 1);
        UUID before = item(c, account, "harass-0", "earlier message", 1);
        c.reports.add(report(c, "harassment", 100, List.of(threat, before), account));
        c.reports.add(report(c, "harassment", 101, List.of(insult), account));
        UUID violent = item(c, account, "violence-1", "watch your back tonight", 1);
        c.reports.add(report(c, "violence", 200, List.of(violent), account));
        c.reporters = spamReporters + 3;
        // evidence rows say how many reporters sent each message (the spam: all of them)
        List<EvidenceRow> counted = new ArrayList<>();
        for (EvidenceRow e : c.evidence) {
            int n =
                    (int)
                            c.reports.stream()
                                    .filter(r -> r.itemsInOrder().get(0).equals(e.id()))
                                    .count();
            counted.add(
                    new EvidenceRow(
                            e.id(),
                            e.messageId(),
                            e.sender(),
                            e.conversationId(),
                            e.sentAt(),
                            e.contentType(),
                            e.bodyLength(),
                            n,
                            e.proofs(),
                            e.attachments()));
        }
        c.evidence = counted;
        cases.put(c.id, c);
        return c.id;
    }

    private UUID item(MutableCase c, String account, String messageId, String text, int n) {
        UUID id = UUID.randomUUID();
        texts.put(id, text);
        c.evidence.add(
                new EvidenceRow(
                        id,
                        messageId,
                        Party.account(account),
                        "conv-" + messageId,
                        c.openedAt.minus(Duration.ofMinutes(30)),
                        "text/plain",
                        text.length(),
                        n,
                        List.of(),
                        List.of()));
        return id;
    }

    private static ReportRow report(
            MutableCase c, String category, int n, List<UUID> items, String account) {
        List<TranscriptLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Instant at = c.openedAt.minus(Duration.ofMinutes(30 - i));
            lines.add(
                    new TranscriptLine(
                            i, items.get(i), Party.account(account), at, at, i == 0, i, 0, false));
        }
        String reporter = "P-%032X".formatted(n + 1);
        return new ReportRow(
                UUID.randomUUID(),
                reporter,
                category,
                false,
                c.openedAt.plus(Duration.ofMinutes(n)),
                lines);
    }

    // ---------------------------------------------------------------- Audit

    private static boolean matches(AuditRow r, AuditFilter f) {
        return (f.actor() == null || f.actor().equals(r.actor()))
                && (f.event() == null || f.event().equals(r.event()))
                && (f.caseId() == null || f.caseId().equals(r.caseId()))
                && (f.from() == null || !r.at().isBefore(f.from()))
                && (f.to() == null || r.at().isBefore(f.to()));
    }

    @Override
    public List<AuditRow> search(AuditFilter filter, Long beforeSeq, int limit) {
        List<AuditRow> out = new ArrayList<>();
        List<AuditRow> rows = new ArrayList<>(audit);
        Collections.reverse(rows);
        for (AuditRow r : rows) {
            if ((beforeSeq == null || r.seq() < beforeSeq)
                    && matches(r, filter)
                    && out.size() < limit) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void exportCsv(AuditFilter filter, Writer out) throws IOException {
        out.write("seq,at,actor,event,case_id\n");
        for (AuditRow r : audit) {
            if (matches(r, filter)) {
                out.write(
                        r.seq()
                                + ","
                                + r.at()
                                + ","
                                + r.actor()
                                + ","
                                + r.event()
                                + ","
                                + r.caseId()
                                + "\n");
            }
        }
    }

    @Override
    public ChainCheck verifyChain() {
        return brokenSeq == null
                ? new ChainCheck(true, audit.size(), null)
                : new ChainCheck(false, brokenSeq, brokenSeq);
    }

    // ---------------------------------------------------------------- Dashboard

    @Override
    public DashboardStats stats(Instant from, Instant to) {
        Map<String, Long> byCategory = new LinkedHashMap<>();
        byCategory.put("child_safety", 3L);
        byCategory.put("harassment", 12L);
        byCategory.put("spam", 40L);
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        byOutcome.put("DISMISS", 20L);
        byOutcome.put("WARN", 7L);
        byOutcome.put("SUSPEND", 2L);
        List<DayCount> days = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(to, java.time.ZoneOffset.UTC);
        for (int i = 6; i >= 0; i--) {
            days.add(new DayCount(last.minusDays(i), (i * 7L) % 11));
        }
        return new DashboardStats(byCategory, byOutcome, Duration.ofMinutes(197), days);
    }

    /** Two moderators and the unassigned open cases, as the report service would count them. */
    @Override
    public List<Views.ModeratorFigures> perModerator(Instant from, Instant to) {
        return List.of(
                new Views.ModeratorFigures("mona", 14, 3, 1),
                new Views.ModeratorFigures("carl", 6, 0, 0),
                new Views.ModeratorFigures(null, 0, 0, 2));
    }
}
