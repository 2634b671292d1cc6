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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores verified reports in batches: one writer thread takes whatever reports are waiting (up to
 * {@code reports.writer.max-batch}) and writes them in one transaction, one statement per table
 * for the whole batch. Under load the batch grows by itself, so the database's per-statement and
 * per-commit costs are shared by many reports; when reports arrive one at a time a batch is one
 * report and nothing waits for company.
 *
 * <p>What one report's transaction used to guarantee holds for every report of a batch: a
 * reporter's submissions are serialised across instances by an advisory lock (so the duplicate
 * check and the rate limit are exact), the reported sender's open case is locked while reports
 * join it, and a report is either wholly stored or not at all. If a batch fails for any reason
 * other than a lock conflict (retried), its reports are written one by one, so one bad report
 * fails alone.
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

    ReportWriter(JdbcTemplate jdbc, TransactionTemplate tx, Kek kek, Clock clock, ReportsProperties props, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kek = kek;
        this.clock = clock;
        this.props = props;
        this.queue = new ArrayBlockingQueue<>(props.writer().queueCapacity());
        this.maxBatch = props.writer().maxBatch();
        this.batchSizes = DistributionSummary.builder("franking.reports.batch.size")
                .description("Reports written in one transaction").register(metrics);
        Gauge.builder("franking.reports.queue", queue, BlockingQueue::size)
                .description("Verified reports waiting to be written").register(metrics);
    }

    /** A verified report waiting to be stored; {@code result} completes once it is committed (or refused). */
    record Pending(VerifiedReport report, String category, String comment, byte[] dedupe, CompletableFuture<ReportService.Submitted> result) {
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

    // ---- lifecycle: started before the web server takes requests, stopped after it has drained them

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
        // anything still queued (the thread did not finish in time) is refused rather than left hanging
        for (Pending p; (p = queue.poll()) != null; ) {
            p.result().completeExceptionally(new ReportService.Unavailable("the service is stopping"));
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
                log.error("Report writer: a batch failed unexpectedly ({})", t.getClass().getName());
            }
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        Object[] outcomes;
        try {
            outcomes = writeWithRetry(batch);
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                // no messages: they can quote SQL and values
                log.warn("Report writer: a batch of {} reports failed ({}); writing them one by one", batch.size(), e.getClass().getSimpleName());
                for (Pending p : batch) {
                    write(List.of(p));
                }
            } else {
                batch.get(0).result().completeExceptionally(e);
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
                // a deadlock or lock timeout against another instance's batch: the transaction is gone, so try again
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    // ---- one batch, one transaction

    private static final String LOCK_REPORTERS =
            // sorted: two instances locking overlapping reporters always take them in the same order
            "SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtextextended('reporter:' || r, 7) AS h FROM unnest(?::text[]) AS r "
                    + "ORDER BY 1 OFFSET 0) AS s";

    private static final String EXISTING_AND_RECENT =
            "SELECT 0 AS kind, r.reporter_id, r.dedupe_key, r.id, r.message_count, NULL::timestamptz AS oldest FROM reports r "
                    + "JOIN unnest(?::text[], ?::bytea[]) AS u(reporter, dedupe) ON r.reporter_id = u.reporter AND r.dedupe_key = u.dedupe "
                    + "UNION ALL "
                    + "SELECT 1, x.reporter_id, NULL, NULL, count(*)::int, min(x.received_at) FROM reports x "
                    + "WHERE x.reporter_id = ANY (?::text[]) AND x.received_at > ? GROUP BY x.reporter_id";

    private static final String OPEN_CASES =
            "SELECT reported_sender_id, id, wrapped_data_key FROM cases WHERE reported_sender_id = ANY (?::text[]) AND closed_at IS NULL "
                    + "ORDER BY reported_sender_id FOR NO KEY UPDATE";

    private static final String NEW_CASES =
            "INSERT INTO cases (id, reported_sender_id, opened_at, wrapped_data_key) "
                    + "SELECT u.id, u.sender, ?, u.wrapped FROM unnest(?::uuid[], ?::text[], ?::bytea[]) AS u(id, sender, wrapped) "
                    + "ON CONFLICT (reported_sender_id) WHERE closed_at IS NULL DO NOTHING RETURNING reported_sender_id";

    private static final String KNOWN_REPORTERS =
            "SELECT u.case_id, u.reporter FROM unnest(?::uuid[], ?::text[]) AS u(case_id, reporter) "
                    + "WHERE EXISTS (SELECT 1 FROM reports r WHERE r.case_id = u.case_id AND r.reporter_id = u.reporter)";

    private static final String INSERT_REPORTS =
            "INSERT INTO reports (id, case_id, reporter_id, category, comment_enc, message_count, dedupe_key, received_at, verified_at, status) "
                    + "SELECT u.id, u.case_id, u.reporter, u.category, u.comment, u.n, u.dedupe, ?, u.verified, 'received' "
                    + "FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::bytea[], ?::int[], ?::bytea[], ?::timestamptz[]) "
                    + "AS u(id, case_id, reporter, category, comment, n, dedupe, verified)";

    private static final String INSERT_ITEMS =
            "INSERT INTO evidence_items (id, case_id, commitment, message_id, sender_id, conversation_id, sent_at, content_type, "
                    + "body_length, content_enc, first_seen_at) "
                    + "SELECT u.id, u.case_id, u.commitment, u.message_id, u.sender_id, u.conversation_id, u.sent_at, u.content_type, "
                    + "u.body_length, u.content, ? "
                    + "FROM unnest(?::uuid[], ?::uuid[], ?::bytea[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::int[], ?::bytea[]) "
                    + "AS u(id, case_id, commitment, message_id, sender_id, conversation_id, sent_at, content_type, body_length, content) "
                    + "ON CONFLICT (case_id, commitment) DO NOTHING RETURNING id";

    private static final String EXISTING_ITEMS =
            "SELECT e.id, e.case_id, e.commitment FROM evidence_items e "
                    + "JOIN unnest(?::uuid[], ?::bytea[]) AS u(case_id, commitment) ON e.case_id = u.case_id AND e.commitment = u.commitment";

    private static final String INSERT_ATTACHMENTS =
            "INSERT INTO evidence_attachments (evidence_item_id, n, content_type, size, sha256) "
                    + "SELECT * FROM unnest(?::uuid[], ?::int[], ?::text[], ?::bigint[], ?::bytea[])";

    private static final String INSERT_MESSAGES =
            "INSERT INTO report_messages (report_id, idx, evidence_item_id, recipient_id, kid, received_at, stamp_mac, key_expires_at, verified_at) "
                    + "SELECT * FROM unnest(?::uuid[], ?::int[], ?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::bytea[], ?::timestamptz[], ?::timestamptz[])";

    private static final String UPDATE_CASES =
            // the queue's ordering keys, kept on the case so that the first page is an index scan
            "UPDATE cases c SET report_count = c.report_count + u.n, distinct_reporters = c.distinct_reporters + u.d, "
                    + "top_category = CASE WHEN c.severity IS NULL OR u.sev < c.severity THEN u.category ELSE c.top_category END, "
                    + "severity = LEAST(coalesce(c.severity, u.sev), u.sev) "
                    + "FROM unnest(?::uuid[], ?::int[], ?::int[], ?::int[], ?::text[]) AS u(id, n, d, sev, category) WHERE c.id = u.id";

    private record Accepted(int index, Pending pending, UUID reportId) {
    }

    private record OpenCase(UUID id, byte[] dataKey) {
    }

    /** Per case: what this batch adds to its queue keys. */
    private static final class CaseDelta {
        int reports;
        final Set<String> reporters = new HashSet<>();
        int severity = Integer.MAX_VALUE;
        String category;
    }

    /** Returns, per report of the batch in order, a {@link ReportService.Submitted} or the exception that refuses it. */
    private Object[] writeBatch(List<Pending> batch, Instant now) {
        Object[] out = new Object[batch.size()];
        Timestamp nowTs = Timestamp.from(now);

        TreeSet<String> reporters = new TreeSet<>();
        for (Pending p : batch) {
            reporters.add(p.report().reporterId());
        }
        String[] reporterArray = reporters.toArray(String[]::new);
        jdbc.query(LOCK_REPORTERS, rs -> { }, (Object) reporterArray);

        // what the reporters already have: the same reports (duplicates) and the last hour's count
        String[] dupReporters = new String[batch.size()];
        byte[][] dupKeys = new byte[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            dupReporters[i] = batch.get(i).report().reporterId();
            dupKeys[i] = batch.get(i).dedupe();
        }
        Map<String, ReportService.Submitted> existing = new HashMap<>();
        Map<String, Integer> recent = new HashMap<>();
        Map<String, Instant> oldest = new HashMap<>();
        jdbc.query(EXISTING_AND_RECENT, rs -> {
            String reporter = rs.getString("reporter_id");
            if (rs.getInt("kind") == 0) {
                existing.put(dedupeKey(reporter, rs.getBytes("dedupe_key")),
                        new ReportService.Submitted(rs.getObject("id", UUID.class), rs.getInt("message_count"), false));
            } else {
                recent.put(reporter, rs.getInt("message_count"));
                oldest.put(reporter, rs.getTimestamp("oldest").toInstant());
            }
        }, dupReporters, dupKeys, reporterArray, Timestamp.from(now.minus(RATE_WINDOW)));

        int limit = props.rateLimit().reportsPerHour();
        List<Accepted> accepted = new ArrayList<>(batch.size());
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
            accepted.add(new Accepted(i, p, reportId));
        }
        if (accepted.isEmpty()) {
            return out;
        }

        Map<String, OpenCase> cases = openCases(accepted, now);
        try {
            storeAccepted(accepted, cases, now, nowTs);
        } finally {
            for (OpenCase c : cases.values()) {
                Arrays.fill(c.dataKey(), (byte) 0);
            }
        }
        return out;
    }

    private static ReportService.RateLimited rateLimited(int limit, Instant oldest, Instant now) {
        if (oldest == null) {
            // a limit of zero: nothing in the window will ever make room
            return new ReportService.RateLimited(limit, RATE_WINDOW.toSeconds());
        }
        // the oldest report leaves the window when now - 1h reaches it; round the wait up to whole seconds
        Duration wait = Duration.between(now, oldest.plus(RATE_WINDOW));
        long retry = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return new ReportService.RateLimited(limit, retry);
    }

    private static String dedupeKey(String reporter, byte[] dedupe) {
        return HexFormat.of().formatHex(dedupe) + ':' + reporter;
    }

    /** The reported senders' open cases, locked for this transaction; opened now where there is none. */
    private Map<String, OpenCase> openCases(List<Accepted> accepted, Instant now) {
        TreeSet<String> senders = new TreeSet<>();
        for (Accepted a : accepted) {
            senders.add(a.pending().report().reported().content().senderId());
        }
        Map<String, OpenCase> cases = new HashMap<>();
        selectOpenCases(senders, cases);
        if (cases.size() == senders.size()) {
            return cases;
        }
        List<String> missing = new ArrayList<>();
        for (String s : senders) {
            if (!cases.containsKey(s)) {
                missing.add(s);
            }
        }
        String[] ids = new String[missing.size()];
        byte[][] wrapped = new byte[missing.size()][];
        Map<String, OpenCase> fresh = new HashMap<>();
        for (int i = 0; i < missing.size(); i++) {
            UUID id = UUID.randomUUID();
            byte[] dataKey = Aead.newKey();
            ids[i] = id.toString();
            wrapped[i] = kek.wrap(dataKey, ReportService.caseContext(id));
            fresh.put(missing.get(i), new OpenCase(id, dataKey));
        }
        List<String> inserted = jdbc.queryForList(NEW_CASES, String.class, Timestamp.from(now), ids, missing.toArray(String[]::new), wrapped);
        Set<String> lost = new TreeSet<>(missing);
        for (String s : inserted) {
            cases.put(s, fresh.get(s));
            lost.remove(s);
        }
        for (String s : lost) {
            Arrays.fill(fresh.get(s).dataKey(), (byte) 0);
        }
        if (!lost.isEmpty()) {
            // another instance opened them meanwhile; its transaction has committed, so they are visible now
            selectOpenCases(lost, cases);
        }
        return cases;
    }

    private void selectOpenCases(Set<String> senders, Map<String, OpenCase> into) {
        jdbc.query(OPEN_CASES, rs -> {
            UUID id = rs.getObject("id", UUID.class);
            into.put(rs.getString("reported_sender_id"), new OpenCase(id, kek.unwrap(rs.getBytes("wrapped_data_key"), ReportService.caseContext(id))));
        }, (Object) senders.toArray(String[]::new));
    }

    private void storeAccepted(List<Accepted> accepted, Map<String, OpenCase> cases, Instant now, Timestamp nowTs) {
        int n = accepted.size();

        // queue keys per case, and which reporters are new to their case
        Map<UUID, CaseDelta> deltas = new TreeMap<>();
        for (Accepted a : accepted) {
            Pending p = a.pending();
            UUID caseId = cases.get(p.report().reported().content().senderId()).id();
            CaseDelta d = deltas.computeIfAbsent(caseId, k -> new CaseDelta());
            d.reports++;
            d.reporters.add(p.report().reporterId());
            int severity = CategoryPolicy.severity(p.category());
            if (severity < d.severity) {
                d.severity = severity;
                d.category = p.category();
            }
        }
        List<String> pairCases = new ArrayList<>();
        List<String> pairReporters = new ArrayList<>();
        deltas.forEach((caseId, d) -> d.reporters.forEach(r -> {
            pairCases.add(caseId.toString());
            pairReporters.add(r);
        }));
        jdbc.query(KNOWN_REPORTERS, rs -> {
            deltas.get(rs.getObject("case_id", UUID.class)).reporters.remove(rs.getString("reporter"));
        }, pairCases.toArray(String[]::new), pairReporters.toArray(String[]::new));

        // reports
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
            Pending p = a.pending();
            OpenCase kase = cases.get(p.report().reported().content().senderId());
            ids[i] = a.reportId().toString();
            caseIds[i] = kase.id().toString();
            reporterIds[i] = p.report().reporterId();
            categories[i] = p.category();
            comments[i] = p.comment() == null || p.comment().isEmpty() ? null
                    : Aead.encrypt(kase.dataKey(), p.comment().getBytes(StandardCharsets.UTF_8), "report-comment:" + a.reportId());
            counts[i] = p.report().messages().size();
            dedupes[i] = p.dedupe();
            verified[i] = p.report().verifiedAt().toString();
        }
        jdbc.update(INSERT_REPORTS, nowTs, ids, caseIds, reporterIds, categories, comments, counts, dedupes, verified);

        // evidence items: one per message per case, however many reports hold it
        Map<String, VerifiedMessage> items = new TreeMap<>();
        Map<String, UUID> itemCase = new HashMap<>();
        for (Accepted a : accepted) {
            UUID caseId = cases.get(a.pending().report().reported().content().senderId()).id();
            for (VerifiedMessage m : a.pending().report().messages()) {
                String key = itemKey(caseId, m.commitment().bytes());
                if (items.putIfAbsent(key, m) == null) {
                    itemCase.put(key, caseId);
                }
            }
        }
        Map<String, UUID> itemIds = storeItems(items, itemCase, cases, nowTs);

        // the reports' messages
        int rows = 0;
        for (Accepted a : accepted) {
            rows += a.pending().report().messages().size();
        }
        String[] mReport = new String[rows];
        int[] mIdx = new int[rows];
        String[] mItem = new String[rows];
        String[] mRecipient = new String[rows];
        String[] mKid = new String[rows];
        long[] mReceived = new long[rows];
        byte[][] mMac = new byte[rows][];
        String[] mExpires = new String[rows];
        String[] mVerified = new String[rows];
        int r = 0;
        for (Accepted a : accepted) {
            UUID caseId = cases.get(a.pending().report().reported().content().senderId()).id();
            for (VerifiedMessage m : a.pending().report().messages()) {
                mReport[r] = a.reportId().toString();
                mIdx[r] = m.index();
                mItem[r] = itemIds.get(itemKey(caseId, m.commitment().bytes())).toString();
                mRecipient[r] = m.recipientId();
                mKid[r] = m.stamp().kid().value();
                mReceived[r] = m.stamp().receivedAt();
                mMac[r] = m.stamp().mac();
                mExpires[r] = m.keyExpiresAt().toString();
                mVerified[r] = m.verifiedAt().toString();
                r++;
            }
        }
        jdbc.update(INSERT_MESSAGES, mReport, mIdx, mItem, mRecipient, mKid, mReceived, mMac, mExpires, mVerified);

        // the cases' queue keys
        int c = deltas.size();
        String[] uCase = new String[c];
        int[] uReports = new int[c];
        int[] uNewReporters = new int[c];
        int[] uSeverity = new int[c];
        String[] uCategory = new String[c];
        int k = 0;
        for (Map.Entry<UUID, CaseDelta> e : deltas.entrySet()) {
            uCase[k] = e.getKey().toString();
            uReports[k] = e.getValue().reports;
            uNewReporters[k] = e.getValue().reporters.size();
            uSeverity[k] = e.getValue().severity;
            uCategory[k] = e.getValue().category;
            k++;
        }
        jdbc.update(UPDATE_CASES, uCase, uReports, uNewReporters, uSeverity, uCategory);
    }

    private static String itemKey(UUID caseId, byte[] commitment) {
        return caseId + ":" + HexFormat.of().formatHex(commitment);
    }

    /** Inserts the items not stored yet (content sealed under the case's data key); returns every item's id. */
    private Map<String, UUID> storeItems(Map<String, VerifiedMessage> items, Map<String, UUID> itemCase, Map<String, OpenCase> cases, Timestamp nowTs) {
        Map<UUID, byte[]> dataKeys = new HashMap<>();
        for (OpenCase oc : cases.values()) {
            dataKeys.put(oc.id(), oc.dataKey());
        }
        int n = items.size();
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
        Map<String, UUID> candidate = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, VerifiedMessage> e : items.entrySet()) {
            VerifiedMessage m = e.getValue();
            UUID id = UUID.randomUUID();
            UUID caseId = itemCase.get(e.getKey());
            var content = m.content();
            byte[] payload = ReportService.contentPayload(content, m.frankingKey());
            ids[i] = id.toString();
            caseIds[i] = caseId.toString();
            commitments[i] = m.commitment().bytes();
            messageIds[i] = content.messageId();
            senders[i] = content.senderId();
            conversations[i] = content.conversationId();
            sentAt[i] = content.sentAt();
            contentTypes[i] = content.contentType();
            bodyLengths[i] = content.body().length;
            sealed[i] = Aead.encrypt(dataKeys.get(caseId), payload, ReportService.evidenceContext(id));
            Arrays.fill(payload, (byte) 0);
            candidate.put(e.getKey(), id);
            i++;
        }
        Set<UUID> inserted = new HashSet<>(jdbc.queryForList(INSERT_ITEMS, UUID.class, nowTs, ids, caseIds, commitments, messageIds, senders,
                conversations, sentAt, contentTypes, bodyLengths, sealed));

        Map<String, UUID> result = new HashMap<>();
        List<String> known = new ArrayList<>();
        List<String> aCase = new ArrayList<>();
        List<Integer> aN = new ArrayList<>();
        List<String> aType = new ArrayList<>();
        List<Long> aSize = new ArrayList<>();
        List<byte[]> aSha = new ArrayList<>();
        for (Map.Entry<String, UUID> e : candidate.entrySet()) {
            if (!inserted.contains(e.getValue())) {
                known.add(e.getKey());
                continue;
            }
            result.put(e.getKey(), e.getValue());
            List<AttachmentDescriptor> atts = items.get(e.getKey()).content().attachments();
            for (int a = 0; a < atts.size(); a++) {
                aCase.add(e.getValue().toString());
                aN.add(a);
                aType.add(atts.get(a).contentType());
                aSize.add(atts.get(a).size());
                aSha.add(atts.get(a).sha256());
            }
        }
        if (!aCase.isEmpty()) {
            jdbc.update(INSERT_ATTACHMENTS, aCase.toArray(String[]::new), aN.stream().mapToInt(Integer::intValue).toArray(),
                    aType.toArray(String[]::new), aSize.stream().mapToLong(Long::longValue).toArray(), aSha.toArray(byte[][]::new));
        }
        if (!known.isEmpty()) {
            // already evidence in its case (another recipient reported the same message): the stored item stands
            String[] kCase = new String[known.size()];
            byte[][] kCommitment = new byte[known.size()][];
            for (int j = 0; j < known.size(); j++) {
                kCase[j] = itemCase.get(known.get(j)).toString();
                kCommitment[j] = items.get(known.get(j)).commitment().bytes();
            }
            jdbc.query(EXISTING_ITEMS, rs -> {
                result.put(itemKey(rs.getObject("case_id", UUID.class), rs.getBytes("commitment")), rs.getObject("id", UUID.class));
            }, kCase, kCommitment);
        }
        return result;
    }
}
