package dev.franking.service.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.TestDatabase;
import dev.franking.service.crypto.Vault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What someone holding a backup of the database and everything the service still holds can open:
 * issue 12 item 3's attack, written from the outside (the JDK's AES-GCM, the stored layouts as the
 * schema and {@code Vault} document them), so that it does not share the service's code paths.
 *
 * <p>A {@link Copy} is what a backup takes: a {@code pg_dump} of the database and its files (the
 * database's directory under {@code base/} and the WAL segments written since the test began, after
 * a CHECKPOINT). {@link #open} gathers every candidate wrapped key (every bytea value of every
 * table of every dump, and every value in the files that has the layout of a case key under an
 * epoch), tries to unwrap each with every key the service holds (its KEK, and every epoch key left
 * in its store: every file of the store's directory, unwrapped with the KEK under every epoch's
 * label) under every label a case key has ever had for every case id and epoch named anywhere, and
 * through the service's own {@link Vault} too; then tries every sealed message, attachment,
 * comment, note, statement of reasons and appeal (statement, reason) of the copies with every key
 * it has (the KEK, the epoch keys, every data key it recovered) under the row's label. It answers
 * what opened.
 */
final class BackupAttack {
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern EPOCH = Pattern.compile("\\d{4}-W\\d{2}");

    private BackupAttack() {}

    /** A backup: the dump's text and the copied files. */
    record Copy(String name, String dump, List<Path> files) {}

    /** What the service holds besides its database: the KEK, and its epoch key store's files. */
    record Holdings(byte[] kek, Path epochKeyDirectory, Vault vault) {}

    /** A sealed value found in a copy, the case it belongs to, and the label it opens under. */
    record Sealed(String kind, UUID caseId, String label, byte[] value) {}

