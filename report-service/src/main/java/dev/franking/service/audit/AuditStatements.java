package dev.franking.service.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The audit log's statements for a caller that writes many rows of other owners' tables in one
 * transaction and round trip (the report intake's group commit): one batch's audit rows are
 * appended with the chain lock taken once, and inserted in one statement.
 *
 * <p>Use: add {@link Appends#lockAndReadHead()} to a round trip of the transaction (the chain is
 * then locked until commit), {@link Appends#add} the rows, and add {@link Appends#insert} to a
 * later round trip. The rows are hashed exactly as {@link AuditLog#append} hashes one, so the chain
 * verifies the same. Statements are plain SQL and arguments, so that this package need not know the
 * caller's pipeline.
 */
public final class AuditStatements {
    /** The actor of the rows the service writes by itself (receipt, case opening, uploads). */
    public static final String SYSTEM = "system";

    private static final String LOCK = "SELECT pg_advisory_xact_lock(?)";

    // a statement of its own, after the lock: in READ COMMITTED its snapshot is taken once the
    // lock is held, so it sees the row the previous holder committed
    private static final String HEAD = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";

    private static final String INSERT =
            "INSERT INTO audit_log (seq, at, actor, event, case_id, subject, detail, prev_hash,"
                    + " hash) SELECT u.seq, ?, u.actor, u.event, u.case_id, u.subject, u.detail,"
                    + " u.prev, u.hash FROM unnest(?::bigint[], ?::text[], ?::text[], ?::uuid[],"
                    + " ?::text[], ?::text[], ?::bytea[], ?::bytea[]) AS u(seq, actor, event,"
                    + " case_id, subject, detail, prev, hash)";

    private AuditStatements() {}

    /** One SQL statement; {@code rows} (may be null) receives the rows it returns. */
    public record Statement(String sql, RowCallbackHandler rows, Object... args) {}

    /** An audit row to append; details name ids and codes, never content. */
    public record Row(String actor, AuditEvent event, UUID caseId, String subject, String detail) {}

    /** One transaction's appends. Not thread-safe: one batch, one thread. */
    public static final class Appends {
        private final List<Row> rows = new ArrayList<>();
        private boolean locked;
        private AuditLog.Head head = new AuditLog.Head(0, AuditLog.GENESIS);

        /** Takes the chain lock (until commit) and reads the chain's head: two statements. */
        public List<Statement> lockAndReadHead() {
            locked = true;
            return List.of(
                    new Statement(LOCK, null, AuditLog.CHAIN_LOCK),
                    new Statement(
                            HEAD, rs -> head = new AuditLog.Head(rs.getLong(1), rs.getBytes(2))));
        }

        public void add(Row row) {
            rows.add(row);
        }

        public boolean isEmpty() {
            return rows.isEmpty();
        }

        /**
         * The statement inserting the rows added, chained onto the head read, all at {@code now};
         * null if there are none.
         *
         * @throws IllegalStateException if the head was not read under the lock first
         */
        public Statement insert(Instant now) {
            if (!locked) {
                throw new IllegalStateException("the chain is appended to under its lock only");
            }
            if (rows.isEmpty()) {
                return null;
            }
            // PostgreSQL keeps microseconds: hash what is stored
            Instant at = now.truncatedTo(ChronoUnit.MICROS);
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
                String d = AuditLog.clip(r.detail());
                byte[] hash =
                        AuditLog.hash(
                                prev,
                                seq,
                                at,
                                r.actor(),
                                r.event().wire(),
                                r.caseId(),
                                r.subject(),
                                d);
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
            head = new AuditLog.Head(seq, prev);
            rows.clear();
            return new Statement(
                    INSERT,
                    null,
                    Timestamp.from(at),
                    seqs,
                    actors,
                    events,
                    cases,
                    subjects,
                    details,
                    prevs,
                    hashes);
        }
    }
}
