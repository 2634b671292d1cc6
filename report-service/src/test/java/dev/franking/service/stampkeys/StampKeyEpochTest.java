package dev.franking.service.stampkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.service.Instances;
import dev.franking.service.MutableClock;
import dev.franking.service.TestDatabase;
import dev.franking.service.crypto.EpochKeyGone;
import dev.franking.service.crypto.EpochKeyProbe;
import dev.franking.service.crypto.Epochs;
import dev.franking.service.crypto.Vault;
import dev.franking.v2.InsecureSecretAccess;
import dev.franking.v2.KeyLookup;
import dev.franking.v2.Kid;
import dev.franking.v2.StampKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Destroyed means gone from backups too (issue 12 item 3, stamp keys): a copy of the database taken
 * while a stamp key is live (pg_dump, and the table's file after a CHECKPOINT) opens through the
 * service's epoch key until the end of the epoch of the key's death, and not after it, with
 * everything the service still holds (its data directory, its KEK, its epoch key store).
 */
class StampKeyEpochTest {
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aBackedUpStampKeyDiesWithItsEpoch() throws Exception {
        MutableClock clock = new MutableClock(START);
        try (ConfigurableApplicationContext ctx =
                Instances.start(Instances.external("stamp_key_backup"), clock)) {
            StampKeyService keys = ctx.getBean(StampKeyService.class);
            EpochKeyProbe janitor = new EpochKeyProbe(ctx);
            Vault vault = ctx.getBean(Vault.class);
            EpochKeyProbe kek = janitor;
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);

            keys.scheduled();
            StampKey live = keys.current(clock.instant());
            String kid = live.kid().value();
            byte[] secret = live.secret(InsecureSecretAccess.get());
            // wrapped under the epoch of its death: created + rotation + reporting window
            Instant expiresAt =
                    jdbc.queryForObject(
                                    "SELECT expires_at FROM stamp_keys WHERE kid = ?",
                                    Timestamp.class,
                                    kid)
                            .toInstant();
            assertThat(expiresAt).isEqualTo(live.issueUntil().plus(Duration.ofDays(90)));
            assertThat(live.issueUntil()).isEqualTo(live.created().plus(Duration.ofHours(24)));
            String epoch = Epochs.of(expiresAt);
            assertThat(epoch).isEqualTo("2027-W09");
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT epoch FROM stamp_keys WHERE kid = ?",
                                    String.class,
                                    kid))
                    .isEqualTo(epoch);

            // the backups, as an operator would take them
            Dumped dumped = dumpedRow("stamp_key_backup", kid);
            assertThat(dumped.epoch()).isEqualTo(epoch);
            byte[] fromDump = dumped.wrapped();
            jdbc.execute("CHECKPOINT");
            Path tableFile =
                    Path.of(
                            jdbc.queryForObject(
                                    "SELECT current_setting('data_directory') || '/' ||"
                                            + " pg_relation_filepath('stamp_keys')",
                                    String.class));
            byte[] fileCopy = Files.readAllBytes(tableFile);
            assertThat(indexOf(fileCopy, fromDump))
                    .as("the copied table file holds the wrapped key")
                    .isNotNegative();

            // today the copy opens through the epoch key (and not through the KEK alone)
            assertThat(vault.unwrapStampKey(kid, epoch, fromDump)).isEqualTo(secret);
            assertThatThrownBy(() -> vault.unwrapLegacyStampKey(kid, fromDump))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(janitor.live()).contains(epoch);

            // past the key's reporting window: the row is destroyed, but its epoch has not ended,
            // so the backup still opens (destruction is at most one epoch late)
            clock.set(expiresAt.plus(Duration.ofMinutes(1)));
            keys.scheduled();
            janitor.scheduled();
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT wrapped_key IS NULL AND destroyed_at IS NOT NULL FROM"
                                            + " stamp_keys WHERE kid = ?",
                                    Boolean.class,
                                    kid))
                    .isTrue();
            assertThat(keys.lookup(new Kid(kid))).isInstanceOf(KeyLookup.Destroyed.class);
            assertThat(clock.instant()).isBefore(Epochs.end(epoch));
            assertThat(janitor.live()).contains(epoch);
            assertThat(vault.unwrapStampKey(kid, epoch, fromDump)).isEqualTo(secret);

            // past the end of the epoch: the jobs destroy its key, and the copy is dead
            clock.set(Epochs.end(epoch).plus(Duration.ofMinutes(1)));
            keys.scheduled();
            janitor.scheduled();
            assertThat(janitor.live()).doesNotContain(epoch);
            Path store = Path.of(Instances.epochKeyDirectory("stamp_key_backup"));
            assertThat(store.resolve(epoch + ".key")).doesNotExist();
            assertThatThrownBy(() -> vault.unwrapStampKey(kid, epoch, fromDump))
                    .isInstanceOf(EpochKeyGone.class);
            // nothing else the service holds opens it: not the KEK under any label it uses, not
            // any epoch key still alive, and the copied table file holds the same dead bytes
            for (String label :
                    List.of("stamp-key:" + kid, "epoch:" + epoch + ":stamp-key:" + kid)) {
                assertThatThrownBy(() -> kek.unwrap(fromDump, label))
                        .isInstanceOf(IllegalStateException.class);
            }
            assertThat(janitor.live()).isNotEmpty();
            for (String other : janitor.live()) {
                assertThatThrownBy(() -> vault.unwrapStampKey(kid, other, fromDump))
                        .as(other)
                        .isInstanceOf(IllegalStateException.class);
            }
            assertThat(indexOf(fileCopy, fromDump)).isNotNegative();
            assertThat(keys.lookup(new Kid(kid))).isInstanceOf(KeyLookup.Destroyed.class);
            // and the service goes on: a current key issues, under a later epoch
            StampKey now = keys.current(clock.instant());
            assertThat(now.kid()).isNotEqualTo(live.kid());
        }
    }

    /** Rows from before epochs (KEK-wrapped, epoch NULL) are re-wrapped by the job at start. */
    @Test
    void legacyKeysAreRewrappedUnderTheirEpoch() {
        MutableClock clock = new MutableClock(START);
        try (ConfigurableApplicationContext ctx =
                Instances.start(Instances.external("stamp_key_legacy"), clock)) {
            StampKeyService keys = ctx.getBean(StampKeyService.class);
            Vault vault = ctx.getBean(Vault.class);
            EpochKeyProbe kek = new EpochKeyProbe(ctx);
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            byte[] secret = new byte[32];
            Arrays.fill(secret, (byte) 0x5a);
            String kid = "k20261001T000000-lgcy";
            jdbc.update(
                    "INSERT INTO stamp_keys (kid, wrapped_key, not_before, issue_until,"
                            + " expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    kid,
                    kek.wrap(secret, "stamp-key:" + kid),
                    Timestamp.from(Instant.parse("2026-10-01T00:00:00Z")),
                    Timestamp.from(Instant.parse("2026-10-02T00:00:00Z")),
                    Timestamp.from(Instant.parse("2026-12-31T00:00:00Z")),
                    Timestamp.from(Instant.parse("2026-10-01T00:00:00Z")));
            // read as it is, before the job comes round
            assertThat(
                            ((KeyLookup.Found) keys.lookup(new Kid(kid)))
                                    .key()
                                    .secret(InsecureSecretAccess.get()))
                    .isEqualTo(secret);

            assertThat(keys.rewrapLegacy()).isEqualTo(1);
            assertThat(keys.rewrapLegacy()).isZero();
            var row =
                    jdbc.queryForMap(
                            "SELECT wrapped_key, epoch FROM stamp_keys WHERE kid = ?", kid);
            assertThat(row.get("epoch")).isEqualTo("2026-W53");
            byte[] rewrapped = (byte[]) row.get("wrapped_key");
            assertThat(vault.unwrapStampKey(kid, "2026-W53", rewrapped)).isEqualTo(secret);
            assertThatThrownBy(() -> vault.unwrapLegacyStampKey(kid, rewrapped))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM stamp_keys WHERE epoch IS NULL",
                                    Integer.class))
                    .isZero();
        }
    }

    /**
     * The stamp_keys row for {@code kid} from a pg_dump of {@code database}: its wrapped key and
     * its epoch.
     */
    private static String[] dumpedRowText(String database, String kid) throws Exception {
        Process p =
                new ProcessBuilder(
                                pgDump(),
                                "-h",
                                "localhost",
                                "-p",
                                Integer.toString(TestDatabase.get().getPort()),
                                "-U",
                                "postgres",
                                "-d",
                                database,
                                "--data-only",
                                "-t",
                                "stamp_keys")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> lines = dump.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("COPY public.stamp_keys ")) {
                header = i;
            }
        }
        assertThat(header).as(dump).isNotNegative();
        String h = lines.get(header);
        List<String> columns =
                Arrays.stream(h.substring(h.indexOf('(') + 1, h.indexOf(')')).split(","))
                        .map(String::trim)
                        .toList();
        for (String line : lines.subList(header + 1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f[columns.indexOf("kid")].equals(kid)) {
                return new String[] {
                    f[columns.indexOf("wrapped_key")], f[columns.indexOf("epoch")]
                };
            }
        }
        throw new AssertionError("no row for " + kid + " in the dump");
    }

    private record Dumped(byte[] wrapped, String epoch) {}

    private static Dumped dumpedRow(String database, String kid) throws Exception {
        String[] row = dumpedRowText(database, kid);
        // COPY's text format writes bytea as \\x<hex> (the backslash itself escaped)
        assertThat(row[0]).startsWith("\\\\x");
        return new Dumped(HexFormat.of().parseHex(row[0].substring(3)), row[1]);
    }

    private static String pgDump() {
        for (String v : List.of("17", "16", "15", "14")) {
            Path p = Path.of("/usr/lib/postgresql", v, "bin", "pg_dump");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return "pg_dump"; // on the PATH
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