    /** Takes a copy of {@code database} now, as a backup would, into {@code target/backups/}. */
    static Copy take(String name, String database, JdbcTemplate jdbc, Instant filesSince) {
        jdbc.execute("CHECKPOINT");
        String dataDir =
                jdbc.queryForObject("SELECT current_setting('data_directory')", String.class);
        Long oid =
                jdbc.queryForObject(
                        "SELECT oid FROM pg_database WHERE datname = current_database()",
                        Long.class);
        try {
            Path into =
                    Files.createTempDirectory(
                            Files.createDirectories(Path.of("target", "backups")), name + "-");
            List<Path> files = new ArrayList<>();
            copyDirectory(
                    Path.of(dataDir, "base", Long.toString(oid)),
                    into.resolve("base"),
                    null,
                    files);
            copyDirectory(Path.of(dataDir, "pg_wal"), into.resolve("pg_wal"), filesSince, files);
            return new Copy(name, dump(database), files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyDirectory(Path from, Path to, Instant since, List<Path> out)
            throws IOException {
        Files.createDirectories(to);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
            for (Path f : ds) {
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                if (since != null
                        && Files.getLastModifiedTime(f)
                                .toInstant()
                                .isBefore(since.minusSeconds(2))) {
                    continue; // WAL from before the test: other tests' databases
                }
                Path copy = to.resolve(f.getFileName());
                try {
                    Files.copy(f, copy, StandardCopyOption.REPLACE_EXISTING);
                    out.add(copy);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a WAL segment recycled meanwhile
                }
            }
        }
    }

    /** The plaintexts the attack opened, by kind and label. */
    static Map<String, byte[]> open(Holdings h, List<Copy> copies) {
        List<Map<String, List<Map<String, String>>>> dumps = new ArrayList<>();
        for (Copy c : copies) {
            dumps.add(tables(c.dump()));
        }
        // every case id and epoch named anywhere, and every value that might be a wrapped key
        Set<UUID> caseIds = new LinkedHashSet<>();
        Set<String> epochs = new TreeSet<>(liveEpochs(h));
        Set<String> candidates = new LinkedHashSet<>();
        List<Sealed> sealed = new ArrayList<>();
        for (var tables : dumps) {
            for (Map<String, String> row : tables.getOrDefault("cases", List.of())) {
                caseIds.add(UUID.fromString(row.get("id")));
                if (!"\\N".equals(row.get("data_key_epoch"))) {
                    epochs.add(row.get("data_key_epoch"));
                }
            }
            for (var rows : tables.values()) {
                for (Map<String, String> row : rows) {
                    for (String v : row.values()) {
                        if (v.startsWith("\\\\x")) {
                            candidates.add(v.substring(3));
                        }
                    }
                }
            }
            sealed.addAll(sealedValues(tables));
        }
        for (Copy c : copies) {
            for (Path f : c.files()) {
                byte[] b = read(f);
                for (byte[] k : caseKeysIn(b)) {
                    candidates.add(HEX.formatHex(k));
                    epochs.add(new String(k, 1, 8, StandardCharsets.US_ASCII));
                }
            }
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("kek", h.kek());
        for (String e : liveEpochs(h)) {
            keys.put("epoch " + e, epochKey(h, e));
        }
        // and whatever else the store's directory holds, whatever its name, under any epoch's label
        for (Path f : filesIn(h.epochKeyDirectory())) {
            for (String e : epochs) {
                byte[] key = decrypt(h.kek(), read(f), "kek:epoch-key:" + e);
                if (key != null) {
                    keys.putIfAbsent("epoch " + e + " (" + f.getFileName() + ")", key);
                }
            }
        }

        // unwrap: every candidate, every key, every label a case key has had
        Map<String, byte[]> dataKeys = new LinkedHashMap<>();
        for (String hex : candidates) {
            byte[] c = HEX.parseHex(hex);
            List<byte[]> forms = new ArrayList<>(List.of(c));
            if (c.length > 9 && c[0] == 2) {
                forms.add(Arrays.copyOfRange(c, 9, c.length));
            }
            for (UUID id : caseIds) {
                List<String> labels = new ArrayList<>();
                labels.add("kek:case-data-key:" + id);
                for (String e : epochs) {
                    labels.add("epoch:" + e + ":case-data-key:" + id);
                }
                for (byte[] form : forms) {
                    for (byte[] key : keys.values()) {
                        for (String label : labels) {
                            byte[] plain = decrypt(key, form, label);
                            if (plain != null && plain.length == 32) {
                                dataKeys.put(HEX.formatHex(plain), plain);
                            }
                        }
                    }
                }
                // and the service's own way, whichever epoch the value names
                try {
                    byte[] plain = h.vault().unwrapCaseKey(id, c);
                    dataKeys.put(HEX.formatHex(plain), plain);
                } catch (RuntimeException refused) {
                    // not this case's key, or its epoch is gone
                }
            }
        }

        // open: every sealed value with every key held or recovered
        List<byte[]> all = new ArrayList<>(keys.values());
        all.addAll(dataKeys.values());
        Map<String, byte[]> opened = new LinkedHashMap<>();
        for (Sealed s : sealed) {
            for (byte[] key : all) {
                byte[] plain = decrypt(key, s.value(), s.label());
                if (plain != null) {
                    opened.put(s.kind() + " " + s.label(), plain);
                }
            }
        }
        return opened;
    }

    /** The sealed values of the copy, with their labels ({@code Vault}'s, per row). */
    static List<Sealed> sealedValues(Map<String, List<Map<String, String>>> tables) {
        List<Sealed> out = new ArrayList<>();
        Map<String, UUID> itemCase = new HashMap<>();
        for (Map<String, String> r : tables.getOrDefault("evidence_items", List.of())) {
            UUID caseId = UUID.fromString(r.get("case_id"));
            itemCase.put(r.get("id"), caseId);
            add(out, "message", caseId, "evidence-content:" + r.get("id"), r.get("content_enc"));
        }
        for (Map<String, String> r : tables.getOrDefault("evidence_attachments", List.of())) {
            String item = r.get("evidence_item_id");
            add(
                    out,
                    "attachment",
                    itemCase.get(item),
                    "evidence-attachment:" + item + ":" + r.get("n"),
                    r.get("blob_enc"));
        }
        for (Map<String, String> r : tables.getOrDefault("reports", List.of())) {
            add(
                    out,
                    "comment",
                    UUID.fromString(r.get("case_id")),
                    "report-comment:" + r.get("id"),
                    r.get("comment_enc"));
        }
        for (Map<String, String> r : tables.getOrDefault("case_notes", List.of())) {
            add(
                    out,
                    "note",
                    UUID.fromString(r.get("case_id")),
                    "case-note:" + r.get("id"),
                    r.get("text_enc"));
        }
        for (Map<String, String> r : tables.getOrDefault("cases", List.of())) {
            add(
                    out,
                    "facts",
                    UUID.fromString(r.get("id")),
                    "case-reasons:" + r.get("id"),
                    r.get("reasons_facts"));
        }
        for (Map<String, String> r : tables.getOrDefault("appeals", List.of())) {
            UUID caseId = UUID.fromString(r.get("case_id"));
            add(out, "appeal", caseId, "appeal-statement:" + r.get("id"), r.get("statement_enc"));
            add(out, "appeal_reason", caseId, "appeal-reason:" + r.get("id"), r.get("reason_enc"));
        }
        return out;
    }

    private static void add(List<Sealed> out, String kind, UUID caseId, String label, String v) {
        if (v != null && v.startsWith("\\\\x")) {
            out.add(new Sealed(kind, caseId, label, HEX.parseHex(v.substring(3))));
        }
    }

    /** Every value in {@code b} laid out as a case key under an epoch: 0x02, a name, 0x01... */
    static List<byte[]> caseKeysIn(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int len = 1 + 8 + 1 + 12 + 32 + 16;
        for (int i = 0; i + len <= b.length; i++) {
            if (b[i] == 2 && b[i + 9] == 1 && b[i + 6] == 'W' && b[i + 5] == '-') {
                String name = new String(b, i + 1, 8, StandardCharsets.US_ASCII);
                if (EPOCH.matcher(name).matches()) {
                    out.add(Arrays.copyOfRange(b, i, i + len));
                }
            }
        }
        return out;
    }

    private static List<Path> filesIn(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The epochs whose keys are still in the store's directory. */
    static List<String> liveEpochs(Holdings h) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(h.epochKeyDirectory(), "*.key")) {
            for (Path f : ds) {
                String n = f.getFileName().toString();
                out.add(n.substring(0, n.length() - ".key".length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** An epoch key, as its file and the KEK give it to whoever holds both. */
    static byte[] epochKey(Holdings h, String epoch) {
        byte[] key =
                decrypt(
                        h.kek(),
                        read(h.epochKeyDirectory().resolve(epoch + ".key")),
                        "kek:epoch-key:" + epoch);
        assertThat(key).as("the epoch key file of " + epoch + " opens with the KEK").hasSize(32);
        return key;
    }

    /** AES-256-GCM of the vault's layout, version 1 || nonce(12) || ciphertext || tag; or null. */
    static byte[] decrypt(byte[] key, byte[] sealed, String label) {
        if (sealed.length < 1 + 12 + 16 || sealed[0] != 1) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, sealed, 1, 12));
            c.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, 13, sealed.length - 13);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    static byte[] kek(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether any of the files holds {@code needle}. */
    static boolean filesHold(Copy c, byte[] needle) {
        for (Path f : c.files()) {
            if (indexOf(read(f), needle) >= 0) {
                return true;
            }
        }
        return false;
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

    // ---- pg_dump ---------------------------------------------------------------------------

    static String dump(String database) {
        try {
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
                                    "--data-only")
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            return dump;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern COPY =
            Pattern.compile("^COPY public\\.(\\w+) \\(([^)]*)\\) FROM stdin;$");

    /** The rows of every table in a dump's COPY blocks, as text (bytea as {@code \\x<hex>}). */
    static Map<String, List<Map<String, String>>> tables(String dump) {
        Map<String, List<Map<String, String>>> out = new LinkedHashMap<>();
        List<String> lines = dump.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = COPY.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            List<String> columns =
                    Arrays.stream(m.group(2).split(","))
                            .map(c -> c.trim().replace("\"", ""))
                            .toList();
            List<Map<String, String>> rows =
                    out.computeIfAbsent(m.group(1), t -> new ArrayList<>());
            for (i++; i < lines.size() && !lines.get(i).equals("\\."); i++) {
                String[] f = lines.get(i).split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    row.put(columns.get(c), f[c]);
                }
                rows.add(row);
            }
        }
        return out;
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
}
