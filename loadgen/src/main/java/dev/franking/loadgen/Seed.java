package dev.franking.loadgen;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Fills the service's database with a backlog (issue 15), through its own Flyway-migrated schema:
 * the real tables, their CHECK constraints, and (re-created after the load) their unique and
 * foreign keys. The rows are made by PostgreSQL ({@code INSERT … SELECT generate_series}); only the
 * audit rows are made here, because their hash chain must verify.
 *
 * <pre>
 * java -cp loadgen.jar -Dloader.main=dev.franking.loadgen.Seed org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --jdbc jdbc:postgresql://127.0.0.1:PORT/postgres --password-file DATA/postgres-password --scale 1
 * (or: java -jar loadgen.jar seed ...)
 * </pre>
 *
 * At scale 1: 1,000,000 open cases over the 10 categories (skewed: spam and harassment common,
 * terrorism rare), reports per case Pareto-distributed (most cases 3-6 reports, a few thousands),
 * about 10,000,000 reports; 100,000 closed cases with decisions, a note each and three audit rows
 * each (claimed, note added, decided). Encrypted columns: seeded cases have no data key (as a
 * shredded case has none), so their notes show no text and their reports no comment; the pages that
 * list never decrypt. Real cases (made through the API before seeding, {@code --grow}) keep their
 * keys and can be grown to the largest case by cloning their reports.
 */
public final class Seed {
    private Seed() {}

    /** Categories in severity order (the service's Category enum); weights of the open cases. */
    static final String[] CATEGORIES = {
        "child_safety",
        "sexual_exploitation",
        "violent_threat",
        "terrorism",
        "harassment",
        "hate",
        "self_harm",
        "fraud",
        "spam",
        "other"
    };

    static final int[] WEIGHTS = {3, 4, 6, 1, 22, 10, 4, 14, 30, 6};

    public static void main(String[] args) throws Exception {
        Opts o = new Opts(args, args.length > 0 && args[0].equals("seed") ? 1 : 0);
        String url = o.str("jdbc", null);
        if (url == null) {
            System.err.println(
                    "usage: seed --jdbc jdbc:postgresql://127.0.0.1:PORT/postgres --password-file"
                        + " DATA/postgres-password [--user postgres] [--scale 1] [--grow CASE_ID"
                        + " --to N]");
            System.exit(2);
        }
        String password =
                o.has("password-file")
                        ? java.nio.file.Files.readString(
                                        java.nio.file.Path.of(o.str("password-file", null)))
                                .trim()
                        : o.str("password", "");
        double scale = Double.parseDouble(o.str("scale", "1"));
        try (Connection c = DriverManager.getConnection(url, o.str("user", "postgres"), password)) {
            c.setAutoCommit(true);
            if (o.has("grow")) {
                grow(c, UUID.fromString(o.str("grow", null)), o.integer("to", 2000));
            } else {
                seed(c, scale, o.lng("random-seed", 15));
            }
        }
    }

