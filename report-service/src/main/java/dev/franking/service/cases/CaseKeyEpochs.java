package dev.franking.service.cases;

import dev.franking.service.crypto.EpochKeyGone;
import dev.franking.service.crypto.Epochs;
import dev.franking.service.crypto.Vault;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which epoch key wraps a case's data key (DESIGN.md, "Keys at rest"), and moving it forward. A key
 * is wrapped under the epoch of the week in which its case may next be destroyed: a closed case's
 * retention deadline (or the end of its preservation), and while that date is not known (the case
 * is open, or under a legal hold that may be lifted any day) an epoch {@link #NEAR} ahead. While
 * the case must live on, the key is re-wrapped under a later epoch before its own ends (retention's
 * job, before the epoch janitor destroys anything, and on a hold or a preservation). So when an
 * epoch key is destroyed at the end of its week, every copy of a case key still under it, in a row,
 * an old row version, the WAL or a backup, belongs to a case that retention has destroyed, or to a
 * copy superseded by one under a later epoch.
 *
 * <p>Keys only move forward: a copy under a later epoch already exists in the backups, so moving
 * back would gain nothing.
 */
@Repository
public class CaseKeyEpochs {
    private static final Logger log = LoggerFactory.getLogger(CaseKeyEpochs.class);

    /**
     * How far ahead the epoch of a case whose end is not known lies, and so how long before its
     * epoch ends a key that must live on is moved: many runs of the hourly janitor, and a weekend's
     * outage, fit in it. The janitor moves keys before it destroys anything, so a longer outage
     * loses nothing either.
     */
    public static final Duration NEAR = Duration.ofDays(2);

    private final JdbcClient jdbc;
    private final Vault vault;

    CaseKeyEpochs(JdbcClient jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** The epoch of a case opened at {@code now}: its end is not known yet. */
    public static String forNewCase(Instant now) {
        return Epochs.of(now.plus(NEAR));
    }

    /**
     * The epoch a case's key belongs under at {@code now}: that of the earliest instant the case
     * may be destroyed, and at least {@link #NEAR} ahead while that instant moves with time (open,
     * held).
     */
    public static String target(
            Instant closedAt,
            Instant preserveUntil,
            boolean held,
            Duration retention,
            Instant now) {
        Instant t = closedAt == null ? now.plus(NEAR) : closedAt.plus(retention);
        if (held && t.isBefore(now.plus(NEAR))) {
            t = now.plus(NEAR);
        }
        if (preserveUntil != null && t.isBefore(preserveUntil)) {
            t = preserveUntil;
        }
        return Epochs.of(t);
    }

    /** A case whose data key still exists, and the epoch it is under (null: the KEK's, legacy). */
    public record LiveKey(UUID id, Instant closedAt, Instant preserveUntil, String epoch) {}

    /**
     * The cases whose key is under an epoch before {@code epoch} (which ends sooner), or still
     * under the KEK: those that may have to move.
     */
    public List<LiveKey> under(String epoch) {
        return jdbc.sql(
                        "SELECT id, closed_at, preserve_until, data_key_epoch AS epoch FROM cases"
                                + " WHERE wrapped_data_key IS NOT NULL AND (data_key_epoch IS NULL"
                                + " OR data_key_epoch < ?) ORDER BY data_key_epoch NULLS FIRST, id")
                .param(epoch)
                .query(LiveKey.class)
                .list();
    }

    private record Locked(
            UUID id, Instant closedAt, Instant preserveUntil, String epoch, byte[] wrapped) {}

    /**
     * Re-wraps the case's key under {@code target.apply(its row, locked)} if that epoch is later
     * than the one it is under (or it is still under the KEK). The row stays locked until the
     * caller's transaction ends, so retention cannot shred it in between, nor a second mover
     * interleave. Returns whether it moved; false too if the key is gone (shredded, or its epoch
     * already destroyed).
     */
    @Transactional
    public boolean moveForward(UUID caseId, Function<LiveKey, String> target) {
        Optional<Locked> row =
                jdbc.sql(
                                "SELECT id, closed_at, preserve_until, data_key_epoch AS epoch,"
                                        + " wrapped_data_key AS wrapped FROM cases WHERE id = ?"
                                        + " AND wrapped_data_key IS NOT NULL FOR NO KEY UPDATE")
                        .param(caseId)
                        .query(Locked.class)
                        .optional();
        if (row.isEmpty()) {
            return false;
        }
        Locked r = row.get();
        String to = target.apply(new LiveKey(r.id(), r.closedAt(), r.preserveUntil(), r.epoch()));
        if (r.epoch() != null && r.epoch().compareTo(to) >= 0) {
            return false;
        }
        byte[] dataKey;
        try {
            dataKey = vault.unwrapCaseKey(caseId, r.wrapped());
        } catch (EpochKeyGone e) {
            log.warn(
                    "Case {}: its data key's epoch {} has ended, the evidence is destroyed",
                    caseId,
                    r.epoch());
            return false;
        }
        try {
            jdbc.sql("UPDATE cases SET wrapped_data_key = ?, data_key_epoch = ? WHERE id = ?")
                    .params(vault.wrapCaseKey(caseId, to, dataKey), to, caseId)
                    .update();
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
        log.debug(
                "Case {}: data key moved from epoch {} to {}",
                caseId,
                r.epoch() == null ? "(KEK)" : r.epoch(),
                to);
        return true;
    }
}
