package dev.franking.service.outbox;

import dev.franking.review.web.ReviewLimits;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Side effects go through this table: written in the transaction that decides them, delivered after
 * commit by a dispatcher, retried with exponential backoff across failures and restarts. Each
 * entry's id travels with it, so receivers can be idempotent.
 */
@Component
public class Outbox {
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    Outbox(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = JdbcClient.create(jdbc);
        this.clock = clock;
    }

    /**
     * Queues a message in the caller's transaction; returns its id, which is also put into the
     * payload as {@code id}, before the payload's own fields.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID enqueue(OutboxPayload payload) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql(
                        "INSERT INTO outbox (id, kind, payload, created_at, next_attempt_at) VALUES"
                                + " (?, ?, ?, ?, ?)")
                .params(id, payload.kind().wire(), json(id, payload), now, now)
                .update();
        return id;
    }

    /** The stored JSON: the entry's id first, then the payload's fields in their order. */
    static String json(UUID id, OutboxPayload payload) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", id.toString());
        body.setAll((ObjectNode) JSON.valueToTree(payload));
        return JSON.writeValueAsString(body);
    }

    /**
     * A due entry; {@code payload} is the JSON exactly as stored (the platform signs its bytes).
     */
    public record Entry(UUID id, OutboxKind kind, String payload, int attempts) {
        /** The payload, read back into its record. */
        public <T extends OutboxPayload> T read(Class<T> type) {
            return JSON.readValue(payload, type);
        }
    }

    /** An outbox row as stored: {@code kind} is the wire name, which is lower case. */
    private record Row(UUID id, String kind, String payload, int attempts) {
        Entry entry() {
            return new Entry(
                    id, OutboxKind.valueOf(kind.toUpperCase(Locale.ROOT)), payload, attempts);
        }
    }

    /**
     * Due entries, locked for this transaction so that two instances never deliver the same one at
     * once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Entry> lockDue(OutboxKind kind, int limit) {
        return jdbc
                .sql(
                        "SELECT id, kind, payload, attempts FROM outbox WHERE kind = ? AND"
                                + " delivered_at IS NULL AND next_attempt_at <= ? ORDER BY"
                                + " next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED")
                .params(kind.wire(), Timestamp.from(clock.instant()), limit)
                .query(Row.class)
                .list()
                .stream()
                .map(Row::entry)
                .toList();
    }

    public void delivered(UUID id) {
        jdbc.sql(
                        "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error ="
                                + " NULL WHERE id = ?")
                .params(Timestamp.from(clock.instant()), id)
                .update();
    }

    public void failed(UUID id, int attempts, String error) {
        Instant next = clock.instant().plus(backoff(attempts + 1));
        jdbc.sql(
                        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error"
                                + " = ? WHERE id = ?")
                .params(Timestamp.from(next), clip(error), id)
                .update();
    }

    /**
     * Stops retrying an entry that cannot succeed without a person; it stays in the table with its
     * error.
     */
    public void abandon(UUID id, String error) {
        jdbc.sql(
                        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = 'infinity',"
                                + " last_error = ? WHERE id = ?")
                .params(clip(error), id)
                .update();
    }

    private static String clip(String error) {
        return error == null || error.length() <= ReviewLimits.ERROR_MAX
                ? error
                : error.substring(0, ReviewLimits.ERROR_MAX);
    }

    /** 2, 4, 8, ... seconds, at most an hour. */
    static Duration backoff(int attempts) {
        long s = 1L << Math.min(attempts, 12);
        return Duration.ofSeconds(Math.min(s, MAX_BACKOFF.toSeconds()));
    }
}