    static void seed(Connection c, double scale, long randomSeed) throws Exception {
        long open = Math.round(1_000_000 * scale);
        long closed = Math.round(100_000 * scale);
        long t0 = System.nanoTime();
        exec(c, "SELECT setseed(" + (randomSeed % 1000) / 1000.0 + ")");
        List<String> restore = dropKeysAndIndexes(c);
        // categories by weight: an array of 100 names to pick from
        StringBuilder pick = new StringBuilder("ARRAY[");
        for (int i = 0; i < CATEGORIES.length; i++) {
            for (int w = 0; w < WEIGHTS[i]; w++) {
                pick.append(pick.length() > 6 ? "," : "")
                        .append('\'')
                        .append(CATEGORIES[i])
                        .append('\'');
            }
        }
        pick.append("]");
        String severity = "array_position(ARRAY['" + String.join("','", CATEGORIES) + "'], %s) - 1";
        // reports per case: Pareto (alpha 1.5, minimum 3: mean about 9.5), capped at 20,000
        String reportsPerCase = "least(20000, ceil(3 * power(1 - random(), -1 / 1.5)))::int";
        String runId = Long.toString(System.currentTimeMillis() / 1000, 36);
        step(
                c,
                "open cases",
                "INSERT INTO cases (id, reported_sender_id, opened_at, top_category, severity,"
                        + " distinct_reporters, report_count) SELECT gen_random_uuid(), 'seed-"
                        + runId
                        + "-' || g, now() - random() * interval '365 days', x.cat, "
                        + severity.formatted("x.cat")
                        + ", greatest(1, (x.n * 0.9)::int), x.n FROM generate_series(1, "
                        + open
                        + ") g CROSS JOIN LATERAL (SELECT ("
                        + pick
                        + ")[1 + floor(random() * 100)::int + (g * 0)] AS cat, "
                        + reportsPerCase.replace("random()", "random() + g * 0")
                        + " AS n) x");
        // a few claimed (one of 20 seeded moderators) and escalated cases, as a live queue has
        step(
                c,
                "claimed",
                "UPDATE cases SET assigned_to = 'seed-mod-' || (1 + floor(random() * 20)::int),"
                        + " assigned_at = now() WHERE reported_sender_id LIKE 'seed-"
                        + runId
                        + "-%' AND random() < 0.005");
        step(
                c,
                "escalated",
                "UPDATE cases SET escalated_at = now(), escalated_by = 'seed-mod-1',"
                        + " escalated_from_category = top_category, top_category = 'child_safety',"
                        + " severity = 0, assigned_to = NULL, assigned_at = NULL WHERE"
                        + " reported_sender_id LIKE 'seed-"
                        + runId
                        + "-%' AND top_category <> 'child_safety' AND random() < 0.002");
        step(
                c,
                "closed cases",
                "INSERT INTO cases (id, reported_sender_id, opened_at, top_category, severity,"
                        + " distinct_reporters, report_count, decision, decided_at, decided_by,"
                        + " reasons_ground, reasons_facts, reasons_automated, closed_at,"
                        + " closed_by) SELECT gen_random_uuid(), 'seed-closed-"
                        + runId
                        + "-' || g, x.opened, x.cat, "
                        + severity.formatted("x.cat")
                        + ", 3, 3, x.decision, x.decided, x.by, 'Terms of service §4',"
                        + " sha256(g::text::bytea), false, x.decided, x.by FROM generate_series(1, "
                        + closed
                        + ") g CROSS JOIN LATERAL (SELECT ("
                        + pick
                        + ")[1 + floor(random() * 100)::int + (g * 0)] AS cat, (ARRAY['dismiss',"
                        + " 'warn', 'restrict', 'suspend'])[1 + floor(random() * 4)::int + g * 0]"
                        + " AS decision, now() - random() * interval '365 days' - interval '30"
                        + " days' AS opened, 'seed-mod-' || (1 + floor(random() * 20)::int + g *"
                        + " 0) AS by) y CROSS JOIN LATERAL (SELECT y.*, y.opened + (interval '1"
                        + " minute' + random() * interval '20 days') AS decided) x");
        step(
                c,
                "reports of open cases",
                "INSERT INTO reports (id, case_id, reporter_id, category, message_count,"
                        + " dedupe_key, received_at, verified_at, status, gap_count) SELECT"
                        + " gen_random_uuid(), c.id, 'seed-reporter-' || floor(random() *"
                        + " 3000000)::int || '-' || n, c.top_category, 1, sha256((c.id::text ||"
                        + " n)::bytea), t, t, 'received', 0 FROM cases c CROSS JOIN LATERAL"
                        + " generate_series(1, c.report_count) n CROSS JOIN LATERAL (SELECT"
                        + " c.opened_at + random() * (now() - c.opened_at) + n * interval '0' AS"
                        + " t) r WHERE c.reported_sender_id LIKE 'seed-"
                        + runId
                        + "-%'");
        step(
                c,
                "reports of closed cases",
                "INSERT INTO reports (id, case_id, reporter_id, category, message_count,"
                        + " dedupe_key, received_at, verified_at, status, outcome, decided_at,"
                        + " gap_count) SELECT gen_random_uuid(), c.id, 'seed-reporter-' ||"
                        + " floor(random() * 3000000)::int || '-c' || n, c.top_category, 1,"
                        + " sha256((c.id::text || n)::bytea), c.opened_at, c.opened_at,"
                        + " 'decided', CASE WHEN c.decision = 'dismiss' THEN 'no_action' ELSE"
                        + " 'action_taken' END, c.decided_at, 0 FROM cases c CROSS JOIN LATERAL"
                        + " generate_series(1, 3) n WHERE c.reported_sender_id LIKE"
                        + " 'seed-closed-"
                        + runId
                        + "-%'");
        step(
                c,
                "notes of closed cases",
                "INSERT INTO case_notes (id, case_id, author, text_enc, created_at) SELECT"
                        + " gen_random_uuid(), id, decided_by, sha256(id::text::bytea),"
                        + " decided_at - interval '1 minute' FROM cases WHERE reported_sender_id"
                        + " LIKE 'seed-closed-"
                        + runId
                        + "-%'");
        audit(c, runId);
        recreate(c, restore);
        step(c, "rollups", rollups());
        step(c, "analyze", "ANALYZE");
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT (SELECT count(*) FROM cases WHERE closed_at IS NULL),"
                                        + " (SELECT count(*) FROM cases WHERE closed_at IS NOT"
                                        + " NULL), (SELECT count(*) FROM reports), (SELECT"
                                        + " count(*) FROM audit_log),"
                                        + " pg_size_pretty(pg_database_size(current_database())),"
                                        + " (SELECT max(report_count) FROM cases)")) {
            rs.next();
            System.out.printf(
                    "SEEDED open_cases=%d closed_cases=%d reports=%d audit_rows=%d db_size=%s"
                            + " largest_case_reports=%d seconds=%.0f%n",
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getString(5).replace(' ', '_'),
                    rs.getLong(6),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The dashboard's rollups recounted from the tables (V23's backfill). */
    static String rollups() {
        return "TRUNCATE report_daily_counts, case_daily_outcomes, decision_time_buckets;"
                + " INSERT INTO report_daily_counts (day, category, reports) SELECT (received_at"
                + " AT TIME ZONE 'UTC')::date, category, count(*) FROM reports GROUP BY 1, 2;"
                + " INSERT INTO case_daily_outcomes (day, outcome, cases) SELECT (opened_at AT"
                + " TIME ZONE 'UTC')::date, coalesce(decision, 'open'), count(*) FROM cases GROUP"
                + " BY 1, 2; INSERT INTO decision_time_buckets (day, bucket, decisions) SELECT"
                + " (decided_at AT TIME ZONE 'UTC')::date, floor(ln(1 + greatest(0, extract(epoch"
                + " FROM decided_at - opened_at))) * 10)::int, count(*) FROM cases WHERE"
                + " decided_at IS NOT NULL GROUP BY 1, 2";
    }

    /**
     * Unique and foreign keys and secondary indexes of the big tables go during the load (checked
     * once, when re-created, instead of row by row) and come back as they were; primary keys and
     * CHECK constraints stay.
     */
    static List<String> dropKeysAndIndexes(Connection c) throws SQLException {
        List<String> drop = new ArrayList<>();
        List<String> restore = new ArrayList<>();
        String tables = "('cases', 'reports', 'case_notes', 'audit_log')";
        try (Statement s = c.createStatement()) {
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT conrelid::regclass, conname, pg_get_constraintdef(oid),"
                                    + " contype FROM pg_constraint WHERE contype IN ('u', 'f') AND"
                                    + " (conrelid::regclass::text IN "
                                    + tables
                                    + " OR confrelid::regclass::text IN "
                                    + tables
                                    + ") ORDER BY contype DESC")) {
                while (rs.next()) {
                    drop.add(
                            "ALTER TABLE "
                                    + rs.getString(1)
                                    + " DROP CONSTRAINT "
                                    + rs.getString(2));
                    // unique keys first, then the foreign keys that may need them
                    restore.add(
                            (rs.getString(4).equals("u") ? 0 : 1)
                                    + "ALTER TABLE "
                                    + rs.getString(1)
                                    + " ADD CONSTRAINT "
                                    + rs.getString(2)
                                    + " "
                                    + rs.getString(3));
                }
            }
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT i.indexrelid::regclass, pg_get_indexdef(i.indexrelid) FROM"
                                    + " pg_index i WHERE i.indrelid::regclass::text IN "
                                    + tables
                                    + " AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM"
                                    + " pg_constraint k WHERE k.conindid = i.indexrelid)")) {
                while (rs.next()) {
                    drop.add("DROP INDEX " + rs.getString(1));
                    restore.add("0" + rs.getString(2));
                }
            }
        }
        restore.sort(null);
        for (String d : drop) {
            System.out.println("-- " + d);
            exec(c, d);
        }
        return restore.stream().map(r -> r.substring(1)).toList();
    }

    static void recreate(Connection c, List<String> restore) throws SQLException {
        exec(c, "SET maintenance_work_mem = '256MB'");
        for (String r : restore) {
            step(c, r.length() > 90 ? r.substring(0, 90) + "…" : r, r);
        }
    }

    /**
     * Three audit rows per seeded closed case, chained onto the log's head with the service's hash
     * (AuditLog.hash), so that the chain check still verifies; sent with COPY.
     */
    static void audit(Connection c, String runId) throws Exception {
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + 0x4155444954L + ")");
            long seq = 0;
            byte[] prev = new byte[32];
            try (ResultSet rs =
                    s.executeQuery("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                if (rs.next()) {
                    seq = rs.getLong(1);
                    prev = rs.getBytes(2);
                }
            }
            var copy = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI();
            StringBuilder buf = new StringBuilder();
            long n = 0;
            s.setFetchSize(5000);
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT id, decided_by, decision, decided_at FROM cases WHERE"
                                    + " reported_sender_id LIKE 'seed-closed-"
                                    + runId
                                    + "-%' ORDER BY decided_at")) {
                List<String[]> rows = new ArrayList<>();
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    String by = rs.getString(2);
                    Instant decided = rs.getTimestamp(4).toInstant().truncatedTo(ChronoUnit.MICROS);
                    rows.add(
                            new String[] {
                                decided.minusSeconds(3600).toString(),
                                by,
                                "case.claimed",
                                id.toString(),
                                null,
                                null
                            });
                    rows.add(
                            new String[] {
                                decided.minusSeconds(60).toString(),
                                by,
                                "case.note_added",
                                id.toString(),
                                UUID.randomUUID().toString(),
                                null
                            });
                    rows.add(
                            new String[] {
                                decided.toString(),
                                by,
                                "case.decided",
                                id.toString(),
                                rs.getString(3),
                                "ground=Terms of service §4; automated=false"
                            });
                }
                for (String[] r : rows) {
                    seq++;
                    byte[] hash =
                            hash(
                                    prev,
                                    seq,
                                    Instant.parse(r[0]),
                                    r[1],
                                    r[2],
                                    UUID.fromString(r[3]),
                                    r[4],
                                    r[5]);
                    buf.append(seq).append('\t').append(r[0]).append('\t').append(r[1]);
                    buf.append('\t').append(r[2]).append('\t').append(r[3]);
                    buf.append('\t').append(r[4] == null ? "\\N" : r[4]);
                    buf.append('\t').append(r[5] == null ? "\\N" : r[5]);
                    buf.append("\t\\\\x").append(HexFormat.of().formatHex(prev));
                    buf.append("\t\\\\x").append(HexFormat.of().formatHex(hash)).append('\n');
                    prev = hash;
                    n++;
                    if (buf.length() > 8 << 20) {
                        copy.copyIn(
                                "COPY audit_log (seq, at, actor, event, case_id, subject, detail,"
                                        + " prev_hash, hash) FROM STDIN",
                                new StringReader(buf.toString()));
                        buf.setLength(0);
                    }
                }
            }
            if (buf.length() > 0) {
                copy.copyIn(
                        "COPY audit_log (seq, at, actor, event, case_id, subject, detail,"
                                + " prev_hash, hash) FROM STDIN",
                        new StringReader(buf.toString()));
            }
            c.commit();
            System.out.printf("audit rows: %d in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** AuditLog.hash, as the service computes it (the chain check recomputes it). */
    static byte[] hash(
            byte[] prev,
            long seq,
            Instant at,
            String actor,
            String event,
            UUID caseId,
            String subject,
            String detail)
            throws Exception {
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
    }

    private static void lp(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    /**
     * Makes a real case (opened through the API, with its data key, evidence and transcripts) the
     * largest: its reports are cloned, each clone from a new reporter and with the same transcript
     * rows, until it has {@code to} reports; its queue keys and the rollup follow.
     */
    static void grow(Connection c, UUID caseId, int to) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            int have;
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT count(*) FROM reports WHERE case_id = '" + caseId + "'")) {
                rs.next();
                have = rs.getInt(1);
            }
            int add = Math.max(0, to - have);
            s.execute(
                    "CREATE TEMP TABLE clones ON COMMIT DROP AS SELECT gen_random_uuid() AS id,"
                            + " r.id AS source, g FROM generate_series(1, "
                            + add
                            + ") g CROSS JOIN LATERAL (SELECT id FROM reports WHERE case_id = '"
                            + caseId
                            + "' ORDER BY id OFFSET (g % "
                            + Math.max(1, have)
                            + ") LIMIT 1) r");
            s.execute(
                    "INSERT INTO reports (id, case_id, reporter_id, category, comment_enc,"
                            + " message_count, dedupe_key, received_at, verified_at, status,"
                            + " gap_count) SELECT k.id, r.case_id, 'grown-' || k.g || '-' ||"
                            + " r.reporter_id, r.category, NULL, r.message_count, r.dedupe_key,"
                            + " r.received_at, r.verified_at, r.status, r.gap_count FROM clones k"
                            + " JOIN reports r ON r.id = k.source");
            s.execute(
                    "INSERT INTO report_messages (report_id, idx, evidence_item_id, recipient_id,"
                            + " kid, received_at, stamp_mac, key_expires_at, verified_at,"
                            + " route_salt, transcript_pos, gap_count, by_reporter) SELECT k.id,"
                            + " m.idx, m.evidence_item_id, m.recipient_id, m.kid, m.received_at,"
                            + " m.stamp_mac, m.key_expires_at, m.verified_at, m.route_salt,"
                            + " m.transcript_pos, m.gap_count, m.by_reporter FROM clones k JOIN"
                            + " report_messages m ON m.report_id = k.source");
            s.execute(
                    "UPDATE cases SET report_count = report_count + "
                            + add
                            + ", distinct_reporters = distinct_reporters + "
                            + add
                            + " WHERE id = '"
                            + caseId
                            + "'");
            s.execute(
                    "INSERT INTO report_daily_counts (day, category, reports) SELECT (received_at"
                            + " AT TIME ZONE 'UTC')::date, category, count(*) FROM reports r JOIN"
                            + " clones k ON k.id = r.id GROUP BY 1, 2 ON CONFLICT (day, category)"
                            + " DO UPDATE SET reports = report_daily_counts.reports +"
                            + " EXCLUDED.reports");
            c.commit();
            System.out.println("GROWN case=" + caseId + " reports=" + (have + add));
        } finally {
            c.setAutoCommit(true);
        }
    }

    static void step(Connection c, String what, String sql) throws SQLException {
        long t0 = System.nanoTime();
        exec(c, sql);
        System.out.printf("%-60s %6.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static UUID random(Random r) {
        return new UUID(r.nextLong(), r.nextLong());
    }
}
