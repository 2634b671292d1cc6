package dev.franking.service.audit;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.AuditFilter;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.review.model.Views.ChainCheck;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Appends one event; details name ids and codes, never content. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long append(String actor, String event, UUID caseId, String subject, String detail) {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, CHAIN_LOCK);
        var last =
                jdbc.query(
                        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                        (rs, i) -> new Object[] {rs.getLong(1), rs.getBytes(2)});
        long seq = last.isEmpty() ? 1 : (long) last.get(0)[0] + 1;
        byte[] prev = last.isEmpty() ? GENESIS : (byte[]) last.get(0)[1];
        // PostgreSQL keeps microseconds: hash what is stored
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String d =
                detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        byte[] hash = hash(prev, seq, at, actor, event, caseId, subject, d);
        jdbc.update(
                "INSERT INTO audit_log (seq, at, actor, event, case_id, subject, detail, prev_hash,"
                        + " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq,
                Timestamp.from(at),
                actor,
                event,
                caseId,
                subject,
                d,
                prev,
                hash);
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

    @Override
    public ChainCheck verifyChain() {
        byte[][] prev = {GENESIS};
        long[] count = {0};
        long[] expectedSeq = {1};
        Long[] broken = {null};
        jdbc.query(
                "SELECT seq, at, actor, event, case_id, subject, detail, prev_hash, hash FROM"
                        + " audit_log ORDER BY seq",
                rs -> {
                    if (broken[0] != null) {
                        return;
                    }
                    long seq = rs.getLong("seq");
                    byte[] stored = rs.getBytes("hash");
                    byte[] recomputed =
                            hash(
                                    prev[0],
                                    seq,
                                    rs.getTimestamp("at").toInstant(),
                                    rs.getString("actor"),
                                    rs.getString("event"),
                                    rs.getObject("case_id", UUID.class),
                                    rs.getString("subject"),
                                    rs.getString("detail"));
                    if (seq != expectedSeq[0]
                            || !MessageDigest.isEqual(rs.getBytes("prev_hash"), prev[0])
                            || !MessageDigest.isEqual(stored, recomputed)) {
                        broken[0] = seq;
                        return;
                    }
                    prev[0] = stored;
                    expectedSeq[0] = seq + 1;
                    count[0]++;
                });
        return new ChainCheck(broken[0] == null, count[0], broken[0]);
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
        return jdbc.query(
                "SELECT * FROM audit_log WHERE " + where + " ORDER BY seq DESC LIMIT ?",
                this::row,
                args.toArray());
    }

    @Override
    public void exportCsv(AuditFilter f, Writer out) throws IOException {
        List<Object> args = new ArrayList<>();
        String where = where(f, args);
        out.write("seq,at,actor,event,case_id,subject,detail,hash\r\n");
        List<IOException> failed = new ArrayList<>();
        jdbc.query(
                "SELECT * FROM audit_log WHERE " + where + " ORDER BY seq",
                rs -> {
                    AuditRow r = row(rs, 0);
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
                        failed.add(e);
                    }
                },
                args.toArray());
        if (!failed.isEmpty()) {
            throw failed.get(0);
        }
    }

    /** A case's history, oldest first. */
    public List<AuditRow> forCase(UUID caseId) {
        return jdbc.query(
                "SELECT * FROM audit_log WHERE case_id = ? ORDER BY seq", this::row, caseId);
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
        return jdbc.query(
                "SELECT seq, at, actor, event, subject, detail, prev_hash, hash FROM audit_log"
                        + " WHERE case_id = ? ORDER BY seq",
                new DataClassRowMapper<>(CustodyEntry.class),
                caseId);
    }

    /** A recorded view of a file: {@code subject} names the item, or the item and attachment. */
    public record View(String subject, Instant at) {}

    /** Every recorded view of a case's content and attachments, oldest first. */
    public List<View> views(UUID caseId) {
        return jdbc.query(
                "SELECT subject, at FROM audit_log WHERE case_id = ? AND event IN"
                        + " ('evidence.viewed', 'attachment.viewed') ORDER BY seq",
                new DataClassRowMapper<>(View.class),
                caseId);
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

    private AuditRow row(ResultSet rs, int i) throws SQLException {
        return new AuditRow(
                rs.getLong("seq"),
                rs.getTimestamp("at").toInstant(),
                rs.getString("actor"),
                rs.getString("event"),
                rs.getObject("case_id", UUID.class),
                rs.getString("subject"),
                rs.getString("detail"),
                HexFormat.of().formatHex(rs.getBytes("hash")));
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
