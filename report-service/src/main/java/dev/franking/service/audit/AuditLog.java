package dev.franking.service.audit;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.AuditFilter;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.review.model.Views.ChainCheck;
import dev.franking.review.web.ReviewLimits;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log: append-only, one row per event, each row carrying the hash of the previous one so
 * that an edited, removed or reordered row breaks the chain. Appends join the caller's transaction
 * (authorise, change, audit row: one transaction) and are serialised by an advisory lock, so the
 * chain has no forks even with several instances.
 */
@Service
public class AuditLog implements ReviewPorts.Audit {
    private static final long CHAIN_LOCK = 0x4155444954L; // "AUDIT"
    static final byte[] GENESIS = new byte[32];

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = JdbcClient.create(jdbc);
        this.clock = clock;
    }

    /** Appends one event; details name ids and codes, never content. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long append(String actor, AuditEvent event, UUID caseId, String subject, String detail) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleColumn();
        var last =
                jdbc.sql("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                        .query(Head.class)
                        .optional();
        long seq = last.map(h -> h.seq() + 1).orElse(1L);
        byte[] prev = last.map(Head::hash).orElse(GENESIS);
        // PostgreSQL keeps microseconds: hash what is stored
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String d =
                detail == null
                        ? null
                        : detail.length() > ReviewLimits.AUDIT_DETAIL_MAX
                                ? detail.substring(0, ReviewLimits.AUDIT_DETAIL_MAX)
                                : detail;
        byte[] hash = hash(prev, seq, at, actor, event.wire(), caseId, subject, d);
        jdbc.sql(
                        "INSERT INTO audit_log (seq, at, actor, event, case_id, subject, detail,"
                                + " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        seq,
                        Timestamp.from(at),
                        actor,
                        event.wire(),
                        caseId,
                        subject,
                        d,
                        prev,
                        hash)
                .update();
        return seq;
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
    private record Head(long seq, byte[] hash) {}

    /** An audit_log row as stored, mapped by column name. */
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
                        .sql(
                                "SELECT seq, at, actor, event, case_id, subject, detail, prev_hash,"
                                        + " hash FROM audit_log ORDER BY seq")
                        .query(Stored.class)
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
                .sql("SELECT * FROM audit_log WHERE " + where + " ORDER BY seq DESC LIMIT ?")
                .params(args)
                .query(Stored.class)
                .list()
                .stream()
                .map(Stored::view)
                .toList();
    }

    @Override
    // read-only transaction and a fetch size: the driver then reads the rows through a cursor, a
    // thousand at a time, so the export streams whatever the size of the log (issue 15) instead of
    // holding every row in memory before the first byte goes out
    @Transactional(readOnly = true)
    public void exportCsv(AuditFilter f, Writer out) throws IOException {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        out.write("seq,at,actor,event,case_id,subject,detail,hash\r\n");
        var mapper = new DataClassRowMapper<>(Stored.class);
        try {
            jdbc.sql("SELECT * FROM audit_log WHERE " + where + " ORDER BY seq")
                    .withFetchSize(1000)
                    .params(args)
                    .query(
                            rs -> {
                                AuditRow r = mapper.mapRow(rs, 0).view();
                                try {
                                    out.write(
                                            r.seq()
                                                    + ","
                                                    + r.at()
                                                    + ","
                                                    + csv(r.actor())
                                                    + ","
                                                    + csv(r.event())
                                                    + ","
                                                    + (r.caseId() == null ? "" : r.caseId())
                                                    + ","
                                                    + csv(r.subject())
                                                    + ","
                                                    + csv(r.detail())
                                                    + ","
                                                    + r.hashHex()
                                                    + "\r\n");
                                } catch (IOException e) {
                                    // the client went away: stop reading rows nobody will get
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A case's history, oldest first. */
    public List<AuditRow> forCase(UUID caseId) {
        return jdbc
                .sql("SELECT * FROM audit_log WHERE case_id = ? ORDER BY seq")
                .param(caseId)
                .query(Stored.class)
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
                .query(CustodyEntry.class)
                .list();
    }

    /** A recorded view of a file: {@code subject} names the item, or the item and attachment. */
    public record View(String subject, Instant at) {}

    /** Every recorded view of a case's content and attachments, oldest first. */
    public List<View> views(UUID caseId) {
        return jdbc.sql(
                        "SELECT subject, at FROM audit_log WHERE case_id = ? AND event IN"
                                + " ('evidence.viewed', 'attachment.viewed') ORDER BY seq")
                .param(caseId)
                .query(View.class)
                .list();
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
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.matches("[^\",\r\n]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
