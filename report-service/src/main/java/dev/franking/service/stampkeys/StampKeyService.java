package dev.franking.service.stampkeys;

import dev.franking.service.ReportsProperties;
import dev.franking.service.crypto.EpochKeyGone;
import dev.franking.service.crypto.Epochs;
import dev.franking.service.crypto.Vault;
import dev.franking.v2.KeyLookup;
import dev.franking.v2.Kid;
import dev.franking.v2.StampKey;
import dev.franking.v2.StampKeyRing;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stamp key ring in PostgreSQL (PROTOCOL.md §3): each key wrapped under the epoch key of the
 * week in which it expires (DESIGN.md, "Keys at rest"), stored with that epoch's name; a new key
 * every rotation period, destroyed (its wrapped bytes deleted) once its reporting window has
 * closed, and gone from every backup when its epoch key is destroyed at the end of that week. Safe
 * with several instances: rotation runs under a transaction-scoped advisory lock, and the table's
 * exclusion constraint makes two overlapping issuing periods impossible. Unwrapped keys are cached
 * in memory; a cached key stops verifying at its {@code destroyAt} (the row's {@code expires_at})
 * whatever the cache holds, so destruction needs no cache invalidation to be safe.
 */
@Service
public class StampKeyService implements StampKeyRing, SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(StampKeyService.class);
    private static final long ROTATION_LOCK = 0x5354414d504b4559L; // "STAMPKEY"
    private static final java.time.Duration START_SKEW = java.time.Duration.ofMinutes(1);
    private static final DateTimeFormatter KID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Vault vault;
    private final Clock clock;
    private final ReportsProperties.StampKeys settings;
    private final SecureRandom random = new SecureRandom();
    private final Map<Kid, StampKey> cache = new ConcurrentHashMap<>();
    private volatile StampKey current;

    StampKeyService(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            Vault vault,
            Clock clock,
            ReportsProperties props) {
        this.jdbc = JdbcClient.create(jdbc);
        this.tx = tx;
        this.vault = vault;
        this.clock = clock;
        this.settings = props.stampKeys();
    }

    /**
     * The key that signs at {@code now} (PROTOCOL.md §3). Its keyed HMAC state is computed once,
     * when the key is restored, and kept with it here, so that a stamp costs only the hashing of
     * its own bytes.
     */
    @Override
    public StampKey current(Instant now) {
        StampKey k = current;
        if (k != null && k.issuesAt(now)) {
            return k;
        }
        k = loadCurrent(now);
        if (k == null) {
            rotate(now);
            k = loadCurrent(now);
        }
        if (k == null) {
            throw new IllegalStateException("no stamp key issues now");
        }
        current = k;
        return k;
    }

    /** A stamp_keys row as stored; {@code wrappedKey} is null once the key is destroyed. */
    private record Stored(
            String kid,
            byte[] wrappedKey,
            String epoch,
            Timestamp notBefore,
            Timestamp issueUntil,
            Timestamp expiresAt) {}

    @Override
    public KeyLookup lookup(Kid kid) {
        StampKey k = cache.get(kid);
        if (k != null) {
            return new KeyLookup.Found(k);
        }
        List<KeyLookup> rows =
                jdbc
                        .sql(
                                "SELECT kid, wrapped_key, epoch, not_before, issue_until,"
                                        + " expires_at FROM stamp_keys WHERE kid = ?")
                        .param(kid.value())
                        .query(Stored.class)
                        .list()
                        .stream()
                        .map(
                                r -> {
                                    if (r.wrappedKey() == null) {
                                        return (KeyLookup) new KeyLookup.Destroyed(kid);
                                    }
                                    try {
                                        return new KeyLookup.Found(unwrap(kid, r));
                                    } catch (EpochKeyGone e) {
                                        // its epoch ended before the job deleted the row: as
                                        // destroyed
                                        return new KeyLookup.Destroyed(kid);
                                    }
                                })
                        .toList();
        if (rows.isEmpty()) {
            return new KeyLookup.Unknown(kid);
        }
        if (rows.get(0) instanceof KeyLookup.Found f) {
            cache.put(kid, f.key());
        }
        return rows.get(0);
    }

    private StampKey loadCurrent(Instant now) {
        List<StampKey> keys =
                jdbc
                        .sql(
                                "SELECT kid, wrapped_key, epoch, not_before, issue_until,"
                                        + " expires_at FROM stamp_keys WHERE not_before <= ? AND"
                                        + " issue_until > ? AND wrapped_key IS NOT NULL")
                        .params(Timestamp.from(now), Timestamp.from(now))
                        .query(Stored.class)
                        .list()
                        .stream()
                        .map(r -> unwrap(new Kid(r.kid()), r))
                        .toList();
        if (keys.isEmpty()) {
            return null;
        }
        StampKey k = keys.get(0);
        cache.put(k.kid(), k);
        return k;
    }

    private StampKey unwrap(Kid kid, Stored r) {
        byte[] wrapped = r.wrappedKey();
        String epoch = r.epoch();
        Timestamp notBefore = r.notBefore();
        Timestamp issueUntil = r.issueUntil();
        Timestamp expiresAt = r.expiresAt();
        byte[] secret =
                epoch == null
                        ? vault.unwrapLegacyStampKey(kid.value(), wrapped)
                        : vault.unwrapStampKey(kid.value(), epoch, wrapped);
        try {
            // the table keeps three instants, a key its start and two durations; the table's
            // check (not_before < issue_until <= expires_at) makes them a valid rotation and window
            Instant created = notBefore.toInstant();
            Instant until = issueUntil.toInstant();
            return StampKey.restore(
                    kid,
                    secret,
                    created,
                    Duration.between(created, until),
                    Duration.between(until, expiresAt.toInstant()));
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * The scheduled job: make sure a key issues now and through the next check, destroy expired
     * keys.
     */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        // every reports.stamp-keys.check-interval, the first at once
        tasks.addFixedDelayTask(
                new FixedDelayTask(this::scheduled, settings.checkInterval(), Duration.ZERO));
    }

    public void scheduled() {
        Instant now = clock.instant();
        rewrapLegacy();
        rotate(now);
        destroyExpired(now);
    }

    /**
     * Makes sure keys cover {@code [now, now + check interval]}: creates the next key ahead of time
     * so that issuing never stops between two runs of the job. Serialised across instances.
     */
    public void rotate(Instant now) {
        Instant horizon = now.plus(settings.checkInterval()).plus(settings.checkInterval());
        tx.executeWithoutResult(
                s -> {
                    jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                            .param(ROTATION_LOCK)
                            .query()
                            .singleColumn();
                    // a key never starts exactly "now": requests racing the first key (or instances
                    // whose clocks
                    // differ slightly) read a "now" a little earlier, so a fresh key starts a
                    // minute back,
                    // though never before the last key's end (issuing periods never overlap)
                    Timestamp lastEnd =
                            jdbc.sql("SELECT max(issue_until) FROM stamp_keys")
                                    .query(Timestamp.class)
                                    .optional()
                                    .orElse(null);
                    Instant from = now;
                    Instant backdated = now.minus(START_SKEW);
                    Instant start =
                            lastEnd == null || lastEnd.toInstant().isBefore(backdated)
                                    ? backdated
                                    : lastEnd.toInstant().isAfter(now) ? now : lastEnd.toInstant();
                    boolean first = true;
                    while (from.isBefore(horizon)) {
                        Timestamp latestEnd =
                                jdbc.sql(
                                                "SELECT max(issue_until) FROM stamp_keys WHERE"
                                                        + " issue_until > ?")
                                        .param(Timestamp.from(from))
                                        .query(Timestamp.class)
                                        .optional()
                                        .orElse(null);
                        if (latestEnd != null) {
                            from = latestEnd.toInstant();
                            continue;
                        }
                        if (first && from.equals(now)) {
                            from = start;
                        }
                        first = false;
                        Kid kid =
                                new Kid(
                                        "k"
                                                + KID_TIME.format(from)
                                                + "-"
                                                + Integer.toString(
                                                        random.nextInt(36 * 36 * 36 * 36), 36));
                        Instant issueUntil = from.plus(settings.rotation());
                        Instant expiresAt = issueUntil.plus(settings.reportingWindow());
                        // wrapped under the epoch of its death: that epoch key outlives the key
                        // by at most a week and takes every copy of it along when it goes
                        String epoch = Epochs.of(expiresAt);
                        byte[] secret = new byte[32];
                        random.nextBytes(secret);
                        jdbc.sql(
                                        "INSERT INTO stamp_keys (kid, wrapped_key, epoch,"
                                                + " not_before, issue_until, expires_at,"
                                                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                                .params(
                                        kid.value(),
                                        vault.wrapStampKey(kid.value(), epoch, secret),
                                        epoch,
                                        Timestamp.from(from),
                                        Timestamp.from(issueUntil),
                                        Timestamp.from(expiresAt),
                                        Timestamp.from(now))
                                .update();
                        java.util.Arrays.fill(secret, (byte) 0);
                        log.info(
                                "Created stamp key {} issuing from {} until {}, verifiable until"
                                        + " {}",
                                kid,
                                from,
                                issueUntil,
                                expiresAt);
                        from = issueUntil;
                    }
                });
    }

    /**
     * Re-wraps under their epoch the live keys stored before epochs (wrapped under the KEK only). A
     * migration cannot do it (SQL has no keys), so the job does, at start and on every run; it is
     * idempotent and safe with several instances. Copies of those rows taken before (old row
     * versions, WAL, backups) still open under the KEK: only keys created from now on are protected
     * from backups.
     */
    /** A key stored before epochs, wrapped under the KEK only. */
    private record Legacy(String kid, byte[] wrappedKey, Timestamp expiresAt) {}

    public int rewrapLegacy() {
        List<Legacy> rows =
                jdbc.sql(
                                "SELECT kid, wrapped_key, expires_at FROM stamp_keys WHERE epoch IS"
                                        + " NULL AND wrapped_key IS NOT NULL")
                        .query(Legacy.class)
                        .list();
        int n = 0;
        for (Legacy row : rows) {
            String kid = row.kid();
            String epoch = Epochs.of(row.expiresAt().toInstant());
            byte[] secret = vault.unwrapLegacyStampKey(kid, row.wrappedKey());
            try {
                n +=
                        jdbc.sql(
                                        "UPDATE stamp_keys SET wrapped_key = ?, epoch = ? WHERE kid"
                                                + " = ? AND epoch IS NULL AND wrapped_key IS NOT"
                                                + " NULL")
                                .params(vault.wrapStampKey(kid, epoch, secret), epoch, kid)
                                .update();
            } finally {
                java.util.Arrays.fill(secret, (byte) 0);
            }
            log.info("Re-wrapped stamp key {} from the KEK to epoch {}", kid, epoch);
        }
        return n;
    }

    /**
     * Destroys every key whose reporting window has closed: its wrapped bytes are deleted for good.
     */
    public int destroyExpired(Instant now) {
        List<String> kids =
                jdbc.sql(
                                "UPDATE stamp_keys SET wrapped_key = NULL, destroyed_at = ? "
                                        + "WHERE expires_at < ? AND wrapped_key IS NOT NULL"
                                        + " RETURNING kid")
                        .params(Timestamp.from(now), Timestamp.from(now))
                        .query(String.class)
                        .list();
        for (String kid : kids) {
            cache.remove(new Kid(kid));
            log.info("Destroyed stamp key {}: its reporting window has closed", kid);
        }
        return kids.size();
    }
}
