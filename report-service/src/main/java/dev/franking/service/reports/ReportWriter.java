package dev.franking.service.reports;

import dev.franking.AttachmentDescriptor;
import dev.franking.VerifiedMessage;
import dev.franking.VerifiedReport;
import dev.franking.service.ReportsProperties;
import dev.franking.service.crypto.Aead;
import dev.franking.service.crypto.Kek;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores verified reports in batches: one writer thread takes whatever reports are waiting (up to
 * {@code reports.writer.max-batch}) and writes them in one transaction, one statement per table for
 * the whole batch. Under load the batch grows by itself, so the database's per-statement and
 * per-commit costs are shared by many reports; when reports arrive one at a time a batch is one
 * report and nothing waits for company.
 *
 * <p>What one report's transaction used to guarantee holds for every report of a batch: a
 * reporter's submissions are serialised across instances by an advisory lock (so the duplicate
 * check and the rate limit are exact), the reported sender's open case is locked while reports join
 * it, and a report is either wholly stored or not at all. If a batch fails for any reason other
 * than a lock conflict (retried), its reports are written one by one, so one bad report fails
 * alone.
 */
@Component
class ReportWriter implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ReportWriter.class);
    private static final Duration RATE_WINDOW = Duration.ofHours(1);
    private static final int ATTEMPTS = 3;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Kek kek;
    private final Clock clock;
    private final ReportsProperties props;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final DistributionSummary batchSizes;
    private volatile boolean running;
    private Thread thread;

    ReportWriter(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            Kek kek,
            Clock clock,
            ReportsProperties props,
            MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kek = kek;
        this.clock = clock;
        this.props = props;
        this.queue = new ArrayBlockingQueue<>(props.writer().queueCapacity());
        this.maxBatch = props.writer().maxBatch();
        this.batchSizes =
                DistributionSummary.builder("franking.reports.batch.size")
                        .description("Reports written in one transaction")
                        .register(metrics);
        Gauge.builder("franking.reports.queue", queue, BlockingQueue::size)
                .description("Verified reports waiting to be written")
                .register(metrics);
    }

    /**
     * A verified report waiting to be stored; {@code result} completes once it is committed (or
     * refused).
     */
    record Pending(
            VerifiedReport report,
            String category,
            String comment,
            byte[] dedupe,
            CompletableFuture<ReportService.Submitted> result) {
        Pending(VerifiedReport report, String category, String comment, byte[] dedupe) {
            this(report, category, comment, dedupe, new CompletableFuture<>());
        }
    }

    CompletableFuture<ReportService.Submitted> enqueue(Pending p) {
        if (!running) {
            throw new ReportService.Unavailable("the report writer is not running");
        }
        if (!queue.offer(p)) {
            throw new ReportService.Unavailable("too many reports waiting to be written");
        }
        return p.result();
    }

    // ---- lifecycle: started before the web server takes requests, stopped after it has drained
    // them

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, "report-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(props.writer().timeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // anything still queued (the thread did not finish in time) is refused rather than left
        // hanging
        for (Pending p; (p = queue.poll()) != null; ) {
            p.result()
                    .completeExceptionally(
                            new ReportService.Unavailable("the service is stopping"));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // below the web server's phases: started before it, stopped after it
        return DEFAULT_PHASE - 4096;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            batchSizes.record(batch.size());
            try {
                write(batch);
            } catch (Throwable t) {
                // never leave a request waiting, whatever went wrong
                for (Pending p : batch) {
                    p.result().completeExceptionally(t);
                }
                log.error(
                        "Report writer: a batch failed unexpectedly ({})", t.getClass().getName());
            }
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        Object[] outcomes;
        try {
            outcomes = writeWithRetry(batch);
        } catch (RuntimeException e) {
            // split the batch to find the report at fault, unless the database itself is
            // unreachable:
            // then every report would wait for its own connection timeout in turn
            boolean unreachable =
                    e instanceof DataAccessResourceFailureException
                            || e instanceof CannotCreateTransactionException;
            if (batch.size() > 1 && !unreachable) {
                // no messages: they can quote SQL and values
                log.warn(
                        "Report writer: a batch of {} reports failed ({}); writing them one by one",
                        batch.size(),
                        e.getClass().getSimpleName());
                for (Pending p : batch) {
                    write(List.of(p));
                }
            } else {
                // nothing was stored: an unreachable database is worth a retry by the client,
                // anything else is our fault
                RuntimeException answer =
                        unreachable
                                ? new ReportService.Unavailable("the database is unreachable")
                                : e;
                for (Pending p : batch) {
                    p.result().completeExceptionally(answer);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes[i] instanceof RuntimeException refused) {
                batch.get(i).result().completeExceptionally(refused);
            } else {
                batch.get(i).result().complete((ReportService.Submitted) outcomes[i]);
            }
        }
    }

    private Object[] writeWithRetry(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(s -> writeBatch(batch, clock.instant()));
            } catch (TransientDataAccessException e) {
                // a deadlock or lock timeout against another instance's batch: the transaction is
                // gone, so try again
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    // ---- one batch, one transaction, four round trips: (1) lock the reporters, read what they
    // already sent, lock the senders' open cases; (2) read which reporters and messages the cases
    // already hold; (3) insert everything and update the cases; (4) commit. Opening a case for a
    // new sender adds one or two.

    private static final String LOCK_REPORTERS =
            // sorted: two instances locking overlapping reporters always take them in the same
            // order
            "SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtextextended('reporter:' || r, 7) AS"
                    + " h FROM unnest(?::text[]) AS r ORDER BY 1 OFFSET 0) AS s";

    // The lookups below join a handful of array elements to big tables. As plain joins, the
    // planner, which cannot see how short the arrays are, prefers hashing a sequential scan of the
    // whole table; a LATERAL subquery per element (LIMIT 1 or an aggregate) makes each one an index
    // probe, whatever the statistics say.
    private static final String EXISTING_AND_RECENT =
            "SELECT 0 AS kind, u.reporter AS reporter_id, u.dedupe AS dedupe_key, x.id,"
                + " x.message_count, NULL::timestamptz AS oldest FROM unnest(?::text[], ?::bytea[])"
                + " AS u(reporter, dedupe) CROSS JOIN LATERAL (SELECT r.id, r.message_count FROM"
                + " reports r WHERE r.reporter_id = u.reporter AND r.dedupe_key = u.dedupe LIMIT 1)"
                + " AS x UNION ALL SELECT 1, u.reporter, NULL, NULL, x.n, x.oldest FROM"
                + " unnest(?::text[]) AS u(reporter) CROSS JOIN LATERAL (SELECT count(*)::int AS n,"
                + " min(r.received_at) AS oldest FROM reports r WHERE r.reporter_id = u.reporter"
                + " AND r.received_at > ?) AS x WHERE x.n > 0";

    private static final String OPEN_CASES =
            // every report joins its case through this lock (held to commit), so while it is held
            // nobody else adds reports or evidence items to the case, nor closes it
            "SELECT reported_sender_id, id, wrapped_data_key FROM cases WHERE reported_sender_id ="
                + " ANY (?::text[]) AND closed_at IS NULL ORDER BY reported_sender_id FOR NO KEY"
                + " UPDATE";

    private static final String NEW_CASES =
            "INSERT INTO cases (id, reported_sender_id, opened_at, wrapped_data_key) SELECT u.id,"
                + " u.sender, ?, u.wrapped FROM unnest(?::uuid[], ?::text[], ?::bytea[]) AS u(id,"
                + " sender, wrapped) ON CONFLICT (reported_sender_id) WHERE closed_at IS NULL DO"
                + " NOTHING RETURNING reported_sender_id";

    private static final String KNOWN_REPORTERS =
            "SELECT u.case_id, u.reporter FROM unnest(?::uuid[], ?::text[]) AS u(case_id, reporter)"
                    + " CROSS JOIN LATERAL (SELECT 1 FROM reports r WHERE r.case_id = u.case_id AND"
                    + " r.reporter_id = u.reporter LIMIT 1) AS x";

    private static final String KNOWN_ITEMS =
            "SELECT x.id, u.case_id, u.commitment FROM unnest(?::uuid[], ?::bytea[]) AS u(case_id,"
                    + " commitment) CROSS JOIN LATERAL (SELECT e.id FROM evidence_items e WHERE"
                    + " e.case_id = u.case_id AND e.commitment = u.commitment LIMIT 1) AS x";

    private static final String INSERT_REPORTS =
            "INSERT INTO reports (id, case_id, reporter_id, category, comment_enc, message_count,"
                + " dedupe_key, received_at, verified_at, status) SELECT u.id, u.case_id,"
                + " u.reporter, u.category, u.comment, u.n, u.dedupe, ?, u.verified, 'received'"
                + " FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::bytea[], ?::int[],"
                + " ?::bytea[], ?::timestamptz[]) AS u(id, case_id, reporter, category, comment, n,"
                + " dedupe, verified)";

    private static final String INSERT_ITEMS =
            "INSERT INTO evidence_items (id, case_id, commitment, message_id, sender_id,"
                + " conversation_id, sent_at, content_type, body_length, content_enc,"
                + " first_seen_at) SELECT u.id, u.case_id, u.commitment, u.message_id, u.sender_id,"
                + " u.conversation_id, u.sent_at, u.content_type, u.body_length, u.content, ? FROM"
                + " unnest(?::uuid[], ?::uuid[], ?::bytea[], ?::text[], ?::text[], ?::text[],"
                + " ?::bigint[], ?::text[], ?::int[], ?::bytea[]) AS u(id, case_id, commitment,"
                + " message_id, sender_id, conversation_id, sent_at, content_type, body_length,"
                + " content)";

    private static final String INSERT_ATTACHMENTS =
            "INSERT INTO evidence_attachments (evidence_item_id, n, content_type, size, sha256)"
                + " SELECT * FROM unnest(?::uuid[], ?::int[], ?::text[], ?::bigint[], ?::bytea[])";

    private static final String INSERT_MESSAGES =
            "INSERT INTO report_messages (report_id, idx, evidence_item_id, recipient_id, kid,"
                    + " received_at, stamp_mac, key_expires_at, verified_at) SELECT * FROM"
                    + " unnest(?::uuid[], ?::int[], ?::uuid[], ?::text[], ?::text[], ?::bigint[],"
                    + " ?::bytea[], ?::timestamptz[], ?::timestamptz[])";

    private static final String UPDATE_CASES =
            // the queue's ordering keys, kept on the case so that the first page is an index scan
            "UPDATE cases c SET report_count = c.report_count + u.n, distinct_reporters ="
                    + " c.distinct_reporters + u.d, top_category = CASE WHEN c.severity IS NULL OR"
                    + " u.sev < c.severity THEN u.category ELSE c.top_category END, severity ="
                    + " LEAST(coalesce(c.severity, u.sev), u.sev) FROM unnest(?::uuid[], ?::int[],"
                    + " ?::int[], ?::int[], ?::text[]) AS u(id, n, d, sev, category) "
                    // the ANY lets the planner find the few cases by primary key rather than hash
                    // the whole table
                    + "WHERE c.id = u.id AND c.id = ANY (?::uuid[])";

    private record Accepted(Pending pending, UUID reportId, OpenCaseRef kase) {
        VerifiedReport report() {
            return pending.report();
        }
    }

    /** The sender's case; its data key is filled in once the case is known. */
    private static final class OpenCaseRef {
        UUID id;
        byte[] dataKey;
    }

    /** Per case: what this batch adds to its queue keys. */
    private static final class CaseDelta {
        int reports;
        final Set<String> reporters = new TreeSet<>();
        int severity = Integer.MAX_VALUE;
        String category;
    }

    /**
     * Returns, per report of the batch in order, a {@link ReportService.Submitted} or the exception
     * that refuses it.
     */
    private Object[] writeBatch(List<Pending> batch, Instant now) {
        Object[] out = new Object[batch.size()];
        Timestamp nowTs = Timestamp.from(now);

        TreeSet<String> reporters = new TreeSet<>();
        TreeSet<String> senders = new TreeSet<>();
        String[] dupReporters = new String[batch.size()];
        byte[][] dupKeys = new byte[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            reporters.add(p.report().reporterId());
            senders.add(p.report().reported().content().senderId());
            dupReporters[i] = p.report().reporterId();
            dupKeys[i] = p.dedupe();
        }
        String[] reporterArray = reporters.toArray(String[]::new);

        // (1) what the reporters already have: the same reports (duplicates) and the last hour's
        // count
        Map<String, ReportService.Submitted> existing = new HashMap<>();
        Map<String, Integer> recent = new HashMap<>();
        Map<String, Instant> oldest = new HashMap<>();
        Map<String, OpenCaseRef> cases = new HashMap<>();
        Map<String, byte[]> wrappedKeys = new HashMap<>();
        new Pipeline()
                .query(LOCK_REPORTERS, null, (Object) reporterArray)
                .query(
                        EXISTING_AND_RECENT,
                        rs -> {
                            String reporter = rs.getString("reporter_id");
                            if (rs.getInt("kind") == 0) {
                                existing.put(
                                        dedupeKey(reporter, rs.getBytes("dedupe_key")),
                                        new ReportService.Submitted(
                                                rs.getObject("id", UUID.class),
                                                rs.getInt("message_count"),
                                                false));
                            } else {
                                recent.put(reporter, rs.getInt("message_count"));
                                oldest.put(reporter, rs.getTimestamp("oldest").toInstant());
                            }
                        },
                        dupReporters,
                        dupKeys,
                        reporterArray,
                        Timestamp.from(now.minus(RATE_WINDOW)))
                .query(
                        OPEN_CASES,
                        rs -> {
                            OpenCaseRef c = new OpenCaseRef();
                            c.id = rs.getObject("id", UUID.class);
                            cases.put(rs.getString("reported_sender_id"), c);
                            wrappedKeys.put(
                                    rs.getString("reported_sender_id"),
                                    rs.getBytes("wrapped_data_key"));
                        },
                        (Object) senders.toArray(String[]::new))
                .run(jdbc);

        int limit = props.rateLimit().reportsPerHour();
        List<Accepted> accepted = new ArrayList<>(batch.size());
        Map<String, OpenCaseRef> needed = new TreeMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            String reporter = p.report().reporterId();
            String key = dedupeKey(reporter, p.dedupe());
            ReportService.Submitted same = existing.get(key);
            if (same != null) {
                out[i] = same;
                continue;
            }
            int n = recent.getOrDefault(reporter, 0);
            if (n >= limit) {
                out[i] = rateLimited(limit, oldest.get(reporter), now);
                continue;
            }
            recent.put(reporter, n + 1);
            oldest.putIfAbsent(reporter, now);
            UUID reportId = UUID.randomUUID();
            int messages = p.report().messages().size();
            existing.put(key, new ReportService.Submitted(reportId, messages, false));
            out[i] = new ReportService.Submitted(reportId, messages, true);
            String sender = p.report().reported().content().senderId();
            OpenCaseRef kase =
                    needed.computeIfAbsent(sender, s -> cases.getOrDefault(s, new OpenCaseRef()));
            accepted.add(new Accepted(p, reportId, kase));
        }
        if (accepted.isEmpty()) {
            return out;
        }
        try {
            for (Map.Entry<String, OpenCaseRef> e : needed.entrySet()) {
                OpenCaseRef c = e.getValue();
                if (c.id != null) {
                    c.dataKey =
                            kek.unwrap(
                                    wrappedKeys.get(e.getKey()), ReportService.caseContext(c.id));
                }
            }
            openMissingCases(needed, now);
            storeAccepted(accepted, nowTs);
        } finally {
            for (OpenCaseRef c : needed.values()) {
                if (c.dataKey != null) {
                    Arrays.fill(c.dataKey, (byte) 0);
                }
            }
        }
        return out;
    }

    private static ReportService.RateLimited rateLimited(int limit, Instant oldest, Instant now) {
        if (oldest == null) {
            // a limit of zero: nothing in the window will ever make room
            return new ReportService.RateLimited(limit, RATE_WINDOW.toSeconds());
        }
        // the oldest report leaves the window when now - 1h reaches it; round the wait up to whole
        // seconds
        Duration wait = Duration.between(now, oldest.plus(RATE_WINDOW));
        long retry = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return new ReportService.RateLimited(limit, retry);
    }

    private static String dedupeKey(String reporter, byte[] dedupe) {
        return HexFormat.of().formatHex(dedupe) + ':' + reporter;
    }

    /** Opens a case (a fresh data key, wrapped by the KEK) for each sender that has none open. */
    private void openMissingCases(Map<String, OpenCaseRef> needed, Instant now) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, OpenCaseRef> e : needed.entrySet()) {
            if (e.getValue().id == null) {
                missing.add(e.getKey());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String[] ids = new String[missing.size()];
        byte[][] wrapped = new byte[missing.size()][];
        for (int i = 0; i < missing.size(); i++) {
            OpenCaseRef c = needed.get(missing.get(i));
            c.id = UUID.randomUUID();
            c.dataKey = Aead.newKey();
            ids[i] = c.id.toString();
            wrapped[i] = kek.wrap(c.dataKey, ReportService.caseContext(c.id));
        }
        // sorted (missing follows the TreeMap's order): concurrent openers wait on each other
        // instead of deadlocking
        Set<String> lost = new TreeSet<>(missing);
        lost.removeAll(
                jdbc.queryForList(
                        NEW_CASES,
                        String.class,
                        Timestamp.from(now),
                        ids,
                        missing.toArray(String[]::new),
                        wrapped));
        if (lost.isEmpty()) {
            return;
        }
        // another instance opened them meanwhile and has committed: use its cases
        new Pipeline()
                .query(
                        OPEN_CASES,
                        rs -> {
                            OpenCaseRef c = needed.get(rs.getString("reported_sender_id"));
                            Arrays.fill(c.dataKey, (byte) 0);
                            c.id = rs.getObject("id", UUID.class);
                            c.dataKey =
                                    kek.unwrap(
                                            rs.getBytes("wrapped_data_key"),
                                            ReportService.caseContext(c.id));
                        },
                        (Object) lost.toArray(String[]::new))
                .run(jdbc);
    }

    private void storeAccepted(List<Accepted> accepted, Timestamp nowTs) {
        // queue keys per case; the messages per case, each once however many reports hold it
        Map<UUID, CaseDelta> deltas = new TreeMap<>();
        Map<String, VerifiedMessage> messages = new TreeMap<>();
        Map<String, OpenCaseRef> messageCase = new HashMap<>();
        for (Accepted a : accepted) {
            CaseDelta d = deltas.computeIfAbsent(a.kase().id, k -> new CaseDelta());
            d.reports++;
            d.reporters.add(a.report().reporterId());
            int severity = CategoryPolicy.severity(a.pending().category());
            if (severity < d.severity) {
                d.severity = severity;
                d.category = a.pending().category();
            }
            for (VerifiedMessage m : a.report().messages()) {
                String key = itemKey(a.kase().id, m.commitment().bytes());
                if (messages.putIfAbsent(key, m) == null) {
                    messageCase.put(key, a.kase());
                }
            }
        }

        // (2) which of the reporters each case has heard from, and which messages it already holds
        List<String> pairCases = new ArrayList<>();
        List<String> pairReporters = new ArrayList<>();
        deltas.forEach(
                (caseId, d) ->
                        d.reporters.forEach(
                                r -> {
                                    pairCases.add(caseId.toString());
                                    pairReporters.add(r);
                                }));
        String[] mCases = new String[messages.size()];
        byte[][] mCommitments = new byte[messages.size()][];
        int k = 0;
        for (Map.Entry<String, VerifiedMessage> e : messages.entrySet()) {
            mCases[k] = messageCase.get(e.getKey()).id.toString();
            mCommitments[k] = e.getValue().commitment().bytes();
            k++;
        }
        Map<String, UUID> itemIds = new HashMap<>();
        new Pipeline()
                .query(
                        KNOWN_REPORTERS,
                        rs ->
                                deltas.get(rs.getObject("case_id", UUID.class))
                                        .reporters
                                        .remove(rs.getString("reporter")),
                        pairCases.toArray(String[]::new),
                        pairReporters.toArray(String[]::new))
                .query(
                        KNOWN_ITEMS,
                        rs ->
                                itemIds.put(
                                        itemKey(
                                                rs.getObject("case_id", UUID.class),
                                                rs.getBytes("commitment")),
                                        rs.getObject("id", UUID.class)),
                        mCases,
                        mCommitments)
                .run(jdbc);

        // (3) everything new, in one round trip
        Pipeline inserts = new Pipeline();
        addReports(inserts, accepted, nowTs);
        addItems(inserts, messages, messageCase, itemIds, nowTs);
        addMessages(inserts, accepted, itemIds);
        addCaseUpdates(inserts, deltas);
        inserts.run(jdbc);
    }

    private static void addReports(Pipeline p, List<Accepted> accepted, Timestamp nowTs) {
        int n = accepted.size();
        String[] ids = new String[n];
        String[] caseIds = new String[n];
        String[] reporterIds = new String[n];
        String[] categories = new String[n];
        byte[][] comments = new byte[n][];
        int[] counts = new int[n];
        byte[][] dedupes = new byte[n][];
        String[] verified = new String[n];
        for (int i = 0; i < n; i++) {
            Accepted a = accepted.get(i);
            Pending pending = a.pending();
            ids[i] = a.reportId().toString();
            caseIds[i] = a.kase().id.toString();
            reporterIds[i] = a.report().reporterId();
            categories[i] = pending.category();
            comments[i] =
                    pending.comment() == null || pending.comment().isEmpty()
                            ? null
                            : Aead.encrypt(
                                    a.kase().dataKey,
                                    pending.comment().getBytes(StandardCharsets.UTF_8),
                                    "report-comment:" + a.reportId());
            counts[i] = a.report().messages().size();
            dedupes[i] = pending.dedupe();
            verified[i] = a.report().verifiedAt().toString();
        }
        p.update(
                INSERT_REPORTS,
                nowTs,
                ids,
                caseIds,
                reporterIds,
                categories,
                comments,
                counts,
                dedupes,
                verified);
    }

    /**
     * New evidence items (content sealed under the case's data key) and their attachments; fills in
     * their ids.
     */
    private static void addItems(
            Pipeline p,
            Map<String, VerifiedMessage> messages,
            Map<String, OpenCaseRef> messageCase,
            Map<String, UUID> itemIds,
            Timestamp nowTs) {
        List<String> fresh = new ArrayList<>();
        for (String key : messages.keySet()) {
            if (!itemIds.containsKey(key)) {
                fresh.add(key);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        int n = fresh.size();
        String[] ids = new String[n];
        String[] caseIds = new String[n];
        byte[][] commitments = new byte[n][];
        String[] messageIds = new String[n];
        String[] senders = new String[n];
        String[] conversations = new String[n];
        long[] sentAt = new long[n];
        String[] contentTypes = new String[n];
        int[] bodyLengths = new int[n];
        byte[][] sealed = new byte[n][];
        List<String> aItem = new ArrayList<>();
        List<Integer> aN = new ArrayList<>();
        List<String> aType = new ArrayList<>();
        List<Long> aSize = new ArrayList<>();
        List<byte[]> aSha = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = fresh.get(i);
            VerifiedMessage m = messages.get(key);
            OpenCaseRef kase = messageCase.get(key);
            UUID id = UUID.randomUUID();
            itemIds.put(key, id);
            var content = m.content();
            byte[] payload = ReportService.contentPayload(content, m.frankingKey());
            ids[i] = id.toString();
            caseIds[i] = kase.id.toString();
            commitments[i] = m.commitment().bytes();
            messageIds[i] = content.messageId();
            senders[i] = content.senderId();
            conversations[i] = content.conversationId();
            sentAt[i] = content.sentAt();
            contentTypes[i] = content.contentType();
            bodyLengths[i] = content.body().length;
            sealed[i] = Aead.encrypt(kase.dataKey, payload, ReportService.evidenceContext(id));
            Arrays.fill(payload, (byte) 0);
            List<AttachmentDescriptor> atts = content.attachments();
            for (int a = 0; a < atts.size(); a++) {
                aItem.add(ids[i]);
                aN.add(a);
                aType.add(atts.get(a).contentType());
                aSize.add(atts.get(a).size());
                aSha.add(atts.get(a).sha256());
            }
        }
        p.update(
                INSERT_ITEMS,
                nowTs,
                ids,
                caseIds,
                commitments,
                messageIds,
                senders,
                conversations,
                sentAt,
                contentTypes,
                bodyLengths,
                sealed);
        if (!aItem.isEmpty()) {
            p.update(
                    INSERT_ATTACHMENTS,
                    aItem.toArray(String[]::new),
                    aN.stream().mapToInt(Integer::intValue).toArray(),
                    aType.toArray(String[]::new),
                    aSize.stream().mapToLong(Long::longValue).toArray(),
                    aSha.toArray(byte[][]::new));
        }
    }

    private static void addMessages(
            Pipeline p, List<Accepted> accepted, Map<String, UUID> itemIds) {
        int rows = 0;
        for (Accepted a : accepted) {
            rows += a.report().messages().size();
        }
        String[] report = new String[rows];
        int[] idx = new int[rows];
        String[] item = new String[rows];
        String[] recipient = new String[rows];
        String[] kid = new String[rows];
        long[] received = new long[rows];
        byte[][] mac = new byte[rows][];
        String[] expires = new String[rows];
        String[] verified = new String[rows];
        int r = 0;
        for (Accepted a : accepted) {
            for (VerifiedMessage m : a.report().messages()) {
                report[r] = a.reportId().toString();
                idx[r] = m.index();
                item[r] = itemIds.get(itemKey(a.kase().id, m.commitment().bytes())).toString();
                recipient[r] = m.recipientId();
                kid[r] = m.stamp().kid().value();
                received[r] = m.stamp().receivedAt();
                mac[r] = m.stamp().mac();
                expires[r] = m.keyExpiresAt().toString();
                verified[r] = m.verifiedAt().toString();
                r++;
            }
        }
        p.update(
                INSERT_MESSAGES,
                report,
                idx,
                item,
                recipient,
                kid,
                received,
                mac,
                expires,
                verified);
    }

    private static void addCaseUpdates(Pipeline p, Map<UUID, CaseDelta> deltas) {
        int c = deltas.size();
        String[] ids = new String[c];
        int[] reports = new int[c];
        int[] newReporters = new int[c];
        int[] severity = new int[c];
        String[] category = new String[c];
        int k = 0;
        for (Map.Entry<UUID, CaseDelta> e : deltas.entrySet()) {
            ids[k] = e.getKey().toString();
            reports[k] = e.getValue().reports;
            newReporters[k] = e.getValue().reporters.size();
            severity[k] = e.getValue().severity;
            category[k] = e.getValue().category;
            k++;
        }
        p.update(UPDATE_CASES, ids, reports, newReporters, severity, category, ids);
    }

    private static String itemKey(UUID caseId, byte[] commitment) {
        return caseId + ":" + HexFormat.of().formatHex(commitment);
    }
}
