package dev.franking.service.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Side effects go through this table: written in the transaction that decides them, delivered after
 * commit by a dispatcher, retried with exponential backoff across failures and restarts. Each
 * entry's id travels with it, so receivers can be idempotent.
 */
@Component
public class Outbox {
    public static final String PLATFORM_ACTION = "platform_action";
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Outbox(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues a message in the caller's transaction; returns its id, which is also put into the
     * payload as {@code id}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID enqueue(String kind, Map<String, Object> payload) {
        UUID id = UUID.randomUUID();
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("id", id.toString());
        body.putAll(payload);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update(
                "INSERT INTO outbox (id, kind, payload, created_at, next_attempt_at) VALUES (?, ?,"
                        + " ?, ?, ?)",
                id,
                kind,
                JSON.writeValueAsString(body),
                now,
                now);
        return id;
    }

    public record Entry(UUID id, String kind, String payload, int attempts) {}

    /**
     * Due entries, locked for this transaction so that two instances never deliver the same one at
     * once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Entry> lockDue(String kind, int limit) {
        return jdbc.query(
                "SELECT id, kind, payload, attempts FROM outbox WHERE kind = ? AND delivered_at IS"
                    + " NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? FOR UPDATE"
                    + " SKIP LOCKED",
                (rs, i) ->
                        new Entry(
                                rs.getObject("id", UUID.class),
                                rs.getString("kind"),
                                rs.getString("payload"),
                                rs.getInt("attempts")),
                kind,
                Timestamp.from(clock.instant()),
                limit);
    }

    public void delivered(UUID id) {
        jdbc.update(
                "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL"
                        + " WHERE id = ?",
                Timestamp.from(clock.instant()),
                id);
    }

    public void failed(UUID id, int attempts, String error) {
        Instant next = clock.instant().plus(backoff(attempts + 1));
        jdbc.update(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                        + " WHERE id = ?",
                Timestamp.from(next),
                error.length() > 500 ? error.substring(0, 500) : error,
                id);
    }

    /**
     * Stops retrying an entry that cannot succeed without a person; it stays in the table with its
     * error.
     */
    public void abandon(UUID id, String error) {
        jdbc.update(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = 'infinity',"
                        + " last_error = ? WHERE id = ?",
                error == null ? null : error.length() > 500 ? error.substring(0, 500) : error,
                id);
    }

    /** 2, 4, 8, ... seconds, at most an hour. */
    static Duration backoff(int attempts) {
        long s = 1L << Math.min(attempts, 12);
        return Duration.ofSeconds(Math.min(s, MAX_BACKOFF.toSeconds()));
    }
}
