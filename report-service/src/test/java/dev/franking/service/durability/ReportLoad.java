package dev.franking.service.durability;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.TestTokens;
import dev.franking.v2.Opening;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent report load on a service process, and a ledger of what it answered: every report
 * answered 201 (or 200, the same report again) must be in the database afterwards, once.
 */
final class ReportLoad {
    /** One report request: its answer, and when (ms since the load started) and how long. */
    record Outcome(int item, int status, String reportId, long startMs, long latencyMs) {}

    /** A stamped message and the report a recipient would make of it. */
    record Item(String reporter, String messageId, Map<String, Object> json) {}

    private final String run;
    private final List<Item> items = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile long t0;
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    /** reportId of every report answered 201/200: the ones that must survive. */
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    ReportLoad(String run) {
        this.run = run;
    }

    /**
     * Stamps {@code n} messages through the service (batched), each to be reported by one of a few
     * dozen reporters, about one of a dozen senders: reports share cases, as they do in life.
     */
    void prepare(Api api, int n) {
        String relay = TestTokens.token("relay-" + run, "stamp", Clock.systemUTC());
        Messenger m = new Messenger(api, relay);
        int batch = 200;
        for (int start = 0; start < n; start += batch) {
            List<Opening> openings = new ArrayList<>();
            List<String> recipients = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + batch); i++) {
                String sender = run + "-s" + (i % 12);
                String recipient = run + "-r" + (i % 40);
                openings.add(
                        m.compose(run + "-m" + i, sender, run + "-c", "message " + i, List.of()));
                recipients.add(recipient);
            }
            List<Messenger.Held> stamped = m.sendAll(openings, recipients);
            for (int k = 0; k < openings.size(); k++) {
                var held = stamped.get(k);
                items.add(
                        new Item(
                                recipients.get(k),
                                openings.get(k).content().messageId(),
                                Messenger.reportJson("spam", held)));
            }
        }
    }

    /** Milliseconds since the current load started: to mark the crash. */
    long sinceStartMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    String reporter(int item) {
        return items.get(item).reporter();
    }

    int prepared() {
        return items.size();
    }

    int remaining() {
        return items.size() - Math.min(next.get(), items.size());
    }

    /**
     * {@code threads} reporters sending as fast as the service answers, until {@code duration} has
     * passed or the prepared reports run out; {@code during} runs meanwhile (the crash), from the
     * calling thread.
     */
    void run(int port, int threads, Duration duration, Runnable during) throws Exception {
        Api api = new Api(port);
        String base = "http://localhost:" + port;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        this.t0 = t0;
        long end = t0 + duration.toNanos();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(
                    pool.submit(
                            () -> {
                                int i;
                                while (System.nanoTime() < end
                                        && (i = next.getAndIncrement()) < items.size()) {
                                    int status = send(api, base, i, t0);
                                    if (status == -1) {
                                        // the service is gone: this reporter gives up
                                        return;
                                    }
                                    if (status == 503) {
                                        // a client that backs off a little, as 503 asks
                                        sleep(100);
                                    }
                                }
                            }));
        }
        try {
            during.run();
            for (Future<?> f : fs) {
                f.get(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int send(Api api, String base, int i, long t0) {
        Item item = items.get(i);
        long s = System.nanoTime();
        int status;
        String id = null;
        try {
            Api.Response r = post(api, base, item);
            status = r.status();
            if (status == 201 || status == 200) {
                id = r.json().get("reportId").asString();
                acknowledged.add(id);
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            // no answer: the service died under it, or it did not answer in time
            status = -1;
        }
        long now = System.nanoTime();
        outcomes.add(
                new Outcome(
                        i,
                        status,
                        id,
                        TimeUnit.NANOSECONDS.toMillis(s - t0),
                        TimeUnit.NANOSECONDS.toMillis(now - s)));
        return status;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Api.Response post(Api api, String base, Item item) {
        String token = TestTokens.token(item.reporter(), "report", Clock.systemUTC());
        return api.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v2/reports"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        Api.JSON.writeValueAsString(item.json()))),
                token);
    }

    /** Sends again every report that got no 201/200 (idempotent: a stored one answers 200). */
    Map<Integer, Integer> resubmitUnanswered(int port) {
        Api api = new Api(port);
        String base = "http://localhost:" + port;
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        Set<Integer> answered = ConcurrentHashMap.newKeySet();
        for (Outcome o : outcomes) {
            if (o.status() == 201 || o.status() == 200) {
                answered.add(o.item());
            }
        }
        for (Outcome o : outcomes) {
            if (!answered.contains(o.item()) && !statuses.containsKey(o.item())) {
                Api.Response r = post(api, base, items.get(o.item()));
                statuses.put(o.item(), r.status());
                if (r.status() == 201 || r.status() == 200) {
                    acknowledged.add(r.json().get("reportId").asString());
                    answered.add(o.item());
                }
            }
        }
        return statuses;
    }

    long count(int status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    // ---- after recovery: what the database holds

    /** What the database holds of this run, checked against the ledger. */
    record Audit(
            int acknowledged,
            int stored,
            int acknowledgedMissing,
            int storedTwice,
            int halfWritten,
            int casesOff) {}

    Audit audit(Connection db) throws SQLException {
        String like = run + "-r%";
        int stored = count(db, "SELECT count(*) FROM reports WHERE reporter_id LIKE ?", like);
        int missing = 0;
        try (var ps = db.prepareStatement("SELECT count(*) FROM reports WHERE id = ANY (?)")) {
            var ids =
                    db.createArrayOf("uuid", acknowledged.stream().map(UUID::fromString).toArray());
            ps.setArray(1, ids);
            try (var rs = ps.executeQuery()) {
                rs.next();
                missing = acknowledged.size() - rs.getInt(1);
            }
        }
        // the same message reported twice (by its one recipient), or the same dedupe key twice
        int twice =
                count(
                                db,
                                "SELECT count(*) FROM (SELECT e.message_id FROM report_messages rm"
                                    + " JOIN evidence_items e ON e.id = rm.evidence_item_id JOIN"
                                    + " reports r ON r.id = rm.report_id WHERE r.reporter_id LIKE ?"
                                    + " GROUP BY e.message_id HAVING count(*) > 1) x",
                                like)
                        + count(
                                db,
                                "SELECT count(*) FROM (SELECT 1 FROM reports WHERE reporter_id"
                                        + " LIKE ? GROUP BY reporter_id, dedupe_key HAVING"
                                        + " count(*) > 1) x",
                                like);
        // a report without all of its messages, or a message without its evidence item
        int half =
                count(
                        db,
                        "SELECT count(*) FROM reports r WHERE r.reporter_id LIKE ? AND"
                                + " r.message_count <> (SELECT count(*) FROM report_messages m"
                                + " LEFT JOIN evidence_items e ON e.id = m.evidence_item_id"
                                + " WHERE m.report_id = r.id AND e.content_enc IS NOT NULL)",
                        like);
        // a case whose counter disagrees with the reports it holds
        int casesOff =
                count(
                        db,
                        "SELECT count(*) FROM cases c WHERE c.reported_sender_id LIKE ? AND"
                                + " c.report_count <> (SELECT count(*) FROM reports r WHERE"
                                + " r.case_id = c.id)",
                        run + "-s%");
        return new Audit(acknowledged.size(), stored, missing, twice, half, casesOff);
    }

    private static int count(Connection db, String sql, String arg) throws SQLException {
        try (var ps = db.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
