package dev.franking.service.audit;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.AuditFilter;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.review.model.Views.ChainCheck;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.Rows;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit log: append-only, one row per event, each row carrying the hash of the previous one so
 * that an edited, removed or reordered row breaks the chain. Appends join the caller's transaction
 * (authorise, change, audit row: one transaction) and are serialised by an advisory lock, so the
 * chain has no forks even with several instances.
 *
 * <p><b>Lock order</b> (the same in every transaction, so that no two can wait on each other in a
 * cycle): row and advisory locks of the tables a transaction changes (reporters, cases,
 * forwardings, back-office entities, ...) first, in whatever order their owners document; the audit
 * chain's lock ({@link #CHAIN_LOCK}) <em>last</em>, and nothing is locked after it. This class
 * enforces the second half: {@link #append} does not touch the chain, it keeps the row in the
 * transaction, and the rows are written just before the commit ({@link
 * TransactionSynchronization#beforeCommit}, after JPA's pending changes are flushed), as the
 * transaction's last statements: the chain lock and the head in one round trip, then one multi-row
 * INSERT, then the commit. A transaction therefore holds the chain lock only for those two round
 * trips and its commit, never while it waits for anything else, and a writer (the report intake, a
 * moderator's action) waits for another only that long. The lock must still be held until the
 * commit: the next writer hashes onto the row this one inserts, so it may read the head only once
 * that row is committed.
 */
@Service
public class AuditLog implements ReviewPorts.Audit {
    static final long CHAIN_LOCK = 0x4155444954L; // "AUDIT"
    static final byte[] GENESIS = new byte[32];

    /** The actor of the rows the service writes by itself (receipt, case opening, uploads). */
    public static final String SYSTEM = "system";

    // two statements, one round trip: the head is read by a statement of its own, after the lock,
    // so that in READ COMMITTED its snapshot is taken once the lock is held and sees the row the
    // previous holder committed
    private static final String LOCK_AND_HEAD =
            "SELECT pg_advisory_xact_lock(?);\n"
                    + "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";

    private static final String INSERT =
            "INSERT INTO audit_log (seq, at, actor, event, case_id, subject, detail, prev_hash,"
                    + " hash) SELECT u.seq, ?, u.actor, u.event, u.case_id, u.subject, u.detail,"
                    + " u.prev, u.hash FROM unnest(?::bigint[], ?::text[], ?::text[], ?::uuid[],"
                    + " ?::text[], ?::text[], ?::bytea[], ?::bytea[]) AS u(seq, actor, event,"
                    + " case_id, subject, detail, prev, hash)";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;
    private final ObjectProvider<EntityManagerFactory> jpa;

    AuditLog(JdbcTemplate jdbc, Clock clock, ObjectProvider<EntityManagerFactory> jpa) {
        this.jdbc = JdbcClient.create(jdbc);
        this.template = jdbc;
        this.clock = clock;
        this.jpa = jpa;
    }

    /** An audit row to append; details name ids and codes, never content. */
    public record Row(String actor, AuditEvent event, UUID caseId, String subject, String detail) {}

    /**
     * Appends one event to the caller's transaction; details name ids and codes, never content. The
     * row is written just before the transaction commits (see the class comment), so a query of
     * this transaction does not see it yet.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String actor, AuditEvent event, UUID caseId, String subject, String detail) {
        Row row = new Row(actor, event, caseId, subject, detail);
        List<Row> pending = pending();
        if (pending == null) {
            write(new ArrayList<>(List.of(row)));
        } else {
            pending.add(row);
        }
    }

    /**
     * Appends the rows now, with those this transaction appended before, for a caller that runs
     * nothing but its commit afterwards (the report intake: a failure here is then an ordinary
     * rollback of its batch, not a failed commit).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendLast(List<Row> rows) {
        List<Row> pending = pending();
        List<Row> all = pending == null ? new ArrayList<>() : pending;
        all.addAll(rows);
        write(all);
    }

    /**
     * This transaction's rows not yet written; null in a transaction without Spring's
     * synchronisation (none in the service), whose rows are then written at once.
     */
    private List<Row> pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (TransactionSynchronization s :
                TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof BeforeCommit b && b.log == this) {
                return b.rows;
            }
        }
        BeforeCommit b = new BeforeCommit(this);
        TransactionSynchronizationManager.registerSynchronization(b);
        return b.rows;
    }

    /**
     * Writes a transaction's rows just before it commits. Identity equality: Spring keeps these in
     * a set, and the rows change.
     */
    private static final class BeforeCommit implements TransactionSynchronization {
        private final AuditLog log;
        private final List<Row> rows = new ArrayList<>();

        BeforeCommit(AuditLog log) {
            this.log = log;
        }

        @Override
        public int getOrder() {
            // after every other synchronisation's beforeCommit: the chain lock is the last taken
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (!rows.isEmpty()) {
                log.flushJpa();
                log.write(rows);
            }
        }
    }

    /**
     * JPA writes its entities' changes at the commit, after the synchronisations: flushed first, so
     * that their row locks too come before the chain's.
     */
    private void flushJpa() {
        EntityManagerFactory emf = jpa.getIfAvailable();
        if (emf != null
                && TransactionSynchronizationManager.getResource(emf)
                        instanceof EntityManagerHolder h) {
            h.getEntityManager().flush();
        }
    }

    /**
     * Takes the chain lock, reads the head and inserts the rows in one statement, chained onto the
     * head and all stamped now (under the lock, so never older than the rows before them); clears
     * {@code rows}.
     */
    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Head head =
                template.execute(
                        (ConnectionCallback<Head>)
                                con -> {
                                    try (PreparedStatement ps =
                                            con.prepareStatement(LOCK_AND_HEAD)) {
                                        ps.setLong(1, CHAIN_LOCK);
                                        ps.execute(); // the lock's row
                                        if (!ps.getMoreResults()) {
                                            throw new IllegalStateException("no head result");
                                        }
                                        try (ResultSet rs = ps.getResultSet()) {
                                            return rs.next()
                                                    ? new Head(rs.getLong(1), rs.getBytes(2))
                                                    : new Head(0, GENESIS);
                                        }
                                    }
                                });
        // PostgreSQL keeps microseconds: hash what is stored
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int n = rows.size();
        long[] seqs = new long[n];
        String[] actors = new String[n];
        String[] events = new String[n];
        String[] cases = new String[n];
        String[] subjects = new String[n];
        String[] details = new String[n];
        byte[][] prevs = new byte[n][];
        byte[][] hashes = new byte[n][];
        long seq = head.seq();
        byte[] prev = head.hash();
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            seq++;
            String d = clip(r.detail());
            byte[] hash =
                    hash(prev, seq, at, r.actor(), r.event().wire(), r.caseId(), r.subject(), d);
            seqs[i] = seq;
            actors[i] = r.actor();
            events[i] = r.event().wire();
            cases[i] = r.caseId() == null ? null : r.caseId().toString();
            subjects[i] = r.subject();
            details[i] = d;
            prevs[i] = prev;
            hashes[i] = hash;
            prev = hash;
        }
        rows.clear();
        jdbc.sql(INSERT)
                .params(
                        Timestamp.from(at),
                        seqs,
                        actors,
                        events,
                        cases,
                        subjects,
                        details,
                        prevs,
                        hashes)
                .update();
    }

    /** A detail as stored: cut to the column's limit. */
    static String clip(String detail) {
        return detail == null || detail.length() <= ReviewLimits.AUDIT_DETAIL_MAX
                ? detail
                : detail.substring(0, ReviewLimits.AUDIT_DETAIL_MAX);
    }

    static byte[] hash(
            byte[] prev,
            long seq,
            Instant at,
            String actor,
            String event,
            UUID caseId,
            String subject,
            String detail) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prev);
            lp(md, Long.toString(seq));
            lp(md, at.toString());
            lp(md, actor);
            lp(md, event);
            lp(md, caseId == null ? "" : caseId.toString());
            lp(md, subject == null ? "" : subject);
            lp(md, detail == null ? "" : detail);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void lp(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    /** The chain's newest link, which the next append hashes onto. */
    record Head(long seq, byte[] hash) {}

    /** The chain's newest row: what an evidence package anchors ({@code auditChainHead}). */
    public record ChainHead(long seq, Instant at, byte[] hash) {}

    /**
     * The newest committed row of the whole chain. Rows commit in {@code seq} order (the chain lock
     * is held until commit), so what this reads is never older than anything read before it in the
     * same transaction.
     */
    public Optional<ChainHead> head() {
        return jdbc.sql("SELECT seq, at, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .query(Rows.of(ChainHead.class))
                .optional();
    }

    /**
     * The columns {@link #STORED} reads, in its order. Issue 15: rows were mapped by record class,
     * whose mapper looks each component up by its own name first ({@code caseId}, {@code prevHash})
     * and, when the driver throws for the unknown column, by the underscored name: two exceptions
     * built (message formatted, stack filled in) per row, most of the CSV export's CPU.
     */
    static final String STORED_COLUMNS =
            "seq, at, actor, event, case_id, subject, detail, prev_hash, hash";

    /** An audit_log row read by position ({@link #STORED_COLUMNS}). */
    private static final org.springframework.jdbc.core.RowMapper<Stored> STORED =
            (rs, i) ->
                    new Stored(
                            rs.getLong(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getObject(5, UUID.class),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getBytes(8),
                            rs.getBytes(9));

    /** An audit_log row as stored. */
    private record Stored(
            long seq,
            Instant at,
            String actor,
            String event,
            UUID caseId,
            String subject,
            String detail,
            byte[] prevHash,
            byte[] hash) {
        AuditRow view() {
            return new AuditRow(
                    seq, at, actor, event, caseId, subject, detail, HexFormat.of().formatHex(hash));
        }
    }

    @Override
    public ChainCheck verifyChain() {
        byte[] prev = GENESIS;
        long count = 0;
        long expectedSeq = 1;
        // streamed, so a long chain is checked without holding it all in memory
        try (var rows =
                jdbc
                        .sql("SELECT " + STORED_COLUMNS + " FROM audit_log ORDER BY seq")
                        .query(STORED)
                        .stream()) {
            for (var it = rows.iterator(); it.hasNext(); ) {
                Stored r = it.next();
                byte[] recomputed =
                        hash(
                                prev,
                                r.seq(),
                                r.at(),
                                r.actor(),
                                r.event(),
                                r.caseId(),
                                r.subject(),
                                r.detail());
                if (r.seq() != expectedSeq
                        || !MessageDigest.isEqual(r.prevHash(), prev)
                        || !MessageDigest.isEqual(r.hash(), recomputed)) {
                    return new ChainCheck(false, count, r.seq());
                }
                prev = r.hash();
                expectedSeq = r.seq() + 1;
                count++;
            }
        }
        return new ChainCheck(true, count, null);
    }

    @Override
    public List<AuditRow> search(AuditFilter f, Long beforeSeq, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        if (beforeSeq != null) {
            where += " AND seq < ?";
            args.add(beforeSeq);
        }
        args.add(Math.max(1, Math.min(limit, 500)));
        return jdbc
                .sql(
                        "SELECT "
                                + STORED_COLUMNS
                                + " FROM audit_log WHERE "
                                + where
                                + " ORDER BY seq DESC LIMIT ?")
                .params(args)
                .query(STORED)
                .list()
                .stream()
                .map(Stored::view)
                .toList();
    }

    /** Rows the CSV export reads a statement. */
    static final int EXPORT_CHUNK = 1000;

    /** A statement and its arguments. */
    record Statement(String sql, List<Object> args) {}

    /**
     * The CSV export's statement for the rows after {@code afterSeq} (issue 15: the first megabyte
     * of a 300,000-row export took 8.9 s). One statement for the whole log let the planner choose
     * to sort every row before sending the first, as it plans for all rows; a LIMIT after a seq
     * makes each chunk a range of the key (or of the filter's (column, seq) index) in seq order, so
     * the first rows come after reading about as many, whatever the size of the log.
     */
    static Statement exportChunk(AuditFilter f, long afterSeq) {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        args.add(afterSeq);
        args.add(EXPORT_CHUNK);
        return new Statement(
                "SELECT "
                        + STORED_COLUMNS
                        + " FROM audit_log WHERE "
                        + where
                        + " AND seq > ? ORDER BY seq LIMIT ?",
                args);
    }

    @Override
    // no transaction: each chunk is a short statement of its own, so a slow download holds no
    // connection and no snapshot between chunks; rows appended meanwhile come after, in seq order
    public void exportCsv(AuditFilter f, Writer out) throws IOException {
        out.write("seq,at,actor,event,case_id,subject,detail,hash\r\n");
        StringBuilder line = new StringBuilder(256);
        long after = Long.MIN_VALUE;
        while (true) {
            Statement chunk = exportChunk(f, after);
            // each row is written as it is read: no list of the chunk's rows, no view records
            long[] last = {after, 0};
            try {
                jdbc.sql(chunk.sql())
                        .params(chunk.args())
                        .query(
                                rs -> {
                                    Stored r = STORED.mapRow(rs, 0);
                                    line.setLength(0);
                                    line.append(r.seq()).append(',').append(r.at()).append(',');
                                    csv(line, r.actor()).append(',');
                                    csv(line, r.event()).append(',');
                                    if (r.caseId() != null) {
                                        line.append(r.caseId());
                                    }
                                    line.append(',');
                                    csv(line, r.subject()).append(',');
                                    csv(line, r.detail()).append(',');
                                    line.append(HexFormat.of().formatHex(r.hash())).append("\r\n");
                                    try {
                                        out.append(line);
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                    last[0] = r.seq();
                                    last[1]++;
                                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            // what is written so far goes out now, not when the response buffer fills
            out.flush();
            // Issue 15: a servlet's PrintWriter never throws; when the client has gone it only
            // remembers the error. Without this check the export read the whole log (300,000 rows,
            // seconds of CPU) for every download abandoned after its first megabyte, and those
            // exports ran on behind the pages requested next.
            if (out instanceof java.io.PrintWriter p && p.checkError()) {
                throw new IOException("the client has gone: audit export stopped");
            }
            if (last[1] < EXPORT_CHUNK) {
                return;
            }
            after = last[0];
        }
    }

    /**
     * The newest {@code limit} rows of a case's history, oldest first: a backward range of
     * audit_log_by_case with a LIMIT, whatever the length of the history (intake appends a row per
     * report received, so a case of 20,000 reports has a history as long).
     */
    public List<AuditRow> recentForCase(UUID caseId, int limit) {
        List<AuditRow> rows =
                new ArrayList<>(
                        jdbc
                                .sql(
                                        "SELECT "
                                                + STORED_COLUMNS
                                                + " FROM audit_log WHERE case_id = ? ORDER BY seq"
                                                + " DESC LIMIT ?")
                                .params(caseId, limit)
                                .query(STORED)
                                .list()
                                .stream()
                                .map(Stored::view)
                                .toList());
        java.util.Collections.reverse(rows);
        return rows;
    }

    /** A case's history, oldest first. */
    public List<AuditRow> forCase(UUID caseId) {
        return jdbc
                .sql("SELECT " + STORED_COLUMNS + " FROM audit_log WHERE case_id = ? ORDER BY seq")
                .param(caseId)
                .query(STORED)
                .list()
                .stream()
                .map(Stored::view)
                .toList();
    }

    /** A row of the chain as an evidence package carries it (its custody section). */
    public record CustodyEntry(
            long seq,
            Instant at,
            String actor,
            String event,
            String subject,
            String detail,
            byte[] prevHash,
            byte[] hash) {}

    /** A case's chain of custody, oldest first, with the hashes that link it. */
    public List<CustodyEntry> custody(UUID caseId) {
        return jdbc.sql(
                        "SELECT seq, at, actor, event, subject, detail, prev_hash, hash FROM"
                                + " audit_log WHERE case_id = ? ORDER BY seq")
                .param(caseId)
                .query(Rows.of(CustodyEntry.class))
                .list();
    }

    /**
     * A recorded view of a file: {@code subject} names the item, or the item and attachment ({@code
     * item#n}); {@code detail} is {@code package=<id>} when the view was the download of an
     * evidence package holding the file, else null.
     */
    public record View(String subject, Instant at, String detail) {
        /**
         * Whether the view was a package download (which exposes every file, whatever its type).
         */
        public boolean viaPackage() {
            return detail != null && detail.startsWith(PACKAGE_DETAIL);
        }
    }

    /** The detail of a {@code transcript.viewed} row: every message shown, by evidence item. */
    public static final String SHOWN_ITEMS = "items=";

    /** The detail of the view rows a package download writes for each file in it. */
    public static final String PACKAGE_DETAIL = "package=";

    private record ViewRow(String event, String subject, String detail, Instant at) {}

    /**
     * Every recorded view of a case's files in which a person was shown the file unobscured, oldest
     * first: a message's content shown ({@code evidence.viewed}; a whole transcript shown in one
     * action is one {@code transcript.viewed} row naming each message, and counts as a view of
     * each), an attachment's "view original" and every file of a downloaded package ({@code
     * attachment.original_viewed}, and {@code evidence.viewed} with a package detail). Rows of
     * {@code attachment.viewed} (written before issue 13, when the browser showed the file blurred)
     * and {@code attachment.previewed} are not views.
     */
    public List<View> views(UUID caseId) {
        List<View> views = new java.util.ArrayList<>();
        for (ViewRow r :
                jdbc.sql(
                                "SELECT event, subject, detail, at FROM audit_log WHERE case_id = ?"
                                        + " AND event IN ('evidence.viewed',"
                                        + " 'attachment.original_viewed', 'transcript.viewed')"
                                        + " ORDER BY seq")
                        .param(caseId)
                        .query(Rows.of(ViewRow.class))
                        .list()) {
            if (!AuditEvent.TRANSCRIPT_VIEWED.wire().equals(r.event())) {
                views.add(new View(r.subject(), r.at(), r.detail()));
            } else if (r.detail() != null && r.detail().startsWith(SHOWN_ITEMS)) {
                for (String item : r.detail().substring(SHOWN_ITEMS.length()).split(",")) {
                    if (!item.isEmpty()) {
                        views.add(new View(item, r.at(), null));
                    }
                }
            }
        }
        return views;
    }

    /**
     * Whether this actor's view of {@code subject} in this case was recorded at or after {@code
     * since}: what a reveal grant stands on (the page may show it again without a second row).
     */
    public boolean recordedSince(
            String actor, AuditEvent event, UUID caseId, String subject, Instant since) {
        return jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM audit_log WHERE case_id = ? AND actor = ?"
                                + " AND event = ? AND subject = ? AND at >= ?)")
                .params(caseId, actor, event.wire(), subject, Timestamp.from(since))
                .query(Boolean.class)
                .single();
    }

    /**
     * The details of this actor's rows of {@code event} about {@code subject} in this case recorded
     * at or after {@code since} whose detail begins with {@code detailPrefix}: what a "view
     * original" hold stands on (its rows name the hold's digest in their detail).
     */
    public List<String> detailsSince(
            String actor,
            AuditEvent event,
            UUID caseId,
            String subject,
            String detailPrefix,
            Instant since) {
        return jdbc.sql(
                        "SELECT detail FROM audit_log WHERE case_id = ? AND actor = ? AND event = ?"
                                + " AND subject = ? AND at >= ? AND starts_with(detail, ?)")
                .params(caseId, actor, event.wire(), subject, Timestamp.from(since), detailPrefix)
                .query(String.class)
                .list();
    }

    /**
     * The events that count as a content view in a moderator's daily figure (issue 14 wellness):
     * text content or a comment shown, an original viewed, a package downloaded. The per-file rows
     * a package download writes are left out (the download is counted once, by its own row).
     */
    private static final String CONTENT_VIEWS =
            "event IN ('evidence.viewed', 'comment.viewed', 'attachment.original_viewed',"
                    + " 'evidence.package_downloaded', 'transcript.viewed') AND (detail IS NULL OR"
                    + " detail NOT LIKE 'package=%')";

    /**
     * What one row of {@link #CONTENT_VIEWS} counts: a whole transcript shown in one action counts
     * once for each message it showed, every other row once.
     */
    private static final String CONTENT_VIEW_WEIGHT =
            "CASE WHEN event = 'transcript.viewed' AND detail LIKE 'items=%' THEN"
                    + " coalesce(array_length(string_to_array(substr(detail, 7), ','), 1), 1)"
                    + " ELSE 1 END";

    /** One moderator's content views in [from, to). */
    public int contentViews(String actor, Instant from, Instant to) {
        return jdbc.sql(
                        "SELECT coalesce(sum("
                                + CONTENT_VIEW_WEIGHT
                                + "), 0) FROM audit_log WHERE actor = ? AND at >= ? AND at < ? AND "
                                + CONTENT_VIEWS)
                .params(actor, Timestamp.from(from), Timestamp.from(to))
                .query(Integer.class)
                .single();
    }

    /** Every actor's content views in [from, to), by actor (actors with none are absent). */
    public Map<String, Integer> contentViewsByActor(Instant from, Instant to) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        jdbc.sql(
                        "SELECT actor, sum("
                                + CONTENT_VIEW_WEIGHT
                                + ") AS n FROM audit_log WHERE at >= ? AND at < ? AND "
                                + CONTENT_VIEWS
                                + " GROUP BY actor")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query(
                        (rs, i) -> {
                            out.put(rs.getString("actor"), rs.getInt("n"));
                            return null;
                        })
                .list();
        return out;
    }

    private static String where(AuditFilter f, List<Object> args) {
        StringBuilder w = new StringBuilder("TRUE");
        if (f != null) {
            if (f.actor() != null && !f.actor().isBlank()) {
                w.append(" AND actor = ?");
                args.add(f.actor());
            }
            if (f.event() != null && !f.event().isBlank()) {
                w.append(" AND event = ?");
                args.add(f.event());
            }
            if (f.caseId() != null) {
                w.append(" AND case_id = ?");
                args.add(f.caseId());
            }
            if (f.from() != null) {
                w.append(" AND at >= ?");
                args.add(Timestamp.from(f.from()));
            }
            if (f.to() != null) {
                w.append(" AND at < ?");
                args.add(Timestamp.from(f.to()));
            }
        }
        return w.toString();
    }

    /** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
    static String csv(String s) {
        return csv(new StringBuilder(), s).toString();
    }

    /** {@link #csv(String)} appended to {@code out}, without a regular expression a cell. */
    static StringBuilder csv(StringBuilder out, String s) {
        if (s == null || s.isEmpty()) {
            return out;
        }
        boolean formula = "=+-@\t\r".indexOf(s.charAt(0)) >= 0;
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == '"' || c == ',' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return (formula ? out.append('\'') : out).append(s);
        }
        out.append('"');
        if (formula) {
            out.append('\'');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c);
            if (c == '"') {
                out.append('"');
            }
        }
        return out.append('"');
    }
}
