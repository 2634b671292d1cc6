package dev.franking.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Epoch names and the directory store: wrap, unwrap, tampering, destruction. */
class EpochKeyStoreTest {
    private static final byte[] KEK = new byte[32];
    private static final byte[] SECRET =
            "thirty-two bytes of stamp secret".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    @Test
    void epochsAreIsoWeeksInUtc() {
        assertThat(Epochs.of(Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo("2026-W49");
        assertThat(Epochs.of(Instant.parse("2026-12-06T23:59:59Z"))).isEqualTo("2026-W49");
        assertThat(Epochs.of(Instant.parse("2026-12-07T00:00:00Z"))).isEqualTo("2026-W50");
        assertThat(Epochs.end("2026-W49")).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        // the ISO week-based year: 2026 has 53 weeks, and 1 January 2027 is in its last
        assertThat(Epochs.of(Instant.parse("2027-01-01T12:00:00Z"))).isEqualTo("2026-W53");
        assertThat(Epochs.end("2026-W53")).isEqualTo(Instant.parse("2027-01-04T00:00:00Z"));
        assertThat(Epochs.of(Instant.parse("2027-01-04T00:00:00Z"))).isEqualTo("2027-W01");
        assertThat(Epochs.of(Instant.parse("2024-12-30T00:00:00Z"))).isEqualTo("2025-W01");
        // every instant lies before the end of its epoch, at most a week before
        for (Instant t = Instant.parse("2026-01-01T00:00:00Z");
                t.isBefore(Instant.parse("2028-01-01T00:00:00Z"));
                t = t.plusSeconds(37_003)) {
            Instant end = Epochs.end(Epochs.of(t));
            assertThat(end).isAfter(t).isBeforeOrEqualTo(t.plus(java.time.Duration.ofDays(7)));
        }
        for (String bad :
                new String[] {"2025-W53", "2026-W00", "2026-W54", "2026-49", "", "../x"}) {
            assertThat(Epochs.valid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void directoryStoreWrapsUnwrapsAndDestroys() throws Exception {
        DirectoryEpochKeyStore store =
                new DirectoryEpochKeyStore(dir.resolve("epoch-keys"), new LocalKek(KEK));
        byte[] wrapped = store.wrap("2026-W49", SECRET, "label");
        assertThat(store.list()).containsExactly("2026-W49");
        assertThat(store.unwrap("2026-W49", wrapped, "label")).isEqualTo(SECRET);
        // create-or-get: a second create keeps the key
        store.create("2026-W49");
        assertThat(store.unwrap("2026-W49", wrapped, "label")).isEqualTo(SECRET);

        Path file = dir.resolve("epoch-keys/2026-W49.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        // the file holds the key wrapped under the KEK, not the key
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(new LocalKek(KEK).unwrap(onDisk, Vault.epochKeyLabel("2026-W49"))).hasSize(32);
        assertThatThrownBy(() -> new LocalKek(new byte[32]).unwrap(onDisk, "epoch-key:2026-W50"))
                .isInstanceOf(IllegalStateException.class);

        // tampering: wrong label, flipped bit, another epoch's key, empty
        assertThatThrownBy(() -> store.unwrap("2026-W49", wrapped, "other"))
                .isInstanceOf(IllegalStateException.class);
        byte[] flipped = wrapped.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> store.unwrap("2026-W49", flipped, "label"))
                .isInstanceOf(IllegalStateException.class);
        store.create("2026-W50");
        assertThatThrownBy(() -> store.unwrap("2026-W50", wrapped, "label"))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(EpochKeyGone.class);
        assertThatThrownBy(() -> store.unwrap("2026-W49", new byte[0], "label"))
                .isInstanceOf(IllegalStateException.class);
        // a store under another KEK cannot use the file
        DirectoryEpochKeyStore otherKek =
                new DirectoryEpochKeyStore(dir.resolve("epoch-keys"), new LocalKek(filled(7)));
        assertThatThrownBy(() -> otherKek.unwrap("2026-W49", wrapped, "label"))
                .isInstanceOf(IllegalStateException.class);

        assertThat(store.destroy("2026-W49")).isTrue();
        assertThat(file).doesNotExist();
        assertThat(store.list()).containsExactly("2026-W50");
        assertThatThrownBy(() -> store.unwrap("2026-W49", wrapped, "label"))
                .isInstanceOf(EpochKeyGone.class);
        assertThat(store.destroy("2026-W49")).isFalse();
        // re-creating the epoch makes a new key: the old wrapped value stays unreadable
        store.create("2026-W49");
        assertThatThrownBy(() -> store.unwrap("2026-W49", wrapped, "label"))
                .isInstanceOf(IllegalStateException.class);
        // names are checked: nothing outside the directory
        assertThatThrownBy(() -> store.create("../kek"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJanitorDestroysOnlyEndedEpochs() {
        DirectoryEpochKeyStore store = new DirectoryEpochKeyStore(dir, new LocalKek(KEK));
        store.create("2026-W48");
        store.create("2026-W49");
        store.create("2026-W50");
        var clock =
                java.time.Clock.fixed(
                        Instant.parse("2026-12-07T00:00:00Z"), java.time.ZoneOffset.UTC);
        EpochKeyJanitor janitor = new EpochKeyJanitor(store, clock);
        // the end of 2026-W49 is exactly now: it has ended
        assertThat(janitor.destroyEnded(Instant.parse("2026-12-06T23:59:59Z")))
                .containsExactly("2026-W48");
        janitor.scheduled();
        assertThat(janitor.live()).containsExactly("2026-W50");
    }

    /**
     * Keys that must outlive their epoch are moved before it is destroyed: the holders run first,
     * told which epochs are ending, and a round in which one fails destroys nothing.
     */
    @Test
    void theJanitorAsksTheHoldersFirstAndDestroysNothingWhenOneFails() {
        DirectoryEpochKeyStore store = new DirectoryEpochKeyStore(dir, new LocalKek(KEK));
        store.create("2026-W48");
        store.create("2026-W49");
        var clock =
                java.time.Clock.fixed(
                        Instant.parse("2026-12-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        java.util.List<String> seen = new java.util.ArrayList<>();
        EpochKeyHolder mover =
                (now, ending) -> {
                    // at the holder's turn the ending epoch still has its key: it can re-wrap
                    assertThat(store.list()).contains("2026-W48");
                    seen.add(now + " " + ending);
                };
        EpochKeyHolder broken =
                (now, ending) -> {
                    throw new IllegalStateException("database down");
                };
        new EpochKeyJanitor(store, clock, java.util.List.of(mover, broken)).scheduled();
        assertThat(seen).containsExactly("2026-12-01T00:00:00Z [2026-W48]");
        assertThat(store.list()).containsExactly("2026-W48", "2026-W49");

        new EpochKeyJanitor(store, clock, java.util.List.of(mover)).scheduled();
        assertThat(store.list()).containsExactly("2026-W49");
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }
}
