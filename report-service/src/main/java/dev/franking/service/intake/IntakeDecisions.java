package dev.franking.service.intake;

import dev.franking.service.reports.CategoryPolicy;
import dev.franking.service.reports.WriteOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The decisions of report intake, as plain functions of what a batch holds and what the database
 * said about it: which reports are repeats, which the rate limit refuses, which senders need a case
 * opened, and what the accepted reports add to their cases' queue keys. The batch reads the inputs
 * under its locks and writes the results; nothing here touches a database.
 */
final class IntakeDecisions {
    /** The rate limit counts a reporter's reports in the last hour. */
    static final Duration RATE_WINDOW = Duration.ofHours(1);

    private IntakeDecisions() {}

    /** One report of a batch, as far as the decisions go. */
    record Request(String reporter, byte[] dedupe, String sender, int messages) {}

    /** A reporter's reports in the rate window: how many, and when the oldest arrived. */
    record Recent(int count, Instant oldest) {}

    /**
     * What the database holds for a batch's reporters (read under their locks): their stored
     * reports by {@link #dedupeKey}, and their reports in the rate window (absent: none).
     */
    record History(Map<String, WriteOutcome.Repeat> stored, Map<String, Recent> recent) {}

    /** Identifies "the same report again": the reporter and the dedupe hash. */
    static String dedupeKey(String reporter, byte[] dedupe) {
        return HexFormat.of().formatHex(dedupe) + ':' + reporter;
    }

    /**
     * Per report of the batch, in order: {@link WriteOutcome.Repeat} if the reporter sent it before
     * (in an earlier batch or earlier in this one), else {@link WriteOutcome.Rejected} if the
     * reporter has {@code limit} reports in the window (counting those accepted earlier in this
     * batch), else {@link WriteOutcome.Stored} with a new id from {@code newId}: accepted, to be
     * written.
     */
    static List<WriteOutcome> decide(
            List<Request> batch, History history, int limit, Instant now, Supplier<UUID> newId) {
        Map<String, WriteOutcome.Repeat> stored = new HashMap<>(history.stored());
        Map<String, Recent> recent = new HashMap<>(history.recent());
        List<WriteOutcome> out = new ArrayList<>(batch.size());
        for (Request r : batch) {
            String key = dedupeKey(r.reporter(), r.dedupe());
            WriteOutcome.Repeat same = stored.get(key);
            if (same != null) {
                out.add(same);
                continue;
            }
            Recent seen = recent.get(r.reporter());
            int n = seen == null ? 0 : seen.count();
            if (n >= limit) {
                out.add(
                        new WriteOutcome.Rejected(
                                limit,
                                retryAfterSeconds(seen == null ? null : seen.oldest(), now)));
                continue;
            }
            recent.put(r.reporter(), new Recent(n + 1, seen == null ? now : seen.oldest()));
            UUID id = newId.get();
            stored.put(key, new WriteOutcome.Repeat(id, r.messages()));
            out.add(new WriteOutcome.Stored(id, r.messages()));
        }
        return out;
    }

    /**
     * Seconds until the oldest report in the window leaves it, rounded up, at least 1; the whole
     * window when there is none (a limit of zero: nothing will make room).
     */
    static long retryAfterSeconds(Instant oldest, Instant now) {
        if (oldest == null) {
            return RATE_WINDOW.toSeconds();
        }
        Duration wait = Duration.between(now, oldest.plus(RATE_WINDOW));
        return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    }

    /**
     * The senders of accepted reports who have no open case, sorted: concurrent openers then take
     * the case rows' locks in the same order and wait on each other instead of deadlocking.
     */
    static SortedSet<String> casesToOpen(Collection<String> senders, Set<String> openCases) {
        SortedSet<String> out = new TreeSet<>(senders);
        out.removeAll(openCases);
        return out;
    }

    /** An accepted report as its case sees it. */
    record Joining(UUID caseId, String reporter, String category) {}

    /**
     * What a batch adds to one case's queue keys: reports, reporters the case has not heard from,
     * and its most severe category (lowest {@link CategoryPolicy#severity}, the first such).
     */
    record QueueDelta(int reports, SortedSet<String> reporters, int severity, String category) {
        QueueDelta without(Set<String> known) {
            SortedSet<String> fresh = new TreeSet<>(reporters);
            fresh.removeAll(known);
            return new QueueDelta(reports, fresh, severity, category);
        }
    }

    /**
     * Per case, sorted by id (the order the case rows are updated in): what the accepted reports
     * add. {@link QueueDelta#reporters} holds every reporter of the batch; remove those the case
     * already holds with {@link QueueDelta#without}.
     */
    static SortedMap<UUID, QueueDelta> queueDeltas(List<Joining> accepted) {
        SortedMap<UUID, QueueDelta> out = new TreeMap<>();
        for (Joining j : accepted) {
            int severity = CategoryPolicy.severity(j.category());
            QueueDelta d = out.get(j.caseId());
            if (d == null) {
                SortedSet<String> reporters = new TreeSet<>();
                reporters.add(j.reporter());
                out.put(j.caseId(), new QueueDelta(1, reporters, severity, j.category()));
            } else {
                d.reporters().add(j.reporter());
                boolean worse = severity < d.severity();
                out.put(
                        j.caseId(),
                        new QueueDelta(
                                d.reports() + 1,
                                d.reporters(),
                                worse ? severity : d.severity(),
                                worse ? j.category() : d.category()));
            }
        }
        return out;
    }

    /**
     * The key of an evidence item: a message is stored once per case, however many reports (of this
     * batch or earlier ones) hold it.
     */
    static String itemKey(UUID caseId, byte[] commitment) {
        return caseId + ":" + HexFormat.of().formatHex(commitment);
    }
}
