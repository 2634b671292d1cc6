package dev.franking.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.service.ServiceTestBase;
import dev.franking.service.crypto.EpochKeyProbe;
import dev.franking.service.crypto.Epochs;
import dev.franking.service.crypto.Vault;
import dev.franking.service.retention.RetentionService;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Which epoch a case's data key belongs under, and the rows from before epochs: re-wrapped under
 * one by the job, after which the KEK alone opens nothing.
 */
class CaseKeyEpochsTest extends ServiceTestBase {
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z"); // Tuesday, W49

    @Autowired Vault vault;
    @Autowired RetentionService retention;
    @Autowired ApplicationContext ctx;

    @Test
    void theEpochIsThatOfTheEarliestDestructionAndNearWhileItIsNotKnown() {
        // open: its end is not known, a near epoch (two days ahead)
        assertThat(CaseKeyEpochs.forNewCase(NOW)).isEqualTo("2026-W49");
        assertThat(CaseKeyEpochs.forNewCase(Instant.parse("2026-12-05T09:00:00Z")))
                .isEqualTo("2026-W50");
        assertThat(CaseKeyEpochs.target(null, null, false, RETENTION, NOW)).isEqualTo("2026-W49");
        // closed: its retention deadline
        Instant closed = NOW.minus(Duration.ofDays(10));
        assertThat(CaseKeyEpochs.target(closed, null, false, RETENTION, NOW))
                .isEqualTo(Epochs.of(closed.plus(RETENTION)));
        // closed long ago, past its deadline: it stays where it is (it dies with that epoch)
        Instant old = NOW.minus(Duration.ofDays(200));
        assertThat(CaseKeyEpochs.target(old, null, false, RETENTION, NOW))
                .isEqualTo(Epochs.of(old.plus(RETENTION)));
        // held: a hold may be lifted any day, so near, but never before the deadline
        assertThat(CaseKeyEpochs.target(old, null, true, RETENTION, NOW)).isEqualTo("2026-W49");
        assertThat(CaseKeyEpochs.target(closed, null, true, RETENTION, NOW))
                .isEqualTo(Epochs.of(closed.plus(RETENTION)));
        // preserved: the end of the preservation, if later
        Instant until = NOW.plus(Duration.ofDays(365));
        assertThat(CaseKeyEpochs.target(old, until, false, RETENTION, NOW))
                .isEqualTo(Epochs.of(until));
        assertThat(CaseKeyEpochs.target(null, until, true, RETENTION, NOW))
                .isEqualTo(Epochs.of(until));
    }

    @Test
    void keysFromBeforeEpochsAreMovedUnderOneAndTheKekAloneOpensNothing() {
        EpochKeyProbe kek = new EpochKeyProbe(ctx);
        UUID id = UUID.randomUUID();
        byte[] dataKey = new byte[32];
        Arrays.fill(dataKey, (byte) 0x42);
        byte[] legacy = kek.wrap(dataKey, "case-data-key:" + id);
        // closed, so that no other test's queue meets it; removed again at the end
        jdbc.update(
                "INSERT INTO cases (id, reported_sender_id, opened_at, closed_at,"
                        + " wrapped_data_key) VALUES (?, ?, ?, ?, ?)",
                id,
                unique("legacy-sender"),
                Timestamp.from(CLOCK.instant()),
                Timestamp.from(CLOCK.instant()),
                legacy);
        try {
            movedUnderAnEpoch(id, legacy, dataKey, kek);
        } finally {
            jdbc.update("DELETE FROM cases WHERE id = ?", id);
        }
    }

    private void movedUnderAnEpoch(UUID id, byte[] legacy, byte[] dataKey, EpochKeyProbe kek) {
        // read as it is until the job comes round
        assertThat(vault.unwrapCaseKey(id, legacy)).isEqualTo(dataKey);
        // a key whose layout disagrees with its column is refused by the database
        assertThatThrownBy(
                        () ->
                                jdbc.update(
                                        "UPDATE cases SET data_key_epoch = '2026-W49' WHERE id = ?",
                                        id))
                .hasMessageContaining("cases_data_key_epoch_matches_key");

        SortedSet<String> none = new TreeSet<>();
        retention.beforeEpochsEnd(CLOCK.instant(), none);
        String epoch =
                jdbc.queryForObject(
                        "SELECT data_key_epoch FROM cases WHERE id = ?", String.class, id);
        // closed now: under the epoch of its retention deadline
        assertThat(epoch).isEqualTo(Epochs.of(CLOCK.instant().plus(RETENTION)));
        byte[] moved =
                jdbc.queryForObject(
                        "SELECT wrapped_data_key FROM cases WHERE id = ?", byte[].class, id);
        assertThat(Vault.caseKeyEpoch(moved)).isEqualTo(epoch);
        assertThat(vault.unwrapCaseKey(id, moved)).isEqualTo(dataKey);
        assertThatThrownBy(() -> kek.unwrap(moved, "case-data-key:" + id))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kek.unwrap(moved, "epoch:" + epoch + ":case-data-key:" + id))
                .isInstanceOf(IllegalStateException.class);
        // moving is forward only and idempotent: a second round leaves the row as it is
        retention.beforeEpochsEnd(CLOCK.instant(), none);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT wrapped_data_key FROM cases WHERE id = ?",
                                byte[].class,
                                id))
                .isEqualTo(moved);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM cases WHERE wrapped_data_key IS NOT NULL AND"
                                        + " data_key_epoch IS NULL",
                                Integer.class))
                .isZero();
    }
}
